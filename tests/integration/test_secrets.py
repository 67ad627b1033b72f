# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret ever reaches the output: runs at -vvvv with --diff, successful and failing, for every credential kind.

Checked in stdout, stderr and the registered result: the client secret, the certificate password, private key
PEM text, and every bearer token the emulator issued during the test (read from its token store, so that a token
leaked in any form is found, not only one that looks like a token).
"""

import json
import re
import uuid

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from playbook_runner import assert_clean_failure

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


def test_encrypted_certificate_create(graph, intune, endpoints):
    info = graph.info
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['cert_client_id'],
                      client_certificate_path=info['cert_encrypted_path'], client_certificate_password=info['cert_password'])
    run = intune.run(args=CREATE_ARGS, connection=connection, **VERBOSE)
    assert run.changed and not run.failed and graph.store.tokens, run
    assert_no_secrets(run, graph)


def test_wrong_certificate_password(graph, intune, endpoints):
    info = graph.info
    wrong = 'WrongCertPass-' + uuid.uuid4().hex
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['cert_client_id'],
                      client_certificate_path=info['cert_encrypted_path'], client_certificate_password=wrong)
    run = intune.run(args=CREATE_ARGS, connection=connection, **VERBOSE)
    assert_clean_failure(run, 'client_certificate_password')
    assert_no_secrets(run, graph, wrong)


def test_access_token_create(graph, intune, issue_token, endpoints):
    run = intune.run(args=CREATE_ARGS, connection=dict(endpoints, access_token=issue_token()), **VERBOSE)
    assert run.changed and not run.failed, run
    assert_no_secrets(run, graph)


def test_wrong_secret(graph, intune, endpoints):
    wrong = 'WrongSecret~' + uuid.uuid4().hex
    run = intune.run(args=CREATE_ARGS, connection=secret_connection(graph, endpoints, client_secret=wrong), **VERBOSE)
    assert_clean_failure(run, 'AADSTS7000215')
    assert_no_secrets(run, graph, wrong)


def test_graph_bad_request_with_access_token(graph, intune, issue_token, endpoints):
    graph.control.add_fault(r'/createInstance$', method='POST', status=400)
    run = intune.run(args=CREATE_ARGS, connection=dict(endpoints, access_token=issue_token()), **VERBOSE)
    assert_clean_failure(run, '400')
    assert run.result['error']['request_body']['displayName'] == NAME
    assert_no_secrets(run, graph)


@pytest.mark.parametrize('credential', ['client_secret', 'access_token'])
def test_tls_failure(graph, intune, issue_token, credential, endpoints):
    if credential == 'access_token':
        connection = dict(endpoints, access_token=issue_token())
    else:
        connection = secret_connection(graph, endpoints)
    del connection['ca_path']
    run = intune.run(args=CREATE_ARGS, connection=connection, **VERBOSE)
    assert_clean_failure(run, 'ca_path')
    assert_no_secrets(run, graph)


def test_secret_from_awx_environment(graph, intune, endpoints):
    info = graph.info
    env = {'AZURE_TENANT': info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'], 'AZURE_SECRET': info['client_secret']}
    run = intune.run(args=CREATE_ARGS, connection=endpoints, env=env, **VERBOSE)
    assert run.changed and not run.failed and graph.store.tokens, run
    assert_no_secrets(run, graph)


def test_wrong_secrets_from_environment_in_failures(graph, intune, endpoints):
    # A wrong secret from the environment is echoed nowhere, even in the failure about it.
    info = graph.info
    wrong = 'WrongEnvSecret~' + uuid.uuid4().hex
    env = {'AZURE_TENANT_ID': info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'], 'AZURE_SECRET': wrong}
    run = intune.run(args=CREATE_ARGS, connection=endpoints, env=env, **VERBOSE)
    assert_clean_failure(run, 'AADSTS7000215')
    assert_no_secrets(run, graph, wrong)
