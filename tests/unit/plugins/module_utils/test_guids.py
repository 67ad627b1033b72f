# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GUIDs: the input check and the case-insensitive comparison."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._guids import check_guid, same_id

GUID = 'd1174162-1dd2-4976-affc-6667049ab0ae'


@pytest.mark.parametrize('value', [GUID, GUID.upper()])
def test_guids_pass(value):
    check_guid('template_id', value)


@pytest.mark.parametrize('value', ['{%s}' % GUID, GUID + '\n', GUID[:-1], 'bitlocker', None, 5])
def test_anything_else_is_refused_naming_the_field(value):
    with pytest.raises(InputError) as raised:
        check_guid('assignments[0].group_id', value)
    assert raised.value.field == 'assignments[0].group_id' and 'must be a GUID' in str(raised.value)


def test_ids_compare_case_insensitively_and_missing_ids_only_equal_each_other():
    assert same_id(GUID, GUID.upper())
    assert not same_id(GUID, GUID[:-1] + 'f')
    assert same_id(None, '') and not same_id(None, GUID)
