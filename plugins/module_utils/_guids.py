# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""GUIDs, as Graph identifies templates, intents, groups and filters: the input check and the comparison."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError

GUID_PATTERN = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z')


def check_guid(field, value):
    if not isinstance(value, str) or not GUID_PATTERN.match(value):
        raise InputError(field, 'must be a GUID like 00000000-0000-0000-0000-000000000000, got %r' % (value,))


def same_id(left, right):
    """Graph ids compare case-insensitively; a missing id equals only another missing one."""
    return (left or '').lower() == (right or '').lower()
