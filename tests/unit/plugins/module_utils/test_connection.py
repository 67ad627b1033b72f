# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._connection import (
    CLOUDS,
    GRAPH_AUTH_ARGSPEC,
    ConnectionSettings,
    check_endpoint,
    env_hint,
    resolve_connection_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._errors import ConnectionOptionError

SECRET = 'fake-client-secret-0123456789abcdef'
TOKEN = 'fake.access.token-0123456789abcdef'


def resolve(environ=None, **params):
    return resolve_connection_settings(params, environ or {})


def test_argspec_has_no_environment_fallbacks_and_hides_secrets():
    assert not [name for name, spec in GRAPH_AUTH_ARGSPEC.items() if 'fallback' in spec]
    assert sorted(name for name, spec in GRAPH_AUTH_ARGSPEC.items() if spec.get('no_log')) == [
        'access_token', 'client_certificate_password', 'client_secret']


def test_defaults_without_options_or_environment():
    settings, env_secrets = resolve()
    assert env_secrets == []
    assert settings.cloud == 'public'
    assert settings.graph_endpoint == 'https://graph.microsoft.com'
    assert settings.authority_host == 'https://login.microsoftonline.com'
    assert settings.scope == 'https://graph.microsoft.com/.default'
    assert settings.auth_method == 'auto'
    assert (settings.timeout, settings.max_retries, settings.verify) == (30, 5, True)


@pytest.mark.parametrize('cloud, authority_host, graph_endpoint', [
    ('public', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'),
    ('usgov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'),
    ('usgov_dod', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'),
    ('china', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'),
])
def test_cloud_table(cloud, authority_host, graph_endpoint):
    assert CLOUDS[cloud] == (authority_host, graph_endpoint)
    settings, dummy = resolve(cloud=cloud)
    assert (settings.authority_host, settings.graph_endpoint) == (authority_host, graph_endpoint)
    assert settings.scope == graph_endpoint + '/.default'


@pytest.mark.parametrize('value, cloud', [
    ('AzureCloud', 'public'),
    ('azureusgovernment', 'usgov'),
    ('AZURECHINACLOUD', 'china'),
    ('usgov_dod', 'usgov_dod'),
    (' China ', 'china'),
])
def test_cloud_from_environment_accepts_aliases(value, cloud):
    settings, dummy = resolve({'AZURE_CLOUD_ENVIRONMENT': value})
    assert settings.cloud == cloud


def test_explicit_cloud_beats_environment():
    settings, dummy = resolve({'AZURE_CLOUD_ENVIRONMENT': 'AzureChinaCloud'}, cloud='usgov')
    assert settings.cloud == 'usgov'


def test_unknown_cloud_in_environment_names_the_variable():
    with pytest.raises(ConnectionOptionError, match='AZURE_CLOUD_ENVIRONMENT=AzureGermanCloud is not a known cloud') as info:
        resolve({'AZURE_CLOUD_ENVIRONMENT': 'AzureGermanCloud'})
    assert info.value.option == 'cloud'


def test_environment_variables_in_documented_order():
    settings, dummy = resolve({'AZURE_TENANT': 'second', 'AZURE_TENANT_ID': 'first', 'AZURE_SECRET': 'second-' + SECRET,
                               'AZURE_CLIENT_SECRET': SECRET, 'AZURE_CLIENT_ID': 'app'})
    assert (settings.tenant_id, settings.client_secret, settings.client_id) == ('first', SECRET, 'app')
    settings, dummy = resolve({'AZURE_TENANT': 'second', 'AZURE_TENANT_ID': '', 'AZURE_SECRET': SECRET})
    assert (settings.tenant_id, settings.client_secret) == ('second', SECRET)


def test_task_options_beat_environment_and_empty_options_count_as_unset():
    settings, dummy = resolve({'AZURE_TENANT_ID': 'from-env', 'AZURE_CLIENT_ID': 'env-app'}, tenant_id='from-task', client_id='')
    assert (settings.tenant_id, settings.client_id) == ('from-task', 'env-app')


def test_secrets_from_environment_are_returned_for_no_log():
    environ = {'AZURE_SECRET': SECRET, 'MSGRAPH_ACCESS_TOKEN': TOKEN, 'AZURE_CLIENT_CERTIFICATE_PASSWORD': 'fake-password-42',
               'AZURE_CLIENT_ID': 'not-a-secret'}
    settings, env_secrets = resolve(environ)
    assert sorted(env_secrets) == sorted([SECRET, TOKEN, 'fake-password-42'])
    settings, env_secrets = resolve(environ, client_secret='task-' + SECRET)
    assert settings.client_secret == 'task-' + SECRET
    assert SECRET not in env_secrets


def test_injected_azure_secret_does_not_conflict_with_explicit_access_token():
    settings, env_secrets = resolve({'AZURE_SECRET': SECRET, 'AZURE_CLIENT_ID': 'app', 'AZURE_TENANT': 'tenant'}, access_token=TOKEN)
    assert settings.auth_method == 'access_token'
    assert settings.access_token == TOKEN
    assert env_secrets == [SECRET]


def test_task_credential_beats_environment_credential_under_auto():
    settings, dummy = resolve({'MSGRAPH_ACCESS_TOKEN': TOKEN}, client_secret=SECRET)
    assert settings.auth_method == 'client_secret'
    settings, dummy = resolve({'MSGRAPH_ACCESS_TOKEN': TOKEN, 'AZURE_SECRET': SECRET})
    assert settings.auth_method == 'auto'  # chosen later by select_auth_method, in the documented order


def test_two_credentials_in_the_options_follow_the_auto_order():
    settings, dummy = resolve(access_token=TOKEN, client_secret=SECRET)
    assert settings.auth_method == 'access_token'
    settings, dummy = resolve(client_secret=SECRET, managed_identity_client_id='mi')
    assert settings.auth_method == 'client_secret'
    settings, dummy = resolve(access_token=TOKEN, client_secret=SECRET, auth_method='client_secret')
    assert settings.auth_method == 'client_secret'


@pytest.mark.parametrize('url', [
    'http://graph.example.com', 'http://10.0.0.1:8080', 'http://169.254.169.254', 'http://localhost.example.com',
])
def test_plain_http_is_refused_for_other_hosts(url):
    with pytest.raises(ConnectionOptionError, match='must use https; http:// is only accepted for loopback hosts'):
        resolve(graph_endpoint=url)


@pytest.mark.parametrize('url, expected', [
    ('http://127.0.0.1:8080', 'http://127.0.0.1:8080'),
    ('http://127.5.6.7/', 'http://127.5.6.7'),
    ('http://[::1]:9000', 'http://[::1]:9000'),
    ('http://localhost:9000/', 'http://localhost:9000'),
    ('https://127.0.0.1:8443/beta/', 'https://127.0.0.1:8443'),
    ('https://graph.example.com/prefix', 'https://graph.example.com/prefix'),
])
def test_accepted_graph_endpoints_are_normalised(url, expected):
    settings, dummy = resolve(graph_endpoint=url)
    assert settings.graph_endpoint == expected
    assert settings.scope == expected + '/.default'


@pytest.mark.parametrize('url, message', [
    ('graph.microsoft.com', 'must be an absolute https:// URL'),
    ('ftp://127.0.0.1', 'must be an absolute https:// URL'),
    ('https://graph.microsoft.com?x=1', 'must not contain a query'),
    ('https://user:pw@graph.microsoft.com', 'must not contain user credentials'),
])
def test_malformed_endpoints_are_refused(url, message):
    with pytest.raises(ConnectionOptionError, match=message):
        resolve(authority_host=url)


def test_endpoint_errors_name_the_environment_variable():
    with pytest.raises(ConnectionOptionError, match=r'graph_endpoint \(from MSGRAPH_ENDPOINT\) must use https') as info:
        resolve({'MSGRAPH_ENDPOINT': 'http://graph.example.com'})
    assert info.value.option == 'graph_endpoint'


def test_overrides_replace_the_cloud_endpoints():
    settings, dummy = resolve({'AZURE_AUTHORITY_HOST': 'https://127.0.0.1:8443/'}, cloud='usgov',
                              graph_endpoint='https://127.0.0.1:8444')
    assert (settings.authority_host, settings.graph_endpoint) == ('https://127.0.0.1:8443', 'https://127.0.0.1:8444')
    assert check_endpoint('authority_host', 'https://login.microsoftonline.us/') == 'https://login.microsoftonline.us'


@pytest.mark.parametrize('option, value', [('timeout', 0), ('timeout', 3601), ('max_retries', -1), ('max_retries', 21)])
def test_out_of_range_numbers_are_refused(option, value):
    with pytest.raises(ConnectionOptionError, match='%s must be between' % option):
        resolve(**{option: value})


def test_missing_ca_path_is_refused(tmp_path):
    with pytest.raises(ConnectionOptionError, match=r'ca_path \(from REQUESTS_CA_BUNDLE\) .* does not exist'):
        resolve({'REQUESTS_CA_BUNDLE': str(tmp_path / 'missing.pem')})


def test_auth_method_must_be_known():
    with pytest.raises(ConnectionOptionError, match='auth_method must be one of'):
        resolve(auth_method='password')


def test_repr_hides_secrets():
    settings, dummy = resolve({'AZURE_SECRET': SECRET}, access_token=TOKEN, client_certificate_password='fake-password-42')
    text = repr(settings)
    assert SECRET not in text and TOKEN not in text and 'fake-password-42' not in text
    assert "tenant_id=None" in text


def test_settings_refuse_unknown_fields():
    with pytest.raises(TypeError, match='unknown connection settings: password'):
        ConnectionSettings(password='x')


def test_env_hint_lists_every_variable():
    assert env_hint('client_secret') == 'the client_secret option or the AZURE_CLIENT_SECRET or AZURE_SECRET environment variables'
    assert env_hint('client_id') == 'the client_id option or the AZURE_CLIENT_ID environment variable'
    assert env_hint('timeout') == 'the timeout option'
