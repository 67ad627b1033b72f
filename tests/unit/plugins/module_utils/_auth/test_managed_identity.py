# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Managed identity authentication through msal's ManagedIdentityClient."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import msal

from ansible_collections.msgraph.intune.plugins.module_utils._auth.managed_identity import ManagedIdentityAuth
from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.tests.unit.utils.identity import TOKEN, settings_for


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
