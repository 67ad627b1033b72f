# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""auth_method=client_secret: an app registration's client secret."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import hashlib

from ansible_collections.msgraph.intune.plugins.module_utils._auth.confidential_client import ConfidentialClientAuth


class ClientSecretAuth(ConfidentialClientAuth):
    NAME = 'client_secret'
    REQUIRED_OPTIONS = ('tenant_id', 'client_id', 'client_secret')

    def client_credential(self):
        return self.settings.client_secret

    def credential_fingerprint(self):
        return hashlib.sha256(self.settings.client_secret.encode('utf-8')).hexdigest()
