# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The clients of a worker: reused for the same connection, never across credentials or processes."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._client_factory import ClientFactory
from ansible_collections.msgraph.intune.plugins.plugin_utils._client_reuse import WorkerClients
from ansible_collections.msgraph.intune.tests.unit.utils.identity import CLIENT, LOOPBACK, SECRET, TENANT

PARAMS = {'tenant_id': TENANT, 'client_id': CLIENT, 'client_secret': SECRET, 'authority_host': LOOPBACK,
          'graph_endpoint': 'https://127.0.0.1:8444'}


def factory(tmp_path, environ=None, **changes):
    return ClientFactory(dict(PARAMS, **changes), dict({'MSGRAPH_INTUNE_CACHE_DIR': str(tmp_path)}, **(environ or {})))


def test_the_same_connection_gets_the_same_client(tmp_path):
    clients = WorkerClients()
    first = clients.client(factory(tmp_path))
    assert clients.client(factory(tmp_path)) is first


def test_another_credential_setting_or_identity_environment_gets_another_client(tmp_path):
    clients = WorkerClients()
    first = clients.client(factory(tmp_path))
    for other in (factory(tmp_path, client_secret=SECRET + 'x'), factory(tmp_path, timeout=7),
                  factory(tmp_path / 'other'), factory(tmp_path, {'IDENTITY_HEADER': 'h'})):
        assert clients.client(other) is not first


def test_a_client_made_in_another_process_is_never_used(tmp_path, monkeypatch):
    clients = WorkerClients()
    first = clients.client(factory(tmp_path))
    monkeypatch.setattr('os.getpid', lambda: -1)
    assert clients.client(factory(tmp_path)) is not first


def test_the_fingerprint_holds_no_secret(tmp_path):
    assert SECRET not in factory(tmp_path).fingerprint()
