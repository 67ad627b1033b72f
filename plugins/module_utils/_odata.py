# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""How the collection addresses Graph: the API version, resource paths, path segments, OData string literals and
annotations."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from urllib.parse import quote

GRAPH_API_VERSION = 'beta'
INTENTS_PATH = 'deviceManagement/intents'
TEMPLATES_PATH = 'deviceManagement/templates'


def odata_string_literal(value):
    """An OData string literal: single-quoted, with single quotes doubled. The only OData escaping in the collection."""
    return "'%s'" % value.replace("'", "''")


def path_segment(value):
    """One URL path segment: an id is sent percent-encoded, never able to add a path level."""
    return quote(str(value), safe='')


def intent_path(intent_id):
    return '%s/%s' % (INTENTS_PATH, path_segment(intent_id))


def without_odata_context(entity):
    """An entity read by id, without the ``@odata.context`` that only single-entity responses carry."""
    return dict((key, value) for key, value in entity.items() if key != '@odata.context')
