# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One class per authentication method, a selector, and the per-run token cache. msal is imported here only."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import collections
import hashlib
import importlib
import importlib.util
import re
import time

from urllib.parse import urlsplit

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.msgraph.intune.plugins.module_utils._connection import (
    CLOUDS,
    CREDENTIAL_OPTIONS,
    ENV_VARS,
    SECRET_OPTIONS,
    env_hint,
)
from ansible_collections.msgraph.intune.plugins.module_utils._cache import TokenCacheFile

try:
    import requests
except ImportError:
    HAS_REQUESTS = False
else:
    HAS_REQUESTS = True

# The parts of cryptography that certificate authentication uses (see import_cryptography).
Cryptography = collections.namedtuple('Cryptography', ['x509', 'UnsupportedAlgorithm', 'hashes', 'serialization', 'rsa'])


# Hosts msal knows (its WELL_KNOWN_AUTHORITY_HOSTS): it validates them without contacting anyone and sends any later
# instance discovery to the same host, so a national cloud never calls login.microsoftonline.com.
MICROSOFT_AUTHORITY_HOSTS = frozenset(urlsplit(cloud.authority_host).hostname for cloud in CLOUDS.values())

REDACTED = '********'
MAX_CERTIFICATE_FILE_SIZE = 1024 * 1024
_PEM_BLOCK = re.compile(r'-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----', re.DOTALL)
_AADSTS_PREFIX = re.compile(r'^(AADSTS\d+):\s*')
# Waits before the retries of a token request that failed with a 5xx, a timeout or a dropped connection: msal
# raises on those (it retries nothing), and the identity platform has short outages.
TOKEN_RETRY_DELAYS = (1.0, 2.0)
_MSAL_HTTP_ERROR = re.compile(r'^HTTP Error: (\d{3})$')


class AuthError(Exception):
    """Authentication failed or cannot be attempted. The message names the option or the AADSTS code, never a secret."""

    def __init__(self, message, error=None, aadsts=None, correlation_id=None):
        super(AuthError, self).__init__(message)
        self.message = message
        self.error = error
        self.aadsts = aadsts
        self.correlation_id = correlation_id


def import_msal():
    """msal, imported on first use: it adds tens of milliseconds to every task, and a run that finds a valid token
    in the token cache (or uses access_token) never needs it."""
    try:
        return importlib.import_module('msal')
    except ImportError:
        raise AuthError(missing_required_lib('msal'))


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


def msal_installed():
    try:
        return importlib.util.find_spec('msal') is not None
    except (ImportError, ValueError):
        return False


def scrub_secrets(text, secrets):
    """Replace every occurrence of each secret value in text."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def describe_msal_error(result, target):
    """One line from an msal error dict: AADSTS code, error, first line of the description, correlation id."""
    error = result.get('error') or 'unknown_error'
    lines = (result.get('error_description') or '').strip().splitlines()
    description = lines[0].strip() if lines else ''
    prefix = _AADSTS_PREFIX.match(description)
    codes = result.get('error_codes') or []
    if codes:
        aadsts = 'AADSTS%s' % codes[0]
    else:
        aadsts = prefix.group(1) if prefix else None
    if prefix:
        description = description[prefix.end():]
    message = 'Token request to %s failed: %s%s' % (target, aadsts + ' ' if aadsts else '', error)
    if description:
        message += ': ' + description
    if result.get('correlation_id'):
        message += ' (correlation id: %s)' % result['correlation_id']
    return message, error, aadsts, result.get('correlation_id')


def _is_transient(exc):
    """A failure of the identity platform that a later attempt may not meet: 5xx, timeout, dropped connection."""
    if isinstance(exc, requests.exceptions.SSLError):
        return False
    if isinstance(exc, requests.exceptions.HTTPError):
        return exc.response is not None and exc.response.status_code >= 500
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout)):
        return True
    # msal's own HTTP layer turns an error status into MsalServiceError('HTTP Error: 503').
    status = _MSAL_HTTP_ERROR.match(str(exc))
    return bool(status) and int(status.group(1)) >= 500


class AuthMethod(object):
    """Base class: `validate()` checks inputs locally, `acquire_token(session)` returns an access token."""

    NAME = None
    REQUIRED_OPTIONS = ()

    def __init__(self, settings):
        self.settings = settings
        # A _cache.FileStore in which methods that support it keep msal's token cache across runs.
        self.token_store = None
        self.sleep = time.sleep

    def validate(self):
        for option in self.REQUIRED_OPTIONS:
            if not getattr(self.settings, option):
                raise AuthError('%s authentication needs %s: set %s' % (self.NAME, option, env_hint(option)))

    def acquire_token(self, session):
        raise NotImplementedError

    def _error(self, message, **details):
        secrets = [getattr(self.settings, option) for option in SECRET_OPTIONS]
        return AuthError(scrub_secrets(message, secrets), **details)

    def _request_error(self, exc, target):
        """AuthError for an exception raised while msal talked to the identity platform."""
        if isinstance(exc, requests.exceptions.SSLError):
            message = ('TLS certificate verification failed for %s: %s. Set ca_path to the CA bundle that signs its '
                       'certificate (or validate_certs=false, insecure)' % (target, exc))
        elif isinstance(exc, requests.exceptions.Timeout):
            message = 'Timed out after %s s waiting for %s' % (self.settings.timeout, target)
        elif isinstance(exc, requests.exceptions.ConnectionError):
            message = 'Could not connect to %s: %s' % (target, exc)
        elif isinstance(exc, requests.exceptions.RequestException):
            message = 'Request to %s failed: %s' % (target, exc)
        else:
            message = 'msal could not get a token from %s: %s' % (target, exc)
        return self._error(message)

    def _with_retries(self, msal, request_token, target):
        """``request_token()`` (an msal call), repeated after transient failures (see TOKEN_RETRY_DELAYS)."""
        retries = 0
        while True:
            try:
                return request_token()
            except (requests.exceptions.RequestException, msal.exceptions.MsalError, ValueError, RuntimeError) as exc:
                if retries >= len(TOKEN_RETRY_DELAYS) or not _is_transient(exc):
                    raise self._request_error(exc, target)
            self.sleep(TOKEN_RETRY_DELAYS[retries])
            retries += 1

    def _token_from_result(self, result, target):
        if result and result.get('access_token'):
            return result['access_token']
        if not result:
            raise self._error('Token request to %s returned no token' % target)
        message, error, aadsts, correlation_id = describe_msal_error(result, target)
        raise self._error(message, error=error, aadsts=aadsts, correlation_id=correlation_id)

    def _require_msal(self):
        if not (HAS_REQUESTS and msal_installed()):
            raise AuthError('%s authentication: %s' % (self.NAME, missing_required_lib('msal')))


class AccessTokenAuth(AuthMethod):
    """A token acquired elsewhere; it cannot be refreshed."""

    NAME = 'access_token'
    REQUIRED_OPTIONS = ('access_token',)

    def validate(self):
        super(AccessTokenAuth, self).validate()
        if len(self.settings.access_token.split()) != 1:
            raise AuthError('access_token must be the bare token, without "Bearer " or any whitespace')

    def acquire_token(self, session):
        return self.settings.access_token.strip()


class ConfidentialClientAuth(AuthMethod):
    """Client credentials flow with msal.ConfidentialClientApplication; subclasses give the credential."""

    REQUIRED_OPTIONS = ('tenant_id', 'client_id')

    def __init__(self, settings):
        super(ConfidentialClientAuth, self).__init__(settings)
        self._acquired = False

    def validate(self):
        super(ConfidentialClientAuth, self).validate()
        self._require_msal()
        if not self.settings.authority_host.startswith('https://'):
            # msal refuses any authority that is not https.
            raise AuthError('%s authentication needs an https authority_host, got %s' % (self.NAME, self.settings.authority_host))

    def client_credential(self):
        raise NotImplementedError

    def credential_fingerprint(self):
        """sha256 of the credential: names its token cache entry, so that another credential never shares it."""
        raise NotImplementedError

    def token_cache_file(self):
        if self.token_store is None:
            return None
        settings = self.settings
        return TokenCacheFile(self.token_store, settings.authority_host, settings.tenant_id, settings.client_id,
                              settings.scope, self.credential_fingerprint())

    def acquire_token(self, session):
        cache_file = self.token_cache_file()
        # A second call in the same run comes from TokenProvider.refresh(): Graph rejected the token, so the cached
        # one must not be handed out again.
        first_call, self._acquired = not self._acquired, True
        if cache_file is not None and first_call:
            token = cache_file.access_token()
            if token:
                return token
        msal = import_msal()
        settings = self.settings
        authority = '%s/%s' % (settings.authority_host, settings.tenant_id)
        options = {}
        if urlsplit(settings.authority_host).hostname not in MICROSOFT_AUTHORITY_HOSTS:
            # Any other host (an emulator, a private endpoint) is trusted as configured; the default would ask
            # login.microsoftonline.com whether the host is a valid authority.
            options['instance_discovery'] = False
        # A new application and an empty msal cache per token: the token refresh() drops is never handed back.
        token_cache = msal.SerializableTokenCache()

        def request_token():
            app = msal.ConfidentialClientApplication(
                settings.client_id, authority=authority, client_credential=self.client_credential(),
                http_client=session, token_cache=token_cache, **options)
            return app.acquire_token_for_client(scopes=[settings.scope])

        result = self._with_retries(msal, request_token, authority)
        token = self._token_from_result(result, authority)
        if cache_file is not None:
            cache_file.save(token_cache.serialize())
        return token


class ClientSecretAuth(ConfidentialClientAuth):
    NAME = 'client_secret'
    REQUIRED_OPTIONS = ('tenant_id', 'client_id', 'client_secret')

    def client_credential(self):
        return self.settings.client_secret

    def credential_fingerprint(self):
        return hashlib.sha256(self.settings.client_secret.encode('utf-8')).hexdigest()


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
                raise self._error('client_certificate_password does not decrypt the private key in '
                                  'client_certificate_path %s' % path)
            raise self._error('the private key in client_certificate_path %s cannot be loaded: %s' % (path, exc))

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


class ManagedIdentityAuth(AuthMethod):
    """System-assigned identity, or the user-assigned one named by managed_identity_client_id."""

    NAME = 'managed_identity'

    def validate(self):
        super(ManagedIdentityAuth, self).validate()
        self._require_msal()

    def acquire_token(self, session):
        msal = import_msal()
        client_id = self.settings.managed_identity_client_id
        if client_id:
            identity = msal.UserAssignedManagedIdentity(client_id=client_id)
        else:
            identity = msal.SystemAssignedManagedIdentity()
        target = 'the managed identity endpoint'

        def request_token():
            client = msal.ManagedIdentityClient(identity, http_client=session)
            return client.acquire_token_for_client(resource=self.settings.graph_endpoint)

        return self._token_from_result(self._with_retries(msal, request_token, target), target)


AUTH_METHOD_CLASSES = dict((cls.NAME, cls) for cls in (AccessTokenAuth, ClientSecretAuth, CertificateAuth, ManagedIdentityAuth))


def _no_credentials_message():
    hints = []
    for method, option in CREDENTIAL_OPTIONS.items():
        needs = '' if method in ('access_token', 'managed_identity') else ' with tenant_id and client_id'
        hints.append('%s (%s)%s' % (option, ' or '.join(ENV_VARS[option]), needs))
    return ('No credentials for Microsoft Graph: set one of %s, or auth_method=managed_identity for a '
            'system-assigned managed identity' % '; '.join(hints))


def select_auth_method(settings):
    """The AuthMethod named by settings.auth_method; with 'auto' the first of access_token, certificate,
    client_secret, managed_identity whose credential is present. Call validate() on the result."""
    name = settings.auth_method or 'auto'
    if name == 'auto':
        present = [method for method, option in CREDENTIAL_OPTIONS.items() if getattr(settings, option)]
        if not present:
            raise AuthError(_no_credentials_message())
        name = present[0]
    return AUTH_METHOD_CLASSES[name](settings)


class TokenProvider(object):
    """Acquires the token once per run; refresh() replaces it (after Graph rejected it)."""

    def __init__(self, method, session):
        self.method = method
        self.session = session
        self._token = None

    def token(self):
        if self._token is None:
            self._token = self.method.acquire_token(self.session)
        return self._token

    def refresh(self):
        self._token = None
        return self.token()

    def __repr__(self):
        return 'TokenProvider(%s, token=%s)' % (self.method.NAME, 'cached' if self._token else 'none')
