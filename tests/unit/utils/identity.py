# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fakes of the identity platform for the auth unit tests (no network): transports that answer msal, credentials
and settings, and certificates made on the fly."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._connection import resolve_connection_settings
from ansible_collections.msgraph.intune.plugins.module_utils._http import build_session
from ansible_collections.msgraph.intune.tests.unit.utils.fake_http import fake_response

SECRET = 'fake-client-secret-0123456789abcdef'
TOKEN = 'fake.access.token-0123456789abcdef'
PASSWORD = 'fake-key-password-0123456789'
TENANT = '00000000-0000-0000-0000-00000000aaaa'
CLIENT = '00000000-0000-0000-0000-00000000bbbb'
LOOPBACK = 'https://127.0.0.1:8443'
AUTHORITY = LOOPBACK + '/' + TENANT


def settings_for(environ=None, **params):
    return resolve_connection_settings(params, environ or {})[0]


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


class FailingTransport(requests.adapters.BaseAdapter):
    def __init__(self, exc):
        super(FailingTransport, self).__init__()
        self.exc = exc

    def send(self, request, **kwargs):
        raise self.exc

    def close(self):
        pass


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


def session_with(settings, transport):
    session = build_session(settings)
    session.mount('https://', transport)
    session.mount('http://', transport)
    return session


def token_form(transport):
    body = transport.requests[-1].body
    return dict(pair.split('=', 1) for pair in (body.decode() if isinstance(body, bytes) else body).split('&'))


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


MSAL_ERROR = {
    'error': 'invalid_client',
    'error_description': 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the one '
                         'configured.\r\nTrace ID: 1111\r\nCorrelation ID: 2222\r\nTimestamp: 2026-11-29 04:00:00Z',
    'error_codes': [7000215],
    'correlation_id': '2222-corr',
}


def secret_settings(secret=SECRET):
    return settings_for(client_secret=secret, tenant_id=TENANT, client_id=CLIENT, authority_host=LOOPBACK,
                        graph_endpoint='https://127.0.0.1:8444')


def cached_secret_auth(store, secret=SECRET):
    method = select_auth_method(secret_settings(secret))
    method.validate()
    method.token_store = store
    return method
