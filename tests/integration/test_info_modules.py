# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""intune_template_info and intune_intent_info against the emulator, and the export round trip.

The round trip runs the documented EXAMPLES task of intune_intent_info itself: a profile built "by hand" (stored
directly in the emulator, as the portal would) is exported, the emulator is reset, and the exported options recreate
it with intune_template_instance; the recreated profile must have the same settings, description, tags and
assignments, and a second run must change nothing.
"""

import json

import pytest
import yaml

from graph_emulator.seed import (
    ANTIVIRUS_TEMPLATE_ID,
    BITLOCKER_TEMPLATE_ID,
    EDGE_BASELINE_ID,
    FIREWALL_TEMPLATE_ID,
    GROUP_LAPTOPS_ID,
    GROUP_PILOT_ID,
    MDE_BASELINE_ID,
    WINDOWS_BASELINE_ID,
    WINDOWS_BASELINE_OLD_ID,
    build_catalog,
)

from playbook_runner import run_playbook

from ansible_collections.msgraph.intune.plugins.modules import intune_intent_info

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

TEMPLATE_INFO = 'msgraph.intune.intune_template_info'
INTENT_INFO = 'msgraph.intune.intune_intent_info'
INSTANCE = 'msgraph.intune.intune_template_instance'
UNKNOWN_ID = '11111111-2222-3333-4444-555555555555'

EP = 'deviceConfiguration--windows10EndpointProtectionConfiguration_'
GEN = 'deviceConfiguration--windows10GeneralConfiguration_'
RECOVERY_ROTATION = EP + 'bitLockerRecoveryPasswordRotation'
HIDE_THIRD_PARTY_PROMPT = EP + 'bitLockerDisableWarningForOtherDiskEncryption'
SYSTEM_DRIVE_POLICY = EP + 'bitLockerSystemDrivePolicy'
SCAN_MAX_CPU = GEN + 'defenderScanMaxCpu'
EXTENSIONS_TO_EXCLUDE = GEN + 'defenderFileExtensionsToExclude'

CURRENT_TEMPLATES = [WINDOWS_BASELINE_ID, MDE_BASELINE_ID, EDGE_BASELINE_ID, BITLOCKER_TEMPLATE_ID,
                     ANTIVIRUS_TEMPLATE_ID, FIREWALL_TEMPLATE_ID]


def ok(run):
    assert run.rc == 0 and not run.failed, run
    assert run.result['changed'] is False, run
    return run.result


def template_ids(run):
    return [template['id'] for template in ok(run)['templates']]


def settings_by_definition(settings):
    return dict((s['definitionId'], json.loads(s['valueJson'])) for s in settings)


def graph_writes(graph):
    """Requests that may change something: not the GETs, nor the getByIds that reads group names (a POST)."""
    return [r for r in graph.control.requests('graph') if r['method'] != 'GET'
            and r['path'] != '/beta/directoryObjects/getByIds']


# ---------------------------------------------------------------------------------------------------------------------
# intune_template_info


def test_templates_without_filters_are_the_current_ones(graph, intune):
    run = intune.run(module=TEMPLATE_INFO)
    assert template_ids(run) == CURRENT_TEMPLATES
    assert 'settingDefinitions' not in run.result['templates'][0]


def test_include_deprecated(graph, intune):
    run = intune.run(module=TEMPLATE_INFO, args={'include_deprecated': True})
    assert sorted(template_ids(run)) == sorted(CURRENT_TEMPLATES + [WINDOWS_BASELINE_OLD_ID])


def test_template_by_id_even_when_deprecated(graph, intune):
    run = intune.run(module=TEMPLATE_INFO, args={'template_id': WINDOWS_BASELINE_OLD_ID})
    [template] = ok(run)['templates']
    assert template['id'] == WINDOWS_BASELINE_OLD_ID and template['isDeprecated'] is True
    assert template['versionInfo'] == 'November 2021'
    assert '@odata.context' not in template


def test_unknown_template_id_returns_nothing(graph, intune):
    assert template_ids(intune.run(module=TEMPLATE_INFO, args={'template_id': UNKNOWN_ID})) == []


def test_template_name_and_type_filters(graph, intune):
    name = 'security baseline for windows 10 AND LATER'
    assert template_ids(intune.run(module=TEMPLATE_INFO, args={'template_name': name})) == [WINDOWS_BASELINE_ID]
    both_versions = intune.run(module=TEMPLATE_INFO, args={'template_name': name, 'include_deprecated': True})
    assert sorted(template_ids(both_versions)) == sorted([WINDOWS_BASELINE_OLD_ID, WINDOWS_BASELINE_ID])
    by_type = intune.run(module=TEMPLATE_INFO, args={'template_type': 'securityTemplate'})
    assert template_ids(by_type) == [BITLOCKER_TEMPLATE_ID, ANTIVIRUS_TEMPLATE_ID, FIREWALL_TEMPLATE_ID]
    none = intune.run(module=TEMPLATE_INFO, args={'template_type': 'securityTemplate', 'template_name': 'Microsoft Edge baseline'})
    assert template_ids(none) == []


def test_migratable_from(graph, intune):
    run = intune.run(module=TEMPLATE_INFO, args={'migratable_from': WINDOWS_BASELINE_OLD_ID})
    assert template_ids(run) == [WINDOWS_BASELINE_ID]
    assert template_ids(intune.run(module=TEMPLATE_INFO, args={'migratable_from': BITLOCKER_TEMPLATE_ID})) == []


def test_unknown_migratable_from_fails_naming_the_option(graph, intune):
    run = intune.run(module=TEMPLATE_INFO, args={'migratable_from': UNKNOWN_ID})
    assert run.failed and run.result['field'] == 'migratable_from', run
    assert UNKNOWN_ID in run.result['msg']


def test_setting_definitions_of_a_template(graph, intune):
    run = intune.run(module=TEMPLATE_INFO, args={'template_name': 'BitLocker', 'include_setting_definitions': True})
    [template] = ok(run)['templates']
    catalog, _definitions = build_catalog()
    expected = [d for category in catalog[BITLOCKER_TEMPLATE_ID]['categories'] for d in category['definitionIds']]
    definitions = dict((d['id'], d) for d in template['settingDefinitions'])
    listed = [d['id'] for d in template['settingDefinitions']]
    # The template's own definitions, then the nested ones its complex settings name.
    assert listed[:len(expected)] == expected
    assert sorted(listed[len(expected):]) == sorted(definitions[SYSTEM_DRIVE_POLICY]['propertyDefinitionIds'])
    assert all(definitions[i]['isTopLevel'] is False for i in listed[len(expected):])
    rotation = definitions[RECOVERY_ROTATION]
    assert rotation['valueType'] == 'string' and rotation['displayName']
    [enum] = rotation['constraints']
    assert [v['value'] for v in enum['values']] == ['notConfigured', 'disabled', 'enabledForAzureAd',
                                                    'enabledForAzureAdAndHybrid']
    assert definitions[SYSTEM_DRIVE_POLICY]['valueType'] == 'complex'
    assert len(definitions[SYSTEM_DRIVE_POLICY]['propertyDefinitionIds']) == 3


def test_template_info_in_check_mode_reads_the_same(graph, intune):
    args = {'template_id': BITLOCKER_TEMPLATE_ID, 'include_setting_definitions': True}
    assert ok(intune.run(module=TEMPLATE_INFO, args=args, check=True)) == ok(intune.run(module=TEMPLATE_INFO, args=args))
    assert graph_writes(graph) == []


# ---------------------------------------------------------------------------------------------------------------------
# intune_intent_info


@pytest.fixture
def profiles(graph):
    """Profiles as built by hand in the portal: settings that differ from the template defaults."""
    control = graph.control
    return {
        'bitlocker': control.seed_intent('Corp - BitLocker', BITLOCKER_TEMPLATE_ID, description='Built in the portal',
                                         role_scope_tag_ids=['0', '12'], settings={
                                             RECOVERY_ROTATION: 'enabledForAzureAd',
                                             HIDE_THIRD_PARTY_PROMPT: True,
                                             SYSTEM_DRIVE_POLICY: {'encryptionMethod': 'aesCbc128',
                                                                   'startupAuthenticationRequired': True,
                                                                   'minimumPinLength': 8},
                                         }),
        'antivirus': control.seed_intent('Corp - Antivirus', ANTIVIRUS_TEMPLATE_ID, settings={
            SCAN_MAX_CPU: 30,
            EXTENSIONS_TO_EXCLUDE: ['.tmp', '.log'],
        }),
        'antivirus_twin_name': control.seed_intent('Corp - BitLocker', ANTIVIRUS_TEMPLATE_ID),
    }


def intent_ids(run):
    return [intent['id'] for intent in ok(run)['intents']]


def test_intents_without_filters_come_with_settings(graph, intune, profiles):
    run = intune.run(module=INTENT_INFO)
    intents = ok(run)['intents']
    assert [i['id'] for i in intents] == [profiles[k]['id'] for k in ('bitlocker', 'antivirus', 'antivirus_twin_name')]
    stored = dict((i['id'], i) for i in graph.control.intents())
    for intent in intents:
        assert settings_by_definition(intent['settings']) == settings_by_definition(stored[intent['id']]['settings'])
        assert 'assignments' not in intent


def test_intent_by_id(graph, intune, profiles):
    run = intune.run(module=INTENT_INFO, args={'intent_id': profiles['antivirus']['id'], 'include_settings': False})
    [intent] = ok(run)['intents']
    assert intent['displayName'] == 'Corp - Antivirus' and intent['templateId'] == ANTIVIRUS_TEMPLATE_ID
    assert 'settings' not in intent and 'instance_args' not in intent and '@odata.context' not in intent
    assert intent_ids(intune.run(module=INTENT_INFO, args={'intent_id': UNKNOWN_ID})) == []


def test_intents_by_name_and_by_template(graph, intune, profiles):
    by_name = intune.run(module=INTENT_INFO, args={'display_name': 'Corp - BitLocker', 'include_settings': False})
    assert intent_ids(by_name) == [profiles['bitlocker']['id'], profiles['antivirus_twin_name']['id']]
    # Graph compares names case-insensitively; the module matches them exactly.
    assert intent_ids(intune.run(module=INTENT_INFO, args={'display_name': 'corp - bitlocker'})) == []
    by_template = intune.run(module=INTENT_INFO, args={'template_id': ANTIVIRUS_TEMPLATE_ID})
    assert intent_ids(by_template) == [profiles['antivirus']['id'], profiles['antivirus_twin_name']['id']]
    both = intune.run(module=INTENT_INFO, args={'display_name': 'Corp - BitLocker', 'template_id': BITLOCKER_TEMPLATE_ID})
    assert intent_ids(both) == [profiles['bitlocker']['id']]


def test_export_holds_only_the_settings_changed_from_the_defaults(graph, intune, profiles):
    run = intune.run(module=INTENT_INFO, args={'template_id': BITLOCKER_TEMPLATE_ID})
    [intent] = ok(run)['intents']
    args = intent['instance_args']
    assert dict(args, settings_delta=None) == {
        'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - BitLocker', 'description': 'Built in the portal',
        'role_scope_tag_ids': ['0', '12'], 'settings_delta': None}
    delta = dict((item['definition_id'], item['value'] if 'value' in item else json.loads(item['value_json']))
                 for item in args['settings_delta'])
    assert delta == {RECOVERY_ROTATION: 'enabledForAzureAd', HIDE_THIRD_PARTY_PROMPT: True,
                     SYSTEM_DRIVE_POLICY: {'encryptionMethod': 'aesCbc128', 'startupAuthenticationRequired': True,
                                           'minimumPinLength': 8}}


def test_refused_name_filter_still_finds_the_intents_with_a_warning(graph, intune, profiles):
    graph.control.config(filter_failure='400')
    run = intune.run(module=INTENT_INFO, args={'display_name': 'Corp - Antivirus', 'include_settings': False})
    assert intent_ids(run) == [profiles['antivirus']['id']]
    assert 'refused the displayName filter' in run.output


def test_intent_info_in_check_mode_reads_the_same(graph, intune, profiles):
    args = {'display_name': 'Corp - BitLocker', 'include_assignments': True}
    assert ok(intune.run(module=INTENT_INFO, args=args, check=True)) == ok(intune.run(module=INTENT_INFO, args=args))
    assert graph_writes(graph) == []


# ---------------------------------------------------------------------------------------------------------------------
# The round trip, through the documented example


def documented_recreate_task():
    """The EXAMPLES task of intune_intent_info that recreates exported profiles, as a user would copy it."""
    tasks = yaml.safe_load(intune_intent_info.EXAMPLES)
    [task] = [t for t in tasks if INSTANCE in t and t.get('loop') == '{{ exported.intents }}']
    return task


def run_documented_recreate_task(connection, exported_vars, workdir):
    workdir.mkdir()
    return run_playbook(documented_recreate_task(), module_defaults={'group/msgraph.intune.intune': connection},
                        workdir=str(workdir), extra_args=('-e', '@%s' % exported_vars))


def test_exported_profiles_are_recreated_identically(graph, connection, intune, profiles, tmp_path):
    assign = intune.run(module=INSTANCE, args={
        'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - BitLocker',
        'assignments': [{'group_id': GROUP_LAPTOPS_ID}, {'group_id': GROUP_PILOT_ID, 'mode': 'exclude'}]})
    assert assign.changed and not assign.failed, assign
    original = dict((i['id'], i) for i in graph.control.intents())

    export = ok(intune.run(module=INTENT_INFO, args={'include_assignments': True}))
    # Each group with its name, for the reviewer; the module takes both back unchanged.
    assert export['intents'][0]['instance_args']['assignments'] == [
        {'group_id': GROUP_LAPTOPS_ID, 'group_name': 'Corp Laptops', 'mode': 'include'},
        {'group_id': GROUP_PILOT_ID, 'group_name': 'Pilot Ring', 'mode': 'exclude'}]
    assert not export.get('warnings')
    exported_vars = tmp_path / 'exported.json'
    exported_vars.write_text(json.dumps({'exported': export}))

    graph.control.reset()
    recreate = run_documented_recreate_task(connection, exported_vars, tmp_path / 'recreate')
    assert recreate.rc == 0 and not recreate.failed, recreate
    assert [r['actions'][0] for r in recreate.result['results']] == ['create'] * 3

    recreated = graph.control.intents()
    assert len(recreated) == len(original)
    by_key = dict(((i['displayName'], i['templateId']), i) for i in original.values())
    for intent in recreated:
        before = by_key[(intent['displayName'], intent['templateId'])]
        assert settings_by_definition(intent['settings']) == settings_by_definition(before['settings'])
        assert (intent['description'], intent['roleScopeTagIds']) == (before['description'], before['roleScopeTagIds'])
        assert ([a['target'] for a in intent['assignments']] == [a['target'] for a in before['assignments']])

    again = run_documented_recreate_task(connection, exported_vars, tmp_path / 'again')
    assert again.rc == 0 and not again.failed, again
    assert [r['changed'] for r in again.result['results']] == [False] * 3
    # The suite's --diff checks each group_name label against the group's name: all of them are current.
    assert [r.get('warnings') or [] for r in again.result['results']] == [[]] * 3


def test_profiles_sharing_a_name_on_a_template_re_apply_as_they_are(graph, connection, intune, tmp_path):
    first = graph.control.seed_intent('Corp - Twin', BITLOCKER_TEMPLATE_ID, description='one')
    second = graph.control.seed_intent('Corp - Twin', BITLOCKER_TEMPLATE_ID, description='two')
    export = ok(intune.run(module=INTENT_INFO, args={'display_name': 'Corp - Twin'}))
    assert sorted(i['instance_args']['intent_id'] for i in export['intents']) == sorted([first['id'], second['id']])
    exported_vars = tmp_path / 'exported.json'
    exported_vars.write_text(json.dumps({'exported': export}))
    again = run_documented_recreate_task(connection, exported_vars, tmp_path / 'again')
    assert again.rc == 0 and not again.failed, again
    assert [r['changed'] for r in again.result['results']] == [False, False]
