# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client secret authentication: the form msal posts and the cache entry per secret."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import requests

from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._cache import FileStore
from ansible_collections.msgraph.intune.tests.unit.utils.identity import (
    CLIENT,
    LOOPBACK,
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


def test_another_secret_gets_its_own_cache_entry(tmp_path):
    store = FileStore.open(str(tmp_path / 'cache'))
    cached_secret_auth(store).acquire_token(session_with(secret_settings(), IdentityTransport(LOOPBACK + '/' + TENANT)))
    other_secret = 'another-fake-secret-9876543210'
    transport = IdentityTransport(LOOPBACK + '/' + TENANT)
    cached_secret_auth(store, other_secret).acquire_token(session_with(secret_settings(other_secret), transport))
    assert [r.method for r in transport.requests] == ['GET', 'POST']
    assert len(os.listdir(store.directory)) == 2
