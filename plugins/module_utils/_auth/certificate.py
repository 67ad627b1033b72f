# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""auth_method=certificate: a PEM file with the app registration's certificate and its private key."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import collections
import hashlib
import re

from ansible_collections.msgraph.intune.plugins.module_utils._auth.confidential_client import ConfidentialClientAuth
from ansible_collections.msgraph.intune.plugins.module_utils._connection import env_hint
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError

# The parts of cryptography that certificate authentication uses (see import_cryptography).
Cryptography = collections.namedtuple('Cryptography', ['x509', 'UnsupportedAlgorithm', 'hashes', 'serialization', 'rsa'])

MAX_CERTIFICATE_FILE_SIZE = 1024 * 1024
_PEM_BLOCK = re.compile(r'-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----', re.DOTALL)


def import_cryptography():
    """cryptography, imported on first use: loading x509 costs about as much as requests, and only certificate
    authentication needs it."""
    try:
        from cryptography import x509
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
    except ImportError:
        raise AuthError('certificate authentication needs the Python library cryptography')
    return Cryptography(x509, UnsupportedAlgorithm, hashes, serialization, rsa)


class CertificateAuth(ConfidentialClientAuth):
    """A PEM file holding the private key (optionally encrypted) and its certificate."""

    NAME = 'certificate'
    REQUIRED_OPTIONS = ('tenant_id', 'client_id', 'client_certificate_path')

    def __init__(self, settings):
        super(CertificateAuth, self).__init__(settings)
        self.thumbprint = None
        self._credential = None

    def validate(self):
        super(CertificateAuth, self).validate()
        crypto = import_cryptography()
        path = self.settings.client_certificate_path
        blocks = _PEM_BLOCK.finditer(self._read_file(path))
        keys, certificates = [], []
        for block in blocks:
            label = block.group(1)
            if label.endswith('PRIVATE KEY'):
                keys.append(block)
            elif label == 'CERTIFICATE':
                certificates.append(block.group(0))
        if not keys or not certificates:
            missing = 'a private key' if not keys else 'a certificate'
            raise AuthError('client_certificate_path %s has no PEM %s; the file must hold the private key and the '
                            'certificate (from a .pfx: openssl pkcs12 -in cert.pfx -out cert.pem)' % (path, missing))
        key_pem = keys[0].group(0)
        encrypted = keys[0].group(1) == 'ENCRYPTED PRIVATE KEY' or 'Proc-Type: 4,ENCRYPTED' in key_pem
        private_key = self._load_private_key(crypto, path, key_pem, encrypted)
        if not isinstance(private_key, crypto.rsa.RSAPrivateKey):
            raise AuthError('client_certificate_path %s holds a %s key; Microsoft Entra ID needs an RSA key'
                            % (path, type(private_key).__name__))
        certificate, certificate_pem = self._matching_certificate(crypto, path, private_key, certificates)
        # msal signs with RS256 and an x5t header from this SHA-1 thumbprint, and sends the certificate as x5c.
        self.thumbprint = certificate.fingerprint(crypto.hashes.SHA1()).hex().upper()
        self._credential = {'private_key': key_pem, 'thumbprint': self.thumbprint, 'public_certificate': certificate_pem}
        if encrypted:
            self._credential['passphrase'] = self.settings.client_certificate_password

    @staticmethod
    def _read_file(path):
        try:
            with open(path, 'rb') as handle:
                data = handle.read(MAX_CERTIFICATE_FILE_SIZE + 1)
        except (IOError, OSError) as exc:
            raise AuthError('client_certificate_path %s cannot be read: %s' % (path, exc.strerror or exc))
        if len(data) > MAX_CERTIFICATE_FILE_SIZE:
            raise AuthError('client_certificate_path %s is larger than %d bytes; it is not a PEM certificate file'
                            % (path, MAX_CERTIFICATE_FILE_SIZE))
        return data.decode('ascii', 'replace')

    def _load_private_key(self, crypto, path, key_pem, encrypted):
        password = self.settings.client_certificate_password
        if encrypted and not password:
            raise AuthError('the private key in client_certificate_path %s is encrypted: set %s'
                            % (path, env_hint('client_certificate_password')))
        try:
            return crypto.serialization.load_pem_private_key(
                key_pem.encode('ascii'), password=password.encode('utf-8') if encrypted else None)
        except (ValueError, TypeError, crypto.UnsupportedAlgorithm) as exc:
            if encrypted:
                raise self.error('client_certificate_password does not decrypt the private key in '
                                 'client_certificate_path %s' % path)
            raise self.error('the private key in client_certificate_path %s cannot be loaded: %s' % (path, exc))

    @staticmethod
    def _matching_certificate(crypto, path, private_key, certificates):
        serialization = crypto.serialization
        public_key_der = private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        for certificate_pem in certificates:
            try:
                certificate = crypto.x509.load_pem_x509_certificate(certificate_pem.encode('ascii'))
            except ValueError as exc:
                raise AuthError('client_certificate_path %s holds a certificate that cannot be parsed: %s' % (path, exc))
            certificate_key_der = certificate.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            if certificate_key_der == public_key_der:
                return certificate, certificate_pem
        raise AuthError('client_certificate_path %s has no certificate for its private key' % path)

    def client_credential(self):
        if self._credential is None:
            self.validate()
        return self._credential

    def credential_fingerprint(self):
        credential = self.client_credential()
        material = credential['private_key'] + credential['public_certificate']
        return hashlib.sha256(material.encode('utf-8')).hexdigest()
