# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profiles on old baseline versions, as tenants keep them for years: managed where they are, found on any version,
moved in place with migrate_in_place, addressed one by one with intent_id, and near-miss names warned about.

The seed holds the Windows security baseline twice under one display name: November 2021 (deprecated, migratable to
December 2022) and December 2022.
"""

import pytest

from graph_emulator.seed import BITLOCKER_TEMPLATE_ID, EDGE_BASELINE_ID, WINDOWS_BASELINE_ID, WINDOWS_BASELINE_OLD_ID

from playbook_runner import assert_clean_failure

INTENT_INFO = 'msgraph.intune.intune_intent_info'
BASELINE_NAME = 'Security Baseline for Windows 10 and later'
PASSWORD_MINIMUM_LENGTH = 'deviceConfiguration--windows10GeneralConfiguration_passwordMinimumLength'
POPUPS = 'deviceConfiguration--windows10GeneralConfiguration_edgeBlockPopups'
ROTATION = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerRecoveryPasswordRotation'
LOG_ON_TITLE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_localSecurityOptionsLogOnMessageTitle'
ENCRYPT = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
UNKNOWN_ID = '0e9b8f1c-7d2a-4c3b-9a8e-5f6d7c8b9a0d'
# A setting of the December 2022 baseline that the November 2021 version does not have.
STATEFUL_FTP = 'deviceConfiguration--windows10EndpointProtectionConfiguration_firewallBlockStatefulFTP'


def stored(graph, intent_id):
    return next(intent for intent in graph.control.intents() if intent['id'] == intent_id)


def stored_value(intent, definition_id):
    return next(s['valueJson'] for s in intent['settings'] if s['definitionId'] == definition_id)


def write_paths(graph_log):
    return [(entry['method'], entry['path']) for entry in graph_log.writes()]


# ---------------------------------------------------------------------------------------------------------------------
# 1. A profile on a deprecated template is managed like any other; only creating from it is refused


def test_a_profile_on_a_deprecated_template_is_updated_with_a_warning_naming_its_targets(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID, description='v1')
    args = {'template_id': WINDOWS_BASELINE_OLD_ID, 'display_name': 'Corp Baseline', 'description': 'v2',
            'settings_delta': [{'definition_id': PASSWORD_MINIMUM_LENGTH, 'value': 12}]}

    checked = intune.run(args=args, check=True, diff=True)
    assert checked.changed and not checked.failed, checked
    assert checked.result['actions'] == ['update_settings', 'patch']
    assert checked.result['diff']['before']['description'] == 'v1'
    assert checked.result['diff']['after']['description'] == 'v2'
    assert graph_log.writes() == []

    run = intune.run(args=args, diff=True)
    assert run.changed and run.result['actions'] == ['update_settings', 'patch'], run
    assert run.result['diff'] == checked.result['diff']
    warning = ' '.join(run.warnings)
    assert 'deprecated' in warning and WINDOWS_BASELINE_ID in warning and "'December 2022'" in warning
    assert 'migrate_in_place' in warning
    intent = stored(graph, old['id'])
    assert intent['description'] == 'v2' and stored_value(intent, PASSWORD_MINIMUM_LENGTH) == '12'
    assert len(graph.control.intents()) == 1

    assert not intune.run(args=args).changed
    deleted = intune.run(args={'template_id': WINDOWS_BASELINE_OLD_ID, 'display_name': 'Corp Baseline',
                               'state': 'absent'})
    assert deleted.changed and deleted.result['actions'] == ['delete'], deleted
    assert graph.control.intents() == []


def test_an_export_of_a_profile_on_a_deprecated_template_round_trips(intune, graph):
    graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID, settings={PASSWORD_MINIMUM_LENGTH: 14})
    export = intune.run(module=INTENT_INFO, args={'display_name': 'Corp Baseline', 'include_assignments': True})
    (exported,) = export.result['intents']

    fed_back = intune.run(args=exported['instance_args'], check=True, diff=True)
    assert not fed_back.failed and not fed_back.changed, fed_back


def test_creating_from_a_deprecated_template_is_still_refused_before_any_write(intune, graph, graph_log):
    run = intune.run(args={'template_id': WINDOWS_BASELINE_OLD_ID, 'display_name': 'Corp Baseline new'})
    assert_clean_failure(run, 'is deprecated', 'migrate_to', WINDOWS_BASELINE_ID)
    assert graph_log.writes() == [] and graph.control.intents() == []


# ---------------------------------------------------------------------------------------------------------------------
# 2. template_name looks on every version of the template


def test_template_name_finds_the_profile_on_an_older_version_and_never_creates_a_second(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID)
    args = {'template_name': BASELINE_NAME, 'display_name': 'Corp Baseline',
            'settings_delta': [{'definition_id': PASSWORD_MINIMUM_LENGTH, 'value': 10}]}

    run = intune.run(args=args)
    assert run.changed and run.result['actions'] == ['update_settings'], run
    assert run.result['intent']['id'] == old['id'] and run.result['intent']['templateId'] == WINDOWS_BASELINE_OLD_ID
    warning = ' '.join(run.warnings)
    assert old['id'] in warning and 'older version' in warning and WINDOWS_BASELINE_ID in warning
    assert 'migrate_to: %s' % WINDOWS_BASELINE_ID in warning
    assert [intent['id'] for intent in graph.control.intents()] == [old['id']]
    assert write_paths(graph_log) == [('POST', 'deviceManagement/intents/%s/updateSettings' % old['id'])]

    deleted = intune.run(args={'template_name': BASELINE_NAME, 'display_name': 'Corp Baseline', 'state': 'absent'})
    assert deleted.changed and graph.control.intents() == [], deleted


def test_template_version_still_pins_one_version(intune, graph):
    graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID)
    run = intune.run(args={'template_name': BASELINE_NAME, 'template_version': 'December 2022',
                           'display_name': 'Corp Baseline'})
    assert run.changed and run.result['actions'] == ['create'], run
    assert sorted(intent['templateId'] for intent in graph.control.intents()) == sorted(
        [WINDOWS_BASELINE_OLD_ID, WINDOWS_BASELINE_ID])


def test_a_failure_on_an_older_version_names_that_version_and_still_shows_the_warning(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID)
    run = intune.run(args={'template_name': BASELINE_NAME, 'display_name': 'Corp Baseline',
                           'settings_delta': [{'definition_id': STATEFUL_FTP, 'value': True}]})
    assert_clean_failure(run, 'not a setting of template %s' % WINDOWS_BASELINE_OLD_ID, "'November 2021'")
    assert any(old['id'] in w and 'older version' in w for w in run.warnings), run
    assert graph_log.writes() == []


def test_the_move_the_older_version_warning_suggests_works_as_written(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID, settings={PASSWORD_MINIMUM_LENGTH: 12})
    found = intune.run(args={'template_name': BASELINE_NAME, 'display_name': 'Corp Baseline'})
    (warning,) = [w for w in found.warnings if 'older version' in w]
    assert "template_version: 'November 2021'" in warning and 'template_id: %s' % WINDOWS_BASELINE_OLD_ID in warning

    # template_name alone means the newest version, which is migrate_to itself: the error says what to add.
    unnamed = intune.run(args={'template_name': BASELINE_NAME, 'display_name': 'Corp Baseline',
                               'migrate_to': WINDOWS_BASELINE_ID, 'migrate_in_place': True})
    assert_clean_failure(unnamed, 'template_version', 'template_id', WINDOWS_BASELINE_ID)
    assert unnamed.result['field'] == 'migrate_to'
    assert graph_log.writes() == []

    moved = intune.run(args={'template_name': BASELINE_NAME, 'template_version': 'November 2021',
                             'display_name': 'Corp Baseline', 'migrate_to': WINDOWS_BASELINE_ID, 'migrate_in_place': True})
    assert moved.changed and moved.result['actions'] == ['migrate'], moved
    (intent,) = graph.control.intents()
    assert intent['id'] == old['id'] and intent['templateId'] == WINDOWS_BASELINE_ID


def test_a_near_miss_on_an_older_version_is_warned_about(intune, graph):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID)
    run = intune.run(args={'template_name': BASELINE_NAME, 'display_name': 'Corp Baseline '}, check=True)
    assert run.changed and run.result['actions'] == ['create'], run
    (warning,) = [w for w in run.warnings if old['id'] in w]
    assert WINDOWS_BASELINE_OLD_ID in warning and 'second profile' in warning


# ---------------------------------------------------------------------------------------------------------------------
# 3. migrate_to with and without migrate_in_place


def test_migrate_to_without_migrate_in_place_creates_from_defaults_and_says_the_old_profile_stays(intune, graph):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID, settings={PASSWORD_MINIMUM_LENGTH: 12})
    run = intune.run(args={'template_id': WINDOWS_BASELINE_OLD_ID, 'migrate_to': WINDOWS_BASELINE_ID,
                           'display_name': 'Corp Baseline'})
    assert run.changed and run.result['actions'] == ['create'], run
    assert any(old['id'] in w and 'migrate_in_place' in w for w in run.warnings), run.warnings
    new = stored(graph, run.result['intent']['id'])
    # What the guide says: the target's defaults plus settings_delta, nothing carried over.
    assert stored_value(new, PASSWORD_MINIMUM_LENGTH) == '8'
    assert stored(graph, old['id'])['templateId'] == WINDOWS_BASELINE_OLD_ID


def test_migrate_in_place_moves_the_profile_keeping_id_assignments_and_custom_values(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID,
                                    settings={PASSWORD_MINIMUM_LENGTH: 12, POPUPS: False})
    assigned = intune.run(args={'template_id': WINDOWS_BASELINE_OLD_ID, 'display_name': 'Corp Baseline',
                                'assignments': [{'group_name': 'Corp Laptops'}]})
    assert assigned.changed, assigned
    graph_log.clear()
    args = {'template_id': WINDOWS_BASELINE_OLD_ID, 'migrate_to': WINDOWS_BASELINE_ID, 'migrate_in_place': True,
            'display_name': 'Corp Baseline', 'settings_delta': [{'definition_id': LOG_ON_TITLE, 'value': 'Corp'}]}

    checked = intune.run(args=args, check=True, diff=True)
    assert checked.changed and checked.result['actions'] == ['migrate', 'update_settings'], checked
    before, after = checked.result['diff']['before'], checked.result['diff']['after']
    assert (before['templateId'], after['templateId']) == (WINDOWS_BASELINE_OLD_ID, WINDOWS_BASELINE_ID)
    assert after['settings'][PASSWORD_MINIMUM_LENGTH] == 12 and after['settings'][LOG_ON_TITLE] == 'Corp'
    assert POPUPS in before['settings'] and POPUPS not in after['settings']
    # The target's own default where the profile kept the source's default.
    assert after['settings'][ROTATION] == 'enabledForAzureAdAndHybrid'
    assert graph_log.writes() == []

    run = intune.run(args=args, diff=True)
    assert run.changed and run.result['actions'] == ['migrate', 'update_settings'], run
    assert run.result['diff'] == checked.result['diff']
    migrate = graph_log.writes()[0]
    assert (migrate['method'], migrate['path']) == ('POST', 'deviceManagement/intents/%s/migrateToTemplate' % old['id'])
    assert migrate['body'] == {'newTemplateId': WINDOWS_BASELINE_ID, 'preserveCustomValues': True}
    (intent,) = graph.control.intents()
    assert intent['id'] == old['id'] and intent['templateId'] == WINDOWS_BASELINE_ID
    assert stored_value(intent, PASSWORD_MINIMUM_LENGTH) == '12' and stored_value(intent, LOG_ON_TITLE) == '"Corp"'
    assert [a['target'].get('groupId') for a in intent['assignments']] == [
        assigned.result['intent']['assignments'][0]['target']['groupId']]

    again = intune.run(args=args)
    assert not again.changed and not again.failed, again
    assert run.result['intent']['templateId'] == WINDOWS_BASELINE_ID


def test_a_same_named_profile_left_on_the_source_is_named_in_a_warning(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID)
    graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_ID)
    args = {'template_id': WINDOWS_BASELINE_OLD_ID, 'migrate_to': WINDOWS_BASELINE_ID, 'migrate_in_place': True,
            'display_name': 'Corp Baseline'}
    run = intune.run(args=args)
    assert not run.failed and not run.changed, run
    (warning,) = [w for w in run.warnings if old['id'] in w]
    assert 'left as it is' in warning and 'intent_id: %s and state: absent' % old['id'] in warning

    # By name, state=absent with migrate_to deletes the profile on the target only, and says what stays.
    deleted = intune.run(args=dict(args, state='absent'))
    assert deleted.changed and [i['id'] for i in graph.control.intents()] == [old['id']], deleted
    assert any(old['id'] in w for w in deleted.warnings), deleted
    assert not intune.run(args=dict(args, state='absent')).changed


def test_intent_id_with_state_absent_deletes_exactly_that_profile_whatever_migrate_to_says(intune, graph):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID)
    run = intune.run(args={'intent_id': old['id'], 'migrate_to': WINDOWS_BASELINE_ID, 'migrate_in_place': True,
                           'state': 'absent'})
    assert run.changed and run.result['actions'] == ['delete'] and graph.control.intents() == [], run
    assert not [w for w in run.warnings if 'migrate_in_place' in w], run.warnings


@pytest.mark.reliability('fault', 'migrateToTemplate committed, then the connection dropped: the module reads the '
                                  'profile back, reports the move once, and a rerun changes nothing')
def test_a_move_whose_answer_was_lost_is_made_once(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID, settings={PASSWORD_MINIMUM_LENGTH: 12})
    graph.control.add_fault('migrateToTemplate$', method='POST', action='commit_then_drop')
    args = {'intent_id': old['id'], 'migrate_to': WINDOWS_BASELINE_ID, 'migrate_in_place': True}
    run = intune.run(args=args)
    assert run.changed and run.result['actions'] == ['migrate'], run
    assert len([e for e in graph_log.writes() if e['path'].endswith('/migrateToTemplate')]) == 1
    (intent,) = graph.control.intents()
    assert intent['id'] == old['id'] and intent['templateId'] == WINDOWS_BASELINE_ID
    assert stored_value(intent, PASSWORD_MINIMUM_LENGTH) == '12'
    assert not intune.run(args=args).changed


def test_migrate_in_place_with_intent_id_and_a_target_it_cannot_migrate_to(intune, graph, graph_log):
    old = graph.control.seed_intent('Corp Baseline', WINDOWS_BASELINE_OLD_ID)
    run = intune.run(args={'intent_id': old['id'], 'migrate_to': EDGE_BASELINE_ID, 'migrate_in_place': True})
    assert_clean_failure(run, 'cannot migrate to %s' % EDGE_BASELINE_ID)
    assert graph_log.writes() == []


def test_migrate_in_place_without_migrate_to_is_refused(intune, graph, graph_log):
    run = intune.run(args={'template_id': WINDOWS_BASELINE_OLD_ID, 'display_name': 'Corp Baseline',
                           'migrate_in_place': True})
    assert_clean_failure(run, 'migrate_in_place', 'migrate_to')
    assert graph_log.graph() == []


# ---------------------------------------------------------------------------------------------------------------------
# 4. intent_id: exactly one profile


def test_duplicates_are_resolved_with_intent_id(intune, graph, graph_log):
    first = graph.control.seed_intent('Corp - BitLocker', BITLOCKER_TEMPLATE_ID, description='first')
    second = graph.control.seed_intent('Corp - BitLocker', BITLOCKER_TEMPLATE_ID, description='second')

    ambiguous = intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - BitLocker'})
    assert_clean_failure(ambiguous, first['id'], second['id'], 'intent_id')
    assert graph_log.writes() == []

    renamed = intune.run(args={'intent_id': second['id'], 'display_name': 'Corp - BitLocker (old)'}, diff=True)
    assert renamed.changed and renamed.result['actions'] == ['patch'], renamed
    assert write_paths(graph_log) == [('PATCH', 'deviceManagement/intents/%s' % second['id'])]
    assert graph_log.writes()[0]['body'] == {'displayName': 'Corp - BitLocker (old)'}
    assert renamed.result['diff']['after']['displayName'] == 'Corp - BitLocker (old)'
    # The intent read back after a PATCH has the shape of every other intent returned (no response metadata).
    assert '@odata.context' not in renamed.result['intent']
    assert stored(graph, first['id'])['displayName'] == 'Corp - BitLocker'

    assert not intune.run(args={'intent_id': second['id'], 'display_name': 'Corp - BitLocker (old)'}).changed
    deleted = intune.run(args={'intent_id': second['id'], 'state': 'absent'})
    assert deleted.changed and [i['id'] for i in graph.control.intents()] == [first['id']], deleted
    assert not intune.run(args={'intent_id': second['id'], 'state': 'absent'}).changed
    assert not intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - BitLocker',
                                'description': 'first'}).changed


def test_a_rename_onto_a_name_another_profile_has_is_warned_about(intune, graph):
    renamed = graph.control.seed_intent('Corp - BitLocker (old)', BITLOCKER_TEMPLATE_ID)
    taken = graph.control.seed_intent('Corp - BitLocker', BITLOCKER_TEMPLATE_ID)
    run = intune.run(args={'intent_id': renamed['id'], 'display_name': 'Corp - BitLocker'}, check=True)
    assert run.changed and run.result['actions'] == ['patch'], run
    (warning,) = [w for w in run.warnings if taken['id'] in w]
    assert renamed['id'] in warning and 'ambiguous' in warning


def test_intent_id_with_another_template_or_an_unknown_id_fails(intune, graph, graph_log):
    intent = graph.control.seed_intent('Corp - BitLocker', BITLOCKER_TEMPLATE_ID)
    wrong = intune.run(args={'intent_id': intent['id'], 'template_id': EDGE_BASELINE_ID})
    assert_clean_failure(wrong, intent['id'], BITLOCKER_TEMPLATE_ID, 'not on %s' % EDGE_BASELINE_ID)
    assert wrong.result['field'] == 'template_id'

    unknown = intune.run(args={'intent_id': UNKNOWN_ID, 'description': 'x'})
    assert_clean_failure(unknown, UNKNOWN_ID)
    assert unknown.result['field'] == 'intent_id'
    assert graph_log.writes() == []


@pytest.mark.parametrize('args, field', [
    ({'description': 'no way to find the profile'}, 'display_name'),
    ({'intent_id': 'not-a-guid'}, 'intent_id'),
])
def test_without_a_name_or_a_valid_intent_id_nothing_is_sent(intune, graph_log, args, field):
    run = intune.run(args=dict({'template_id': BITLOCKER_TEMPLATE_ID}, **args))
    assert run.failed and field in run.result['msg'], run
    assert graph_log.graph() == []


# ---------------------------------------------------------------------------------------------------------------------
# 5. Near-miss names


@pytest.mark.parametrize('existing, wanted', [
    ('Loop - AV', 'Loop - AV '),
    ('Loop - AV', 'loop - av'),
    ('Loop - AV', 'Loop -  AV'),
    ('Loop - AV', 'Loop - A\u200bV'),
], ids=['trailing blank', 'case', 'repeated blank', 'zero-width space'])
def test_a_create_next_to_a_near_miss_name_warns_and_names_it(intune, graph, existing, wanted):
    near = graph.control.seed_intent(existing, BITLOCKER_TEMPLATE_ID)
    run = intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': wanted})
    assert run.changed and run.result['actions'] == ['create'], run
    (warning,) = [w for w in run.warnings if near['id'] in w]
    assert repr(existing) in warning and 'second profile' in warning and 'intent_id' in warning
    assert len(graph.control.intents()) == 2


def test_no_near_miss_warning_for_a_different_name_or_template(intune, graph):
    graph.control.seed_intent('Loop - AV', EDGE_BASELINE_ID)
    graph.control.seed_intent('Loop - AV 2', BITLOCKER_TEMPLATE_ID)
    run = intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Loop - AV'})
    assert run.changed and run.warnings == [], run
