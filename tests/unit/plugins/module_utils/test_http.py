# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's requests.Session and the classification of transport failures."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import re

import pytest
import yaml
import requests
import urllib3

from ansible_collections.msgraph.intune.plugins.module_utils._connection import ConnectionSettings
from ansible_collections.msgraph.intune.plugins.module_utils._http import (
    COLLECTION_VERSION,
    RedirectRefused,
    build_session,
    request_not_sent,
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


def redirecting_session(status, location):
    session = build_session(ConnectionSettings(timeout=7, validate_certs=True))
    transport = FakeTransport([(status, {}, {'Location': location}), (200, {'reached': 'the redirect target'})])
    session.mount('https://', transport)
    session.mount('http://', transport)
    return session, transport


@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
@pytest.mark.reliability('fault', 'A redirect (301-308) is never followed, whatever the method: the request fails '
                                  'naming the status and the location without its query')
def test_a_redirect_is_never_followed_and_names_status_and_location(status):
    session, transport = redirecting_session(status, 'http://127.0.0.1:9/token?client_secret=leaked#frag')
    with pytest.raises(RedirectRefused) as raised:
        session.post('https://127.0.0.1:8443/tenant/oauth2/v2.0/token', data={'client_secret': 's'},
                     allow_redirects=True)
    assert str(raised.value) == ('HTTP %d redirect to http://127.0.0.1:9/token refused: the collection follows no '
                                 'redirect' % status)
    assert len(transport.requests) == 1 and 'leaked' not in str(raised.value)
    assert transport_failure_kind(raised.value) == 'redirect'


def test_a_relative_location_is_shown_absolute():
    session, dummy = redirecting_session(307, '/elsewhere?x=1')
    with pytest.raises(RedirectRefused, match='redirect to https://127.0.0.1:8443/elsewhere refused'):
        session.get('https://127.0.0.1:8443/beta/deviceManagement/intents')


@pytest.mark.parametrize('exc, not_sent', [
    (requests.exceptions.ConnectTimeout('connect timed out'), True),
    (requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(
        None, '/x', urllib3.exceptions.NewConnectionError(None, 'refused'))), True),
    (requests.exceptions.ConnectionError('Connection aborted: RemoteDisconnected'), False),
    (requests.exceptions.ReadTimeout('read timed out'), False),
    (requests.exceptions.SSLError('certificate verify failed'), False),
])
def test_only_a_connection_that_was_never_made_counts_as_not_sent(exc, not_sent):
    assert request_not_sent(exc) is not_sent


def test_the_user_agent_carries_the_version_of_galaxy_yml():
    galaxy = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'galaxy.yml')
    with open(galaxy) as handle:
        assert yaml.safe_load(handle)['version'] == COLLECTION_VERSION
