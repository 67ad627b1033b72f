# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Throttling, outages, lost responses, token expiry and Graph errors, injected with the emulator's fault rules.

The request log is the evidence: which request was refused, that it was repeated (and after how long), and that
createInstance never made a second profile.
"""

import email.utils
import json
import re
import time

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from conftest import while_held
from playbook_runner import assert_clean_failure

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
INTENTS = r'^/beta/deviceManagement/intents$'
CREATE_INSTANCE = r'/createInstance$'
NAME = 'Resilience - BitLocker'
CREATE_ARGS = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME,
               'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': True}]}


def calls(graph, path_regex, method=None):
    """Graph requests (in order) whose path matches, optionally of one method."""
    pattern = re.compile(path_regex)
    return [call for call in graph.control.requests(kind='graph')
            if pattern.search(call['path']) and (method is None or call['method'] == method)]


def statuses(graph, path_regex, method=None):
    return [call['status'] for call in calls(graph, path_regex, method)]


def intune_error_body(code, message, request_id):
    """A Graph error whose message is Intune's JSON document, as Intune-backed endpoints send it."""
    document = {'_version': 3, 'Message': '%s - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 '
                '- Activity ID: %s - Url: https://fef.msub02.manage.microsoft.com/DeviceConfiguration/createInstance'
                % (message, request_id), 'CustomApiErrorPhrase': '', 'RetryAfter': None, 'ErrorSourceService': '',
                'HttpHeaders': '{}'}
    return {'error': {'code': code, 'message': json.dumps(document),
                      'innerError': {'date': '2026-01-01T00:00:00', 'request-id': request_id}}}


def assert_created_once(run, graph):
    assert run.rc == 0 and not run.failed and run.changed, run
    assert run.result['actions'] == ['create']
    intents = graph.control.intents()
    assert [intent['displayName'] for intent in intents] == [NAME]
    assert run.result['intent']['id'] == intents[0]['id']
    return intents[0]


def seed_profile(graph):
    return graph.control.seed_intent(NAME, BITLOCKER_TEMPLATE_ID, description='before', settings={ENCRYPT_DEVICE: False})


RETRY_AFTER_VALUES = {
    'integer': '1',
    'fractional': '2.128',
    'zero': '0',
    'absent': None,
    'http_date': 'http_date',
}


@pytest.mark.parametrize('retry_after', sorted(RETRY_AFTER_VALUES))
@pytest.mark.reliability('fault', '429 on the intent lookup and on createInstance with Retry-After as integer '
                                  'seconds, fractional seconds ("2.128"), "0", absent and an HTTP date: waited '
                                  'for (at least the 1 s floor), then repeated')
def test_throttled_read_and_create_are_retried(graph, intune, retry_after):
    value = RETRY_AFTER_VALUES[retry_after]
    if value == 'http_date':
        value = email.utils.formatdate(time.time() + 2, usegmt=True)
    headers = {'Retry-After': value} if value is not None else {}
    graph.control.add_fault(INTENTS, method='GET', status=429, headers=headers)
    graph.control.add_fault(CREATE_INSTANCE, method='POST', status=429, headers=headers)
    run = intune.run(args=CREATE_ARGS)
    assert_created_once(run, graph)
    for path, method in ((INTENTS, 'GET'), (CREATE_INSTANCE, 'POST')):
        attempts = calls(graph, path, method)
        assert [call['status'] for call in attempts[:2]] == [429, 200], attempts
        # The wait honours Retry-After (2.128 s is not rounded down) with a floor of about a second (also when
        # Graph says 0 or nothing).
        assert attempts[1]['time'] - attempts[0]['time'] >= (2.1 if retry_after == 'fractional' else 0.9)
    assert statuses(graph, CREATE_INSTANCE) == [429, 200]


@pytest.mark.reliability('fault', '503 (Retry-After 0) on the lookup and PATCH, 504 on updateSettings: repeated')
def test_unavailable_reads_and_updates_are_retried(graph, intune):
    intent_id = seed_profile(graph)['id']
    intent_path = r'^/beta/deviceManagement/intents/%s$' % intent_id
    graph.control.add_fault(INTENTS, method='GET', status=503, headers={'Retry-After': '0'})
    graph.control.add_fault(r'/updateSettings$', method='POST', status=504)
    graph.control.add_fault(intent_path, method='PATCH', status=503, headers={'Retry-After': '0'})
    run = intune.run(args=dict(CREATE_ARGS, description='after'))
    assert run.rc == 0 and not run.failed and run.changed, run
    assert run.result['actions'] == ['update_settings', 'patch']
    assert statuses(graph, INTENTS, 'GET')[:2] == [503, 200]
    assert statuses(graph, r'/updateSettings$') == [504, 204]
    assert statuses(graph, intent_path, 'PATCH') == [503, 200]
    (intent,) = graph.control.intents()
    assert intent['id'] == intent_id and intent['description'] == 'after'
    assert [s['valueJson'] for s in intent['settings'] if s['definitionId'] == ENCRYPT_DEVICE] == ['true']


@pytest.mark.reliability('fault', '504, then 503 with Retry-After, on DELETE: repeated')
def test_unavailable_delete_is_retried(graph, intune):
    intent_id = seed_profile(graph)['id']
    intent_path = r'^/beta/deviceManagement/intents/%s$' % intent_id
    graph.control.add_fault(intent_path, method='DELETE', status=504)
    graph.control.add_fault(intent_path, method='DELETE', status=503, headers={'Retry-After': '0'})
    run = intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME, 'state': 'absent'})
    assert run.rc == 0 and not run.failed and run.changed and run.result['actions'] == ['delete'], run
    assert statuses(graph, intent_path, 'DELETE') == [504, 503, 204]
    assert graph.control.intents() == []


@pytest.mark.reliability('fault', 'Retry-After larger than the remaining retry budget (3600 s): a clean '
                                  'failure at once, no hang')
def test_retry_after_beyond_budget_fails_quickly(graph, intune):
    graph.control.add_fault(INTENTS, method='GET', count=10, status=429, headers={'Retry-After': '3600'})
    run = intune.run(args=CREATE_ARGS)
    # Measured from the refused request, so that a slow ansible-playbook start on a busy machine does not count.
    (throttled,) = calls(graph, INTENTS, 'GET')
    assert time.time() - throttled['time'] < 30
    message = assert_clean_failure(run, '429', 'TooManyRequests', '3600')
    assert 'retry after' in message
    assert graph.control.intents() == []


@pytest.mark.reliability('fault', 'max_retries=0: the 429 is reported with its code, request-id and client-request-id')
def test_no_retries_reports_graph_code_and_request_id(graph, intune):
    graph.control.add_fault(INTENTS, method='GET', status=429, headers={'Retry-After': '1'})
    run = intune.run(args=dict(CREATE_ARGS, max_retries=0))
    message = assert_clean_failure(run, '429', 'TooManyRequests', 'request-id')
    error = run.result['error']
    assert error['status'] == 429 and error['code'] == 'TooManyRequests' and error['request_id']
    assert error['request_id'] in message
    (throttled,) = calls(graph, INTENTS, 'GET')
    assert error['client_request_id'] == throttled['client_request_id']
    assert not calls(graph, CREATE_INSTANCE)


@pytest.mark.reliability('fault', 'createInstance committed, response lost (connection closed): the lookup '
                                  'finds the intent, no second create')
def test_create_committed_but_response_lost_is_found_not_repeated(graph, intune):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', action='commit_then_drop')
    run = intune.run(args=CREATE_ARGS)
    assert_created_once(run, graph)
    creates = calls(graph, CREATE_INSTANCE)
    assert len(creates) == 1 and creates[0]['fault'] == 'commit_then_drop'
    # After the lost response the module looked the profile up again instead of creating a second one.
    lookups_after = [call for call in calls(graph, INTENTS, 'GET') if call['time'] > creates[0]['time']]
    assert lookups_after


@pytest.mark.reliability('fault', 'createInstance dropped before processing: looked up over the settle window, '
                                  'then created once')
def test_create_not_committed_is_retried_after_lookup(graph, intune):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', action='drop')
    # timeout 2: the settle window before the second createInstance is 10 s instead of 90 s.
    run = intune.run(args=dict(CREATE_ARGS, timeout=2))
    assert_created_once(run, graph)
    creates = calls(graph, CREATE_INSTANCE)
    assert [call['status'] for call in creates] == [None, 200]
    lookups_between = [call for call in calls(graph, INTENTS, 'GET') if creates[0]['time'] < call['time'] < creates[1]['time']]
    assert lookups_between


@pytest.mark.reliability('fault', 'createInstance answered 500 every time, with the default timeout and max_retries: '
                                  'looked up for 10 s, then the 500 is reported with its request-id; sent once')
def test_an_answered_500_on_create_fails_soon_without_a_second_create(graph, intune):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', status=500, count=20)
    run = intune.run(args=CREATE_ARGS)
    assert_clean_failure(run, '500', 'request-id')
    (create,) = calls(graph, CREATE_INSTANCE)
    assert graph.control.intents() == [] and run.result['error']['status'] == 500
    # The short window's lookups (waits of 1, 1-2, 2-4 s, ... up to 10 s: at most 5), not the 8 or more of a lost
    # answer's 90 s window.
    lookups_after = [call for call in calls(graph, INTENTS, 'GET') if call['time'] > create['time']]
    assert 1 <= len(lookups_after) <= 5


@pytest.mark.reliability('fault', "Intune's 400 on createInstance: message unwrapped, request-id, "
                                  'client-request-id and request body reported')
def test_bad_request_on_create_reports_every_detail(graph, intune):
    request_id = '7d1e0c55-4f3a-4b8e-9d6c-0a1b2c3d4e5f'
    intune_message = 'The setting value is not valid for deviceConfiguration'
    graph.control.add_fault(CREATE_INSTANCE, method='POST', status=400,
                            body=intune_error_body('BadRequest', intune_message, request_id))
    run = intune.run(args=CREATE_ARGS)
    message = assert_clean_failure(run, '400', 'BadRequest', intune_message, request_id)
    assert '_version' not in message
    (create,) = calls(graph, CREATE_INSTANCE)
    error = run.result['error']
    assert error['status'] == 400 and error['code'] == 'BadRequest'
    assert error['message'].startswith(intune_message)
    assert error['request_id'] == request_id
    assert error['client_request_id'] == create['client_request_id']
    assert error['request_body'] == create['body']
    assert graph.control.intents() == []


@pytest.mark.reliability('fault', 'Graph 401 InvalidAuthenticationToken in the middle of a run (token '
                                  'expired): the token is acquired once more, the request repeated')
def test_token_expired_mid_run_is_refreshed_once(graph, intune):
    # The first intent lookup is held for two seconds; meanwhile every issued token expires.
    graph.control.add_fault(INTENTS, method='GET', action='delay', delay_ms=2000)

    with while_held(graph, graph.control.expire_tokens):
        run = intune.run(args=CREATE_ARGS)
    assert_created_once(run, graph)
    assert statuses(graph, INTENTS, 'GET')[:2] == [401, 200]
    assert [token['status'] for token in graph.control.requests(kind='token')] == [200, 200]


@pytest.mark.reliability('fault', 'Graph 401 on createInstance: a new token, the create repeated (it was not '
                                  'processed)')
def test_rejected_token_on_create_is_refreshed_and_create_repeated(graph, intune):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', status=401)
    run = intune.run(args=CREATE_ARGS)
    assert_created_once(run, graph)
    assert statuses(graph, CREATE_INSTANCE) == [401, 200]
    assert len(graph.control.requests(kind='token')) == 2


@pytest.mark.reliability('fault', 'Graph 401 twice: a clean failure after exactly one new token')
def test_token_rejected_twice_fails_after_one_refresh(graph, intune):
    graph.control.add_fault(INTENTS, method='GET', count=2, status=401)
    run = intune.run(args=CREATE_ARGS)
    assert_clean_failure(run, '401', 'InvalidAuthenticationToken')
    assert statuses(graph, INTENTS, 'GET') == [401, 401]
    assert len(graph.control.requests(kind='token')) == 2


@pytest.mark.reliability('fault', "403 with Intune's missing-permission message: the failure names "
                                  'DeviceManagementConfiguration.ReadWrite.All')
def test_missing_permission_is_named(graph, intune):
    graph.control.add_fault(
        CREATE_INSTANCE, method='POST', status=403,
        body=intune_error_body('Forbidden', 'Application is not authorized to perform this operation. Application must '
                               'have one of the following scopes: DeviceManagementConfiguration.ReadWrite.All',
                               '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f'))
    run = intune.run(args=CREATE_ARGS)
    assert_clean_failure(run, '403', 'Forbidden', 'DeviceManagementConfiguration.ReadWrite.All')
    assert statuses(graph, CREATE_INSTANCE) == [403]
    assert graph.control.intents() == []


@pytest.mark.reliability('fault', 'An HTML error page from a proxy (502): a clean failure with the status and '
                                  'without the HTML')
def test_html_error_page_from_a_proxy(graph, intune):
    page = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>'
    graph.control.add_fault(INTENTS, method='GET', status=502, headers={'Content-Type': 'text/html'}, body=page)
    run = intune.run(args=CREATE_ARGS)
    message = assert_clean_failure(run, '502', 'Bad Gateway')
    assert '<html>' not in message
    assert run.result['error']['status'] == 502
    assert statuses(graph, INTENTS, 'GET') == [502]
    assert graph.control.intents() == []
