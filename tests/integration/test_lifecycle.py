# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, update, delete and their check/diff modes, judged by the requests Graph received and its state.

Check mode must read only and predict the real run: each check run is followed by the real one and their
``changed``/``actions`` compared, with the emulator's state unchanged in between.
"""

import json

import pytest
from graph_emulator.seed import ANTIVIRUS_TEMPLATE_ID, BITLOCKER_TEMPLATE_ID

# Also runs on the module path and through a non-local connection (see playbook_runner.EXECUTION_PATH).
pytestmark = pytest.mark.every_path

GEN = 'deviceConfiguration--windows10GeneralConfiguration_'
REAL_TIME = GEN + 'defenderRequireRealTimeMonitoring'
SCAN_MAX_CPU = GEN + 'defenderScanMaxCpu'
CLOUD_BLOCK_LEVEL = GEN + 'defenderCloudBlockLevel'
EXCLUDED_EXTENSIONS = GEN + 'defenderFileExtensionsToExclude'
ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
INSTANCE = '#microsoft.graph.deviceManagement%sSettingInstance'
INTENTS = 'deviceManagement/intents'


def antivirus(display_name, settings_delta, **args):
    task = {'template_id': ANTIVIRUS_TEMPLATE_ID, 'display_name': display_name, 'settings_delta': settings_delta}
    task.update(args)
    return task


def decoded_settings(instances):
    return dict((s['definitionId'], json.loads(s['valueJson'])) for s in instances)


def setting_ids(intent):
    return dict((s['definitionId'], s['id']) for s in intent['settings'])


def diff_lines(stdout, sign):
    """The ``+`` or ``-`` lines of the --diff output, without the sign, indentation and trailing comma."""
    return [line[1:].strip().rstrip(',') for line in stdout.splitlines()
            if line.startswith(sign) and not line.startswith(sign * 3)]


def diff_entry(definition_id, value):
    return '"%s": %s' % (definition_id, json.dumps(value))


def methods(graph_log):
    return set(entry['method'] for entry in graph_log.graph())


CREATE_SETTINGS = [
    {'definition_id': REAL_TIME, 'value': False},
    {'definition_id': SCAN_MAX_CPU, 'value_json': '20'},
    {'definitionId': CLOUD_BLOCK_LEVEL, 'value': 'high'},
    {'definition_id': EXCLUDED_EXTENSIONS, 'value': ['.tmp', '.log']},
]
CREATED_VALUES = {REAL_TIME: False, SCAN_MAX_CPU: 20, CLOUD_BLOCK_LEVEL: 'high', EXCLUDED_EXTENSIONS: ['.tmp', '.log']}


@pytest.mark.parametrize('list_expand', ['all', 'refused', 'paged'])
def test_a_create_reads_nothing_back_that_the_lookup_for_a_copy_can_bring(intune, graph, graph_log, list_expand):
    # The lookup for a concurrent copy after createInstance expands the copies' settings, so the created intent's
    # settings are not read again; where Graph refuses that or pages the expansion, the result is the same.
    graph.control.config(list_expand=list_expand, settings_page_size=2)
    created = intune.run(args=antivirus('Corp - Expanded', CREATE_SETTINGS))
    assert created.changed and created.result['actions'] == ['create'], created
    [stored] = graph.control.intents()
    paths = [(entry['method'], entry['path'].replace(stored['id'], '{id}')) for entry in graph_log.graph()]
    after_create = paths[paths.index(('POST', 'deviceManagement/templates/%s/createInstance'
                                      % ANTIVIRUS_TEMPLATE_ID)) + 1:]
    expected = {'all': [('GET', INTENTS)],
                'refused': [('GET', INTENTS), ('GET', INTENTS), ('GET', INTENTS + '/{id}/settings')],
                'paged': [('GET', INTENTS), ('GET', INTENTS + '/{id}/settings')]}[list_expand]
    assert after_create == expected
    assert created.result['intent']['settings'] == stored['settings'] and len(stored['settings']) > 2
    assert created.warnings == []


def test_create_in_check_mode_then_for_real_then_rerun_without_change(intune, graph, graph_log):
    args = antivirus('Corp - Antivirus', CREATE_SETTINGS, description='Managed by Ansible', role_scope_tag_ids=['0', '7'])

    predicted = intune.run(args=args, check=True, diff=True)

    assert predicted.changed and predicted.result['actions'] == ['create'], predicted
    assert methods(graph_log) == {'GET'}
    assert graph.control.intents() == []
    added = diff_lines(predicted.stdout, '+')
    for definition_id, value in CREATED_VALUES.items():
        if not isinstance(value, list):
            assert diff_entry(definition_id, value) in added, predicted.stdout
    assert '"displayName": "Corp - Antivirus"' in added
    assert predicted.result['diff']['after']['settings'] == CREATED_VALUES

    graph_log.clear()
    created = intune.run(args=args)

    assert (created.changed, created.result['actions']) == (predicted.changed, predicted.result['actions']), created
    [create] = graph_log.writes()
    assert (create['method'], create['path']) == ('POST', 'deviceManagement/templates/%s/createInstance'
                                                  % ANTIVIRUS_TEMPLATE_ID)
    body = create['body']
    assert set(body) == {'displayName', 'description', 'settingsDelta', 'roleScopeTagIds'}
    assert (body['displayName'], body['description'], body['roleScopeTagIds']) == (
        'Corp - Antivirus', 'Managed by Ansible', ['0', '7'])
    assert [set(item) for item in body['settingsDelta']] == [{'@odata.type', 'definitionId', 'valueJson'}] * 4
    assert [item['@odata.type'] for item in body['settingsDelta']] == [
        INSTANCE % kind for kind in ('Boolean', 'Integer', 'String', 'Collection')]
    assert decoded_settings(body['settingsDelta']) == CREATED_VALUES
    [stored] = graph.control.intents()
    intent = created.result['intent']
    assert intent['id'] == stored['id']
    assert (intent['displayName'], intent['description'], intent['templateId'], sorted(intent['roleScopeTagIds'])) == (
        'Corp - Antivirus', 'Managed by Ansible', ANTIVIRUS_TEMPLATE_ID, ['0', '7'])
    returned = decoded_settings(intent['settings'])
    assert dict((key, returned[key]) for key in CREATED_VALUES) == CREATED_VALUES
    assert returned == decoded_settings(stored['settings'])

    graph_log.clear()
    rerun = intune.run(args=args)

    assert not rerun.changed and rerun.result['actions'] == [] and not rerun.failed, rerun
    assert graph_log.writes() == []
    assert rerun.result['intent']['id'] == stored['id']

    graph_log.clear()
    quiet = intune.run(args=args, check=True, diff=True)

    assert not quiet.changed and quiet.result['actions'] == [], quiet
    assert '--- before' not in quiet.stdout and '+++ after' not in quiet.stdout, quiet.stdout
    assert methods(graph_log) == {'GET'}
    assert graph.control.intents() == [stored]


def test_settings_drift_updates_only_the_drifted_settings_keeping_their_ids(intune, graph, graph_log):
    seeded = graph.control.seed_intent('Corp - Antivirus', ANTIVIRUS_TEMPLATE_ID,
                                       settings={REAL_TIME: True, CLOUD_BLOCK_LEVEL: 'high'})
    args = antivirus('Corp - Antivirus', [
        {'definition_id': REAL_TIME, 'value': True},
        {'definition_id': SCAN_MAX_CPU, 'value': 20},
        {'definition_id': CLOUD_BLOCK_LEVEL, 'value_json': '"high"'},
        {'definition_id': EXCLUDED_EXTENSIONS, 'value': ['.tmp']},
    ])
    before = graph.control.intents()

    predicted = intune.run(args=args, check=True, diff=True)

    assert predicted.changed and predicted.result['actions'] == ['update_settings'], predicted
    assert methods(graph_log) == {'GET'}
    assert graph.control.intents() == before
    assert diff_entry(SCAN_MAX_CPU, 50) in diff_lines(predicted.stdout, '-'), predicted.stdout
    assert diff_entry(SCAN_MAX_CPU, 20) in diff_lines(predicted.stdout, '+'), predicted.stdout
    assert not any(REAL_TIME in line or CLOUD_BLOCK_LEVEL in line
                   for line in diff_lines(predicted.stdout, '+') + diff_lines(predicted.stdout, '-'))

    graph_log.clear()
    updated = intune.run(args=args)

    assert (updated.changed, updated.result['actions']) == (predicted.changed, predicted.result['actions']), updated
    [update] = graph_log.writes()
    assert (update['method'], update['path']) == ('POST', '%s/%s/updateSettings' % (INTENTS, seeded['id']))
    sent = update['body']['settings']
    ids = setting_ids(seeded)
    assert sorted((s['definitionId'], s['id']) for s in sent) == sorted(
        (key, ids[key]) for key in (SCAN_MAX_CPU, EXCLUDED_EXTENSIONS))
    assert decoded_settings(sent) == {SCAN_MAX_CPU: 20, EXCLUDED_EXTENSIONS: ['.tmp']}
    [stored] = graph.control.intents()
    assert setting_ids(stored) == ids
    assert decoded_settings(stored['settings']) == dict(decoded_settings(seeded['settings']),
                                                        **{SCAN_MAX_CPU: 20, EXCLUDED_EXTENSIONS: ['.tmp']})
    assert decoded_settings(updated.result['intent']['settings']) == decoded_settings(stored['settings'])
    # What check mode predicted is what the real run produced.
    assert decoded_settings(predicted.result['intent']['settings']) == decoded_settings(stored['settings'])
    assert predicted.result['diff']['after']['settings'] == decoded_settings(stored['settings'])


def test_description_and_tag_drift_patch_only_those_fields_and_tag_order_is_ignored(intune, graph, graph_log):
    seeded = graph.control.seed_intent('Corp - BitLocker', BITLOCKER_TEMPLATE_ID, description='Old text',
                                       settings={ENCRYPT_DEVICE: False}, role_scope_tag_ids=['0', '5'])
    settings = [{'definition_id': ENCRYPT_DEVICE, 'value': False}]
    base = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - BitLocker', 'settings_delta': settings}

    described = intune.run(args=dict(base, description='New text', role_scope_tag_ids=['5', '0']))

    assert described.changed and described.result['actions'] == ['patch'], described
    assert [(e['method'], e['path'], e['body']) for e in graph_log.writes()] == [
        ('PATCH', '%s/%s' % (INTENTS, seeded['id']), {'description': 'New text'})]

    graph_log.clear()
    tagged = intune.run(args=dict(base, description='New text', role_scope_tag_ids=['9', '5', '0']))

    assert tagged.changed and tagged.result['actions'] == ['patch'], tagged
    [patch] = graph_log.writes()
    assert (patch['method'], list(patch['body']), sorted(patch['body']['roleScopeTagIds'])) == (
        'PATCH', ['roleScopeTagIds'], ['0', '5', '9'])
    [stored] = graph.control.intents()
    assert (stored['description'], sorted(stored['roleScopeTagIds']), stored['templateId']) == (
        'New text', ['0', '5', '9'], BITLOCKER_TEMPLATE_ID)

    graph_log.clear()
    reordered = intune.run(args=dict(base, description='New text', role_scope_tag_ids=['0', '9', '5']))

    assert not reordered.changed and reordered.result['actions'] == [] and not reordered.failed, reordered
    assert graph_log.writes() == []


def test_absent_deletes_after_an_accurate_check_and_then_stays_absent(intune, graph, graph_log):
    doomed = graph.control.seed_intent('Corp - retired', BITLOCKER_TEMPLATE_ID, settings={ENCRYPT_DEVICE: False})
    survivor = graph.control.seed_intent('Corp - retired', ANTIVIRUS_TEMPLATE_ID)
    args = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - retired', 'state': 'absent'}
    before = graph.control.intents()

    predicted = intune.run(args=args, check=True, diff=True)

    assert predicted.changed and predicted.result['actions'] == ['delete'], predicted
    assert methods(graph_log) == {'GET'}
    assert graph.control.intents() == before
    removed = diff_lines(predicted.stdout, '-')
    assert diff_entry(ENCRYPT_DEVICE, False) in removed and '"displayName": "Corp - retired"' in removed, predicted.stdout
    assert predicted.result['diff']['after'] == {}

    graph_log.clear()
    deleted = intune.run(args=args)

    assert (deleted.changed, deleted.result['actions']) == (predicted.changed, predicted.result['actions']), deleted
    assert [(e['method'], e['path'], e['status']) for e in graph_log.writes()] == [
        ('DELETE', '%s/%s' % (INTENTS, doomed['id']), 204)]
    assert [i['id'] for i in graph.control.intents()] == [survivor['id']]
    assert deleted.result['intent'] == {}

    graph_log.clear()
    again = intune.run(args=args)

    assert not again.changed and again.result['actions'] == [] and not again.failed, again
    assert graph_log.writes() == []


def test_value_and_value_json_forms_of_the_stored_values_are_no_drift(intune, graph, graph_log):
    graph.control.seed_intent('Corp - forms', ANTIVIRUS_TEMPLATE_ID, settings={
        REAL_TIME: False, SCAN_MAX_CPU: 5, CLOUD_BLOCK_LEVEL: 'high', EXCLUDED_EXTENSIONS: ['.log', '.tmp']})

    run = intune.run(args=antivirus('Corp - forms', [
        {'definition_id': REAL_TIME, 'value_json': 'false'},
        {'definition_id': SCAN_MAX_CPU, 'value': 5, '@odata.type': 'deviceManagementIntegerSettingInstance'},
        {'definition_id': CLOUD_BLOCK_LEVEL, 'value_json': '"high"'},
        {'valueJson': '[ ".log" , ".tmp" ]', 'definitionId': EXCLUDED_EXTENSIONS},
    ]), diff=True)

    assert not run.changed and run.result['actions'] == [] and not run.failed, run
    assert graph_log.writes() == []
    assert '--- before' not in run.stdout, run.stdout


def test_adhoc_command_creates_an_intent(intune, graph, graph_log):
    rc, stdout, stderr = intune.adhoc({'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - ad hoc',
                                       'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': False}]})

    assert rc == 0 and 'CHANGED' in stdout, (stdout, stderr)
    [create] = graph_log.writes()
    assert create['path'] == 'deviceManagement/templates/%s/createInstance' % BITLOCKER_TEMPLATE_ID
    [stored] = graph.control.intents()
    assert stored['displayName'] == 'Corp - ad hoc'
    assert decoded_settings(stored['settings'])[ENCRYPT_DEVICE] is False
