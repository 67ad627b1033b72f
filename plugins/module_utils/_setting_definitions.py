# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The settings side of a template: its setting definitions over its categories, the nested definitions those refer
to (complex properties, collection elements, abstract complex implementations), and its default setting instances.

A template's definitions and defaults never change for a template id (Intune publishes a new version with a new id
instead), so they are kept in the client's GraphCache without expiry.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._graph import absent_as_none
from ansible_collections.msgraph.intune.plugins.module_utils._odata import path_segment, without_odata_context
from ansible_collections.msgraph.intune.plugins.module_utils._templates import cached, template_path

# The properties of a definition that name other definitions (complex, collection and abstract complex ones).
NESTED_DEFINITION_KEYS = ('propertyDefinitionIds', 'elementDefinitionId', 'implementations')
SETTING_DEFINITIONS_PATH = 'deviceManagement/settingDefinitions'


def load_setting_definitions(client, template_id, fresh=False):
    """``{definition id: definition}`` over every category of the template (its settings), read once per template id.

    An empty set is never kept (a template has settings; an empty answer is a passing fault), and ``fresh`` reads
    the template again past the cache: what a caller does when a definition id is unknown according to the cache.
    """
    return cached(client, 'definitions', template_id.lower(), lambda: _read_category_definitions(client, template_id),
                  keep=bool, fresh=fresh)


def load_nested_definitions(client, template_id, definitions):
    """``{definition id: definition}`` of the nested definitions ``definitions`` (the template's) refer to that no
    category lists, read from deviceManagement/settingDefinitions once per template id; unknown ids are left out."""
    return cached(client, 'nested_definitions', template_id.lower(),
                  lambda: _read_nested_definitions(client, definitions), keep=bool)


def nested_definition_ids(definition):
    """The ids of the definitions ``definition`` refers to."""
    ids = []
    for key in NESTED_DEFINITION_KEYS:
        value = definition.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item:
                ids.append(item)
    return ids


def template_default_settings(client, template_id):
    """The template's default setting instances, read once per template id; None when Graph does not know the
    template (legacy intents). An empty answer is not kept."""
    if not template_id:
        return None
    return cached(client, 'template_settings', template_id.lower(),
                  lambda: absent_as_none(lambda: client.get_all(template_path(template_id) + '/settings')), keep=bool)


def with_setting_definitions(client, templates):
    """Copies of ``templates``, each with ``settingDefinitions``: Graph's definitions over all its categories, then
    the nested definitions they refer to (``isTopLevel`` false), so that complex values can be looked up."""
    described = []
    for template in templates:
        definitions = load_setting_definitions(client, template['id'])
        nested = load_nested_definitions(client, template['id'], definitions)
        described.append(dict(template, settingDefinitions=list(definitions.values()) + list(nested.values())))
    return described


def _read_category_definitions(client, template_id):
    """The definitions of every category; categories and definitions without a usable id are left out."""
    definitions = {}
    for category in client.get_all(template_path(template_id) + '/categories'):
        if not isinstance(category.get('id'), str):
            continue
        category_path = '%s/categories/%s/settingDefinitions' % (template_path(template_id), path_segment(category['id']))
        for definition in client.get_all(category_path):
            if isinstance(definition.get('id'), str):
                definitions.setdefault(definition['id'], definition)
    return definitions


def _read_nested_definitions(client, definitions):
    nested = {}
    pending = [definition_id for definition in definitions.values() for definition_id in nested_definition_ids(definition)]
    while pending:
        definition_id = pending.pop()
        if definition_id in definitions or definition_id in nested:
            continue
        found = absent_as_none(lambda: client.get('%s/%s' % (SETTING_DEFINITIONS_PATH, path_segment(definition_id))))
        if isinstance(found, dict) and found.get('id') == definition_id:
            nested[definition_id] = without_odata_context(found)
            pending.extend(nested_definition_ids(found))
    return nested
