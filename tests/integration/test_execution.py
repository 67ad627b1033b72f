# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the modules run: in Ansible's worker process on the controller (the default), else as a module process.

The action plugins choose; -vvv says which and why. Both paths must give the same results, and neither may show a
secret, whichever way the credentials come.
"""

import json
import os
import stat
import sys

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from conftest import MODULE
from playbook_runner import EXECUTION_PATH, assert_clean_failure, run_play_on_hosts, run_tasks

pytestmark = pytest.mark.every_path

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
IN_WORKER = 'runs in the worker process'
AS_MODULE = 'runs as a module'
VERBOSE = dict(verbosity=3)
worker_path_only = pytest.mark.skipif(EXECUTION_PATH != 'worker', reason='checks the default (worker) path itself')


def create_args(name, **changes):
    args = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': name,
            'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': True}]}
    args.update(changes)
    return args


def token_requests(graph):
    return [entry for entry in graph.control.requests() if entry['kind'] in ('token', 'msi')]


def comparable(result):
    """A result without what differs from run to run (ids, dates, request ids) and without Ansible's own keys
    (``exception`` is ansible-core's summary of a failure: "Module failed" on one path, "Action failed" on the other)."""
    if isinstance(result, dict):
        return dict((key, comparable(value)) for key, value in result.items()
                    if key not in ('id', 'lastModifiedDateTime', 'createdDateTime', 'request_id', 'client_request_id',
                                   'date', '_ansible_no_log', 'exception'))
    if isinstance(result, list):
        return [comparable(item) for item in result]
    return result


@worker_path_only
def test_on_localhost_the_task_runs_in_the_worker_process(intune, graph):
    run = intune.run(args=create_args('Exec - worker'), **VERBOSE)
    assert run.changed and not run.failed, run
    assert IN_WORKER in run.output and 'AnsiballZ_intune_template_instance' not in run.output


@worker_path_only
def test_msgraph_intune_execution_module_forces_the_module_process(intune, graph):
    run = intune.run(args=create_args('Exec - forced'), env={'MSGRAPH_INTUNE_EXECUTION': 'module'}, **VERBOSE)
    assert run.changed and not run.failed, run
    assert '%s: MSGRAPH_INTUNE_EXECUTION=module' % AS_MODULE in run.output
    assert 'AnsiballZ_intune_template_instance' in run.output


@worker_path_only
def test_an_unknown_execution_mode_fails_naming_the_variable(intune, graph_log):
    run = intune.run(args=create_args('Exec - bad mode'), env={'MSGRAPH_INTUNE_EXECUTION': 'fast'})
    assert run.failed and 'MSGRAPH_INTUNE_EXECUTION must be one of auto, module' in run.result['msg'], run
    assert graph_log.everything() == []


@worker_path_only
def test_an_interpreter_elsewhere_runs_the_module_there(intune, graph, tmp_path):
    # Another directory's python (here a wrapper around this one) is another environment: the module runs there.
    wrapper = tmp_path / 'bin' / 'python'
    wrapper.parent.mkdir()
    wrapper.write_text('#!/bin/sh\nexec %s "$@"\n' % sys.executable)
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    run = intune.run(args=create_args('Exec - interpreter'), env={'ANSIBLE_PYTHON_INTERPRETER': str(wrapper)}, **VERBOSE)
    assert run.changed and not run.failed, run
    assert '%s: the task runs on the interpreter %s' % (AS_MODULE, wrapper) in run.output


def test_delegate_to_localhost_from_another_host_runs_on_the_controller(graph, connection, tmp_path):
    task = {MODULE: create_args('Exec - delegated'), 'delegate_to': 'localhost'}
    run, results = run_play_on_hosts(task, {'far': {}}, 1, module_defaults={'group/msgraph.intune.intune': connection},
                                     workdir=str(tmp_path), verbosity=3)
    assert results['far']['changed'] and not results['far'].get('failed'), run
    expected = AS_MODULE if EXECUTION_PATH == 'module' else IN_WORKER
    assert '<localhost> msgraph.intune: %s %s' % (MODULE, expected) in run.output
    assert [intent['displayName'] for intent in graph.control.intents()] == ['Exec - delegated']


def test_async_tasks_run_and_report_through_async_status(graph, connection, tmp_path):
    tasks = [
        {MODULE: create_args('Exec - async'), 'async': 120, 'poll': 0},
        # run_tasks registers the tasks as task_under_test_<index>.
        {'ansible.builtin.async_status': {'jid': '{{ task_under_test_0.ansible_job_id }}'},
         'until': 'task_under_test_1.finished', 'retries': 60, 'delay': 1},
    ]
    run, results = run_tasks(tasks, module_defaults={'group/msgraph.intune.intune': connection},
                             workdir=str(tmp_path))
    assert results[0].get('ansible_job_id') and results[0].get('started'), run
    assert results[1]['finished'] and results[1]['changed'] and not results[1].get('failed'), run
    assert results[1]['actions'] == ['create']
    assert [intent['displayName'] for intent in graph.control.intents()] == ['Exec - async']


def test_credentials_from_the_environment_keyword_work_and_never_show(graph, intune, endpoints):
    info = graph.info
    environment = {'AZURE_TENANT_ID': info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'],
                   'AZURE_CLIENT_SECRET': info['client_secret']}
    run = intune.run(args=create_args('Exec - environment'), connection=endpoints, task={'environment': environment},
                     verbosity=4, diff=True)
    assert run.changed and not run.failed, run
    assert len(token_requests(graph)) == 1
    # The harness checks every run for the emulator's secrets; here the secret is also in the task's environment.
    assert info['client_secret'] not in run.output


def test_an_async_task_polled_by_ansible_never_shows_the_environments_secret(graph, intune, endpoints):
    info = graph.info
    environment = {'AZURE_TENANT_ID': info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'],
                   'AZURE_SECRET': info['client_secret']}
    # poll > 0: ansible-core's own async_status polls take the task's environment and print it at -vvv.
    run = intune.run(args=create_args('Exec - async environment'), connection=endpoints,
                     task={'environment': environment, 'async': 60, 'poll': 1}, verbosity=4)
    assert run.changed and not run.failed, run
    assert 'async_status' in run.output
    assert info['client_secret'] not in run.output
    assert [intent['displayName'] for intent in graph.control.intents()] == ['Exec - async environment']


def test_async_tasks_work_for_a_new_user_with_an_empty_home(graph, connection, tmp_path):
    # A fresh CI machine or container: HOME is a new empty directory, which is not the user's home directory in the
    # password database (where ansible-core's async_status looks for ~/.ansible_async: the harness gives every run an
    # absolute ANSIBLE_ASYNC_DIR, see playbook_runner.hermetic_env), and the collection's cache directory is the
    # default one, ~/.cache/msgraph.intune, which does not exist yet.
    home = tmp_path / 'home'
    home.mkdir()
    tasks = [
        {MODULE: create_args('Exec - new user, poll 0'), 'async': 120, 'poll': 0},
        {'ansible.builtin.async_status': {'jid': '{{ task_under_test_0.ansible_job_id }}'},
         'until': 'task_under_test_1.finished', 'retries': 60, 'delay': 1},
        {MODULE: create_args('Exec - new user, poll 1'), 'async': 60, 'poll': 1},
    ]
    run, results = run_tasks(tasks, module_defaults={'group/msgraph.intune.intune': connection}, workdir=str(tmp_path),
                             env={'HOME': str(home), 'MSGRAPH_INTUNE_CACHE_DIR': '', 'XDG_CACHE_HOME': ''})
    assert len(results) == 3, run
    for polled in results[1:]:
        assert polled.get('finished') and polled.get('changed') and not polled.get('failed'), (polled, run)
        assert polled['actions'] == ['create']
    assert sorted(intent['displayName'] for intent in graph.control.intents()) == [
        'Exec - new user, poll 0', 'Exec - new user, poll 1']
    cache = home / '.cache' / 'msgraph.intune'
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and os.listdir(str(cache)), run


def test_an_access_token_from_the_environment_keyword_never_shows(graph, intune, endpoints, issue_token):
    token = issue_token()
    run = intune.run(args=create_args('Exec - token environment'), connection=endpoints,
                     task={'environment': {'MSGRAPH_ACCESS_TOKEN': token}}, verbosity=4)
    assert run.changed and not run.failed, run
    assert token not in run.output and token_requests(graph) == []


def test_a_credential_in_the_task_still_beats_the_environment_keyword(graph, intune, endpoints, issue_token):
    token = issue_token()
    environment = {'AZURE_TENANT_ID': graph.info['tenant_id'], 'AZURE_CLIENT_ID': graph.info['client_id'],
                   'AZURE_SECRET': 'WrongSecretFromEnvironment~0123456789'}
    run = intune.run(args=create_args('Exec - task token'), connection=dict(endpoints, access_token=token),
                     task={'environment': environment}, verbosity=4)
    assert run.changed and not run.failed, run
    assert token_requests(graph) == [] and 'WrongSecretFromEnvironment' not in run.output


@pytest.mark.skipif(EXECUTION_PATH != 'worker', reason='on the module path ansible-core prints the environment: '
                                                       'keyword, and msal can only read IDENTITY_HEADER from there')
def test_managed_identity_from_the_environment_keyword(graph, intune, endpoints):
    info = graph.info
    environment = {'IDENTITY_ENDPOINT': info['identity_endpoint'], 'IDENTITY_HEADER': info['identity_header']}
    run = intune.run(args=create_args('Exec - managed identity'), connection=dict(endpoints, auth_method='managed_identity'),
                     task={'environment': environment}, verbosity=4)
    assert run.changed and not run.failed, run
    assert [entry['kind'] for entry in token_requests(graph)] == ['msi']
    # The worker's own environment is restored: the next task of the play would not inherit the identity.
    assert info['identity_header'] not in run.output


def test_invocation_only_where_ansible_core_returns_it(graph, intune, connection):
    from ansible import constants
    injected_by_config = constants.config.get_configuration_definition('INJECT_INVOCATION') is not None
    for env, expected in ((None, not injected_by_config), ({'ANSIBLE_INJECT_INVOCATION': 'true'}, True)):
        run = intune.run(module='msgraph.intune.intune_template_info', args={'template_id': BITLOCKER_TEMPLATE_ID}, env=env,
                         verbosity=4)
        assert not run.failed, run
        # Registered results never hold it; the callback shows it at -vvvv.
        assert ('"invocation": {' in run.stdout) == expected, run
        if expected:
            assert '"client_secret": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in run.stdout
            assert '"timeout": 30' in run.stdout


@worker_path_only
def test_the_items_of_a_loop_share_one_session_token_and_template_data(graph, intune, connection):
    names = ['Exec - loop %d' % index for index in range(5)]
    run = intune.run(args=create_args('{{ item }}'), connection=dict(connection, token_cache=False),
                     task={'loop': names})
    assert not run.failed and len(run.result['results']) == 5, run
    assert all(item['changed'] for item in run.result['results'])
    # One token for the loop (token_cache=false: nothing from disk), and the template read once.
    assert len(token_requests(graph)) == 1
    template_reads = [entry for entry in graph.control.requests(kind='graph')
                      if entry['path'] == '/beta/deviceManagement/templates/%s' % BITLOCKER_TEMPLATE_ID]
    assert len(template_reads) == 1


@worker_path_only
def test_loop_items_with_another_credential_do_not_share_a_client(graph, intune, endpoints):
    info = graph.info
    secrets = [info['client_secret'], 'WrongSecretInTheLoop~0123456789abcdef']
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['client_id'], token_cache=False)
    run = intune.run(args=dict(create_args('Exec - credentials {{ item }}'), client_secret='{{ secrets[item] }}'),
                     connection=connection, task={'loop': [0, 1], 'vars': {'secrets': secrets}})
    first, second = run.result['results']
    assert first['changed'] and not first.get('failed'), run
    assert second['failed'] and 'AADSTS7000215' in second['msg'], run
    assert secrets[1] not in run.output


@worker_path_only
def test_python_warnings_become_task_warnings_instead_of_worker_stderr(graph, intune, connection):
    run = intune.run(module='msgraph.intune.intune_template_info', args={'template_id': BITLOCKER_TEMPLATE_ID},
                     connection=dict(connection, validate_certs=False))
    assert not run.failed, run
    warnings = ' '.join(str(warning) for warning in run.warnings)
    assert 'validate_certs is false' in warnings and 'InsecureRequestWarning' in warnings
    assert 'errantly sent data directly to stderr' not in run.output


@worker_path_only
def test_both_paths_return_the_same_results(graph, intune, connection):
    scenario = [
        dict(args=create_args('Exec - same', description='first'), check=True, diff=True),
        dict(args=create_args('Exec - same', description='first'), diff=True),
        dict(args=create_args('Exec - same', description='second'), check=True, diff=True),
        dict(args=create_args('Exec - same', description='second'), diff=True),
        dict(args=create_args('Exec - same', description='second')),
        dict(args=create_args('Exec - same', state='absent'), diff=True),
        dict(args=create_args('Exec - same', bogus=True)),
        dict(args=create_args('Exec - same', settings_delta=[{'definition_id': ENCRYPT_DEVICE}])),
        dict(args={'template_id': '11111111-2222-3333-4444-555555555555', 'display_name': 'Exec - same'}),
        dict(args={'display_name': 'Exec - same', 'template_id': BITLOCKER_TEMPLATE_ID},
             module='msgraph.intune.intune_intent_info'),
    ]
    outcomes = {}
    for path, env in (('worker', None), ('module', {'MSGRAPH_INTUNE_EXECUTION': 'module'})):
        graph.control.reset()
        outcomes[path] = []
        for step in scenario:
            module = step.get('module', MODULE)
            args = dict(step['args'])
            if module != MODULE:
                args.pop('settings_delta', None)
            run = intune.run(module=module, args=args, check=step.get('check', False), diff=step.get('diff', False),
                             env=env)
            outcomes[path].append(comparable(run.result))
    for step, worker, module in zip(scenario, outcomes['worker'], outcomes['module']):
        assert json.dumps(worker, sort_keys=True) == json.dumps(module, sort_keys=True), step
    assert outcomes['worker'][1]['changed'] and outcomes['worker'][4] == dict(outcomes['worker'][4], changed=False)
    assert outcomes['worker'][6]['msg'].startswith('Unsupported parameters for (%s) module: bogus' % MODULE)


def test_bad_options_fail_with_ansible_modules_wording_and_send_nothing(intune, graph_log):
    run = intune.run(args=create_args('Exec - bad', bogus=True))
    message = assert_clean_failure(run, 'Unsupported parameters for (%s) module: bogus' % MODULE)
    assert 'Supported parameters include:' in message
    assert graph_log.everything() == []


def test_adhoc_runs_on_the_chosen_path(intune, graph):
    rc, stdout, stderr = intune.adhoc(create_args('Exec - adhoc'), verbosity=3)
    assert rc == 0, stdout + stderr
    expected = IN_WORKER if EXECUTION_PATH == 'worker' else AS_MODULE
    assert expected in stdout + stderr and '"changed": true' in stdout
    assert [intent['displayName'] for intent in graph.control.intents()] == ['Exec - adhoc']


def test_the_file_caches_are_shared_by_both_paths(graph, intune, connection, tmp_path):
    cache = str(tmp_path / 'cache')
    first = intune.run(args=create_args('Exec - cache'), cache_dir=cache)
    assert first.changed and not first.failed, first
    graph.control.clear_requests()
    second = intune.run(args=create_args('Exec - cache'), cache_dir=cache, env={'MSGRAPH_INTUNE_EXECUTION': 'module'})
    assert not second.changed and not second.failed, second
    # The module process reused the token and the template the first run left in the cache directory.
    assert token_requests(graph) == []
    assert not [entry for entry in graph.control.requests(kind='graph') if '/templates/' in entry['path']]
    assert os.listdir(cache)
