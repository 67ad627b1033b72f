# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input fails before anything is sent, and settings are checked against the template before any write.

The first table is checked on the full request log (token and discovery requests included): a task with a wrong
option must not even authenticate. The definition checks need the template's definitions, so they may read, but
never write.
"""

import json

import pytest

from graph_emulator.seed import ANTIVIRUS_TEMPLATE_ID, BITLOCKER_TEMPLATE_ID, EDGE_BASELINE_ID

from playbook_runner import assert_clean_failure, run_tasks

# Also runs on the module path and through a non-local connection (see playbook_runner.EXECUTION_PATH).
pytestmark = pytest.mark.every_path

EP = 'deviceConfiguration--windows10EndpointProtectionConfiguration_'
GEN = 'deviceConfiguration--windows10GeneralConfiguration_'
ENCRYPT_DEVICE = EP + 'bitLockerEncryptDevice'
RECOVERY_ROTATION = EP + 'bitLockerRecoveryPasswordRotation'
SCAN_MAX_CPU = GEN + 'defenderScanMaxCpu'
CLOUD_BLOCK_LEVEL = GEN + 'defenderCloudBlockLevel'
EDGE_AUTH_SCHEMES = GEN + 'edgeAuthenticationSchemes'


def bitlocker(**args):
    task = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Corp - BitLocker'}
    task.update(args)
    return task


# (args, the field the domain reports or None for an argspec error, fragments of the message)
BAD_INPUT = {
    'malformed template_id': (
        bitlocker(template_id='d1174162-1dd2-4976-affc-6667049ab0a'), 'template_id',
        ['template_id', 'must be a GUID', 'd1174162-1dd2-4976-affc-6667049ab0a']),
    'malformed migrate_to': (
        bitlocker(migrate_to='{cef15778-c3b9-4d53-a00a-042929f0aad0}'), 'migrate_to',
        ['migrate_to', 'must be a GUID']),
    'value and value_json together': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value': True, 'value_json': 'true'}]),
        'settings_delta[0]', ['settings_delta[0]', 'exactly one of value and value_json']),
    'value_json is not JSON': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value': True},
                                  {'definition_id': RECOVERY_ROTATION, 'value_json': 'enabledForAzureAd'}]),
        'settings_delta[1].value_json', ['settings_delta[1].value_json', 'is not valid JSON']),
    'unknown odata_type': (
        bitlocker(settings_delta=[{'definitionId': ENCRYPT_DEVICE, 'value': True,
                                   '@odata.type': '#microsoft.graph.deviceManagementBoolSettingInstance'}]),
        'settings_delta[0].odata_type',
        ['settings_delta[0].odata_type', 'deviceManagementBoolSettingInstance',
         '#microsoft.graph.deviceManagementBooleanSettingInstance']),
    'empty display_name': (
        bitlocker(display_name='  '), 'display_name', ['display_name', 'non-empty']),
    'duplicated definition ids (option and alias)': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value': True},
                                  {'definitionId': ENCRYPT_DEVICE, 'value': False}]),
        'settings_delta[1].definition_id', ['settings_delta[1].definition_id', ENCRYPT_DEVICE, 'settings_delta[0]']),
    'unknown key in a settings_delta item': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value': True, 'valueType': 'boolean'}]),
        'settings_delta[0].valueType', ['settings_delta[0].valueType', 'not a supported key', 'value_json']),
    'template_id together with template_name': (
        bitlocker(template_name='BitLocker'), None, ['mutually exclusive', 'template_id', 'template_name']),
    'template_version without template_name': (
        bitlocker(template_version='1'), None, ['template_version', 'template_name']),
}


@pytest.mark.parametrize('args, field, fragments', list(BAD_INPUT.values()), ids=list(BAD_INPUT))
@pytest.mark.reliability('bad input', 'Each row of BAD_INPUT fails naming the field, before any request (request '
                                      'log empty)')
def test_bad_input_fails_naming_the_field_and_sends_nothing(intune, graph_log, args, field, fragments):
    run = intune.run(args=args)

    assert_clean_failure(run, *fragments)
    assert run.result.get('field') == field, run
    # Not a single request, not even for a token: the input is refused before the client exists.
    assert graph_log.everything() == []


def test_unknown_definition_id_names_the_closest_valid_ids_and_writes_nothing(intune, graph, graph_log):
    misspelled = EP + 'bitLockerEncryptDevise'
    run = intune.run(args=bitlocker(settings_delta=[{'definition_id': RECOVERY_ROTATION, 'value': 'disabled'},
                                                    {'definition_id': misspelled, 'value': True}]))

    message = assert_clean_failure(run, misspelled, 'not a setting of template %s (' % BITLOCKER_TEMPLATE_ID, 'closest valid ids',
                                   ENCRYPT_DEVICE)
    assert run.result['field'] == 'settings_delta[1].definition_id'
    assert message.split('closest valid ids: ')[1].split(', ')[0] == ENCRYPT_DEVICE
    assert graph_log.writes() == []
    # The definitions were read: the message comes from the template, not from a local list.
    assert any(entry['path'].endswith('/settingDefinitions') for entry in graph_log.graph())
    assert graph.control.intents() == []


# (template, existing intent?, setting, value, fragments): the value breaks a constraint of the definition.
CONSTRAINT_VIOLATIONS = {
    'enum': (ANTIVIRUS_TEMPLATE_ID, False, CLOUD_BLOCK_LEVEL, 'extreme',
             ["'extreme' is not one of the allowed values", "'highPlus'", "'zeroTolerance'"]),
    'integer range, on an existing intent': (ANTIVIRUS_TEMPLATE_ID, True, SCAN_MAX_CPU, 101,
                                             ['must be between 0 and 100, got 101']),
    'string length': (EDGE_BASELINE_ID, False, EDGE_AUTH_SCHEMES, 'ntlm,' * 41,
                      ['must have a length between 0 and 200, got 205']),
}


@pytest.mark.parametrize('template_id, existing, definition_id, value, fragments', list(CONSTRAINT_VIOLATIONS.values()),
                         ids=list(CONSTRAINT_VIOLATIONS))
def test_constraint_violation_fails_before_any_write(intune, graph, graph_log, template_id, existing, definition_id,
                                                     value, fragments):
    if existing:
        graph.control.seed_intent('Corp - checked', template_id)
    before = graph.control.intents()

    run = intune.run(args={'template_id': template_id, 'display_name': 'Corp - checked', 'description': 'changed',
                           'settings_delta': [{'definition_id': definition_id, 'value': value}]})

    assert_clean_failure(run, 'settings_delta[0].value', *fragments)
    assert run.result['field'] == 'settings_delta[0].value'
    assert graph_log.writes() == []
    assert graph.control.intents() == before


def test_validate_settings_false_lets_graph_reject_an_unknown_id_with_its_details(intune, graph, graph_log):
    misspelled = EP + 'bitLockerEncryptDevise'
    run = intune.run(args=bitlocker(validate_settings=False, settings_delta=[{'definition_id': misspelled, 'value': True}]))

    message = assert_clean_failure(run, '400', 'BadRequest', "Setting definition '%s' is not valid for this template"
                                   % misspelled)
    # No definition was read: the only judge was Graph, which got exactly one createInstance.
    assert not any('settingDefinitions' in entry['path'] for entry in graph_log.graph())
    creates = graph_log.writes()
    assert [(entry['method'], entry['path'], entry['status']) for entry in creates] == [
        ('POST', 'deviceManagement/templates/%s/createInstance' % BITLOCKER_TEMPLATE_ID, 400)]
    assert creates[0]['body']['settingsDelta'][0]['definitionId'] == misspelled
    error = run.result['error']
    assert (error['status'], error['code']) == (400, 'BadRequest')
    assert error['request_id'] and error['request_id'] in message
    assert error['client_request_id'] == creates[0]['client_request_id']
    assert graph.control.intents() == []


# Rows run together as the tasks of one playbook (one ansible-playbook start for all of them). Values written as
# ('emulator', key) are replaced by the emulator's file paths; ('missing', name) by a path that does not exist.
# (args, fragments of the message, the first naming the option or field)
BATCHED_BAD_INPUT = {
    'display_name with a control character': (
        bitlocker(display_name='Corp\x07BitLocker'), ['display_name', 'control character U+0007']),
    'display_name of the wrong type (a list)': (
        bitlocker(display_name=['Corp', 'BitLocker']), ['display_name', 'must be a non-empty string', 'JSON array']),
    'description of the wrong type (a mapping)': (
        bitlocker(description={'text': 'Managed'}), ['description', 'must be a string']),
    'template_id of the wrong type (a number)': (
        bitlocker(template_id=12345), ['template_id', 'must be a GUID']),
    'template_id with a trailing newline': (
        bitlocker(template_id=BITLOCKER_TEMPLATE_ID + '\n'), ['template_id', 'must be a GUID']),
    'neither template_id nor template_name': (
        {'display_name': 'Corp - BitLocker'}, ['template_id', 'template_name']),
    'settings_delta is a string': (
        bitlocker(settings_delta='bitLockerEncryptDevice=true'), ['settings_delta']),
    'settings_delta item without definition_id': (
        bitlocker(settings_delta=[{'value': True}]), ['settings_delta[0]', 'definition_id']),
    'settings_delta item with neither value nor value_json': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE}]), ['settings_delta[0]', 'value_json']),
    'definition_id of the wrong type (a number)': (
        bitlocker(settings_delta=[{'definition_id': 42, 'value': True}]), ['settings_delta[0].definition_id']),
    'duplicated definition ids (same spelling)': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value': True},
                                  {'definition_id': ENCRYPT_DEVICE, 'value': True}]),
        ['settings_delta[1].definition_id', 'settings_delta[0]']),
    'value_json that is NaN': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value_json': 'NaN'}]),
        ['settings_delta[0].value_json']),
    'value that contradicts its odata_type': (
        bitlocker(settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value': 'yes',
                                   'odata_type': '#microsoft.graph.deviceManagementBooleanSettingInstance'}]),
        ['settings_delta[0].value']),
    'empty role scope tag': (
        bitlocker(role_scope_tag_ids=['0', ' ']), ['role_scope_tag_ids[1]', 'non-empty']),
    'state that is not a choice': (
        bitlocker(state='gone'), ['state', 'present', 'absent']),
    'validate_settings that is not a boolean': (
        bitlocker(validate_settings='perhaps'), ['validate_settings']),
    'unknown option': (
        bitlocker(displayname='Corp - BitLocker'), ['displayname', 'Unsupported parameters']),
    'timeout out of range': (
        bitlocker(timeout=0), ['timeout', 'between 1 and 3600']),
    'timeout that is not a number': (
        bitlocker(timeout='soon'), ['timeout']),
    'max_retries out of range': (
        bitlocker(max_retries=99), ['max_retries', 'between 0 and 20']),
    'auth_method that is not a choice': (
        bitlocker(auth_method='kerberos'), ['auth_method']),
    'auth_method access_token without a token (a client secret is set)': (
        bitlocker(auth_method='access_token'), ['access_token']),
    'access_token with a Bearer prefix': (
        bitlocker(auth_method='access_token', access_token='Bearer emu-not-a-real-token-0123456789'),
        ['access_token', 'bare token']),
    'http:// graph_endpoint to a non-loopback host': (
        bitlocker(graph_endpoint='http://graph.example.com'), ['graph_endpoint', 'https']),
    'http:// authority_host to a non-loopback host': (
        bitlocker(authority_host='http://login.example.com'), ['authority_host', 'https']),
    'graph_endpoint with user credentials': (
        bitlocker(graph_endpoint='https://user:pass@127.0.0.1:9'), ['graph_endpoint', 'user credentials']),
    'cloud that is not a choice': (
        bitlocker(cloud='mars'), ['cloud']),
    'ca_path that does not exist': (
        bitlocker(ca_path=('missing', 'ca.pem')), ['ca_path', 'does not exist']),
    'unreadable certificate file': (
        bitlocker(auth_method='certificate', client_certificate_path=('missing', 'app.pem')),
        ['client_certificate_path']),
    'certificate file without a private key': (
        bitlocker(auth_method='certificate', client_certificate_path=('emulator', 'ca_path')),
        ['client_certificate_path']),
    'wrong certificate password': (
        bitlocker(auth_method='certificate', client_certificate_path=('emulator', 'cert_encrypted_path'),
                  client_certificate_password='not-the-password-0123456789'), ['client_certificate_password']),
    'encrypted certificate without a password': (
        bitlocker(auth_method='certificate', client_certificate_path=('emulator', 'cert_encrypted_path')),
        ['client_certificate_password']),
}


def _resolved(value, info, tmp_path):
    if isinstance(value, tuple):
        source, key = value
        return info[key] if source == 'emulator' else str(tmp_path / 'does-not-exist' / key)
    return value


@pytest.mark.reliability('bad input', 'Each row of BATCHED_BAD_INPUT (one playbook, one task per row) fails naming '
                                      'the option, before any request')
def test_batched_bad_input_fails_naming_the_field_and_sends_nothing(intune, graph, graph_log, tmp_path):
    tasks = []
    for args, dummy in BATCHED_BAD_INPUT.values():
        resolved = dict((name, _resolved(value, graph.info, tmp_path)) for name, value in args.items())
        tasks.append({'name': 'bad input %d' % len(tasks), 'msgraph.intune.intune_template_instance': resolved})

    run, results = run_tasks(tasks, module_defaults={'group/msgraph.intune.intune': intune.connection},
                             workdir=str(tmp_path))

    assert len(results) == len(BATCHED_BAD_INPUT), run
    problems = []
    for (row, (args, fragments)), result in zip(BATCHED_BAD_INPUT.items(), results):
        message = result.get('msg') or ''
        missing = [fragment for fragment in fragments if fragment not in message]
        if not result.get('failed') or missing or 'Traceback' in json.dumps(result) or 'MODULE FAILURE' in message:
            problems.append((row, missing, message or result))
    assert problems == []
    assert 'Traceback' not in run.output, run
    # Not a single request from any of the rows, not even for a token.
    assert graph_log.everything() == []
