# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client credentials flow with real msal over a fake identity platform, and the token cache."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import pytest
import requests

from ansible_collections.msgraph.intune.plugins.module_utils._auth.client_secret import ClientSecretAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._auth.token_provider import TokenProvider
from ansible_collections.msgraph.intune.plugins.module_utils._cache import FileStore
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError
from ansible_collections.msgraph.intune.tests.unit.utils.fake_http import fake_response
from ansible_collections.msgraph.intune.tests.unit.utils.identity import (
    CLIENT,
    LOOPBACK,
    MSAL_ERROR,
    SECRET,
    TENANT,
    TOKEN,
    IdentityTransport,
    cached_secret_auth,
    secret_settings,
    session_with,
    settings_for,
    token_form,
)


def test_confidential_client_refuses_an_http_authority():
    method = select_auth_method(settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT,
                                             authority_host='http://127.0.0.1:8080'))
    with pytest.raises(AuthError, match='needs an https authority_host'):
        method.validate()


def test_national_cloud_never_contacts_the_public_login_host():
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, cloud='usgov')
    transport = IdentityTransport('https://login.microsoftonline.us/' + TENANT)
    assert ClientSecretAuth(settings).acquire_token(session_with(settings, transport)) == TOKEN
    assert {requests.utils.urlparse(r.url).hostname for r in transport.requests} == {'login.microsoftonline.us'}
    assert requests.utils.unquote(token_form(transport)['scope']) == 'https://graph.microsoft.us/.default'


def test_token_endpoint_error_becomes_auth_error_without_the_secret():
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK)
    transport = IdentityTransport(LOOPBACK + '/' + TENANT, token_response=MSAL_ERROR)
    with pytest.raises(AuthError) as info:
        ClientSecretAuth(settings).acquire_token(session_with(settings, transport))
    assert 'AADSTS7000215 invalid_client: Invalid client secret provided' in str(info.value)
    assert '(correlation id: 2222-corr)' in str(info.value)
    assert SECRET not in str(info.value)


def test_a_valid_cached_token_is_reused_without_any_request(tmp_path):
    store = FileStore.open(str(tmp_path / 'cache'))
    first = IdentityTransport(LOOPBACK + '/' + TENANT)
    assert cached_secret_auth(store).acquire_token(session_with(secret_settings(), first)) == TOKEN
    assert [r.method for r in first.requests] == ['GET', 'POST']
    later_run = IdentityTransport(LOOPBACK + '/' + TENANT)
    assert cached_secret_auth(store).acquire_token(session_with(secret_settings(), later_run)) == TOKEN
    assert later_run.requests == []  # no token request and no OIDC discovery
    for name in os.listdir(store.directory):
        with open(os.path.join(store.directory, name)) as handle:
            assert SECRET not in handle.read()


def test_the_second_acquire_of_a_run_skips_the_cached_token(tmp_path):
    store = FileStore.open(str(tmp_path / 'cache'))
    cached_secret_auth(store).acquire_token(session_with(secret_settings(), IdentityTransport(LOOPBACK + '/' + TENANT)))
    transport = IdentityTransport(LOOPBACK + '/' + TENANT, {'access_token': 'renewed-token', 'expires_in': 3600,
                                                            'token_type': 'Bearer'})
    method = cached_secret_auth(store)
    provider = TokenProvider(method, session_with(secret_settings(), transport))
    assert provider.token() == TOKEN
    assert provider.refresh() == 'renewed-token'  # Graph rejected the cached token
    # The renewed token replaced the rejected one for the next runs.
    assert cached_secret_auth(store).acquire_token(session=None) == 'renewed-token'


class RedirectingTokenEndpoint(IdentityTransport):
    """Discovery works; the token endpoint answers 307 to another port; a request there is recorded."""

    def send(self, request, **kwargs):
        if request.method == 'POST' and request.url.endswith('/oauth2/v2.0/token'):
            self.requests.append(request)
            return fake_response(request, 307, '', {'Location': 'http://127.0.0.1:9/steal?client_secret=x'})
        if request.url.startswith('http://127.0.0.1:9/'):
            self.requests.append(request)
            return fake_response(request, 200, {'stolen': True})
        return super(RedirectingTokenEndpoint, self).send(request, **kwargs)


@pytest.mark.reliability('secrets', 'A 307 from the token endpoint to an http:// address is not followed: the client '
                                    'secret is never posted there, and the failure names the status and location')
def test_a_redirect_from_the_token_endpoint_is_never_followed():
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK)
    transport = RedirectingTokenEndpoint(LOOPBACK + '/' + TENANT)
    with pytest.raises(AuthError) as raised:
        ClientSecretAuth(settings).acquire_token(session_with(settings, transport))
    assert not [request for request in transport.requests if request.url.startswith('http://127.0.0.1:9/')]
    assert 'HTTP 307 redirect to http://127.0.0.1:9/steal refused' in str(raised.value)
    assert 'client_secret=x' not in str(raised.value) and SECRET not in str(raised.value)
