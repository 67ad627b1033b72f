# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's token: acquired once, refreshed on demand."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._auth.token_provider import TokenProvider


class CountingMethod(object):
    NAME = 'counting'

    def __init__(self):
        self.sessions = []

    def acquire_token(self, session):
        self.sessions.append(session)
        return 'token-%d' % len(self.sessions)


def test_token_provider_acquires_once_and_refreshes_on_demand():
    method = CountingMethod()
    provider = TokenProvider(method, session='the-session')
    assert provider.token() == provider.token() == 'token-1'
    assert provider.refresh() == 'token-2'
    assert provider.token() == 'token-2'
    assert method.sessions == ['the-session', 'the-session']
    assert 'token-2' not in repr(provider)
