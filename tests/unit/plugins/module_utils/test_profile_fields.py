# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options every profile has: name, description, role scope tags."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import (
    DEFAULT_SCOPE_TAGS,
    checked_description,
    checked_name,
    checked_role_scope_tag_ids,
    json_kind,
    scope_tags,
)


@pytest.mark.parametrize('value, kind', [(True, 'a boolean'), (False, 'a boolean'), (0, 'an integer'),
                                         (1.5, 'a number'), ('', 'a string'), ([], 'a JSON array'),
                                         ({}, 'a JSON object'), (None, 'null')])
def test_json_kind(value, kind):
    assert json_kind(value) == kind


def test_a_good_name_is_returned_unchanged():
    assert checked_name('name', ' Corp – AV ') == ' Corp – AV '


@pytest.mark.parametrize('name, message', [
    (None, 'must be a non-empty string (quote it in YAML), got null'),
    (5, 'must be a non-empty string (quote it in YAML), got an integer'),
    ('', 'must be a non-empty string'),
    (' \t', 'must be a non-empty string'),
    ('Corp\nAV', 'contains the control character U+000A at position 4'),
    ('\x7fx', 'contains the control character U+007F at position 0'),
])
def test_a_bad_name(name, message):
    with pytest.raises(InputError) as raised:
        checked_name('display_name', name)
    assert (raised.value.field, raised.value.message) == ('display_name', message)


def test_description():
    assert checked_description(None) is None and checked_description('') == ''
    with pytest.raises(InputError) as raised:
        checked_description(['a'])
    assert (raised.value.field, raised.value.message) == ('description', 'must be a string (quote it in YAML), got a JSON array')


def test_role_scope_tag_ids():
    assert checked_role_scope_tag_ids(None) is None
    assert checked_role_scope_tag_ids([]) == []
    assert checked_role_scope_tag_ids(['5', 0, '5', '0']) == ['5', '0']
    for bad, index in ((['0', None], 1), ([' '], 0)):
        with pytest.raises(InputError) as raised:
            checked_role_scope_tag_ids(bad)
        assert (raised.value.field, raised.value.message) == ('role_scope_tag_ids[%d]' % index, 'must be a non-empty string')


def test_scope_tags_as_intune_keeps_them():
    assert DEFAULT_SCOPE_TAGS == ['0']
    assert scope_tags(None) == ['0'] and scope_tags([]) == ['0']
    assert scope_tags(['5', 0, '5']) == ['0', '5']


def test_scope_tags_never_hands_out_the_shared_default():
    # Found as a bug: the module constant itself was returned, shared by every diff view of the process.
    tags = scope_tags(None)
    try:
        assert tags is not DEFAULT_SCOPE_TAGS
    finally:
        DEFAULT_SCOPE_TAGS[:] = ['0']
