# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault matrix beyond test_resilience.py: every request kind meets an outage, a dropped connection, a read
timeout and (for writes) a lost response; the token endpoint fails; responses have the wrong shape; Intune's
request limits are enforced.

Each test runs the real module through ansible-playbook and then checks the emulator: the intent ends in the
desired state, exactly one exists, and the output is a success or a clean failure (no traceback).
"""

import re

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from playbook_runner import assert_clean_failure

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
NAME = 'Fault matrix - BitLocker'
INTENTS = r'^/beta/deviceManagement/intents$'
TEMPLATE = r'^/beta/deviceManagement/templates/%s$' % BITLOCKER_TEMPLATE_ID
CREATE_INSTANCE = r'/createInstance$'
UPDATE_SETTINGS = r'/updateSettings$'
TOKEN = r'/oauth2/v2\.0/token$'
DISCOVERY = r'/v2\.0/\.well-known/openid-configuration$'
INTENT_READ = r'^/beta/deviceManagement/intents/[0-9a-f-]{36}$'
INTENT_SETTINGS_READ = r'^/beta/deviceManagement/intents/[0-9a-f-]{36}/settings$'
# A read timeout: the emulator holds the request longer than the module's timeout option, then processes it.
TIMEOUT_S = 2
HELD_MS = 2500

DESIRED = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME, 'description': 'desired',
           'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': True}]}


def log(graph, path_regex, method=None, kind=None):
    """Logged requests (in order) whose path matches, optionally of one method and kind."""
    pattern = re.compile(path_regex)
    return [entry for entry in graph.control.requests(kind=kind)
            if pattern.search(entry['path']) and (method is None or entry['method'] == method)]


def intent_path(intent_id):
    return r'^/beta/deviceManagement/intents/%s$' % intent_id


def seed_drifted(graph):
    """An intent that differs from DESIRED in a setting and the description: the run updates and patches it."""
    return graph.control.seed_intent(NAME, BITLOCKER_TEMPLATE_ID, description='before',
                                     settings={ENCRYPT_DEVICE: False})['id']


def assert_one_desired_intent(run, graph):
    """Success, and the emulator holds exactly one intent, in the desired state."""
    assert run.rc == 0 and not run.failed, run
    (intent,) = graph.control.intents()
    assert intent['displayName'] == NAME and intent['description'] == 'desired'
    assert [s['valueJson'] for s in intent['settings'] if s['definitionId'] == ENCRYPT_DEVICE] == ['true']
    assert run.result['intent']['id'] == intent['id']
    assert graph.control.violations() == []
    return intent


def transport_fault(kind):
    """The fault rule arguments of a dropped connection or a read timeout."""
    if kind == 'drop':
        return {'action': 'drop'}
    return {'action': 'delay', 'delay_ms': HELD_MS}


TRANSPORT_FAULTS = ['drop', 'read_timeout']


# --- 503 and 504 on every request kind ----------------------------------------------------------------------------

@pytest.mark.reliability('fault', '503 with Retry-After and 504 without, on the intent lookup and on createInstance '
                                  '(createInstance: looked up before it is repeated)')
@pytest.mark.parametrize('lookup_status, create_status', [(503, 504), (504, 503)], ids=['503_then_504', '504_then_503'])
def test_unavailable_lookup_and_create(graph, intune, lookup_status, create_status):
    headers = {503: {'Retry-After': '1'}, 504: {}}
    graph.control.add_fault(INTENTS, method='GET', status=lookup_status, headers=headers[lookup_status])
    graph.control.add_fault(CREATE_INSTANCE, method='POST', status=create_status, headers=headers[create_status])
    # timeout 2: the settle window before the second createInstance is 10 s instead of 90 s.
    run = intune.run(args=dict(DESIRED, timeout=2))
    assert_one_desired_intent(run, graph)
    assert [entry['status'] for entry in log(graph, INTENTS, 'GET')][:2] == [lookup_status, 200]
    creates = log(graph, CREATE_INSTANCE, 'POST')
    assert [entry['status'] for entry in creates] == [create_status, 200]
    assert [entry for entry in log(graph, INTENTS, 'GET') if creates[0]['time'] < entry['time'] < creates[1]['time']]


@pytest.mark.reliability('fault', '503 with Retry-After and 504 without, on the template read, updateSettings and '
                                  'PATCH')
def test_unavailable_template_read_update_and_patch(graph, intune):
    intent_id = seed_drifted(graph)
    graph.control.add_fault(TEMPLATE, method='GET', status=504)
    graph.control.add_fault(UPDATE_SETTINGS, method='POST', status=503, headers={'Retry-After': '1'})
    graph.control.add_fault(intent_path(intent_id), method='PATCH', status=504)
    run = intune.run(args=DESIRED)
    intent = assert_one_desired_intent(run, graph)
    assert intent['id'] == intent_id and run.result['actions'] == ['update_settings', 'patch']
    assert [entry['status'] for entry in log(graph, TEMPLATE, 'GET')] == [504, 200]
    assert [entry['status'] for entry in log(graph, UPDATE_SETTINGS, 'POST')] == [503, 204]
    assert [entry['status'] for entry in log(graph, intent_path(intent_id), 'PATCH')] == [504, 200]


# --- dropped connections and read timeouts on every request kind ------------------------------------------------

READS = ((DISCOVERY, 'GET'), (TOKEN, 'POST'), (TEMPLATE, 'GET'), (INTENTS, 'GET'), (INTENT_READ, 'GET'),
         (INTENT_SETTINGS_READ, 'GET'))


@pytest.mark.reliability('fault', 'Connection reset and read timeout on every read: OpenID discovery, the token '
                                  'request, the template, the intent lookup, the intent and its settings')
@pytest.mark.parametrize('fault', TRANSPORT_FAULTS)
def test_transport_failures_on_reads(graph, intune, fault):
    # A drifted intent takes the run through every kind of read, the intent's read-back after its update included.
    seed_drifted(graph)
    for path, method in READS:
        graph.control.add_fault(path, method=method, **transport_fault(fault))
    run = intune.run(args=dict(DESIRED, timeout=TIMEOUT_S))
    assert_one_desired_intent(run, graph)
    for path, method in READS:
        attempts = log(graph, path, method)
        assert attempts[0]['fault'] == ('drop' if fault == 'drop' else 'delay'), (path, attempts)
        assert attempts[1]['status'] == 200, (path, attempts)


@pytest.mark.reliability('fault', 'Connection reset on createInstance (not committed): looked up, then created once')
@pytest.mark.reliability('fault', 'Read timeout on createInstance (committed while the client waited): found by the '
                                  'lookup, not created again')
@pytest.mark.parametrize('fault', TRANSPORT_FAULTS)
def test_transport_failures_on_create(graph, intune, fault):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', **transport_fault(fault))
    run = intune.run(args=dict(DESIRED, timeout=TIMEOUT_S))
    assert_one_desired_intent(run, graph)
    creates = log(graph, CREATE_INSTANCE, 'POST')
    if fault == 'drop':
        assert [entry['status'] for entry in creates] == [None, 200]
    else:
        # The held request was committed after the client gave up; the lookup found it, so no second create.
        assert [entry['status'] for entry in creates] == [200]
    assert log(graph, INTENTS, 'GET')[-1]['time'] > creates[0]['time']


@pytest.mark.reliability('fault', 'Connection reset and read timeout on updateSettings and PATCH (idempotent: repeated)')
@pytest.mark.parametrize('fault', TRANSPORT_FAULTS)
def test_transport_failures_on_update_and_patch(graph, intune, fault):
    intent_id = seed_drifted(graph)
    graph.control.add_fault(UPDATE_SETTINGS, method='POST', **transport_fault(fault))
    graph.control.add_fault(intent_path(intent_id), method='PATCH', **transport_fault(fault))
    run = intune.run(args=dict(DESIRED, timeout=TIMEOUT_S))
    assert assert_one_desired_intent(run, graph)['id'] == intent_id
    first_status = None if fault == 'drop' else 204
    assert [entry['status'] for entry in log(graph, UPDATE_SETTINGS, 'POST')] == [first_status, 204]
    assert [entry['status'] for entry in log(graph, intent_path(intent_id), 'PATCH')] == [
        None if fault == 'drop' else 200, 200]


@pytest.mark.reliability('fault', 'Connection reset and read timeout on DELETE (a repeat that meets 404 is success)')
@pytest.mark.parametrize('fault', TRANSPORT_FAULTS)
def test_transport_failures_on_delete(graph, intune, fault):
    intent_id = seed_drifted(graph)
    graph.control.add_fault(intent_path(intent_id), method='DELETE', **transport_fault(fault))
    run = intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME, 'state': 'absent',
                           'timeout': TIMEOUT_S})
    assert run.rc == 0 and not run.failed and run.changed and run.result['actions'] == ['delete'], run
    expected = [None, 204] if fault == 'drop' else [204, 404]
    assert [entry['status'] for entry in log(graph, intent_path(intent_id), 'DELETE')] == expected
    assert graph.control.intents() == []


# --- lost responses of committed writes ----------------------------------------------------------------------------

@pytest.mark.reliability('fault', 'updateSettings and PATCH committed, response lost: repeated (idempotent), '
                                  'one intent in the desired state')
def test_update_and_patch_committed_but_response_lost(graph, intune):
    intent_id = seed_drifted(graph)
    graph.control.add_fault(UPDATE_SETTINGS, method='POST', action='commit_then_drop')
    graph.control.add_fault(intent_path(intent_id), method='PATCH', action='commit_then_drop')
    run = intune.run(args=DESIRED)
    assert assert_one_desired_intent(run, graph)['id'] == intent_id
    assert [(e['status'], e['fault']) for e in log(graph, UPDATE_SETTINGS, 'POST')] == [(204, 'commit_then_drop'),
                                                                                        (204, None)]
    assert [(e['status'], e['fault']) for e in log(graph, intent_path(intent_id), 'PATCH')] == [
        (200, 'commit_then_drop'), (200, None)]


@pytest.mark.reliability('fault', 'DELETE committed, response lost: the repeat meets 404, which is success')
def test_delete_committed_but_response_lost(graph, intune):
    intent_id = seed_drifted(graph)
    graph.control.add_fault(intent_path(intent_id), method='DELETE', action='commit_then_drop')
    run = intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME, 'state': 'absent'})
    assert run.rc == 0 and not run.failed and run.changed and run.result['actions'] == ['delete'], run
    assert [(e['status'], e['fault']) for e in log(graph, intent_path(intent_id), 'DELETE')] == [
        (204, 'commit_then_drop'), (404, None)]
    assert graph.control.intents() == []


# --- the token endpoint ---------------------------------------------------------------------------------------------

@pytest.mark.reliability('fault', 'Token endpoint 500/503: the token request is repeated (bounded)')
def test_token_endpoint_outage_is_retried(graph, intune):
    graph.control.add_fault(TOKEN, method='POST', status=500, body={'error': 'server_error'})
    graph.control.add_fault(TOKEN, method='POST', status=503, body={'error': 'temporarily_unavailable'})
    run = intune.run(args=DESIRED)
    assert_one_desired_intent(run, graph)
    assert [entry['status'] for entry in log(graph, TOKEN, 'POST', kind='token')] == [500, 503, 200]


@pytest.mark.reliability('fault', 'Token endpoint down for good: a clean failure after three attempts, nothing written')
def test_token_endpoint_down_fails_cleanly(graph, intune):
    graph.control.add_fault(TOKEN, method='POST', count=10, status=503, body={'error': 'temporarily_unavailable'})
    run = intune.run(args=DESIRED)
    assert_clean_failure(run, 'token', '503')
    assert [entry['status'] for entry in log(graph, TOKEN, 'POST', kind='token')] == [503, 503, 503]
    assert graph.control.requests(kind='graph') == [] and graph.control.intents() == []


@pytest.mark.reliability('fault', 'Token endpoint answers invalid_client with an AADSTS code: not retried, the '
                                  'failure names the code')
def test_token_endpoint_invalid_client_is_not_retried(graph, intune):
    graph.control.add_fault(TOKEN, method='POST', status=401, body={
        'error': 'invalid_client', 'error_codes': [7000222],
        'error_description': 'AADSTS7000222: The provided client secret keys for app are expired.',
        'correlation_id': '5b2c1a66-1111-2222-3333-444455556666'})
    run = intune.run(args=DESIRED)
    assert_clean_failure(run, 'AADSTS7000222', 'invalid_client', '5b2c1a66-1111-2222-3333-444455556666')
    assert len(log(graph, TOKEN, 'POST', kind='token')) == 1 and graph.control.intents() == []


# --- responses of the wrong shape ----------------------------------------------------------------------------------

@pytest.mark.reliability('fault', 'JSON of the wrong shape (a collection without a value list, an entity that is a '
                                  'list): a clean failure with the status and the request-id')
@pytest.mark.parametrize('path, body', [(INTENTS, {'value': 'not a list'}), (TEMPLATE, [BITLOCKER_TEMPLATE_ID])],
                         ids=['collection', 'entity'])
def test_wrong_shape_fails_with_status_and_request_id(graph, intune, path, body):
    graph.control.add_fault(path, method='GET', status=200, body=body)
    run = intune.run(args=DESIRED)
    message = assert_clean_failure(run, '200', 'InvalidResponse', 'expected', 'request-id')
    (refused,) = log(graph, path, 'GET')
    assert run.result['error']['request_id'] and run.result['error']['request_id'] in message
    assert run.result['error']['client_request_id'] == refused['client_request_id']
    assert graph.control.intents() == []


# --- Intune's request limits ---------------------------------------------------------------------------------------

@pytest.mark.reliability('fault', "Intune's write limit enforced by the emulator (scaled): the 429 is absorbed and the "
                                  'update completes')
def test_enforced_write_limit_is_absorbed(graph, intune):
    intent_id = seed_drifted(graph)
    # 100 writes per app / 100 = one write per 3 s window: the PATCH right after updateSettings is refused.
    graph.control.config(throttle_scale=100, throttle_window_s=3)
    run = intune.run(args=DESIRED)
    assert assert_one_desired_intent(run, graph)['id'] == intent_id
    patches = log(graph, intent_path(intent_id), 'PATCH')
    assert [(entry['status'], entry['throttled']) for entry in patches] == [(429, 'writes per app'), (200, None)]
    assert patches[1]['time'] - patches[0]['time'] >= 1
