# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The client credentials flow that client_secret and certificate authentication share (msal
ConfidentialClientApplication), with msal's token cache kept in the collection's cache directory."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from urllib.parse import urlsplit

from ansible_collections.msgraph.intune.plugins.module_utils._auth.base import AuthMethod, import_msal
from ansible_collections.msgraph.intune.plugins.module_utils._cache import TokenCacheFile
from ansible_collections.msgraph.intune.plugins.module_utils._connection import CLOUDS
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError

# Hosts msal knows (its WELL_KNOWN_AUTHORITY_HOSTS): it validates them without contacting anyone and sends any later
# instance discovery to the same host, so a national cloud never calls login.microsoftonline.com.
MICROSOFT_AUTHORITY_HOSTS = frozenset(urlsplit(cloud.authority_host).hostname for cloud in CLOUDS.values())


class ConfidentialClientAuth(AuthMethod):
    """Client credentials flow with msal.ConfidentialClientApplication; subclasses give the credential."""

    REQUIRED_OPTIONS = ('tenant_id', 'client_id')

    def __init__(self, settings):
        super(ConfidentialClientAuth, self).__init__(settings)
        self._acquired = False

    def validate(self):
        super(ConfidentialClientAuth, self).validate()
        self.require_msal()
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

        result = self.with_retries(msal, request_token, authority)
        token = self.token_from_result(result, authority)
        if cache_file is not None:
            cache_file.save(token_cache.serialize())
        return token
