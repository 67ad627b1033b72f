# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A token given by the task."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._auth.access_token import AccessTokenAuth
from ansible_collections.msgraph.intune.plugins.module_utils._errors import AuthError
from ansible_collections.msgraph.intune.tests.unit.utils.identity import TOKEN, settings_for


@pytest.mark.parametrize('token', ['Bearer ' + TOKEN, TOKEN[:5] + ' ' + TOKEN[5:], '   '])
def test_access_token_must_be_bare(token):
    with pytest.raises(AuthError) as info:
        AccessTokenAuth(settings_for(access_token=token)).validate()
    assert 'access_token' in str(info.value)
    assert TOKEN not in str(info.value)
