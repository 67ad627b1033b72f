# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificate authentication: PEM files, encrypted keys, the assertion msal signs."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
import base64
import hashlib
import json
import ssl

import pytest
import requests

from ansible_collections.msgraph.intune.plugins.module_utils._auth.certificate import CertificateAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError
from ansible_collections.msgraph.intune.tests.unit.utils.identity import (
    CLIENT,
    LOOPBACK,
    PASSWORD,
    TENANT,
    TOKEN,
    IdentityTransport,
    cert_pem,
    key_pem,
    make_key_and_certificate,
    session_with,
    settings_for,
    token_form,
)


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
