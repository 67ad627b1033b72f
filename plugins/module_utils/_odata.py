# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""How the collection addresses Graph: the API version, resource paths, path segments, OData string literals and
annotations."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime
import re

from urllib.parse import quote

GRAPH_API_VERSION = 'beta'
INTENTS_PATH = 'deviceManagement/intents'
TEMPLATES_PATH = 'deviceManagement/templates'
CONFIGURATION_POLICIES_PATH = 'deviceManagement/configurationPolicies'
POLICY_TEMPLATES_PATH = 'deviceManagement/configurationPolicyTemplates'
_DATETIME_OFFSET = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$')


def odata_string_literal(value):
    """An OData string literal: single-quoted, with single quotes doubled. The only OData escaping in the collection."""
    return "'%s'" % value.replace("'", "''")


def path_segment(value):
    """One URL path segment: an id is sent percent-encoded, never able to add a path level."""
    return quote(str(value), safe='')


def intent_path(intent_id):
    return '%s/%s' % (INTENTS_PATH, path_segment(intent_id))


def policy_path(policy_id):
    return '%s/%s' % (CONFIGURATION_POLICIES_PATH, path_segment(policy_id))


def policy_template_path(template_id):
    return '%s/%s' % (POLICY_TEMPLATES_PATH, path_segment(template_id))


def without_odata_context(entity):
    """An entity read by id, without the ``@odata.context`` that only single-entity responses carry."""
    return dict((key, value) for key, value in entity.items() if key != '@odata.context')


def datetime_offset(text):
    """An Edm.DateTimeOffset as an aware datetime (UTC when no offset is given), or None when it is not one.

    Graph sends 0 to 7 fraction digits, so the text is parsed rather than compared.
    """
    match = _DATETIME_OFFSET.match((text or '').strip()) if isinstance(text, str) else None
    if not match:
        return None
    parts = [int(part) for part in match.groups()[:6]]
    microseconds = int((match.group(7) or '0')[:6].ljust(6, '0'))
    zone = match.group(8) or 'Z'
    offset = datetime.timedelta(0)
    if zone != 'Z':
        offset = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])) * (1 if zone[0] == '+' else -1)
    try:
        return datetime.datetime(*parts, microsecond=microseconds, tzinfo=datetime.timezone(offset))
    except ValueError:
        return None
