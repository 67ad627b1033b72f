# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options and environment -> a Graph client: no Ansible call, no request, the secrets and warnings handed back."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._auth.client_secret import ClientSecretAuth
from ansible_collections.msgraph.intune.plugins.module_utils._cache import CACHE_DIR_ENV
from ansible_collections.msgraph.intune.plugins.module_utils._client_factory import ClientFactory
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError, ConnectionOptionError
from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphClient
from ansible_collections.msgraph.intune.tests.unit.utils.identity import CLIENT, LOOPBACK, SECRET, TENANT, TOKEN

ENDPOINTS = {'authority_host': LOOPBACK, 'graph_endpoint': 'https://127.0.0.1:8444'}


def test_validate_certs_false_is_reported(tmp_path):
    ca = tmp_path / 'ca.pem'
    ca.write_text('not checked here')
    factory = ClientFactory(dict(ENDPOINTS, validate_certs=False), {'REQUESTS_CA_BUNDLE': str(ca)})
    assert factory.settings.verify is False
    assert len(factory.warnings) == 1 and 'validate_certs is false' in factory.warnings[0]
    factory = ClientFactory(dict(ENDPOINTS), {'REQUESTS_CA_BUNDLE': str(ca)})
    assert factory.settings.verify == str(ca) and factory.warnings == []


def test_secrets_read_from_the_environment_are_handed_back_for_masking():
    factory = ClientFactory(dict(ENDPOINTS, tenant_id=TENANT, client_id=CLIENT),
                            {'AZURE_SECRET': SECRET, 'MSGRAPH_ACCESS_TOKEN': TOKEN})
    assert sorted(factory.secrets) == sorted([SECRET, TOKEN])
    # A secret given as an option is a no_log option already: Ansible masks it.
    assert ClientFactory(dict(ENDPOINTS, access_token=TOKEN), {}).secrets == []


def test_build_makes_a_client_without_sending_anything(tmp_path):
    environ = {CACHE_DIR_ENV: str(tmp_path / 'cache')}
    factory = ClientFactory(dict(ENDPOINTS, client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, timeout=7,
                                 max_retries=3), environ)
    client = factory.build()
    assert isinstance(client, GraphClient)
    assert client.base_url == 'https://127.0.0.1:8444/beta'
    assert (client.timeout, client.max_retries, client.requests_made) == (7, 3, 0)
    method = client.token_provider.method
    assert isinstance(method, ClientSecretAuth) and method.token_store.directory == str(tmp_path / 'cache')
    assert client.cache.store.directory == str(tmp_path / 'cache')
    assert client.session.headers['User-Agent'].startswith('msgraph.intune/')


def test_token_cache_false_keeps_tokens_out_of_the_cache_directory(tmp_path):
    environ = {CACHE_DIR_ENV: str(tmp_path / 'cache')}
    client = ClientFactory(dict(ENDPOINTS, client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT, token_cache=False),
                           environ).build()
    assert client.token_provider.method.token_store is None


def test_a_bad_option_fails_when_the_factory_is_made():
    with pytest.raises(ConnectionOptionError, match='timeout must be between'):
        ClientFactory(dict(ENDPOINTS, timeout=0), {})


def test_a_credential_that_cannot_be_used_fails_when_the_client_is_built():
    factory = ClientFactory(dict(ENDPOINTS), {})
    with pytest.raises(AuthError, match='No credentials for Microsoft Graph'):
        factory.build()


def test_an_unsafe_cache_directory_gives_one_warning_and_no_cache(tmp_path):
    shared = tmp_path / 'shared'
    shared.mkdir()
    shared.chmod(0o777)
    factory = ClientFactory(dict(ENDPOINTS, client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT),
                            {CACHE_DIR_ENV: str(shared)})
    assert len(factory.warnings) == 1
    assert 'cache directory %s is not used' % shared in factory.warnings[0] and 'mode 0777' in factory.warnings[0]
    client = factory.build()
    assert client.cache.store is None and client.token_provider.method.token_store is None


def test_template_cache_false_keeps_template_data_for_the_run_only(tmp_path):
    environ = {CACHE_DIR_ENV: str(tmp_path / 'cache')}
    client = ClientFactory(dict(ENDPOINTS, client_secret=SECRET, tenant_id=TENANT, client_id=CLIENT,
                                template_cache=False), environ).build()
    assert client.cache.store is None and client.token_provider.method.token_store is not None


def test_without_any_cache_the_directory_is_not_even_created(tmp_path):
    environ = {CACHE_DIR_ENV: str(tmp_path / 'cache')}
    ClientFactory(dict(ENDPOINTS, token_cache=False, template_cache=False), environ)
    assert not (tmp_path / 'cache').exists()
