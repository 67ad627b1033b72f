# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Intents for ``intune_intent_info``: selection by id, name and template, their details, and each one exported as
the ``intune_template_instance`` options that recreate it."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.names import name_exported_groups
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import assignments_as_options, read_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._guids import same_id
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import (
    find_intents,
    get_intent,
    read_intent_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    decode_setting_value,
    encode_value_json,
    setting_values_equal,
)
from ansible_collections.msgraph.intune.plugins.module_utils._odata import INTENTS_PATH, intent_path
from ansible_collections.msgraph.intune.plugins.module_utils._setting_definitions import template_default_settings
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings


def list_intents(client, intent_id=None, display_name=None, template_id=None, warnings=None):
    """Intents matching every filter given (none: all). An unknown ``intent_id`` matches nothing."""
    if intent_id is not None:
        intent = get_intent(client, intent_id)
        candidates = [intent] if intent is not None else []
    elif display_name is not None:
        return find_intents(client, display_name, template_id, warnings)
    else:
        candidates = client.get_all(INTENTS_PATH)
    return [intent for intent in candidates
            if (display_name is None or intent.get('displayName') == display_name)
            and (template_id is None or same_id(intent.get('templateId'), template_id))]


def read_intent_details(client, intents, include_settings=True, include_assignments=False, by_id=False, warnings=None):
    """Copies of ``intents`` with their ``assignments`` and ``settings`` and, with settings, ``instance_args``.

    Template defaults are read once per template, to keep only the settings an intent changes in its export; the
    groups of every ``instance_args`` get their names with one request for all of them (``warnings``, a Warnings,
    says when Graph refuses it).
    ``instance_args`` carries ``intent_id`` when another listed intent of the same template has the same display name
    (the module would refuse the name alone), or when the intents were selected by id (``by_id``), so that it
    re-applies as it is.
    """
    keys = [_name_key(intent) for intent in intents]
    shared = set(key for key in keys if keys.count(key) > 1)
    defaults_by_template = {}
    detailed = []
    for intent in intents:
        intent = dict(intent)
        if include_assignments:
            intent['assignments'] = read_assignments(client, intent_path(intent['id']))
        if include_settings:
            intent['settings'] = read_intent_settings(client, intent['id'])
            template_id = intent.get('templateId')
            if template_id not in defaults_by_template:
                defaults_by_template[template_id] = template_default_settings(client, template_id)
            intent['instance_args'] = intent_instance_args(intent, defaults_by_template[template_id])
            if by_id or _name_key(intent) in shared:
                intent['instance_args']['intent_id'] = intent.get('id')
        detailed.append(intent)
    name_exported_groups(client, [intent['instance_args'] for intent in detailed if 'instance_args' in intent],
                         Warnings() if warnings is None else warnings)
    return detailed


def _delta_item(definition_id, value_json):
    """A settings_delta element: ``value`` where the value reads as YAML by hand, else the exact ``value_json``."""
    try:
        value = json.loads(value_json)
    except (TypeError, ValueError):
        value = None
    scalars = (str, int, float, bool)
    if isinstance(value, scalars) or (isinstance(value, list) and all(isinstance(item, scalars) for item in value)):
        return {'definition_id': definition_id, 'value': value}
    return {'definition_id': definition_id, 'value_json': value_json}


def _name_key(intent):
    return intent.get('displayName'), str(intent.get('templateId') or '').lower()


def intent_instance_args(intent, default_settings=None):
    """The ``intune_template_instance`` options that recreate ``intent`` (which carries its ``settings``).

    ``settings_delta`` holds every setting whose value differs from the template's default (with the defaults unknown,
    None, every setting): a string, number, boolean or list of them as ``value``, as an admin writes it by hand; a
    complex value or null as the intent's own valueJson, exactly as Graph holds it. ``assignments`` comes with the
    intent's own.
    """
    defaults = dict((instance.get('definitionId'), decode_setting_value(instance)) for instance in default_settings or [])
    settings_delta = []
    for instance in intent.get('settings') or []:
        definition_id = instance.get('definitionId')
        if (default_settings is not None and definition_id in defaults
                and setting_values_equal(decode_setting_value(instance), defaults[definition_id])):
            continue
        value_json = instance.get('valueJson')
        if value_json is None:
            value_json = encode_value_json(instance.get('value'))
        settings_delta.append(_delta_item(definition_id, value_json))
    args = {
        'template_id': intent.get('templateId'),
        'display_name': intent.get('displayName'),
        'description': intent.get('description') or '',
        'role_scope_tag_ids': [str(tag) for tag in intent.get('roleScopeTagIds') or []],
        'settings_delta': settings_delta,
    }
    if 'assignments' in intent:
        args['assignments'] = assignments_as_options(intent['assignments'])
    return args
