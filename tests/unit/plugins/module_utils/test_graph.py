# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import email.utils
import json
import uuid

from http.client import responses as REASONS

import pytest
import requests

from ansible_collections.msgraph.intune.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.msgraph.intune.plugins.module_utils._graph import (
    COLLECTION_VERSION,
    GraphClient,
    GraphError,
    GraphTransportError,
    RetryPolicy,
    build_session,
    parse_retry_after,
)
from ansible_collections.msgraph.intune.tests.unit.plugins.module_utils.fake_http import fake_response

BASE = 'https://127.0.0.1:8444/beta'
TOKEN = 'fake.access.token-0123456789abcdef'


class FakeTransport(requests.adapters.BaseAdapter):
    """Replies from a script: each item is a (status, body, headers) tuple or an exception to raise."""

    def __init__(self, script):
        super(FakeTransport, self).__init__()
        self.script = list(script)
        self.requests = []
        self.send_kwargs = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        self.send_kwargs.append(kwargs)
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        status, body, headers = (tuple(item) + (None, None))[:3]
        return fake_response(request, status, body, headers, reason=REASONS.get(status))

    def close(self):
        pass


class FakeTokens(object):
    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.refreshes = 0

    def token(self):
        return self.tokens[0]

    def refresh(self):
        self.refreshes += 1
        if len(self.tokens) > 1:
            self.tokens.pop(0)
        return self.tokens[0]


def make_client(script, max_retries=5, tokens=(TOKEN,), timeout=30, validate_certs=True):
    settings = ConnectionSettings(timeout=timeout, validate_certs=validate_certs)
    session = build_session(settings)
    transport = FakeTransport(script)
    session.mount('https://', transport)
    sleeps = []
    client = GraphClient(BASE, FakeTokens(tokens), session, timeout, max_retries, sleep=sleeps.append)
    client.retry_policy.random_fraction = lambda: 1.0
    return client, transport, sleeps


@pytest.fixture(autouse=True)
def no_ca_bundle_from_environment(monkeypatch):
    # requests swaps verify=True for these bundles; the tests check what the client itself passes.
    monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)


def graph_error(code, message, **inner):
    return {'error': {'code': code, 'message': message, 'innerError': inner}}


# --- requests ---------------------------------------------------------------------------------------------------

def test_every_request_carries_token_json_accept_fresh_id_and_user_agent():
    client, transport, dummy = make_client([(200, {'id': 'a'}), (200, {'id': 'b'})])
    assert client.get('deviceManagement/templates/a') == {'id': 'a'}
    client.get('/deviceManagement/templates/b')
    first, second = transport.requests
    assert first.url == BASE + '/deviceManagement/templates/a'
    assert second.url == BASE + '/deviceManagement/templates/b'
    assert first.headers['Authorization'] == 'Bearer ' + TOKEN
    assert first.headers['Accept'] == 'application/json'
    assert first.headers['User-Agent'].startswith('msgraph.intune/%s ' % COLLECTION_VERSION)
    ids = [request.headers['client-request-id'] for request in transport.requests]
    assert ids[0] != ids[1] and all(str(uuid.UUID(value)) == value for value in ids)
    assert transport.send_kwargs[0]['timeout'] == 30 and transport.send_kwargs[0]['verify'] is True
    assert client.requests_made == 2


def test_session_applies_timeout_and_verify_to_requests_that_do_not_pass_them(monkeypatch):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/nonexistent/ca.pem')
    session = build_session(ConnectionSettings(timeout=7, validate_certs=False))
    transport = FakeTransport([(200, {})])
    session.mount('https://', transport)
    session.get('https://127.0.0.1:8443/tenant/v2.0/.well-known/openid-configuration')  # how msal calls it
    assert transport.send_kwargs[0]['timeout'] == 7
    assert transport.send_kwargs[0]['verify'] is False


def test_post_sends_json_and_returns_none_for_204():
    client, transport, dummy = make_client([(204, None)])
    assert client.post('deviceManagement/intents/i/updateSettings', {'settings': []}) is None
    request = transport.requests[0]
    assert request.method == 'POST'
    assert request.headers['Content-Type'] == 'application/json'
    assert json.loads(request.body) == {'settings': []}


def test_odata_parameters_use_percent_twenty_for_spaces():
    client, transport, dummy = make_client([(200, {'value': []})])
    client.get('deviceManagement/intents', params={'$filter': "displayName eq 'a+b'", '$top': 5})
    assert transport.requests[0].url == BASE + "/deviceManagement/intents?$filter=displayName%20eq%20'a%2Bb'&$top=5"


def test_base_url_must_end_in_beta():
    with pytest.raises(ValueError, match='must end in /beta'):
        GraphClient('https://127.0.0.1:8444/v1.0', FakeTokens([TOKEN]), None, 30, 5)


# --- Retry-After --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    ('5', 5.0),
    ('2.128', 2.128),
    ('0', 0.0),
    (' 7 ', 7.0),
    (None, None),
    ('', None),
    ('soon', None),
    ('-1', None),
    ('1e3', None),
    ('nan', None),
    ('Wed, 32 Oct 2026 07:28:00 GMT', None),
])
def test_parse_retry_after_seconds_and_garbage(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date():
    now = 1800000000.0
    assert parse_retry_after(email.utils.formatdate(now + 42, usegmt=True), now=now) == 42.0
    assert parse_retry_after(email.utils.formatdate(now - 42, usegmt=True), now=now) == 0.0


# --- retries ------------------------------------------------------------------------------------------------------

THROTTLED = graph_error('TooManyRequests', 'Please retry again later.')


def test_429_honours_fractional_retry_after():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '2.128'}), (200, {'ok': True})])
    assert client.get('x') == {'ok': True}
    assert sleeps == [2.128]
    assert client.requests_made == 2


def test_retry_after_zero_waits_the_floor():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '0'}), (200, {})])
    client.get('x')
    assert sleeps == [1.0]


def test_503_and_504_without_retry_after_back_off_exponentially():
    client, dummy, sleeps = make_client([(503, 'busy'), (504, 'slow'), (503, 'busy'), (200, {})])
    client.get('x')
    assert sleeps == [1.0, 2.0, 4.0]


def test_backoff_jitter_stays_between_half_and_full_and_under_the_cap():
    policy = RetryPolicy(10, random_fraction=lambda: 0.0)
    assert [policy.backoff(n) for n in range(8)] == [1.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0]
    policy.random_fraction = lambda: 1.0
    assert [policy.backoff(n) for n in range(8)] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


def test_gives_up_after_max_retries():
    client, dummy, sleeps = make_client([(503, 'busy')] * 3, max_retries=2)
    with pytest.raises(GraphError) as info:
        client.get('x')
    assert info.value.status == 503
    assert 'gave up after 2 retries' in str(info.value)
    assert client.requests_made == 3 and len(sleeps) == 2


def test_retry_after_beyond_the_cap_fails_at_once_and_says_how_long():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '120'})])
    with pytest.raises(GraphError, match='Graph asked to retry after 120 s, longer than the 60 s this client waits at most'):
        client.get('x')
    assert sleeps == [] and client.requests_made == 1


def test_retry_after_beyond_the_remaining_budget_fails():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '6'})] * 2)
    client.retry_policy.budget = 10.0
    with pytest.raises(GraphError, match='asked to retry after 6 s, longer than the 4 s left of the 10 s retry budget'):
        client.get('x')
    assert sleeps == [6.0]


def test_backoff_stops_when_the_budget_is_spent():
    client, dummy, sleeps = make_client([(503, 'busy')] * 3)
    client.retry_policy.budget = 2.5
    with pytest.raises(GraphError, match=r'retry budget of 2.5 s used up'):
        client.get('x')
    assert sleeps == [1.0, 1.5]


def test_dropped_connection_on_a_read_is_retried():
    client, dummy, sleeps = make_client([requests.exceptions.ConnectionError('reset'), (200, {'id': 'a'})])
    assert client.get('x') == {'id': 'a'}
    assert sleeps == [1.0]


def test_timeouts_become_transport_errors_after_the_retries():
    client, dummy, dummy = make_client([requests.exceptions.ReadTimeout('slow')] * 2, max_retries=1, timeout=9)
    with pytest.raises(GraphTransportError) as info:
        client.patch('deviceManagement/intents/i', {'displayName': 'n'})
    error = info.value
    assert (error.kind, error.status) == ('timeout', None)
    assert str(error).startswith('Graph PATCH /deviceManagement/intents/i failed: timeout: no response from 127.0.0.1:8444 within 9 s')
    assert error.to_dict()['request_body'] == {'displayName': 'n'}


def test_tls_failure_is_not_retried_and_points_to_ca_path():
    client, dummy, dummy = make_client([requests.exceptions.SSLError('certificate verify failed')])
    with pytest.raises(GraphTransportError, match='set ca_path to that CA bundle') as info:
        client.get('x')
    assert info.value.kind == 'connection' and client.requests_made == 1


@pytest.mark.parametrize('failure', [(503, 'busy'), (504, 'slow'), (500, 'boom'), requests.exceptions.ConnectionError('reset')])
def test_non_idempotent_post_is_not_repeated_after_an_ambiguous_failure(failure):
    client, dummy, sleeps = make_client([failure, (200, {'id': 'dup'})])
    with pytest.raises(GraphError):
        client.post('deviceManagement/templates/t/createInstance', {'displayName': 'n'}, idempotent=False)
    assert client.requests_made == 1 and sleeps == []


def test_non_idempotent_post_is_repeated_after_429():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '3'}), (200, {'id': 'new'})])
    assert client.post('deviceManagement/templates/t/createInstance', {}, idempotent=False) == {'id': 'new'}
    assert sleeps == [3.0]


# --- 401 ----------------------------------------------------------------------------------------------------------

EXPIRED = graph_error('InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.')


def test_rejected_token_is_refreshed_once_and_the_request_repeated():
    client, transport, dummy = make_client([(401, EXPIRED), (200, {'id': 'a'})], tokens=('old-token', 'new-token'))
    assert client.get('x') == {'id': 'a'}
    assert [r.headers['Authorization'] for r in transport.requests] == ['Bearer old-token', 'Bearer new-token']
    assert client.token_provider.refreshes == 1


def test_second_401_is_raised():
    client, dummy, dummy = make_client([(401, EXPIRED)] * 2, tokens=('old-token', 'new-token'))
    with pytest.raises(GraphError, match='401 InvalidAuthenticationToken'):
        client.get('x')
    assert client.token_provider.refreshes == 1 and client.requests_made == 2


def test_unrefreshable_token_is_not_retried():
    client, dummy, dummy = make_client([(401, EXPIRED)])
    with pytest.raises(GraphError, match='the token is expired'):
        client.get('x')
    assert client.requests_made == 1


def test_other_401_codes_do_not_refresh():
    client, dummy, dummy = make_client([(401, graph_error('Unauthorized', 'no'))], tokens=('a', 'b'))
    with pytest.raises(GraphError):
        client.get('x')
    assert client.token_provider.refreshes == 0


# --- paging -------------------------------------------------------------------------------------------------------

def test_get_all_follows_every_next_link():
    client, transport, dummy = make_client([
        (200, {'value': [{'n': 1}, {'n': 2}], '@odata.nextLink': BASE + '/deviceManagement/intents?$skiptoken=p2'}),
        (200, {'value': [{'n': 3}], '@odata.nextLink': BASE + '/deviceManagement/intents?$skiptoken=p3'}),
        (200, {'value': [{'n': 4}]}),
    ])
    assert client.get_all('deviceManagement/intents', params={'$top': 2}) == [{'n': 1}, {'n': 2}, {'n': 3}, {'n': 4}]
    assert [r.url for r in transport.requests] == [
        BASE + '/deviceManagement/intents?$top=2',
        BASE + '/deviceManagement/intents?$skiptoken=p2',
        BASE + '/deviceManagement/intents?$skiptoken=p3',
    ]


def test_next_link_to_another_host_is_refused_without_sending_the_token():
    client, dummy, dummy = make_client([(200, {'value': [{'n': 1}], '@odata.nextLink': 'https://evil.example/beta/x?$skiptoken=2'})])
    with pytest.raises(GraphError, match='refusing to send the token to https://evil.example'):
        client.get_all('x')
    assert client.requests_made == 1


def test_next_link_that_repeats_is_refused():
    client, dummy, dummy = make_client([(200, {'value': [{'n': 1}], '@odata.nextLink': BASE + '/x?p=2'})] * 2)
    with pytest.raises(GraphError, match='came back twice'):
        client.get_all('x')


def test_get_all_needs_a_value_list():
    client, dummy, dummy = make_client([(200, {'id': 'single'})])
    with pytest.raises(GraphError, match='expected a collection'):
        client.get_all('x')


# --- errors -------------------------------------------------------------------------------------------------------

INTUNE_MESSAGE = json.dumps({
    '_version': 3,
    'Message': 'Setting definition not found - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 '
               '- Activity ID: 11111111-1111-1111-1111-111111111111 - Url: https://fef.msub02.manage.microsoft.com/x',
    'CustomApiErrorPhrase': '', 'RetryAfter': None, 'ErrorSourceService': '', 'HttpHeaders': '{}',
})


def test_intune_message_is_unwrapped_and_the_error_reads_as_one_line():
    inner = {'request-id': 'req-1', 'client-request-id': 'cli-1', 'date': '2026-11-29T04:00:00'}
    body = graph_error('BadRequest', INTUNE_MESSAGE, **inner)
    client, dummy, dummy = make_client([(400, body)])
    payload = {'displayName': 'n', 'settingsDelta': []}
    with pytest.raises(GraphError) as info:
        client.post('deviceManagement/templates/x/createInstance', payload, idempotent=False)
    error = info.value
    assert (error.status, error.code, error.request_id, error.client_request_id, error.date) == (
        400, 'BadRequest', 'req-1', 'cli-1', '2026-11-29T04:00:00')
    assert error.message.startswith('Setting definition not found - Operation ID')
    assert str(error) == ('Graph POST /deviceManagement/templates/x/createInstance failed: 400 BadRequest: '
                          + error.message + ' (request-id: req-1, client-request-id: cli-1)')
    assert error.to_dict() == dict(status=400, code='BadRequest', message=error.message, request_id='req-1',
                                   client_request_id='cli-1', date='2026-11-29T04:00:00', method='POST',
                                   url=BASE + '/deviceManagement/templates/x/createInstance', request_body=payload)


def test_ids_fall_back_to_headers_and_reads_omit_the_body():
    client, transport, dummy = make_client([(403, {'error': {'code': 'Forbidden', 'message': 'scopes'}},
                                             {'request-id': 'hdr-req', 'Date': 'Sun, 29 Nov 2026 04:00:00 GMT'})])
    with pytest.raises(GraphError) as info:
        client.get('deviceManagement/intents')
    error = info.value
    assert error.request_id == 'hdr-req' and error.date == 'Sun, 29 Nov 2026 04:00:00 GMT'
    assert error.client_request_id == transport.requests[0].headers['client-request-id']
    assert 'request_body' not in error.to_dict()


def test_html_error_page_gives_status_excerpt_and_request_id():
    page = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>' + 'x' * 500 + '</body></html>'
    client, dummy, dummy = make_client([(502, page, {'Content-Type': 'text/html', 'request-id': 'proxy-req'})])
    with pytest.raises(GraphError) as info:
        client.get('deviceManagement/intents')
    error = info.value
    assert (error.status, error.code, error.request_id) == (502, 'BadGateway', 'proxy-req')
    assert error.message.startswith('non-JSON error response (text/html): 502 Bad Gateway 502 Bad Gateway xxx')
    assert len(error.message) < 300 and '<' not in error.message


def test_invalid_json_in_a_success_response_is_an_error():
    client, dummy, dummy = make_client([(200, '{"value": [', {'Content-Type': 'application/json'})])
    with pytest.raises(GraphError, match='200 InvalidResponse: the response is not JSON'):
        client.get('x')


def test_empty_success_response_is_an_error_for_a_read():
    client, dummy, dummy = make_client([(200, '')])
    with pytest.raises(GraphError, match='the response is empty'):
        client.get('x')


def test_graph_error_details_are_kept():
    body = {'error': {'code': 'BadRequest', 'message': 'Invalid request', 'details': [{'code': 'x', 'message': 'displayName is required'}]}}
    client, dummy, dummy = make_client([(400, body)])
    with pytest.raises(GraphError, match=r'Invalid request \(details: displayName is required\)'):
        client.delete('x')


@pytest.mark.parametrize('body, expect_text', [
    ([{'id': 'x'}], 'expected a JSON object'),
    ({'value': 'x'}, 'a "value" list of objects'),
    ({'value': [1]}, 'a "value" list of objects'),
    ({'items': []}, 'a "value" list of objects'),
], ids=['list', 'value_not_list', 'scalar_items', 'no_value'])
def test_a_collection_of_the_wrong_shape_fails_with_status_and_request_id(body, expect_text):
    client, dummy, dummy = make_client([(200, body, {'request-id': 'rid-wrong-shape'})])
    with pytest.raises(GraphError) as info:
        client.get_all('deviceManagement/intents')
    assert info.value.status == 200 and info.value.code == 'InvalidResponse' and info.value.request_id == 'rid-wrong-shape'
    assert expect_text in str(info.value) and 'request-id: rid-wrong-shape' in str(info.value)


@pytest.mark.parametrize('body', ['[1, 2]', '"text"', '3', 'null'], ids=['list', 'string', 'number', 'null'])
def test_an_entity_that_is_not_an_object_fails_cleanly(body):
    client, dummy, dummy = make_client([(200, body, {'request-id': 'rid-entity'})])
    with pytest.raises(GraphError, match='expected a JSON object') as info:
        client.get('deviceManagement/intents/x')
    assert info.value.request_id == 'rid-entity'
