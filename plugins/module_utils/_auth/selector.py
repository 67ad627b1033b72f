# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The one selector of authentication methods: auth_method, or with auth_method=auto the first credential present."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._auth.access_token import AccessTokenAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.certificate import CertificateAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.client_secret import ClientSecretAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.managed_identity import ManagedIdentityAuth
from ansible_collections.msgraph.intune.plugins.module_utils._connection import CREDENTIAL_OPTIONS, ENV_VARS
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError

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
