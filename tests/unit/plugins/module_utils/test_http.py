# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's requests.Session and the classification of transport failures."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

import pytest
import requests

from ansible_collections.msgraph.intune.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.msgraph.intune.plugins.module_utils._http import (
    COLLECTION_VERSION,
    build_session,
    transport_failure_kind,
    user_agent,
)
from ansible_collections.msgraph.intune.tests.unit.utils.fake_http import FakeTransport


def test_session_applies_timeout_and_verify_to_requests_that_do_not_pass_them(monkeypatch):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/nonexistent/ca.pem')
    session = build_session(ConnectionSettings(timeout=7, validate_certs=False))
    transport = FakeTransport([(200, {})])
    session.mount('https://', transport)
    session.get('https://127.0.0.1:8443/tenant/v2.0/.well-known/openid-configuration')  # how msal calls it
    assert transport.send_kwargs[0]['timeout'] == 7
    assert transport.send_kwargs[0]['verify'] is False


@pytest.mark.parametrize('exc, kind', [
    (requests.exceptions.SSLError('certificate verify failed'), 'tls'),
    (requests.exceptions.ConnectTimeout('slow'), 'timeout'),
    (requests.exceptions.ReadTimeout('slow'), 'timeout'),
    (requests.exceptions.ConnectionError('reset'), 'connection'),
    (requests.exceptions.ChunkedEncodingError('cut'), 'other'),
    (requests.exceptions.TooManyRedirects('loop'), 'other'),
    (ValueError('not a transport failure'), None),
])
def test_transport_failures_are_classified_once_for_graph_and_the_identity_platform(exc, kind):
    assert transport_failure_kind(exc) == kind


def test_the_user_agent_names_the_collection_ansible_requests_and_python():
    assert re.match(r'^msgraph\.intune/%s ansible-core/\S+ python-requests/\S+ Python/\S+$' % re.escape(COLLECTION_VERSION),
                    user_agent())
