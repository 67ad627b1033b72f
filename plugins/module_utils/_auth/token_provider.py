# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The run's access token: acquired once, replaced once when Graph rejects it."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class TokenProvider(object):
    """Acquires the token once per run; refresh() replaces it (after Graph rejected it).

    ``issued`` holds every token it handed out (acquired, read from the cache, or given): secrets that the run masks
    wherever it writes, since a gateway or an error body may echo one back.
    """

    def __init__(self, method, session):
        self.method = method
        self.session = session
        self._token = None
        self.issued = set()

    def token(self):
        if self._token is None:
            self._token = self.method.acquire_token(self.session)
            self.issued.add(self._token)
        return self._token

    def refresh(self):
        self._token = None
        return self.token()

    def __repr__(self):
        return 'TokenProvider(%s, token=%s)' % (self.method.NAME, 'cached' if self._token else 'none')
