# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Options and environment -> a Graph client, with no Ansible call inside: what the module adapter and the action
plugins both use. Building sends no request; the first Graph call asks for the token."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._auth.selector import select_auth_method
from ansible_collections.msgraph.intune.plugins.module_utils._auth.token_provider import TokenProvider
from ansible_collections.msgraph.intune.plugins.module_utils._cache import FileStore, GraphCache, cache_directory
from ansible_collections.msgraph.intune.plugins.module_utils._connection import resolve_connection_settings
from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphClient
from ansible_collections.msgraph.intune.plugins.module_utils._http import build_session
from ansible_collections.msgraph.intune.plugins.module_utils._odata import GRAPH_API_VERSION

VALIDATE_CERTS_WARNING = ('validate_certs is false: the TLS certificates of the identity platform and of Microsoft '
                          'Graph are not verified. Use ca_path to trust a private CA instead.')


class ClientFactory(object):
    """The connection of one task: settings resolved from the options and the environment (ConnectionOptionError
    when one is unusable), the secret values read from the environment, which the caller must mask because they are
    not no_log options, and the warnings to show. build() makes the client (AuthError for a credential that
    cannot be used)."""

    def __init__(self, params, environ):
        self.environ = environ
        self.settings, env_secrets = resolve_connection_settings(params, environ)
        self.secrets = [secret for secret in env_secrets if secret]
        self.warnings = [] if self.settings.validate_certs else [VALIDATE_CERTS_WARNING]

    def build(self):
        settings = self.settings
        method = select_auth_method(settings)
        method.validate()
        # One private directory for msal's token cache and for template data; None (no reuse) when unusable.
        store = FileStore.open(cache_directory(self.environ))
        if settings.token_cache:
            method.token_store = store
        session = build_session(settings)
        base_url = '%s/%s' % (settings.graph_endpoint, GRAPH_API_VERSION)
        return GraphClient(
            base_url=base_url,
            token_provider=TokenProvider(method, session),
            session=session,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            cache=GraphCache(base_url, store),
        )
