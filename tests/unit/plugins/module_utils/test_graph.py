# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GraphClient over a scripted transport: requests, retries, 401 refresh, paging."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import uuid

import pytest
import requests

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, GraphTransportError
from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphClient, absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._http import COLLECTION_VERSION
from ansible_collections.msgraph.intune.tests.unit.utils.fake_http import BASE, TOKEN, FakeTokens, make_client


__metaclass__ = type


def graph_error(code, message, **inner):
    return {'error': {'code': code, 'message': message, 'innerError': inner}}


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


def test_post_sends_json_and_returns_none_for_204():
    client, transport, dummy = make_client([(204, None)])
    assert client.post('deviceManagement/intents/i/updateSettings', {'settings': []}, idempotent=True) is None
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


def test_gives_up_after_max_retries():
    client, dummy, sleeps = make_client([(503, 'busy')] * 3, max_retries=2)
    with pytest.raises(GraphError) as info:
        client.get('x')
    assert info.value.status == 503
    assert 'gave up after 2 retries' in str(info.value)
    assert client.requests_made == 3 and len(sleeps) == 2


def test_retry_after_beyond_the_budget_fails_at_once_and_says_how_long():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '3600'})])
    with pytest.raises(GraphError, match='Graph asked to retry after 3600 s, longer than the 300 s left of the 300 s '
                                         'retry budget'):
        client.get('x')
    assert sleeps == [] and client.requests_made == 1


def test_a_retry_after_longer_than_a_backoff_step_is_honoured_within_the_budget():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '120'}), (200, {})])
    client.get('x')
    assert sleeps == [120.0]


def test_throttling_is_retried_ten_times_as_often_as_failures_and_then_gives_up():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '0'})] * 10 + [(503, 'busy'), (200, {})],
                                        max_retries=1)
    assert client.get('x') == {}
    assert len(sleeps) == 11
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '0'})] * 11, max_retries=1)
    with pytest.raises(GraphError, match='gave up after 10 throttled retries'):
        client.get('x')


def test_max_retries_zero_repeats_nothing_not_even_after_throttling():
    client, dummy, sleeps = make_client([(429, THROTTLED, {'Retry-After': '1'})], max_retries=0)
    with pytest.raises(GraphError, match='gave up after 0 throttled retries'):
        client.get('x')
    assert sleeps == []


def test_a_create_refused_with_503_carries_its_retry_after_for_the_caller():
    client, dummy, sleeps = make_client([(503, graph_error('ServiceUnavailable', 'busy'), {'Retry-After': '8'})])
    with pytest.raises(GraphError) as info:
        client.post('deviceManagement/templates/t/createInstance', {}, idempotent=False)
    assert info.value.retry_after == 8.0 and sleeps == []
    client.pause(client.retry_wait(0, info.value.retry_after))
    assert sleeps == [8.0]


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


@pytest.mark.parametrize('failure', [(503, 'busy'), (504, 'slow'), requests.exceptions.ConnectionError('reset'),
                                     requests.exceptions.ReadTimeout('slow')])
def test_a_read_sent_as_post_is_retried_as_a_get_is(failure):
    client, transport, sleeps = make_client([failure, (200, {'value': [{'id': 'g'}]})])
    assert client.post_read('directoryObjects/getByIds', {'ids': ['g']}) == {'value': [{'id': 'g'}]}
    assert [r.method for r in transport.requests] == ['POST', 'POST'] and sleeps == [1.0]
    assert json.loads(transport.requests[1].body) == {'ids': ['g']}


def test_a_read_sent_as_post_must_answer_with_a_collection():
    client, dummy, dummy = make_client([(200, {'id': 'g'})])
    with pytest.raises(GraphError, match='InvalidResponse') as info:
        client.post_read('directoryObjects/getByIds', {'ids': ['g']})
    assert info.value.method == 'POST'


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


def test_absent_as_none_turns_only_a_404_into_none():
    client, dummy, dummy = make_client([(404, graph_error('ResourceNotFound', 'gone')), (403, graph_error('Forbidden', 'no'))])
    assert absent_as_none(lambda: client.get('deviceManagement/intents/gone')) is None
    with pytest.raises(GraphError, match='403 Forbidden'):
        absent_as_none(lambda: client.get('deviceManagement/intents/other'))


def test_a_redirect_from_graph_is_refused_and_not_retried():
    client, transport, sleeps = make_client([(307, {}, {'Location': 'http://evil.example/beta/x?token=1'}), (200, {})])
    with pytest.raises(GraphTransportError) as raised:
        client.get('deviceManagement/intents')
    assert raised.value.kind == 'redirect' and sleeps == [] and client.requests_made == 1
    assert 'HTTP 307 redirect to http://evil.example/beta/x refused' in str(raised.value)
    assert 'token=1' not in str(raised.value)


def test_a_token_echoed_by_graph_is_known_to_the_client_as_a_secret():
    client, dummy, dummy = make_client([(400, graph_error('BadRequest', 'echo: Bearer %s' % TOKEN))])
    with pytest.raises(GraphError):
        client.get('x')
    assert client.secrets() == {TOKEN}
