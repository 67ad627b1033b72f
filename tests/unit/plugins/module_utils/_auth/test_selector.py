# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""auth_method and auto: which method a task gets."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._auth.access_token import AccessTokenAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.certificate import CertificateAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.client_secret import ClientSecretAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.managed_identity import ManagedIdentityAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError
from ansible_collections.msgraph.intune.tests.unit.utils.identity import CLIENT, SECRET, TOKEN, settings_for


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
