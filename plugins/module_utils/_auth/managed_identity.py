# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""auth_method=managed_identity: the Azure resource's system-assigned or a user-assigned managed identity."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._auth.base import AuthMethod, import_msal


class ManagedIdentityAuth(AuthMethod):
    """System-assigned identity, or the user-assigned one named by managed_identity_client_id."""

    NAME = 'managed_identity'

    def validate(self):
        super(ManagedIdentityAuth, self).validate()
        self.require_msal()

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

        return self.token_from_result(self.with_retries(msal, request_token, target), target)
