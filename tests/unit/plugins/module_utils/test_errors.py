# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One hierarchy: every error the collection raises on purpose is a MsgraphIntuneError with its result fields."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import (
    AuthError,
    ConnectionOptionError,
    GraphError,
    GraphTransportError,
    InputError,
    MsgraphIntuneError,
    TaskError,
)


@pytest.mark.parametrize('error', [
    ConnectionOptionError('timeout', 'timeout must be between 1 and 3600, got 0'),
    AuthError('No credentials for Microsoft Graph'),
    TaskError('2 intents have the display name'),
    InputError('template_id', 'must be a GUID'),
    GraphError(404, 'ResourceNotFound', 'not found'),
    GraphTransportError('timeout', 'no response within 30 s'),
], ids=lambda error: type(error).__name__)
def test_every_error_is_a_collection_error(error):
    assert isinstance(error, MsgraphIntuneError)
    assert str(error)


def test_an_input_error_names_its_field_in_the_message_and_the_result():
    error = InputError('settings_delta[2].value_json', 'is not valid JSON')
    assert str(error) == 'settings_delta[2].value_json: is not valid JSON'
    assert error.result_fields() == {'field': 'settings_delta[2].value_json'}
    assert isinstance(error, TaskError)


def test_other_errors_add_no_field():
    assert AuthError('x').result_fields() == {} and TaskError('x').result_fields() == {}
    assert ConnectionOptionError('timeout', 'x').result_fields() == {}


def test_a_graph_error_reads_as_one_line_and_carries_its_details():
    error = GraphError(400, 'BadRequest', 'Invalid value', request_id='req-1', client_request_id='cli-1', method='POST',
                       url='https://graph.microsoft.com/beta/deviceManagement/intents/i/updateSettings',
                       request_body={'settings': []})
    assert str(error) == ('Graph POST /deviceManagement/intents/i/updateSettings failed: 400 BadRequest: Invalid value '
                          '(request-id: req-1, client-request-id: cli-1)')
    assert error.result_fields() == {'error': error.to_dict()}
    assert error.to_dict()['request_body'] == {'settings': []}


def test_a_read_error_leaves_out_the_request_body_and_a_transport_error_has_its_kind():
    assert 'request_body' not in GraphError(403, 'Forbidden', 'no', method='GET', request_body={'x': 1}).to_dict()
    error = GraphTransportError('connection', 'connection to h failed: reset', method='GET', url='https://h/beta/x')
    assert str(error) == 'Graph GET /x failed: connection: connection to h failed: reset'
    assert error.to_dict()['kind'] == 'connection' and error.status is None
