# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""GraphModule: the one place where an Ansible module meets the Graph client.

It merges the shared connection/auth argspec, builds one authenticated GraphClient per module run, and turns every
error the lower layers raise into a clean ``fail_json`` (never a traceback, never a secret).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.msgraph.intune.plugins.module_utils._cache import FileStore, GraphCache, cache_directory
from ansible_collections.msgraph.intune.plugins.module_utils._connection import (
    GRAPH_AUTH_ARGSPEC,
    ConnectionOptionError,
    resolve_connection_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._auth import (
    AuthError,
    TokenProvider,
    select_auth_method,
)
from ansible_collections.msgraph.intune.plugins.module_utils._graph import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    GraphClient,
    GraphError,
    build_session,
)
from ansible_collections.msgraph.intune.plugins.module_utils._inputs import IntentError, IntentInputError


class GraphModule:
    """Wraps AnsibleModule (amazon.aws style): attribute access falls through to the AnsibleModule."""

    def __init__(self, argument_spec=None, **kwargs):
        spec = dict(GRAPH_AUTH_ARGSPEC)
        spec.update(argument_spec or {})
        self._module = AnsibleModule(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self._module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        self._client = None

    def __getattr__(self, name):
        return getattr(self._module, name)

    @property
    def client(self):
        """The run's GraphClient: settings resolved, secrets masked, credentials checked locally, no request sent yet."""
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self):
        try:
            settings, env_secrets = resolve_connection_settings(self._module.params, os.environ)
        except ConnectionOptionError as exc:
            self._module.fail_json(msg=str(exc))
        # Secrets that came from the environment are not no_log options: mask them by value (kubernetes.core style).
        self._module.no_log_values.update(secret for secret in env_secrets if secret)
        if not settings.validate_certs:
            self._module.warn('validate_certs is false: the TLS certificates of the identity platform and of Microsoft Graph '
                              'are not verified. Use ca_path to trust a private CA instead.')
        try:
            method = select_auth_method(settings)
            method.validate()
        except AuthError as exc:
            self.fail_from_exception(exc)
        # One private directory for msal's token cache and for template data; None (no reuse) when unusable.
        store = FileStore.open(cache_directory(os.environ))
        if settings.token_cache:
            method.token_store = store
        session = build_session(settings)
        base_url = settings.graph_endpoint + '/beta'
        return GraphClient(
            base_url=base_url,
            token_provider=TokenProvider(method, session),
            session=session,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            cache=GraphCache(base_url, store),
        )

    def fail_from_exception(self, exc, **result):
        """Fail the task for an error raised by the collection's own layers."""
        if isinstance(exc, GraphError):
            result.setdefault('error', exc.to_dict())
        elif isinstance(exc, IntentInputError):
            result.setdefault('field', exc.field)
        self._module.fail_json(msg=str(exc), **result)

    def run(self, operation):
        """Call ``operation()`` and turn the collection's errors into ``fail_json``; returns its result."""
        try:
            return operation()
        except (GraphError, AuthError, ConnectionOptionError, IntentError) as exc:
            self.fail_from_exception(exc)
