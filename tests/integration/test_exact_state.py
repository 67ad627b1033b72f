# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exact state, as baseline owners expect it: the Default scope tag, settings_mode exact, nested values checked
before writing, messages that name the setting, predictions equal to what Graph then holds, group names in diffs,
and every assignment target Graph defines round-tripping."""

import json

import pytest

from graph_emulator.seed import (
    ANTIVIRUS_TEMPLATE_ID,
    BITLOCKER_TEMPLATE_ID,
    COLLECTION_ID,
    GROUP_LAPTOPS_ID,
    GROUP_PILOT_ID,
)

from playbook_runner import assert_clean_failure

INTENT_INFO = 'msgraph.intune.intune_intent_info'
TEMPLATE_INFO = 'msgraph.intune.intune_template_info'
NAME = 'Corp - BitLocker exact'
ENCRYPT = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
HIDE_PROMPT = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerDisableWarningForOtherDiskEncryption'
ROTATION = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerRecoveryPasswordRotation'
DRIVE_POLICY = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerSystemDrivePolicy'
ENCRYPTION_METHOD = 'deviceConfiguration--bitLockerSystemDrivePolicy_encryptionMethod'
SCAN_MAX_CPU = 'deviceConfiguration--windows10GeneralConfiguration_defenderScanMaxCpu'
COLLECTION_TARGET = '#microsoft.graph.configurationManagerCollectionAssignmentTarget'
FUTURE_TARGET = '#microsoft.graph.androidFleetAssignmentTarget'


def bitlocker(**args):
    return dict({'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME}, **args)


def stored_values(intent):
    return dict((s['definitionId'], json.loads(s['valueJson'])) for s in intent['settings'])


def write_paths(graph_log):
    return [(entry['method'], entry['path'].rsplit('/', 1)[-1]) for entry in graph_log.writes()]


# ---------------------------------------------------------------------------------------------------------------------
# 6. An empty role_scope_tag_ids is the Default tag


def test_an_empty_scope_tag_list_is_the_default_tag_and_idempotent(intune, graph):
    created = intune.run(args=bitlocker(role_scope_tag_ids=[]), diff=True)
    assert created.changed and created.result['diff']['after']['roleScopeTagIds'] == ['0'], created
    assert graph.control.intents()[0]['roleScopeTagIds'] == ['0']
    for tags in ([], ['0']):
        again = intune.run(args=bitlocker(role_scope_tag_ids=tags))
        assert not again.changed and not again.failed, again


# ---------------------------------------------------------------------------------------------------------------------
# 7. settings_mode: exact


def test_exact_mode_resets_unlisted_drift_in_the_same_single_update(intune, graph, graph_log):
    graph.control.seed_intent(NAME, BITLOCKER_TEMPLATE_ID, settings={ROTATION: 'disabled', HIDE_PROMPT: True})
    args = bitlocker(settings_delta=[{'definition_id': ENCRYPT, 'value': False}], settings_mode='exact')

    delta = intune.run(args=dict(args, settings_mode='delta', settings_delta=[{'definition_id': ENCRYPT, 'value': True}]))
    assert not delta.changed, delta

    checked = intune.run(args=args, check=True, diff=True)
    assert checked.changed and checked.result['actions'] == ['update_settings'], checked
    before, after = checked.result['diff']['before']['settings'], checked.result['diff']['after']['settings']
    assert (before[ROTATION], after[ROTATION]) == ('disabled', 'notConfigured')
    assert (before[HIDE_PROMPT], after[HIDE_PROMPT]) == (True, False)
    assert (before[ENCRYPT], after[ENCRYPT]) == (True, False)

    graph_log.clear()
    run = intune.run(args=args, diff=True)
    assert run.changed and run.result['diff'] == checked.result['diff'], run
    (update,) = graph_log.writes()
    assert update['path'].endswith('/updateSettings')
    assert sorted(s['definitionId'] for s in update['body']['settings']) == sorted([ENCRYPT, HIDE_PROMPT, ROTATION])
    assert stored_values(graph.control.intents()[0])[ROTATION] == 'notConfigured'

    graph_log.clear()
    assert not intune.run(args=args).changed
    assert graph_log.writes() == []


def test_exact_mode_reads_the_template_defaults_once_for_a_loop(intune, graph, graph_log):
    run = intune.run(args=bitlocker(display_name='{{ item }}', settings_mode='exact'),
                     task={'loop': ['Exact 1', 'Exact 2', 'Exact 3']})
    assert all(item['changed'] for item in run.result['results']), run
    assert len(graph_log.calls('GET', 'deviceManagement/templates/%s/settings' % BITLOCKER_TEMPLATE_ID)) == 1


# ---------------------------------------------------------------------------------------------------------------------
# 8 and 9. Complex values checked against their nested definitions; messages name the setting


@pytest.mark.parametrize('value, fragments', [
    ({'minPinLength': 6}, ['minPinLength is not a property', 'did you mean minimumPinLength']),
    ({'encryptionMethod': 'xtsAes999'}, ["encryptionMethod: 'xtsAes999' is not one of the allowed values"]),
    ({'minimumPinLength': 2}, ['minimumPinLength: must be between 4 and 20, got 2']),
], ids=['unknown property', 'enum', 'range'])
@pytest.mark.parametrize('check', [True, False], ids=['check', 'real'])
def test_a_bad_complex_value_fails_before_any_write_naming_setting_and_property(intune, graph, graph_log, value,
                                                                                fragments, check):
    run = intune.run(args=bitlocker(settings_delta=[{'definition_id': ENCRYPT, 'value': True},
                                                    {'definition_id': DRIVE_POLICY, 'value': value}]), check=check)
    assert_clean_failure(run, 'settings_delta[1].value (definition_id %s): ' % DRIVE_POLICY, *fragments)
    assert run.result['field'] == 'settings_delta[1].value' and run.result['definition_id'] == DRIVE_POLICY
    assert graph_log.writes() == [] and graph.control.intents() == []


def test_a_complete_complex_value_is_written_and_replaces_the_whole_value(intune, graph):
    graph.control.seed_intent(NAME, BITLOCKER_TEMPLATE_ID)
    run = intune.run(args=bitlocker(settings_delta=[{'definition_id': DRIVE_POLICY,
                                                     'value': {'encryptionMethod': 'xtsAes128'}}]), diff=True)
    assert run.changed and not run.failed, run
    # Properties left out are dropped, as the diff shows.
    assert run.result['diff']['before']['settings'][DRIVE_POLICY]['minimumPinLength'] == 6
    assert run.result['diff']['after']['settings'][DRIVE_POLICY] == {'encryptionMethod': 'xtsAes128'}
    assert stored_values(graph.control.intents()[0])[DRIVE_POLICY] == {'encryptionMethod': 'xtsAes128'}


def test_a_constraint_message_names_the_definition_id(intune, graph, graph_log):
    run = intune.run(args={'template_id': ANTIVIRUS_TEMPLATE_ID, 'display_name': 'Corp - AV',
                           'settings_delta': [{'definition_id': SCAN_MAX_CPU, 'value': 150}]})
    assert_clean_failure(run, 'settings_delta[0].value (definition_id %s): must be between 0 and 100, got 150'
                         % SCAN_MAX_CPU)
    assert graph_log.writes() == []


def test_template_info_returns_the_nested_definitions(intune):
    run = intune.run(module=TEMPLATE_INFO, args={'template_id': BITLOCKER_TEMPLATE_ID,
                                                 'include_setting_definitions': True})
    (template,) = run.result['templates']
    definitions = dict((d['id'], d) for d in template['settingDefinitions'])
    assert ENCRYPTION_METHOD in definitions and definitions[ENCRYPTION_METHOD]['isTopLevel'] is False
    assert ENCRYPTION_METHOD in definitions[DRIVE_POLICY]['propertyDefinitionIds']
    assert [c['values'] for c in definitions[ENCRYPTION_METHOD]['constraints']]


# ---------------------------------------------------------------------------------------------------------------------
# 10. The prediction of a create is what Graph then holds


def test_check_mode_predicts_the_created_profile_exactly(intune, graph):
    args = bitlocker(settings_delta=[{'definition_id': ENCRYPT, 'value': False},
                                     {'definition_id': DRIVE_POLICY, 'value': {'encryptionMethod': 'xtsAes128',
                                                                               'minimumPinLength': 8}}],
                     assignments=[{'group_name': 'Corp Laptops'}])
    checked = intune.run(args=args, check=True, diff=True)
    real = intune.run(args=args, diff=True)
    assert checked.changed and real.changed and not real.failed, real
    assert checked.result['diff'] == real.result['diff']
    after = checked.result['diff']['after']
    assert after['roleScopeTagIds'] == ['0'] and after['description'] == ''
    # Every template default is predicted, not only the listed settings.
    assert after['settings'][ROTATION] == 'notConfigured' and after['settings'][HIDE_PROMPT] is False

    (read_back,) = intune.run(module=INTENT_INFO, args={'display_name': NAME, 'include_assignments': True}).result['intents']
    predicted = checked.result['intent']
    for key in ('displayName', 'description', 'templateId', 'roleScopeTagIds', 'isAssigned',
                'isMigratingToConfigurationPolicy'):
        assert predicted[key] == read_back[key], key
    assert stored_values(predicted) == stored_values(read_back)
    assert dict((s['definitionId'], s['@odata.type']) for s in predicted['settings']) == dict(
        (s['definitionId'], s['@odata.type']) for s in read_back['settings'])
    assert [a['target'] for a in predicted['assignments']] == [
        dict((k, v) for k, v in a['target'].items()) for a in read_back['assignments']]


# ---------------------------------------------------------------------------------------------------------------------
# 11. Group names beside the ids


def test_the_diff_shows_a_named_group_beside_its_id(intune, graph):
    intune.run(args=bitlocker(assignments=[{'group_id': GROUP_LAPTOPS_ID}]))
    run = intune.run(args=bitlocker(assignments=[{'group_name': 'Corp Laptops'}, {'group_name': 'Pilot Ring'}]),
                     diff=True)
    assert run.changed, run
    assert run.result['diff']['before']['assignments'] == [
        {'group_id': GROUP_LAPTOPS_ID, 'group_name': 'Corp Laptops', 'mode': 'include'}]
    assert run.result['diff']['after']['assignments'] == [
        {'group_id': GROUP_LAPTOPS_ID, 'group_name': 'Corp Laptops', 'mode': 'include'},
        {'group_id': GROUP_PILOT_ID, 'group_name': 'Pilot Ring', 'mode': 'include'}]
    assert 'Pilot Ring' in run.stdout


# ---------------------------------------------------------------------------------------------------------------------
# 12. Every target type round-trips; an unknown one is never dropped silently


def test_a_collection_target_is_assigned_and_its_export_round_trips(intune, graph, graph_log):
    run = intune.run(args=bitlocker(assignments=[{'collection_id': COLLECTION_ID}, {'group_id': GROUP_LAPTOPS_ID}]))
    assert run.changed and not run.failed, run
    targets = [a['target'] for a in graph.control.intents()[0]['assignments']]
    assert {'@odata.type': COLLECTION_TARGET, 'collectionId': COLLECTION_ID}.items() <= targets[0].items()

    (exported,) = intune.run(module=INTENT_INFO, args={'display_name': NAME, 'include_assignments': True}).result['intents']
    assert {'collection_id': COLLECTION_ID} in exported['instance_args']['assignments']
    graph_log.clear()
    fed_back = intune.run(args=exported['instance_args'])
    assert not fed_back.changed and not fed_back.failed, fed_back
    assert graph_log.writes() == []


def future_assignments(graph, intent_id):
    """Graph answering the assignments read with a target type this collection does not know (one day's news)."""
    body = {'value': [
        {'id': 'a-1', 'target': {'@odata.type': FUTURE_TARGET, 'fleetId': 'F-1',
                                 'deviceAndAppManagementAssignmentFilterId': None,
                                 'deviceAndAppManagementAssignmentFilterType': 'none'}},
        {'id': 'a-2', 'target': {'@odata.type': '#microsoft.graph.groupAssignmentTarget', 'groupId': GROUP_LAPTOPS_ID,
                                 'deviceAndAppManagementAssignmentFilterId': None,
                                 'deviceAndAppManagementAssignmentFilterType': 'none'}}]}
    graph.control.add_fault('intents/%s/assignments$' % intent_id, method='GET', status=200, body=body, count=10)


def test_a_target_of_an_unknown_type_is_never_removed_silently(intune, graph, graph_log):
    intent = graph.control.seed_intent(NAME, BITLOCKER_TEMPLATE_ID)
    future_assignments(graph, intent['id'])
    run = intune.run(args=bitlocker(assignments=[{'group_id': GROUP_LAPTOPS_ID}, {'group_id': GROUP_PILOT_ID}]))
    assert_clean_failure(run, FUTURE_TARGET, 'F-1', 'unsupported_target', 'remove_unsupported_targets')
    assert graph_log.writes() == []

    (exported,) = intune.run(module=INTENT_INFO, args={'display_name': NAME, 'include_assignments': True}).result['intents']
    kept = [item for item in exported['instance_args']['assignments'] if 'unsupported_target' in item]
    assert [item['unsupported_target']['fleetId'] for item in kept] == ['F-1']
    listed = intune.run(args=bitlocker(assignments=[{'group_id': GROUP_LAPTOPS_ID}] + kept))
    assert not listed.changed and not listed.failed, listed

    removed = intune.run(args=bitlocker(assignments=[{'group_id': GROUP_LAPTOPS_ID}], remove_unsupported_targets=True))
    assert removed.changed and removed.result['actions'] == ['assign'], removed
    assert write_paths(graph_log) == [('POST', 'assign')]
    assert [a['target']['@odata.type'] for a in graph_log.writes()[0]['body']['assignments']] == [
        '#microsoft.graph.groupAssignmentTarget']
