# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret ever reaches the output: runs at -vvvv with --diff, successful and failing, for every credential kind.

Checked in stdout, stderr and the registered result: the client secret, the certificate password, private key
PEM text, and every bearer token the emulator issued during the test (read from its token store, so that a token
leaked in any form is found, not only one that looks like a token).
"""

import json
import os
import re
import uuid

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from playbook_runner import assert_clean_failure

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series), and there also on
# the module path and through a non-local connection (see playbook_runner.EXECUTION_PATH).
pytestmark = [pytest.mark.slow, pytest.mark.every_path]

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
NAME = 'Secrets - BitLocker'
CREATE_ARGS = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME, 'description': 'managed',
               'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': True}]}
# The emulator's tokens are 'emu.' plus 64 URL-safe characters.
TOKEN_SHAPE = re.compile(r'emu\.[A-Za-z0-9_-]{20,}')
VERBOSE = dict(verbosity=4, diff=True)


def assert_no_secrets(run, graph, *extra_secrets):
    """None of the emulator's credentials, the extra secrets, key PEM text or issued tokens is in the run's output."""
    info = graph.info
    secrets = [info['client_secret'], info['cert_password']] + list(extra_secrets) + list(graph.store.tokens)
    outputs = {'stdout': run.stdout, 'stderr': run.stderr, 'result': json.dumps(run.result)}
    for where, text in outputs.items():
        for secret in secrets:
            assert secret not in text, 'a secret is in %s' % where
        assert 'PRIVATE KEY' not in text, where
        assert not TOKEN_SHAPE.search(text), where
    # -vvvv really ran: the module's arguments were printed (with the no_log values masked).
    assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in run.output or 'invocation' in run.output


def secret_connection(graph, endpoints, **changes):
    info = graph.info
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['client_id'],
                      client_secret=info['client_secret'])
    connection.update(changes)
    return connection


@pytest.mark.reliability('secrets', 'Client secret, create and update at -vvvv --diff: no secret or token in '
                                    'stdout, stderr, result or diff')
def test_client_secret_create_and_update(graph, intune, endpoints):
    connection = secret_connection(graph, endpoints)
    created = intune.run(args=CREATE_ARGS, connection=connection, **VERBOSE)
    assert created.changed and not created.failed, created
    assert_no_secrets(created, graph)
    updated = intune.run(args=dict(CREATE_ARGS, description='changed', settings_delta=[
        {'definition_id': ENCRYPT_DEVICE, 'value': False}]), connection=connection, **VERBOSE)
    assert updated.changed and updated.result['actions'] == ['update_settings', 'patch'], updated
    assert 'diff' in updated.result and len(graph.store.tokens) == 2
    assert_no_secrets(updated, graph)


@pytest.mark.reliability('secrets', 'Encrypted certificate at -vvvv --diff: no password, key text or token in '
                                    'the output')
def test_encrypted_certificate_create(graph, intune, endpoints):
    info = graph.info
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['cert_client_id'],
                      client_certificate_path=info['cert_encrypted_path'], client_certificate_password=info['cert_password'])
    run = intune.run(args=CREATE_ARGS, connection=connection, **VERBOSE)
    assert run.changed and not run.failed and graph.store.tokens, run
    assert_no_secrets(run, graph)


@pytest.mark.reliability('secrets', 'A wrong certificate password (a failure inside cryptography): neither '
                                    'password in the output')
def test_wrong_certificate_password(graph, intune, endpoints):
    info = graph.info
    wrong = 'WrongCertPass-' + uuid.uuid4().hex
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['cert_client_id'],
                      client_certificate_path=info['cert_encrypted_path'], client_certificate_password=wrong)
    run = intune.run(args=CREATE_ARGS, connection=connection, **VERBOSE)
    assert_clean_failure(run, 'client_certificate_password')
    assert_no_secrets(run, graph, wrong)


@pytest.mark.reliability('secrets', 'access_token at -vvvv --diff: the token is not in the output')
def test_access_token_create(graph, intune, issue_token, endpoints):
    run = intune.run(args=CREATE_ARGS, connection=dict(endpoints, access_token=issue_token()), **VERBOSE)
    assert run.changed and not run.failed, run
    assert_no_secrets(run, graph)


@pytest.mark.reliability('secrets', 'A wrong secret (a failure answered to msal): the secret is not in the failure')
def test_wrong_secret(graph, intune, endpoints):
    wrong = 'WrongSecret~' + uuid.uuid4().hex
    run = intune.run(args=CREATE_ARGS, connection=secret_connection(graph, endpoints, client_secret=wrong), **VERBOSE)
    assert_clean_failure(run, 'AADSTS7000215')
    assert_no_secrets(run, graph, wrong)


@pytest.mark.reliability('secrets', 'A Graph 400 with request body in the result: no token in it')
def test_graph_bad_request_with_access_token(graph, intune, issue_token, endpoints):
    graph.control.add_fault(r'/createInstance$', method='POST', status=400)
    run = intune.run(args=CREATE_ARGS, connection=dict(endpoints, access_token=issue_token()), **VERBOSE)
    assert_clean_failure(run, '400')
    assert run.result['error']['request_body']['displayName'] == NAME
    assert_no_secrets(run, graph)


@pytest.mark.parametrize('credential', ['client_secret', 'access_token'])
@pytest.mark.reliability('secrets', 'TLS failures raised inside requests and msal: no secret or token in the message')
def test_tls_failure(graph, intune, issue_token, credential, endpoints):
    if credential == 'access_token':
        connection = dict(endpoints, access_token=issue_token())
    else:
        connection = secret_connection(graph, endpoints)
    del connection['ca_path']
    run = intune.run(args=CREATE_ARGS, connection=connection, **VERBOSE)
    assert_clean_failure(run, 'ca_path')
    assert_no_secrets(run, graph)


@pytest.mark.reliability('secrets', 'A secret injected by AWX (AZURE_SECRET): not in the output')
def test_secret_from_awx_environment(graph, intune, endpoints):
    info = graph.info
    env = {'AZURE_TENANT': info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'], 'AZURE_SECRET': info['client_secret']}
    run = intune.run(args=CREATE_ARGS, connection=endpoints, env=env, **VERBOSE)
    assert run.changed and not run.failed and graph.store.tokens, run
    assert_no_secrets(run, graph)


@pytest.mark.reliability('secrets', 'A wrong secret from the environment: not in the failure about it')
def test_wrong_secrets_from_environment_in_failures(graph, intune, endpoints):
    # A wrong secret from the environment is echoed nowhere, even in the failure about it.
    info = graph.info
    wrong = 'WrongEnvSecret~' + uuid.uuid4().hex
    env = {'AZURE_TENANT_ID': info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'], 'AZURE_SECRET': wrong}
    run = intune.run(args=CREATE_ARGS, connection=endpoints, env=env, **VERBOSE)
    assert_clean_failure(run, 'AADSTS7000215')
    assert_no_secrets(run, graph, wrong)


@pytest.mark.reliability('secrets', 'Nothing secret is written to disk: with token_cache=false no file the run '
                                    'leaves (cache directory, Ansible temp directories) holds a secret or token')
def test_no_secret_or_token_on_disk_without_token_cache(graph, intune, endpoints, tmp_path):
    ansible_temp = tmp_path / 'ansible-temp'
    env = {'ANSIBLE_LOCAL_TEMP': str(ansible_temp / 'local'), 'ANSIBLE_REMOTE_TEMP': str(ansible_temp / 'remote')}
    run = intune.run(args=CREATE_ARGS, connection=secret_connection(graph, endpoints, token_cache=False), env=env,
                     **VERBOSE)
    assert run.changed and not run.failed and graph.store.tokens, run
    secrets = [graph.info['client_secret']] + list(graph.store.tokens)
    scanned = 0
    for directory, dummy, names in os.walk(str(tmp_path)):
        for name in names:
            path = os.path.join(directory, name)
            if name == 'playbook.yml':
                continue  # the test's own playbook, which carries the connection options
            with open(path, 'rb') as handle:
                content = handle.read().decode('utf-8', 'replace')
            scanned += 1
            assert not any(secret in content for secret in secrets), path
            assert not TOKEN_SHAPE.search(content) and 'PRIVATE KEY' not in content, path
    assert scanned  # the registered result at least
