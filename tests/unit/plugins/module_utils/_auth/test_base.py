# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every method shares: required options, msal errors in one line without secrets, retries of token requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
import requests

from ansible_collections.msgraph.intune.plugins.module_utils._auth.base import TOKEN_RETRY_DELAYS, describe_msal_error
from ansible_collections.msgraph.intune.plugins.module_utils._auth.client_secret import ClientSecretAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._connection import resolve_connection_settings
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError
from ansible_collections.msgraph.intune.plugins.module_utils._http import build_session
from ansible_collections.msgraph.intune.tests.unit.utils.fake_http import fake_response
from ansible_collections.msgraph.intune.tests.unit.utils.identity import (
    CLIENT,
    LOOPBACK,
    MSAL_ERROR,
    SECRET,
    TENANT,
    TOKEN,
    FailingTransport,
    ScriptedTokenEndpoint,
    session_with,
    settings_for,
)


def test_explicit_method_without_its_credential_names_option_and_variables():
    method = select_auth_method(settings_for(auth_method='client_secret', tenant_id=TENANT, client_id=CLIENT))
    with pytest.raises(AuthError) as info:
        method.validate()
    assert str(info.value) == ('client_secret authentication needs client_secret: set the client_secret option or '
                               'the AZURE_CLIENT_SECRET or AZURE_SECRET environment variables')


def test_missing_tenant_is_named():
    method = select_auth_method(settings_for({'AZURE_SECRET': SECRET, 'AZURE_CLIENT_ID': CLIENT}))
    with pytest.raises(AuthError, match='needs tenant_id: set the tenant_id option or the AZURE_TENANT_ID or AZURE_TENANT'):
        method.validate()


def test_msal_error_is_one_line_with_code_error_description_and_correlation_id():
    message, error, aadsts, correlation_id = describe_msal_error(MSAL_ERROR, 'https://login.example/tenant')
    assert message == ('Token request to https://login.example/tenant failed: AADSTS7000215 invalid_client: '
                       'Invalid client secret provided. Ensure the secret being sent is the one configured. '
                       '(correlation id: 2222-corr)')
    assert (error, aadsts, correlation_id) == ('invalid_client', 'AADSTS7000215', '2222-corr')


def test_msal_error_without_codes_takes_the_code_from_the_description():
    message, dummy, aadsts, dummy = describe_msal_error({'error': 'invalid_request', 'error_description': 'AADSTS90002: Tenant not found.'}, 'x')
    assert aadsts == 'AADSTS90002'
    assert message == 'Token request to x failed: AADSTS90002 invalid_request: Tenant not found.'


def test_secrets_are_scrubbed_from_token_errors():
    method = ClientSecretAuth(settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT))
    leaky = dict(MSAL_ERROR, error_description='AADSTS7000215: secret %s is wrong' % SECRET)
    with pytest.raises(AuthError) as info:
        method.token_from_result(leaky, 'authority')
    assert SECRET not in str(info.value)
    assert '********' in str(info.value)
    assert info.value.aadsts == 'AADSTS7000215' and info.value.correlation_id == '2222-corr'


def test_a_refused_credential_says_where_each_credential_came_from():
    method = ClientSecretAuth(settings_for({'AZURE_SECRET': SECRET, 'AZURE_TENANT': TENANT}, client_id=CLIENT))
    with pytest.raises(AuthError) as info:
        method.token_from_result(MSAL_ERROR, 'authority')
    assert str(info.value).endswith(
        '. The credentials came from: tenant_id from the AZURE_TENANT environment variable; client_id from the '
        'client_id option; client_secret from the AZURE_SECRET environment variable')
    assert SECRET not in str(info.value)


@pytest.mark.parametrize('exc, message', [
    (requests.exceptions.SSLError('certificate verify failed'), 'Set ca_path to the CA bundle'),
    (requests.exceptions.ConnectTimeout('slow'), 'Timed out after 30 s waiting for'),
    (requests.exceptions.ConnectionError('refused %s' % SECRET), 'Could not connect to https://127.0.0.1:8443/'),
])
def test_network_errors_from_msal_become_auth_errors(exc, message):
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK)
    with pytest.raises(AuthError, match=message) as info:
        ClientSecretAuth(settings).acquire_token(session_with(settings, FailingTransport(exc)))
    assert SECRET not in str(info.value)


__metaclass__ = type


def acquire(outcomes):
    settings = resolve_connection_settings({'client_secret': SECRET, 'tenant_id': TENANT, 'client_id': CLIENT,
                                            'authority_host': LOOPBACK}, {})[0]
    transport = ScriptedTokenEndpoint(outcomes)
    session = build_session(settings)
    session.mount('https://', transport)
    method = ClientSecretAuth(settings)
    waits = []
    method.sleep = waits.append
    try:
        return method.acquire_token(session), transport, waits, None
    except AuthError as exc:
        return None, transport, waits, exc


@pytest.mark.parametrize('transient', [500, 503, requests.exceptions.ConnectionError('reset by peer'),
                                       requests.exceptions.ReadTimeout('read timed out')],
                         ids=['500', '503', 'connection_reset', 'read_timeout'])
def test_transient_failures_are_retried_until_a_token_comes(transient):
    token, transport, waits, error = acquire([transient, transient, 'ok'])
    assert error is None and token == TOKEN
    assert transport.token_requests == 3
    assert waits == list(TOKEN_RETRY_DELAYS)


def test_a_persistent_outage_fails_after_the_bounded_attempts_without_the_secret():
    token, transport, waits, error = acquire([503])
    assert token is None
    assert transport.token_requests == len(TOKEN_RETRY_DELAYS) + 1
    assert '503' in str(error) and SECRET not in str(error)


@pytest.mark.parametrize('final', ['invalid_client', requests.exceptions.SSLError('certificate verify failed')],
                         ids=['invalid_client', 'tls'])
def test_credential_and_tls_errors_are_not_retried(final):
    token, transport, waits, error = acquire([final])
    assert token is None and transport.token_requests == 1 and waits == []
    assert 'AADSTS7000215' in str(error) or 'ca_path' in str(error)


class UnknownTenantEndpoint(ScriptedTokenEndpoint):
    """Entra's answer to the OpenID discovery of a tenant that does not exist."""

    def send(self, request, **kwargs):
        return fake_response(request, 400, {
            'error': 'invalid_tenant', 'error_codes': [90002], 'correlation_id': 'corr-90002',
            'error_description': "AADSTS90002: Tenant '%s' not found. Check to make sure you have the correct tenant "
                                 "ID and are signing into the correct cloud.\r\nTrace ID: t" % TENANT})


def test_an_unknown_tenant_is_reported_with_entras_aadsts_code():
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK)
    with pytest.raises(AuthError) as info:
        ClientSecretAuth(settings).acquire_token(session_with(settings, UnknownTenantEndpoint([])))
    message = str(info.value)
    assert 'AADSTS90002 invalid_tenant' in message and "Tenant '%s' not found" % TENANT in message
    assert 'tenant name or GUID' in message and 'Trace ID' not in message
    assert info.value.aadsts == 'AADSTS90002' and info.value.correlation_id == 'corr-90002'
    assert SECRET not in message
