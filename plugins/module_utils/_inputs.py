# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The errors the domain raises for a task it cannot carry out, and the input checks the domain files share."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

GUID_PATTERN = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z')


class IntentError(Exception):
    """The task cannot be carried out as asked; the message says why and what to change."""


class IntentInputError(IntentError):
    """An option value is wrong; ``field`` is its path, e.g. ``settings_delta[2].value_json``."""

    def __init__(self, field, message):
        super(IntentInputError, self).__init__('%s: %s' % (field, message))
        self.field = field


def check_guid(field, value):
    if not isinstance(value, str) or not GUID_PATTERN.match(value):
        raise IntentInputError(field, 'must be a GUID like 00000000-0000-0000-0000-000000000000, got %r' % (value,))
