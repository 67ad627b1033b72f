# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""auth_method=access_token: a token acquired elsewhere."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._auth.base import AuthMethod
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError


class AccessTokenAuth(AuthMethod):
    """A token acquired elsewhere; it cannot be refreshed."""

    NAME = 'access_token'
    REQUIRED_OPTIONS = ('access_token',)

    def validate(self):
        super(AccessTokenAuth, self).validate()
        if len(self.settings.access_token.split()) != 1:
            raise AuthError('access_token must be the bare token, without "Bearer " or any whitespace')

    def acquire_token(self, session):
        return self.settings.access_token.strip()
