# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Template resolution: by id, by name and version, deprecated versions and their migration path.

The seed holds the Windows security baseline twice under one display name: November 2021 (deprecated, migratable
to December 2022) and December 2022.
"""

from graph_emulator.seed import EDGE_BASELINE_ID, WINDOWS_BASELINE_ID, WINDOWS_BASELINE_OLD_ID

from playbook_runner import assert_clean_failure

BASELINE_NAME = 'Security Baseline for Windows 10 and later'
PASSWORD_MINIMUM_LENGTH = 'deviceConfiguration--windows10GeneralConfiguration_passwordMinimumLength'
SETTINGS = [{'definition_id': PASSWORD_MINIMUM_LENGTH, 'value': 12}]


def setting_value(intent, definition_id):
    return next(s['valueJson'] for s in intent['settings'] if s['definitionId'] == definition_id)


def test_unknown_template_id_fails_clearly(intune, graph, graph_log):
    unknown = '0e9b8f1c-7d2a-4c3b-9a8e-5f6d7c8b9a0d'
    run = intune.run(args={'template_id': unknown, 'display_name': 'Corp - baseline', 'settings_delta': SETTINGS})

    assert_clean_failure(run, 'no device management template has the id %s' % unknown)
    assert run.result['field'] == 'template_id'
    assert [(e['method'], e['path'], e['status']) for e in graph_log.graph()] == [
        ('GET', 'deviceManagement/templates/' + unknown, 404)]
    assert graph.control.intents() == []


def test_template_name_resolves_case_insensitively_to_the_newest_current_version(intune, graph, graph_log):
    run = intune.run(args={'template_name': BASELINE_NAME.upper(), 'display_name': 'Corp - baseline',
                           'settings_delta': SETTINGS})

    assert run.changed and not run.failed, run
    assert [(e['method'], e['path']) for e in graph_log.writes()] == [
        ('POST', 'deviceManagement/templates/%s/createInstance' % WINDOWS_BASELINE_ID)]
    [intent] = graph.control.intents()
    assert intent['templateId'] == WINDOWS_BASELINE_ID
    assert run.result['intent']['templateId'] == WINDOWS_BASELINE_ID


def test_template_version_selects_the_deprecated_version_which_names_its_migration_targets(intune, graph, graph_log):
    run = intune.run(args={'template_name': BASELINE_NAME, 'template_version': 'november 2021',
                           'display_name': 'Corp - baseline', 'settings_delta': SETTINGS})

    assert_clean_failure(run, WINDOWS_BASELINE_OLD_ID, 'is deprecated', 'migrate_to', WINDOWS_BASELINE_ID,
                         "'December 2022'")
    assert run.result['field'] == 'migrate_to'
    assert graph_log.calls('GET', 'deviceManagement/templates/%s/migratableTo' % WINDOWS_BASELINE_OLD_ID)
    assert graph_log.writes() == []
    assert graph.control.intents() == []


def test_migrate_to_outside_migratable_to_lists_the_valid_targets(intune, graph, graph_log):
    run = intune.run(args={'template_id': WINDOWS_BASELINE_OLD_ID, 'migrate_to': EDGE_BASELINE_ID,
                           'display_name': 'Corp - baseline', 'settings_delta': SETTINGS})

    assert_clean_failure(run, 'cannot migrate to %s' % EDGE_BASELINE_ID, 'it can migrate to: %s' % WINDOWS_BASELINE_ID)
    assert run.result['field'] == 'migrate_to'
    assert graph_log.writes() == []
    assert graph.control.intents() == []


def test_migrate_to_creates_through_the_migration_path_and_is_found_again(intune, graph, graph_log):
    args = {'template_id': WINDOWS_BASELINE_OLD_ID, 'migrate_to': WINDOWS_BASELINE_ID,
            'display_name': 'Corp - baseline', 'settings_delta': SETTINGS}

    created = intune.run(args=args)

    assert created.changed and created.result['actions'] == ['create'], created
    [create] = graph_log.writes()
    assert (create['method'], create['path']) == (
        'POST', 'deviceManagement/templates/%s/migratableTo/%s/createInstance' % (WINDOWS_BASELINE_OLD_ID,
                                                                                  WINDOWS_BASELINE_ID))
    assert create['body']['displayName'] == 'Corp - baseline'
    [intent] = graph.control.intents()
    assert intent['templateId'] == WINDOWS_BASELINE_ID
    assert setting_value(intent, PASSWORD_MINIMUM_LENGTH) == '12'

    graph_log.clear()
    rerun = intune.run(args=args)

    assert not rerun.changed and rerun.result['actions'] == [] and not rerun.failed, rerun
    assert graph_log.writes() == []
    # The intent is matched on the effective (new) template: the lookup is by name, then by that templateId.
    assert [e['query'] for e in graph_log.calls('GET', 'deviceManagement/intents')] == [
        {'$filter': "displayName eq 'Corp - baseline'"}]

    graph_log.clear()
    by_name = intune.run(args={'template_name': BASELINE_NAME.lower(), 'display_name': 'Corp - baseline',
                               'settings_delta': SETTINGS})

    assert not by_name.changed and not by_name.failed, by_name
    assert by_name.result['intent']['id'] == intent['id']
    assert graph_log.writes() == []
    assert len(graph.control.intents()) == 1
