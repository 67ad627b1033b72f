# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Graph's responses read into JSON or into a GraphError with Graph's code, message and ids."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.tests.unit.utils.fake_http import BASE, make_client


def graph_error(code, message, **inner):
    return {'error': {'code': code, 'message': message, 'innerError': inner}}


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


@pytest.mark.parametrize('status', [200, 400])
def test_a_response_nested_too_deep_for_python_fails_cleanly(status):
    client, dummy, dummy = make_client([(status, '{"value": ' + '[' * 100000 + ']' * 100000 + '}')])
    with pytest.raises(GraphError) as info:
        client.get_all('deviceManagement/intents')
    assert info.value.status == status
