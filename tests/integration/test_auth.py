# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every authentication method end to end: real ansible-playbook, real msal, the emulator's identity platform.

Each run creates a BitLocker profile, so a success is also checked on the emulator's state, and the request log
shows which credential reached which endpoint (one token per module run).
"""

import uuid

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from playbook_runner import assert_clean_failure

# Also runs on the module path and through a non-local connection (see playbook_runner.EXECUTION_PATH).
pytestmark = pytest.mark.every_path

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
# Proxies that refuse every connection: a run that wrongly leaves the loopback emulator cannot reach anything.
DEAD_PROXIES = {'HTTP_PROXY': 'http://127.0.0.1:9', 'HTTPS_PROXY': 'http://127.0.0.1:9', 'NO_PROXY': '', 'no_proxy': ''}


def create_args(name):
    return {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': name,
            'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': True}]}


def entries(graph, kind):
    return graph.control.requests(kind=kind)


def assert_created(run, graph, name):
    """The run created exactly one profile named `name`, with the requested setting, through authenticated calls."""
    assert run.rc == 0 and not run.failed and run.changed, run
    intents = graph.control.intents()
    assert [intent['displayName'] for intent in intents] == [name]
    assert run.result['intent']['id'] == intents[0]['id']
    graph_calls = entries(graph, 'graph')
    assert graph_calls and all(call['auth'] for call in graph_calls)
    assert all(call['status'] == 200 for call in graph_calls), graph_calls
    creates = [call for call in graph_calls if call['path'].endswith('/createInstance')]
    assert len(creates) == 1


def assert_one_token_from(graph, app_id):
    """Exactly one client-credentials token request per module run, made by app_id and granted."""
    tokens = entries(graph, 'token')
    assert len(tokens) == 1, tokens
    assert tokens[0]['app_id'] == app_id and tokens[0]['status'] == 200
    assert tokens[0]['body']['scope'] == graph.url + '/.default'
    assert not entries(graph, 'msi')
    return tokens[0]


def test_client_secret(graph, intune):
    run = intune.run(args=create_args('Auth - secret'))
    assert_created(run, graph, 'Auth - secret')
    token = assert_one_token_from(graph, graph.info['client_id'])
    assert token['body']['grant_type'] == 'client_credentials'
    assert 'client_secret' in token['body'] and 'client_assertion' not in token['body']
    # More Graph calls than tokens: the token is cached for the whole run.
    assert len(entries(graph, 'graph')) >= 5


@pytest.mark.parametrize('encrypted', [False, True], ids=['plain_pem', 'encrypted_pem'])
def test_certificate(graph, intune, encrypted, endpoints):
    info = graph.info
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['cert_client_id'])
    if encrypted:
        connection.update(client_certificate_path=info['cert_encrypted_path'], client_certificate_password=info['cert_password'])
    else:
        connection.update(client_certificate_path=info['cert_path'])
    name = 'Auth - certificate %s' % encrypted
    run = intune.run(args=create_args(name), connection=connection)
    assert_created(run, graph, name)
    token = assert_one_token_from(graph, info['cert_client_id'])
    assert 'client_assertion' in token['body'] and 'client_secret' not in token['body']


def test_wrong_certificate_password_fails_before_any_request(graph, intune, endpoints):
    info = graph.info
    connection = dict(endpoints, tenant_id=info['tenant_id'], client_id=info['cert_client_id'],
                      client_certificate_path=info['cert_encrypted_path'],
                      client_certificate_password='not-the-password-' + uuid.uuid4().hex)
    run = intune.run(args=create_args('Auth - wrong password'), connection=connection)
    assert_clean_failure(run, 'client_certificate_password', 'decrypt')
    assert graph.control.requests() == []


@pytest.mark.parametrize('assignment', ['system', 'user'])
def test_managed_identity(graph, intune, assignment, endpoints):
    info = graph.info
    connection = dict(endpoints, auth_method='managed_identity')
    if assignment == 'user':
        connection['managed_identity_client_id'] = info['managed_identity_user_client_id']
        expected_identity = info['managed_identity_user_client_id']
    else:
        expected_identity = info['managed_identity_client_id']
    # IDENTITY_ENDPOINT keeps msal on the App Service protocol, so it never probes the real IMDS address.
    env = {'IDENTITY_ENDPOINT': info['identity_endpoint'], 'IDENTITY_HEADER': info['identity_header']}
    name = 'Auth - managed identity %s' % assignment
    run = intune.run(args=create_args(name), connection=connection, env=env)
    assert_created(run, graph, name)
    msi = entries(graph, 'msi')
    assert len(msi) == 1 and msi[0]['status'] == 200, msi
    assert msi[0]['app_id'] == expected_identity
    assert msi[0]['query']['resource'].rstrip('/') == graph.url
    assert ('client_id' in msi[0]['query']) == (assignment == 'user')
    assert not entries(graph, 'token') and not entries(graph, 'discovery')


@pytest.mark.parametrize('source', ['task', 'env'])
def test_access_token(graph, intune, issue_token, source, endpoints):
    token = issue_token()
    connection = dict(endpoints)
    env = None
    if source == 'task':
        connection['access_token'] = token
    else:
        env = {'MSGRAPH_ACCESS_TOKEN': token}
    name = 'Auth - access token %s' % source
    run = intune.run(args=create_args(name), connection=connection, env=env)
    assert_created(run, graph, name)
    # The given token is used as is: no identity platform traffic at all.
    assert [call['kind'] for call in graph.control.requests() if call['kind'] != 'graph'] == []


@pytest.mark.parametrize('tenant_variable,secret_variable', [
    ('AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET'),
    ('AZURE_TENANT', 'AZURE_SECRET'),  # the names AWX's Microsoft Azure Resource Manager credential injects
], ids=['azure_sdk_names', 'awx_names'])
def test_credentials_from_environment(graph, intune, tenant_variable, secret_variable, endpoints):
    info = graph.info
    env = {tenant_variable: info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'], secret_variable: info['client_secret']}
    name = 'Auth - env %s' % secret_variable
    run = intune.run(args=create_args(name), connection=endpoints, env=env)
    assert_created(run, graph, name)
    assert_one_token_from(graph, info['client_id'])


def test_a_task_token_with_a_client_secret_from_module_defaults_follows_the_auto_order(graph, intune, issue_token,
                                                                                       connection):
    # module_defaults carry the group's client secret; one task brings its own token: access_token comes first.
    name = 'Auth - token over module_defaults secret'
    run = intune.run(args=dict(create_args(name), access_token=issue_token()), connection=connection)
    assert_created(run, graph, name)
    assert not entries(graph, 'token') and not entries(graph, 'discovery')


def test_explicit_access_token_beats_injected_awx_secret(graph, intune, issue_token, endpoints):
    info = graph.info
    connection = dict(endpoints, access_token=issue_token())
    env = {'AZURE_TENANT': info['tenant_id'], 'AZURE_CLIENT_ID': info['client_id'], 'AZURE_SECRET': info['client_secret']}
    run = intune.run(args=create_args('Auth - token over AWX'), connection=connection, env=env)
    assert 'mutually exclusive' not in run.output
    assert_created(run, graph, 'Auth - token over AWX')
    assert not entries(graph, 'token') and not entries(graph, 'discovery')


@pytest.mark.reliability('fault', 'Token endpoint invalid_client (a wrong secret): the failure names '
                                  'AADSTS7000215, no Graph request')
def test_wrong_secret_names_aadsts_code(graph, intune, connection):
    wrong = dict(connection, client_secret='Wrong~' + uuid.uuid4().hex)
    run = intune.run(args=create_args('Auth - wrong secret'), connection=wrong)
    assert_clean_failure(run, 'AADSTS7000215', 'invalid_client')
    tokens = entries(graph, 'token')
    assert [token['status'] for token in tokens] == [401]
    assert not entries(graph, 'graph') and graph.control.intents() == []


def test_unknown_tenant(graph, intune, connection):
    tenant = str(uuid.uuid4())
    run = intune.run(args=create_args('Auth - unknown tenant'), connection=dict(connection, tenant_id=tenant))
    # msal drops Entra's answer to the refused OpenID discovery; the collection reads its AADSTS code back.
    assert_clean_failure(run, tenant, 'AADSTS90002', 'invalid_tenant', 'tenant name or GUID')
    assert not entries(graph, 'graph') and graph.control.intents() == []


def test_cloud_alias_with_endpoint_overrides(graph, intune, endpoints):
    info = graph.info
    env = {'AZURE_CLOUD_ENVIRONMENT': 'AzureUSGovernment', 'AZURE_TENANT_ID': info['tenant_id'],
           'AZURE_CLIENT_ID': info['client_id'], 'AZURE_CLIENT_SECRET': info['client_secret']}
    run = intune.run(args=create_args('Auth - usgov'), connection=endpoints, env=env)
    assert_created(run, graph, 'Auth - usgov')
    # The overrides win over the cloud's hosts: the token is for the emulator, not graph.microsoft.us.
    assert_one_token_from(graph, info['client_id'])


def test_unknown_cloud_alias_is_refused(graph, intune, connection):
    run = intune.run(args=create_args('Auth - bad cloud'), connection=connection,
                     env={'AZURE_CLOUD_ENVIRONMENT': 'AzureGermanCloud'})
    assert_clean_failure(run, 'AZURE_CLOUD_ENVIRONMENT', 'AzureGermanCloud', 'AzureUSGovernment')
    assert graph.control.requests() == []


def test_plain_http_graph_endpoint_is_refused_before_any_request(graph, intune, connection):
    run = intune.run(args=create_args('Auth - http'), connection=dict(connection, graph_endpoint='http://graph.example.com'),
                     env=DEAD_PROXIES)
    assert_clean_failure(run, 'graph_endpoint', 'https', 'http://graph.example.com')
    assert graph.control.requests() == []


@pytest.mark.reliability('fault', 'TLS: validate_certs=false works and warns')
def test_validate_certs_false_works_and_warns(graph, intune, connection):
    insecure = dict(connection, validate_certs=False)
    del insecure['ca_path']
    run = intune.run(args=create_args('Auth - insecure'), connection=insecure)
    assert_created(run, graph, 'Auth - insecure')
    assert any('validate_certs' in warning for warning in run.result.get('warnings', [])), run
    assert '[WARNING]' in run.output and 'validate_certs' in run.output


@pytest.mark.reliability('fault', 'TLS: an unknown CA fails with a message that points to ca_path and validate_certs')
def test_unknown_ca_points_to_ca_path(graph, intune, connection):
    untrusted = dict(connection)
    del untrusted['ca_path']
    run = intune.run(args=create_args('Auth - unknown CA'), connection=untrusted)
    assert_clean_failure(run, 'ca_path', 'validate_certs')
    # The TLS handshake failed, so the emulator never saw an HTTP request.
    assert graph.control.requests() == [] and graph.control.intents() == []
