# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Token requests are repeated after transient identity-platform failures (msal itself retries nothing)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
import requests

from ansible_collections.msgraph.intune.plugins.module_utils._auth import (
    TOKEN_RETRY_DELAYS,
    AuthError,
    ClientSecretAuth,
)
from ansible_collections.msgraph.intune.plugins.module_utils._connection import resolve_connection_settings
from ansible_collections.msgraph.intune.plugins.module_utils._graph import build_session
from ansible_collections.msgraph.intune.tests.unit.plugins.module_utils.fake_http import fake_response

SECRET = 'fake-client-secret-retries-0123456789abcdef'
TOKEN = 'fake.access.token-retries-0123456789abcdef'
TENANT = '00000000-0000-0000-0000-00000000aaaa'
CLIENT = '00000000-0000-0000-0000-00000000bbbb'
LOOPBACK = 'https://127.0.0.1:8443'
AUTHORITY = LOOPBACK + '/' + TENANT


class ScriptedTokenEndpoint(requests.adapters.BaseAdapter):
    """Discovery always works; each token request takes the next scripted outcome (an exception, a status, or
    'ok'); the last outcome repeats."""

    def __init__(self, outcomes):
        super(ScriptedTokenEndpoint, self).__init__()
        self.outcomes = list(outcomes)
        self.token_requests = 0

    def send(self, request, **kwargs):
        if request.url.endswith('/.well-known/openid-configuration'):
            return fake_response(request, 200, {'token_endpoint': AUTHORITY + '/oauth2/v2.0/token',
                                                'authorization_endpoint': AUTHORITY + '/oauth2/v2.0/authorize',
                                                'issuer': AUTHORITY + '/v2.0'})
        outcome = self.outcomes[min(self.token_requests, len(self.outcomes) - 1)]
        self.token_requests += 1
        if isinstance(outcome, Exception):
            raise outcome
        if outcome == 'ok':
            return fake_response(request, 200, {'access_token': TOKEN, 'expires_in': 3600, 'token_type': 'Bearer'})
        if outcome == 'invalid_client':
            return fake_response(request, 401, {'error': 'invalid_client', 'error_codes': [7000215],
                                                'error_description': 'AADSTS7000215: Invalid client secret provided.'})
        return fake_response(request, outcome, {'error': 'temporarily_unavailable'})

    def close(self):
        pass


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
