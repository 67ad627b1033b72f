# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An example playbook run the way AWX runs it: through ansible-runner, with credentials only in the environment.

The environment is rendered from the credential type the collection ships (extensions/awx/credential_type.yml) the
way AWX renders injectors, so this test breaks when the credential type and the modules stop agreeing. A second
case uses the environment of AWX's stock "Microsoft Azure Resource Manager" credential.

ansible-runner is a tool of the nox session lint (tests/requirements-lint.txt). Without it these tests are skipped,
unless MSGRAPH_INTUNE_REQUIRE_ANSIBLE_RUNNER is set (its gate awx sets it), which turns its absence into an error.
"""

import os
import shutil
import stat
import sys
import tempfile
import types

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from playbook_runner import COLLECTION_ROOT, hermetic_env

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

if os.environ.get('MSGRAPH_INTUNE_REQUIRE_ANSIBLE_RUNNER'):
    import ansible_runner
else:
    ansible_runner = pytest.importorskip('ansible_runner', reason='ansible-runner is installed for the nox session lint')

CREDENTIAL_TYPE_PATH = os.path.join(COLLECTION_ROOT, 'extensions', 'awx', 'credential_type.yml')
PLAYBOOK = 'disk_encryption.yml'
SUBSCRIPTION_ID = '0f0e0d0c-0b0a-4908-8706-050403020100'


def load_credential_type():
    with open(CREDENTIAL_TYPE_PATH) as handle:
        return yaml.safe_load(handle)


def render_injectors(credential_type, inputs, private_data_dir):
    """The environment that AWX injects for a credential of this type with these inputs.

    Follows AWX's CredentialType.inject_credential: empty inputs are left out of the template namespace and
    missing booleans are false; templates render in an ImmutableSandboxedEnvironment; each file injector
    ``template.<name>`` is written to a private file whose path is ``tower.filename.<name>``; env names starting
    with ANSIBLE_ are dropped.
    """
    namespace = {}
    for field in credential_type['inputs']['fields']:
        value = inputs.get(field['id'])
        if field.get('type') == 'boolean':
            namespace[field['id']] = bool(value)
        elif value:
            namespace[field['id']] = value
    sandbox = ImmutableSandboxedEnvironment()
    filenames = types.SimpleNamespace()
    env_dir = os.path.join(private_data_dir, 'env')
    os.makedirs(env_dir, exist_ok=True)
    for label, template in credential_type['injectors'].get('file', {}).items():
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, 'w') as file_handle:
            file_handle.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        setattr(filenames, label.split('.', 1)[1], path)
    namespace['tower'] = types.SimpleNamespace(filename=filenames)
    return {name: sandbox.from_string(template).render(**namespace)
            for name, template in credential_type['injectors'].get('env', {}).items()
            if not name.startswith('ANSIBLE_')}


def azure_rm_stock_env(subscription, client, secret, tenant, cloud_environment=None):
    """The environment of AWX's built-in "Microsoft Azure Resource Manager" credential with a service principal
    (awx/main/models/credential/injectors.py, azure_rm)."""
    env = {'AZURE_SUBSCRIPTION_ID': subscription, 'AZURE_CLIENT_ID': client, 'AZURE_TENANT': tenant,
           'AZURE_SECRET': secret}
    if cloud_environment:
        env['AZURE_CLOUD_ENVIRONMENT'] = cloud_environment
    return env


def read(path):
    with open(path) as handle:
        return handle.read()


@pytest.fixture
def runner_dir(tmp_path, monkeypatch):
    """An ansible-runner private data directory holding the example playbook, in a process environment without
    the caller's credentials (ansible-runner passes os.environ on)."""
    private_data_dir = tmp_path / 'runner'
    (private_data_dir / 'project').mkdir(parents=True)
    shutil.copy(os.path.join(COLLECTION_ROOT, 'examples', PLAYBOOK), str(private_data_dir / 'project' / PLAYBOOK))
    base = hermetic_env(cache_dir=str(tmp_path / 'cache'))
    for name in list(os.environ):
        if name not in base:
            monkeypatch.delenv(name)
    for name, value in base.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv('PATH', os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    return str(private_data_dir)


def run_with_runner(private_data_dir, envvars, extravars=None):
    result = ansible_runner.run(
        private_data_dir=private_data_dir, playbook=PLAYBOOK, envvars=envvars, extravars=extravars or {},
        inventory={'all': {'hosts': {'localhost': {'ansible_connection': 'local',
                                                   'ansible_python_interpreter': sys.executable}}}},
        quiet=True)
    with result.stdout as handle:
        stdout = handle.read()
    return result, stdout


def assert_created_by(result, stdout, graph, graph_log, app_id, secrets):
    assert (result.status, result.rc) == ('successful', 0), stdout
    assert result.stats['changed'] == {'localhost': 1}, stdout
    assert [intent['displayName'] for intent in graph.control.intents()] == ['Corp - BitLocker disk encryption']
    assert {entry['app_id'] for entry in graph_log.everything() if entry['kind'] == 'token'} == {app_id}
    for secret in secrets:
        assert secret not in stdout


def test_credential_type_is_valid_for_awx():
    """What AWX checks when the type is saved: ids are unique, required names fields, injectors use known fields
    and no ANSIBLE_ variables."""
    credential_type = load_credential_type()
    field_ids = [field['id'] for field in credential_type['inputs']['fields']]
    assert len(field_ids) == len(set(field_ids))
    assert set(credential_type['inputs']['required']) <= set(field_ids)
    assert credential_type['kind'] == 'cloud'
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    files = types.SimpleNamespace(**{label.split('.', 1)[1]: 'EXAMPLE_FILENAME'
                                     for label in credential_type['injectors']['file']})
    namespace = dict({field_id: 'EXAMPLE' for field_id in field_ids}, tower=types.SimpleNamespace(filename=files))
    for kind in ('file', 'env'):
        for name, template in credential_type['injectors'][kind].items():
            strict.from_string(template).render(**namespace)
            assert not name.startswith('ANSIBLE_')


def test_custom_credential_type_with_client_secret(graph, graph_log, runner_dir):
    info = graph.info
    env = render_injectors(load_credential_type(), {
        'tenant_id': info['tenant_id'], 'client_id': info['client_id'], 'client_secret': info['client_secret'],
        'authority_host': graph.url, 'graph_endpoint': graph.url, 'ca_bundle': read(graph.ca_path),
    }, runner_dir)
    # Empty optional fields inject empty variables, which the modules must ignore.
    assert env['AZURE_CLIENT_CERTIFICATE_PATH'] == '' and env['AZURE_CLOUD_ENVIRONMENT'] == ''
    result, stdout = run_with_runner(runner_dir, env)
    assert_created_by(result, stdout, graph, graph_log, info['client_id'], [info['client_secret']])


def test_custom_credential_type_with_certificate(graph, graph_log, runner_dir):
    info = graph.info
    env = render_injectors(load_credential_type(), {
        'tenant_id': info['tenant_id'], 'client_id': info['cert_client_id'],
        'client_certificate': read(info['cert_encrypted_path']), 'client_certificate_password': info['cert_password'],
        'cloud': 'public', 'authority_host': graph.url, 'graph_endpoint': graph.url, 'ca_bundle': read(graph.ca_path),
    }, runner_dir)
    assert read(env['AZURE_CLIENT_CERTIFICATE_PATH']) == read(info['cert_encrypted_path'])
    result, stdout = run_with_runner(runner_dir, env)
    assert_created_by(result, stdout, graph, graph_log, info['cert_client_id'], [info['cert_password']])


def test_stock_azure_resource_manager_credential(graph, graph_log, runner_dir):
    """The stock credential has no endpoint fields: the job template's extra vars point the example at the
    emulator, as they would point it at a private endpoint."""
    info = graph.info
    env = azure_rm_stock_env(SUBSCRIPTION_ID, info['client_id'], info['client_secret'], info['tenant_id'],
                             cloud_environment='AzureCloud')
    extravars = {'intune_authority_host': graph.url, 'intune_graph_endpoint': graph.url,
                 'intune_ca_path': graph.ca_path}
    result, stdout = run_with_runner(runner_dir, env, extravars)
    assert_created_by(result, stdout, graph, graph_log, info['client_id'], [info['client_secret']])
