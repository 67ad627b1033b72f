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
from ansible_collections.msgraph.intune.plugins.module_utils._cache import FileStore, GraphCache, cache_directory, digest
from ansible_collections.msgraph.intune.plugins.module_utils._connection import ConnectionSettings, resolve_connection_settings
from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphClient
from ansible_collections.msgraph.intune.plugins.module_utils._http import build_session
from ansible_collections.msgraph.intune.plugins.module_utils._odata import GRAPH_API_VERSION

# Environment variables that change what a built client does besides the settings: msal reads the managed identity
# endpoint and header, requests the proxies, when a request is sent.
CLIENT_ENVIRONMENT = ('IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'MSI_ENDPOINT', 'MSI_SECRET', 'HTTPS_PROXY', 'https_proxy',
                      'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy')

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
        # One private directory for msal's token cache and for template data; None (no reuse) when unusable.
        self.store = None
        if self.settings.token_cache or self.settings.template_cache:
            directory, problems = cache_directory(environ), []
            self.store = FileStore.open(directory, problems)
            self.warnings.extend('the cache directory %s is not used, so tokens and template data are not kept for '
                                 'the next tasks: %s' % (directory, problem) for problem in problems)

    def fingerprint(self):
        """Names the client that build() makes: equal for equal settings, credential, cache directory and client
        environment, so that a client can be reused for the next task with the same connection. A digest: it holds
        no secret."""
        settings = self.settings
        return digest([getattr(settings, name) for name in ConnectionSettings.FIELDS],
                      cache_directory(self.environ), [self.environ.get(name) for name in CLIENT_ENVIRONMENT])

    def build(self):
        settings = self.settings
        method = select_auth_method(settings)
        method.validate()
        if settings.token_cache:
            method.token_store = self.store
        session = build_session(settings)
        base_url = '%s/%s' % (settings.graph_endpoint, GRAPH_API_VERSION)
        return GraphClient(
            base_url=base_url,
            token_provider=TokenProvider(method, session),
            session=session,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            cache=GraphCache(base_url, self.store if settings.template_cache else None),
        )
