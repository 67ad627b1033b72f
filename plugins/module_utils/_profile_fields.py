# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The options every profile has, whatever its kind (intent or configuration policy): its name, description and
role scope tags, checked before any request, and the scope tags as Intune keeps them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import unicodedata

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError

# Intune gives a profile without scope tags the built-in Default tag, whose id is "0".
DEFAULT_SCOPE_TAGS = ['0']


def json_kind(value):
    """How a value reads in a message: 'a boolean', 'an integer', ..., 'null'."""
    for kind, types in (('a boolean', bool), ('an integer', int), ('a number', float), ('a string', str),
                        ('a JSON array', list), ('a JSON object', dict)):
        if isinstance(value, types):
            return kind
    return 'null'


def checked_name(field, name):
    """A profile name: a non-empty string without control characters."""
    if not isinstance(name, str):
        raise InputError(field, 'must be a non-empty string (quote it in YAML), got %s' % json_kind(name))
    if not name.strip():
        raise InputError(field, 'must be a non-empty string')
    for position, char in enumerate(name):
        if unicodedata.category(char) == 'Cc':
            raise InputError(field, 'contains the control character U+%04X at position %d' % (ord(char), position))
    return name


def checked_description(description):
    if description is not None and not isinstance(description, str):
        raise InputError('description', 'must be a string (quote it in YAML), got %s' % json_kind(description))
    return description


def checked_role_scope_tag_ids(tag_ids):
    """The tag ids as strings, each once, in the task's order; None when the option is not given."""
    if tag_ids is None:
        return None
    checked = []
    for index, tag_id in enumerate(tag_ids):
        text = str(tag_id) if tag_id is not None else ''
        if not text.strip():
            raise InputError('role_scope_tag_ids[%d]' % index, 'must be a non-empty string')
        if text not in checked:
            checked.append(text)
    return checked


def changed_profile_fields(profile, description, role_scope_tag_ids):
    """The description and role scope tags a task gives (None: not managed) that differ from ``profile``'s, in
    Graph's field names: the part of a PATCH body every profile kind shares."""
    body = {}
    if description is not None and description != (profile.get('description') or ''):
        body['description'] = description
    if role_scope_tag_ids is not None and scope_tags(role_scope_tag_ids) != scope_tags(profile.get('roleScopeTagIds')):
        body['roleScopeTagIds'] = list(role_scope_tag_ids)
    return body


def scope_tags(tag_ids):
    """Role scope tag ids as Intune keeps them: none means the Default tag ("0")."""
    return sorted(set(str(tag) for tag in tag_ids or [])) or list(DEFAULT_SCOPE_TAGS)
