# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""What every authentication method shares: the base class, msal imported on first use, retries of token requests
after transient failures, and msal's error dict turned into one line without secrets."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import importlib
import importlib.util
import json
import re
import time

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.msgraph.intune.plugins.module_utils._connection import SECRET_OPTIONS, env_hint
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError
from ansible_collections.msgraph.intune.plugins.module_utils._http import (
    CONNECTION,
    HAS_REQUESTS,
    REQUEST_EXCEPTIONS,
    TIMEOUT,
    TLS,
    transport_failure_kind,
)

REDACTED = '********'
_AADSTS_PREFIX = re.compile(r'^(AADSTS\d+):\s*')
# Waits before the retries of a token request that failed with a 5xx, a timeout or a dropped connection: msal
# raises on those (it retries nothing), and the identity platform has short outages.
TOKEN_RETRY_DELAYS = (1.0, 2.0)
_MSAL_HTTP_ERROR = re.compile(r'^HTTP Error: (\d{3})$')
# msal's message for a refused OpenID discovery (an unknown tenant, a wrong cloud) drops Entra's answer, which its
# inner error still carries: "OIDC Discovery failed on <url>. HTTP status: 400, Error: <body>".
_DISCOVERY_FAILURE = re.compile(r'^OIDC Discovery failed on \S+ HTTP status: (\d{3}), Error: (.*)$', re.S)


def import_msal():
    """msal, imported on first use: it adds tens of milliseconds to every task, and a run that finds a valid token
    in the token cache (or uses access_token) never needs it."""
    try:
        return importlib.import_module('msal')
    except ImportError:
        raise AuthError(missing_required_lib('msal'))


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


def discovery_refusal(exc):
    """Entra's error body of the refused OpenID discovery behind an msal ValueError, or None."""
    inner = exc.__context__ if isinstance(exc, ValueError) else None
    match = _DISCOVERY_FAILURE.match(str(inner)) if isinstance(inner, ValueError) else None
    if match is None:
        return None
    try:
        body = json.loads(match.group(2))
    except ValueError:
        return None
    return body if isinstance(body, dict) and body.get('error') else None


def is_transient(exc):
    """A failure of the identity platform that a later attempt may not meet: 5xx, timeout, dropped connection."""
    kind = transport_failure_kind(exc)
    if kind == TLS:
        return False
    response = getattr(exc, 'response', None) if kind is not None else None
    if response is not None:
        return response.status_code >= 500
    if kind in (TIMEOUT, CONNECTION):
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

    def error(self, message, **details):
        """An AuthError whose message has every secret of the settings replaced."""
        secrets = [getattr(self.settings, option) for option in SECRET_OPTIONS]
        return AuthError(scrub_secrets(message, secrets), **details)

    def request_error(self, exc, target):
        """AuthError for an exception raised while msal talked to the identity platform."""
        kind = transport_failure_kind(exc)
        if kind == TLS:
            message = ('TLS certificate verification failed for %s: %s. Set ca_path to the CA bundle that signs its '
                       'certificate (or validate_certs=false, insecure)' % (target, exc))
        elif kind == TIMEOUT:
            message = 'Timed out after %s s waiting for %s' % (self.settings.timeout, target)
        elif kind == CONNECTION:
            message = 'Could not connect to %s: %s' % (target, exc)
        elif kind is not None:
            message = 'Request to %s failed: %s' % (target, exc)
        else:
            refusal = discovery_refusal(exc)
            if refusal is not None:
                message, error, aadsts, correlation_id = describe_msal_error(refusal, target)
                return self.error('%s. Check tenant_id (a tenant name or GUID) and the cloud' % message, error=error,
                                  aadsts=aadsts, correlation_id=correlation_id)
            message = 'msal could not get a token from %s: %s' % (target, exc)
        return self.error(message)

    def with_retries(self, msal, request_token, target):
        """``request_token()`` (an msal call), repeated after transient failures (see TOKEN_RETRY_DELAYS)."""
        retries = 0
        while True:
            try:
                return request_token()
            except REQUEST_EXCEPTIONS + (msal.exceptions.MsalError, ValueError, RuntimeError) as exc:
                if retries >= len(TOKEN_RETRY_DELAYS) or not is_transient(exc):
                    raise self.request_error(exc, target)
            self.sleep(TOKEN_RETRY_DELAYS[retries])
            retries += 1

    def token_from_result(self, result, target):
        if result and result.get('access_token'):
            return result['access_token']
        if not result:
            raise self.error('Token request to %s returned no token' % target)
        message, error, aadsts, correlation_id = describe_msal_error(result, target)
        raise self.error('%s. The credentials came from: %s' % (message, self.credential_origins()), error=error,
                         aadsts=aadsts, correlation_id=correlation_id)

    def credential_origins(self):
        """Where each credential of this method came from: an option of the task, or an environment variable."""
        sources = getattr(self.settings, 'sources', {})
        return '; '.join('%s from %s' % (option, 'the %s environment variable' % sources[option] if option in sources
                                                 else 'the %s option' % option)
                         for option in self.REQUIRED_OPTIONS)

    def require_msal(self):
        if not (HAS_REQUESTS and msal_installed()):
            raise AuthError('%s authentication: %s' % (self.NAME, missing_required_lib('msal')))
