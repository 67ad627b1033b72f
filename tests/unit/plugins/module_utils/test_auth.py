# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import base64
import datetime
import hashlib
import json
import os
import ssl

import msal
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ansible_collections.msgraph.intune.plugins.module_utils._auth import (
    AccessTokenAuth,
    AuthError,
    CertificateAuth,
    ClientSecretAuth,
    ManagedIdentityAuth,
    TokenProvider,
    describe_msal_error,
    select_auth_method,
)
from ansible_collections.msgraph.intune.plugins.module_utils._cache import FileStore
from ansible_collections.msgraph.intune.plugins.module_utils._connection import resolve_connection_settings
from ansible_collections.msgraph.intune.plugins.module_utils._graph import build_session
from ansible_collections.msgraph.intune.tests.unit.plugins.module_utils.fake_http import fake_response

SECRET = 'fake-client-secret-0123456789abcdef'
TOKEN = 'fake.access.token-0123456789abcdef'
PASSWORD = 'fake-key-password-0123456789'
TENANT = '00000000-0000-0000-0000-00000000aaaa'
CLIENT = '00000000-0000-0000-0000-00000000bbbb'
LOOPBACK = 'https://127.0.0.1:8443'


def settings_for(environ=None, **params):
    return resolve_connection_settings(params, environ or {})[0]


# --- selection -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('environ, expected', [
    ({'MSGRAPH_ACCESS_TOKEN': TOKEN, 'AZURE_CLIENT_CERTIFICATE_PATH': '/c.pem', 'AZURE_SECRET': SECRET,
      'AZURE_MANAGED_IDENTITY_CLIENT_ID': 'mi'}, AccessTokenAuth),
    ({'AZURE_CLIENT_CERTIFICATE_PATH': '/c.pem', 'AZURE_SECRET': SECRET, 'AZURE_MANAGED_IDENTITY_CLIENT_ID': 'mi'}, CertificateAuth),
    ({'AZURE_SECRET': SECRET, 'AZURE_MANAGED_IDENTITY_CLIENT_ID': 'mi'}, ClientSecretAuth),
    ({'AZURE_MANAGED_IDENTITY_CLIENT_ID': 'mi'}, ManagedIdentityAuth),
])
def test_auto_picks_the_first_present_credential(environ, expected):
    assert isinstance(select_auth_method(settings_for(environ)), expected)


def test_azure_secret_in_environment_with_explicit_access_token_uses_the_token():
    method = select_auth_method(settings_for({'AZURE_SECRET': SECRET, 'AZURE_CLIENT_ID': CLIENT}, access_token=TOKEN))
    assert isinstance(method, AccessTokenAuth)
    method.validate()
    assert method.acquire_token(session=None) == TOKEN


def test_explicit_method_is_used_even_when_another_credential_is_present():
    method = select_auth_method(settings_for({'MSGRAPH_ACCESS_TOKEN': TOKEN}, auth_method='managed_identity'))
    assert isinstance(method, ManagedIdentityAuth)


def test_no_credentials_lists_options_and_variables():
    with pytest.raises(AuthError) as info:
        select_auth_method(settings_for())
    message = str(info.value)
    for name in ('access_token (MSGRAPH_ACCESS_TOKEN)', 'client_secret (AZURE_CLIENT_SECRET or AZURE_SECRET)',
                 'client_certificate_path (AZURE_CLIENT_CERTIFICATE_PATH)', 'auth_method=managed_identity'):
        assert name in message


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


def test_confidential_client_refuses_an_http_authority():
    method = select_auth_method(settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT,
                                             authority_host='http://127.0.0.1:8080'))
    with pytest.raises(AuthError, match='needs an https authority_host'):
        method.validate()


@pytest.mark.parametrize('token', ['Bearer ' + TOKEN, TOKEN[:5] + ' ' + TOKEN[5:], '   '])
def test_access_token_must_be_bare(token):
    with pytest.raises(AuthError) as info:
        AccessTokenAuth(settings_for(access_token=token)).validate()
    assert 'access_token' in str(info.value)
    assert TOKEN not in str(info.value)


# --- certificates ---------------------------------------------------------------------------------------------

def make_key_and_certificate(key=None):
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u'msgraph.intune unit test')])
    now = datetime.datetime(2026, 1, 1)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now)
                   .not_valid_after(now + datetime.timedelta(days=365)).sign(key, hashes.SHA256()))
    return key, certificate


def key_pem(key, password=None, key_format=serialization.PrivateFormat.PKCS8):
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, key_format, encryption)


def cert_pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope='module')
def key_and_certificate():
    return make_key_and_certificate()


def certificate_auth(path, password=None, **params):
    params.setdefault('tenant_id', TENANT)
    params.setdefault('client_id', CLIENT)
    return CertificateAuth(settings_for(client_certificate_path=str(path), client_certificate_password=password, **params))


def expected_thumbprint(certificate):
    der = ssl.PEM_cert_to_DER_cert(cert_pem(certificate).decode())
    return hashlib.sha1(der).hexdigest().upper()


def test_unencrypted_pem_gives_thumbprint_and_credential(tmp_path, key_and_certificate):
    key, certificate = key_and_certificate
    path = tmp_path / 'app.pem'
    path.write_bytes(key_pem(key) + cert_pem(certificate))
    method = certificate_auth(path)
    method.validate()
    assert method.thumbprint == expected_thumbprint(certificate)
    credential = method.client_credential()
    assert sorted(credential) == ['private_key', 'public_certificate', 'thumbprint']
    assert credential['private_key'].startswith('-----BEGIN PRIVATE KEY-----')
    assert credential['public_certificate'] == cert_pem(certificate).decode().strip()


@pytest.mark.parametrize('key_format', [serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL])
def test_encrypted_key_decrypts_with_the_password(tmp_path, key_and_certificate, key_format):
    key, certificate = key_and_certificate
    path = tmp_path / 'app.pem'
    path.write_bytes(cert_pem(certificate) + key_pem(key, PASSWORD, key_format))
    method = certificate_auth(path, PASSWORD)
    method.validate()
    assert method.client_credential()['passphrase'] == PASSWORD
    assert method.thumbprint == expected_thumbprint(certificate)


def test_password_for_an_unencrypted_key_is_not_passed_on(tmp_path, key_and_certificate):
    key, certificate = key_and_certificate
    path = tmp_path / 'app.pem'
    path.write_bytes(key_pem(key) + cert_pem(certificate))
    method = certificate_auth(path, PASSWORD)
    method.validate()
    assert 'passphrase' not in method.client_credential()


def test_wrong_password_names_the_option_not_the_password(tmp_path, key_and_certificate):
    key, certificate = key_and_certificate
    path = tmp_path / 'app.pem'
    path.write_bytes(key_pem(key, PASSWORD) + cert_pem(certificate))
    with pytest.raises(AuthError) as info:
        certificate_auth(path, 'wrong-' + PASSWORD).validate()
    assert 'client_certificate_password does not decrypt the private key' in str(info.value)
    assert PASSWORD not in str(info.value)


def test_encrypted_key_without_password_names_option_and_variable(tmp_path, key_and_certificate):
    key, certificate = key_and_certificate
    path = tmp_path / 'app.pem'
    path.write_bytes(key_pem(key, PASSWORD) + cert_pem(certificate))
    with pytest.raises(AuthError, match='is encrypted: set the client_certificate_password option or the AZURE_CLIENT_CERTIFICATE_PASSWORD'):
        certificate_auth(path).validate()


@pytest.mark.parametrize('content, message', [
    ('key', 'has no PEM a certificate'),
    ('certificate', 'has no PEM a private key'),
    ('binary', 'has no PEM a private key'),
    ('other certificate', 'has no certificate for its private key'),
])
def test_incomplete_or_mismatched_files_are_refused(tmp_path, key_and_certificate, content, message):
    key, certificate = key_and_certificate
    dummy, other_certificate = make_key_and_certificate()
    path = tmp_path / 'app.pem'
    path.write_bytes({
        'key': key_pem(key),
        'certificate': cert_pem(certificate),
        'binary': b'\x30\x82\x0a\x00' + bytes(range(256)),
        'other certificate': key_pem(key) + cert_pem(other_certificate),
    }[content])
    with pytest.raises(AuthError, match=message):
        certificate_auth(path).validate()


def test_missing_file_is_named(tmp_path):
    with pytest.raises(AuthError, match='client_certificate_path .*missing.pem cannot be read'):
        certificate_auth(tmp_path / 'missing.pem').validate()


def test_non_rsa_key_is_refused(tmp_path):
    key, certificate = make_key_and_certificate(ec.generate_private_key(ec.SECP256R1()))
    path = tmp_path / 'app.pem'
    path.write_bytes(key_pem(key) + cert_pem(certificate))
    with pytest.raises(AuthError, match='needs an RSA key'):
        certificate_auth(path).validate()


# --- msal errors and secret scrubbing ---------------------------------------------------------------------------

MSAL_ERROR = {
    'error': 'invalid_client',
    'error_description': 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the one '
                         'configured.\r\nTrace ID: 1111\r\nCorrelation ID: 2222\r\nTimestamp: 2026-11-29 04:00:00Z',
    'error_codes': [7000215],
    'correlation_id': '2222-corr',
}


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
        method._token_from_result(leaky, 'authority')
    assert SECRET not in str(info.value)
    assert '********' in str(info.value)
    assert info.value.aadsts == 'AADSTS7000215' and info.value.correlation_id == '2222-corr'


# --- msal calls, over a fake transport (no network) -------------------------------------------------------------

class IdentityTransport(requests.adapters.BaseAdapter):
    """Answers OpenID discovery and token requests for one authority; records every request."""

    def __init__(self, authority, token_response=None):
        super(IdentityTransport, self).__init__()
        self.authority = authority
        self.token_response = token_response or {'access_token': TOKEN, 'expires_in': 3600, 'token_type': 'Bearer'}
        self.requests = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        if request.url == self.authority + '/v2.0/.well-known/openid-configuration':
            body = {'authorization_endpoint': self.authority + '/oauth2/v2.0/authorize',
                    'token_endpoint': self.authority + '/oauth2/v2.0/token', 'issuer': self.authority + '/v2.0'}
        elif request.method == 'POST' and request.url == self.authority + '/oauth2/v2.0/token':
            body = self.token_response
        else:
            raise AssertionError('unexpected request %s %s' % (request.method, request.url))
        return fake_response(request, 400 if 'error' in body else 200, body)

    def close(self):
        pass


def session_with(settings, transport):
    session = build_session(settings)
    session.mount('https://', transport)
    session.mount('http://', transport)
    return session


def token_form(transport):
    body = transport.requests[-1].body
    return dict(pair.split('=', 1) for pair in (body.decode() if isinstance(body, bytes) else body).split('&'))


def test_client_secret_with_msal_against_a_loopback_authority():
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK,
                            graph_endpoint='https://127.0.0.1:8444')
    transport = IdentityTransport(LOOPBACK + '/' + TENANT)
    method = select_auth_method(settings)
    method.validate()
    assert method.acquire_token(session_with(settings, transport)) == TOKEN
    # instance discovery would have asked login.microsoftonline.com; the fake transport refuses any other URL
    assert [r.method for r in transport.requests] == ['GET', 'POST']
    form = token_form(transport)
    assert form['grant_type'] == 'client_credentials'
    assert requests.utils.unquote(form['scope']) == 'https://127.0.0.1:8444/.default'


def test_national_cloud_never_contacts_the_public_login_host():
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, cloud='usgov')
    transport = IdentityTransport('https://login.microsoftonline.us/' + TENANT)
    assert ClientSecretAuth(settings).acquire_token(session_with(settings, transport)) == TOKEN
    assert {requests.utils.urlparse(r.url).hostname for r in transport.requests} == {'login.microsoftonline.us'}
    assert requests.utils.unquote(token_form(transport)['scope']) == 'https://graph.microsoft.us/.default'


def jwt_part(token, index):
    part = token.split('.')[index]
    return json.loads(base64.urlsafe_b64decode(part + '=' * (-len(part) % 4)))


def test_certificate_assertion_carries_the_sha1_thumbprint_and_certificate(tmp_path, key_and_certificate):
    key, certificate = key_and_certificate
    path = tmp_path / 'app.pem'
    path.write_bytes(key_pem(key, PASSWORD) + cert_pem(certificate))
    settings = settings_for(client_certificate_path=str(path), client_certificate_password=PASSWORD, tenant_id=TENANT,
                            client_id=CLIENT, authority_host=LOOPBACK)
    transport = IdentityTransport(LOOPBACK + '/' + TENANT)
    method = select_auth_method(settings)
    method.validate()
    assert method.acquire_token(session_with(settings, transport)) == TOKEN
    assertion = requests.utils.unquote(token_form(transport)['client_assertion'])
    header = jwt_part(assertion, 0)
    sha1 = hashlib.sha1(certificate.public_bytes(serialization.Encoding.DER)).digest()
    assert header['alg'] == 'RS256'
    # msal keeps the base64 '=' padding in x5t and the PEM line breaks in x5c
    assert header['x5t'].rstrip('=') == base64.urlsafe_b64encode(sha1).decode().rstrip('=')
    assert [''.join(item.split()) for item in header['x5c']] == [base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()]
    assert jwt_part(assertion, 1)['aud'] == LOOPBACK + '/' + TENANT + '/oauth2/v2.0/token'


def test_token_endpoint_error_becomes_auth_error_without_the_secret():
    settings = settings_for(client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK)
    transport = IdentityTransport(LOOPBACK + '/' + TENANT, token_response=MSAL_ERROR)
    with pytest.raises(AuthError) as info:
        ClientSecretAuth(settings).acquire_token(session_with(settings, transport))
    assert 'AADSTS7000215 invalid_client: Invalid client secret provided' in str(info.value)
    assert '(correlation id: 2222-corr)' in str(info.value)
    assert SECRET not in str(info.value)


class FailingTransport(requests.adapters.BaseAdapter):
    def __init__(self, exc):
        super(FailingTransport, self).__init__()
        self.exc = exc

    def send(self, request, **kwargs):
        raise self.exc

    def close(self):
        pass


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


def test_managed_identity_asks_msal_for_the_graph_resource(monkeypatch):
    calls = []

    class FakeManagedIdentityClient(object):
        def __init__(self, identity, http_client):
            calls.append((dict(identity), http_client))

        def acquire_token_for_client(self, resource):
            calls.append(resource)
            return {'access_token': TOKEN}

    monkeypatch.setattr(msal, 'ManagedIdentityClient', FakeManagedIdentityClient)
    session = object()
    settings = settings_for(managed_identity_client_id='mi-client', graph_endpoint='https://127.0.0.1:8444')
    assert select_auth_method(settings).acquire_token(session) == TOKEN
    assert calls == [({'ManagedIdentityIdType': 'ClientId', 'Id': 'mi-client'}, session), 'https://127.0.0.1:8444']
    del calls[:]
    ManagedIdentityAuth(settings_for(graph_endpoint='https://127.0.0.1:8444')).acquire_token(session)
    assert calls[0][0] == {'ManagedIdentityIdType': 'SystemAssigned', 'Id': None}


# --- token provider ---------------------------------------------------------------------------------------------

class CountingMethod(object):
    NAME = 'counting'

    def __init__(self):
        self.sessions = []

    def acquire_token(self, session):
        self.sessions.append(session)
        return 'token-%d' % len(self.sessions)


def test_token_provider_acquires_once_and_refreshes_on_demand():
    method = CountingMethod()
    provider = TokenProvider(method, session='the-session')
    assert provider.token() == provider.token() == 'token-1'
    assert provider.refresh() == 'token-2'
    assert provider.token() == 'token-2'
    assert method.sessions == ['the-session', 'the-session']
    assert 'token-2' not in repr(provider)


# --- token cache across runs ---------------------------------------------------------------------------------------

def secret_settings(secret=SECRET):
    return settings_for(client_secret=secret, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK,
                        graph_endpoint='https://127.0.0.1:8444')


def cached_secret_auth(store, secret=SECRET):
    method = select_auth_method(secret_settings(secret))
    method.validate()
    method.token_store = store
    return method


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


def test_another_secret_gets_its_own_cache_entry(tmp_path):
    store = FileStore.open(str(tmp_path / 'cache'))
    cached_secret_auth(store).acquire_token(session_with(secret_settings(), IdentityTransport(LOOPBACK + '/' + TENANT)))
    other_secret = 'another-fake-secret-9876543210'
    transport = IdentityTransport(LOOPBACK + '/' + TENANT)
    cached_secret_auth(store, other_secret).acquire_token(session_with(secret_settings(other_secret), transport))
    assert [r.method for r in transport.requests] == ['GET', 'POST']
    assert len(os.listdir(store.directory)) == 2


def test_certificate_fingerprint_changes_with_the_key_and_never_holds_the_password(tmp_path, key_and_certificate):
    key, certificate = key_and_certificate
    path = tmp_path / 'cert.pem'
    path.write_bytes(key_pem(key, PASSWORD) + cert_pem(certificate))
    first = certificate_auth(str(path), PASSWORD)
    first.validate()
    fingerprint = first.credential_fingerprint()
    assert PASSWORD not in fingerprint and len(fingerprint) == 64
    other_key, other_certificate = make_key_and_certificate()
    path.write_bytes(key_pem(other_key) + cert_pem(other_certificate))
    second = certificate_auth(str(path))
    second.validate()
    assert second.credential_fingerprint() != fingerprint
