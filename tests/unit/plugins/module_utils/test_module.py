# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GraphModule, the module adapter: options validated by AnsibleModule, the client built when the runner asks for
it, warnings shown, secrets masked, and every error of the collection turned into a clean fail_json."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import types

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._connection import module_argument_spec
from ansible_collections.msgraph.intune.plugins.module_utils._errors import (
    AuthError,
    GraphError,
    InputError,
    TaskError,
)
from ansible_collections.msgraph.intune.plugins.module_utils._module import GraphModule
from ansible_collections.msgraph.intune.tests.unit.utils.identity import CLIENT, LOOPBACK, SECRET, TENANT
from ansible_collections.msgraph.intune.tests.unit.utils.module_runs import run_main, warning_texts

ENDPOINTS = {'authority_host': LOOPBACK, 'graph_endpoint': 'https://127.0.0.1:8444'}


def runner(run, **options):
    """A runner module: the given run function and options besides the connection options."""
    return types.SimpleNamespace(ARGUMENT_SPEC=module_argument_spec(options), MODULE_KWARGS=dict(supports_check_mode=True),
                                 run=run)


def execute(run, args, capsys, **options):
    return run_main(lambda: GraphModule(runner(run, **options)).execute(), args, capsys)


def raising(error):
    def run(params, connect, check_mode=False, diff=False):
        raise error
    return run


GRAPH_ERROR = GraphError(403, 'Forbidden', 'Missing scope', request_id='req-9', client_request_id='cli-9', method='GET',
                         url='https://127.0.0.1:8444/beta/deviceManagement/intents')


@pytest.mark.parametrize('error, fields', [
    (InputError('settings_delta[0].value', 'must be between 4 and 20, got 3'), {'field': 'settings_delta[0].value'}),
    (TaskError('2 intents have the display name'), {}),
    (AuthError('Token request failed: AADSTS7000215 invalid_client'), {}),
    (GRAPH_ERROR, {'error': GRAPH_ERROR.to_dict()}),
], ids=['input', 'task', 'auth', 'graph'])
def test_collection_errors_fail_the_task_with_their_message_and_fields(capsys, error, fields):
    result, code = execute(raising(error), {}, capsys)
    assert code == 1
    assert result['failed'] is True and result['msg'] == str(error)
    for key, value in fields.items():
        assert result[key] == value
    assert 'exception' not in result


def test_graph_error_fields_name_graphs_code_message_and_request_id(capsys):
    result, dummy = execute(raising(GRAPH_ERROR), {}, capsys)
    assert 'request-id: req-9' in result['msg']
    assert (result['error']['code'], result['error']['message'], result['error']['request_id']) == (
        'Forbidden', 'Missing scope', 'req-9')


def test_an_error_that_is_not_the_collections_is_a_bug_and_is_not_caught(capsys):
    # Ansible shows it as a module failure with its traceback, which is what a bug report needs.
    with pytest.raises(ZeroDivisionError):
        execute(raising(ZeroDivisionError('bug')), {}, capsys)


def test_a_bad_connection_option_fails_when_the_runner_connects(capsys):
    def run(params, connect, check_mode=False, diff=False):
        connect()
    result, code = execute(run, dict(ENDPOINTS, timeout=0), capsys)
    assert code == 1 and result['msg'] == 'timeout must be between 1 and 3600, got 0'


def test_the_client_is_built_once_and_only_when_asked_for(capsys):
    seen = []

    def run(params, connect, check_mode=False, diff=False):
        seen.append(connect())
        seen.append(connect())
        return dict(changed=False)
    result, code = execute(run, dict(ENDPOINTS, client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT), capsys)
    assert code == 0 and seen[0] is seen[1] and seen[0].requests_made == 0
    # Without credentials a runner that never connects still succeeds.
    result, code = execute(lambda params, connect, check_mode=False, diff=False: dict(changed=False), {}, capsys)
    assert code == 0


def test_runner_warnings_and_connection_warnings_are_module_warnings(capsys):
    def run(params, connect, check_mode=False, diff=False):
        connect()
        return dict(changed=True, warnings=['intent x is being migrated'])
    result, code = execute(run, dict(ENDPOINTS, client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT,
                                     validate_certs=False), capsys)
    assert code == 0 and result['changed'] is True
    warnings = warning_texts(result)
    assert len(warnings) == 2 and warnings[0].startswith('validate_certs is false')
    assert warnings[1] == 'intent x is being migrated'


def test_a_failed_task_still_shows_the_warnings_given_before_the_error(capsys):
    error = TaskError('not a setting of template x')
    error.warnings = ['profile y is on an older version']
    result, code = execute(raising(error), {}, capsys)
    assert code == 1 and result['msg'] == 'not a setting of template x'
    assert warning_texts(result) == ['profile y is on an older version']


def test_check_mode_and_diff_reach_the_runner(capsys):
    seen = {}

    def run(params, connect, check_mode=False, diff=False):
        seen.update(check_mode=check_mode, diff=diff, name=params['name'])
        return dict(changed=False)
    execute(run, {'name': 'x', '_ansible_check_mode': True, '_ansible_diff': True}, capsys, name=dict(type='str'))
    assert seen == {'check_mode': True, 'diff': True, 'name': 'x'}


def test_a_secret_from_the_environment_is_masked_in_the_result(capsys, monkeypatch):
    monkeypatch.setenv('AZURE_SECRET', SECRET)

    def run(params, connect, check_mode=False, diff=False):
        connect()
        raise TaskError('the identity platform echoed %s back' % SECRET)
    result, code = execute(run, dict(ENDPOINTS, tenant_id=TENANT, client_id=CLIENT), capsys)
    assert code == 1 and SECRET not in result['msg'] and '********' in result['msg']


def test_missing_requests_fails_with_the_install_hint(capsys, monkeypatch):
    monkeypatch.setattr(GraphModule.__module__ + '.HAS_REQUESTS', False)
    result, code = execute(lambda params, connect, check_mode=False, diff=False: dict(changed=False), {}, capsys)
    assert code == 1 and 'Failed to import the required Python library (requests)' in result['msg']


def test_argument_errors_use_ansible_modules_own_wording(capsys):
    result, code = execute(lambda params, connect, check_mode=False, diff=False: dict(changed=False), {'bogus': 1}, capsys)
    assert code == 1 and 'Unsupported parameters for' in result['msg'] and 'bogus' in result['msg']


@pytest.mark.reliability('secrets', 'A token that Graph or a gateway echoes back (in an error message, an HTML page) '
                                    'is masked in the failed result, by value')
def test_a_token_echoed_back_is_masked_in_the_result(capsys):
    token = 'echoed.token-0123456789abcdef0123456789'

    def run(params, connect, check_mode=False, diff=False):
        client = connect()
        client.token_provider.issued.add(token)
        raise TaskError('the gateway said: Authorization: Bearer %s' % token)
    result, code = execute(run, dict(ENDPOINTS, client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT), capsys)
    assert code == 1 and token not in json.dumps(result) and 'Bearer ********' in result['msg']
