# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The ``settings`` option, written by hand, into Graph setting instances, checked against the template's setting
definitions before anything is sent.

An element names a setting by ``definition_id`` and gives its ``value``: a choice by its option id or option name,
a simple setting as its JSON value (integer or string), a collection as a list, a group collection as a list of
groups (each a list of child settings); ``children`` are the settings under the chosen option (choice) or in the
group. ``setting_instance`` gives a raw Graph settingInstance for anything else. Every message names the field and
the setting definition id.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import graph_type, short_type
from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_view import secret_plaintexts
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import json_kind

ITEM_KEYS = ('definition_id', 'value', 'children', 'setting_instance')
# String formats (deviceManagementConfigurationStringFormat) whose inputValidationSchema is a regular expression the
# value must match; with format none a given schema is a regular expression too.
REGEX_FORMATS = ('regEx', 'none', None)


def build_settings(catalog, items, field='settings'):
    """Top-level Graph setting instances for ``items`` (the option's list), each top-level setting once."""
    instances, seen = [], {}
    for index, item in enumerate(items or []):
        where = '%s[%d]' % (field, index)
        instance = build_instance(catalog, item, where, top_level=True)
        key = str(instance.get('settingDefinitionId')).lower()
        if key in seen:
            raise InputError(where, 'sets the same setting as %s' % seen[key], instance.get('settingDefinitionId'))
        seen[key] = where
        instances.append(instance)
    return instances


def secret_inputs(catalog, items):
    """The values that ``items`` (the option's form, unchecked) give to secret settings, wherever they are nested."""
    found = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        found.extend(secret_plaintexts(item.get('setting_instance')))
        definition = catalog.definition(item.get('definition_id')) or {}
        value = item.get('value')
        if (definition.get('valueDefinition') or {}).get('isSecret'):
            found.extend(value if isinstance(value, list) else [value])
        elif isinstance(value, list):
            found.extend(secret_inputs(catalog, [v for group in value if isinstance(group, list) for v in group]))
        found.extend(secret_inputs(catalog, item.get('children') if isinstance(item.get('children'), list) else []))
    return [value for value in found if isinstance(value, str)]


def build_instance(catalog, item, field, top_level=False):
    if not isinstance(item, dict):
        raise InputError(field, 'must be a dictionary with definition_id and value, got %s' % json_kind(item))
    unknown = sorted(set(item) - set(ITEM_KEYS))
    if unknown:
        raise InputError(field, 'has unknown keys %s; a setting takes %s' % (', '.join(unknown), ', '.join(ITEM_KEYS)),
                         item.get('definition_id'))
    if item.get('setting_instance') is not None:
        return _raw_instance(catalog, item, field, top_level)
    definition_id = item.get('definition_id')
    if not isinstance(definition_id, str) or not definition_id.strip():
        raise InputError(field + '.definition_id', 'must name the setting (a setting definition id)')
    definition = catalog.definition(definition_id)
    if definition is None or (top_level and not catalog.is_root(definition_id)):
        where = 'is not a top-level setting of' if definition is not None else 'is not a setting of'
        raise InputError(field + '.definition_id', '%s template %s (intune_configuration_policy_template_info lists its '
                         'settings)' % (where, catalog.template_id), definition_id)
    kind = catalog.kind(definition)
    if kind is None:
        raise InputError(field, 'is a %s, which this form cannot express: give it as setting_instance'
                         % short_type(definition.get('@odata.type')), definition_id)
    setting_kind, instance_type, value_property = kind
    builder = BUILDERS[setting_kind]
    try:
        value = builder(catalog, definition, item, field)
    except InputError as exc:
        raise exc.for_setting(definition.get('id'))
    instance = {'@odata.type': graph_type(instance_type), 'settingDefinitionId': definition.get('id'),
                value_property: value}
    if top_level:
        instance['settingInstanceTemplateReference'] = catalog.instance_template_reference(definition_id)
        reference = catalog.value_template_reference(definition_id)
        if reference is not None and isinstance(value, dict):
            value['settingValueTemplateReference'] = reference
    return instance


def _raw_instance(catalog, item, field, top_level):
    raw = item['setting_instance']
    if not isinstance(raw, dict) or not raw.get('@odata.type') or not raw.get('settingDefinitionId'):
        raise InputError(field + '.setting_instance', 'must be a Graph settingInstance with @odata.type and '
                         'settingDefinitionId', item.get('definition_id'))
    if set(item) - set(('setting_instance',)) and any(item.get(key) is not None for key in ITEM_KEYS[:3]):
        raise InputError(field, 'give either setting_instance or definition_id/value/children',
                         raw.get('settingDefinitionId'))
    if top_level and not catalog.is_root(raw['settingDefinitionId']):
        raise InputError(field + '.setting_instance.settingDefinitionId', 'is not a top-level setting of template %s'
                         % catalog.template_id, raw['settingDefinitionId'])
    definition = catalog.definition(raw['settingDefinitionId'])
    kind = catalog.kind(definition) if definition is not None else None
    if kind is not None and short_type(raw['@odata.type']) != kind[1]:
        raise InputError(field + '.setting_instance.@odata.type', 'is %s, but the setting is a %s: give a %s'
                         % (raw['@odata.type'], short_type(definition.get('@odata.type')), graph_type(kind[1])),
                         raw['settingDefinitionId'])
    instance = dict(raw)
    if top_level and not instance.get('settingInstanceTemplateReference'):
        instance['settingInstanceTemplateReference'] = catalog.instance_template_reference(raw['settingDefinitionId'])
    return instance


def _choice(catalog, definition, item, field):
    option = option_id(definition, item.get('value'), field + '.value')
    return {'@odata.type': graph_type('ChoiceSettingValue'), 'value': option,
            'children': _children(catalog, catalog.children_of_option(definition, option), item.get('children'),
                                  field, 'option %s' % option)}


def _choice_collection(catalog, definition, item, field):
    values = _listed(definition, item, field)
    return [{'@odata.type': graph_type('ChoiceSettingValue'), 'value': option_id(definition, value, '%s.value[%d]' % (field, i)),
             'children': []} for i, value in enumerate(values)]


def _simple(catalog, definition, item, field):
    if item.get('children'):
        raise InputError(field + '.children', 'a simple setting has no children')
    return simple_value(definition, item.get('value'), field + '.value')


def _simple_collection(catalog, definition, item, field):
    values = _listed(definition, item, field)
    return [simple_value(definition, value, '%s.value[%d]' % (field, i)) for i, value in enumerate(values)]


def _group_collection(catalog, definition, item, field):
    groups = _listed(definition, item, field)
    allowed = catalog.children_of_group(definition)
    values = []
    for index, group in enumerate(groups):
        where = '%s.value[%d]' % (field, index)
        values.append({'children': _children(catalog, allowed, group, where, 'each group', listed_as=where)})
    return values


def _group(catalog, definition, item, field):
    return {'children': _children(catalog, catalog.children_of_group(definition), item.get('children'), field, 'the group')}


BUILDERS = {'choice': _choice, 'choice_collection': _choice_collection, 'simple': _simple,
            'simple_collection': _simple_collection, 'group_collection': _group_collection, 'group': _group}


def _children(catalog, allowed, items, field, owner, listed_as=None):
    """Child instances of ``items`` (a list of settings), each allowed under ``owner``; mandatory ones present."""
    where = listed_as or field + '.children'
    if items is None:
        items = []
    if not isinstance(items, list):
        raise InputError(where, 'must be a list of settings, got %s' % json_kind(items))
    children, seen = [], set()
    for index, child_item in enumerate(items):
        child_field = '%s[%d]' % (where, index)
        child = build_instance(catalog, child_item, child_field)
        child_id = str(child.get('settingDefinitionId'))
        if child_id.lower() not in allowed:
            raw = isinstance(child_item, dict) and child_item.get('setting_instance') is not None
            raise InputError(child_field + ('.setting_instance.settingDefinitionId' if raw else '.definition_id'),
                             'is not a setting of %s; allowed: %s' % (owner, ', '.join(sorted(allowed)) or 'none'),
                             child_id)
        seen.add(str(child.get('settingDefinitionId')).lower())
        children.append(child)
    missing = sorted(child_id for child_id, required in allowed.items() if required and child_id not in seen)
    if missing:
        raise InputError(where, '%s needs the settings %s' % (owner, ', '.join(missing)))
    return children


def _listed(definition, item, field):
    values = item.get('value')
    if not isinstance(values, list):
        raise InputError(field + '.value', 'must be a list, got %s' % json_kind(values))
    if definition.get('@odata.type', '').endswith('ChoiceSettingCollectionDefinition') and item.get('children'):
        raise InputError(field + '.children', 'give the children of a choice collection as setting_instance')
    low, high = definition.get('minimumCount'), definition.get('maximumCount')
    if isinstance(low, int) and len(values) < low:
        raise InputError(field + '.value', 'has %d items; at least %d are needed' % (len(values), low))
    if isinstance(high, int) and high > 0 and len(values) > high:
        raise InputError(field + '.value', 'has %d items; at most %d are allowed' % (len(values), high))
    return values


def option_id(definition, value, field):
    """The itemId of the option ``value`` names: its itemId, or its name or display name (case-insensitive)."""
    options = definition.get('options') or []
    if not isinstance(value, (str, int)):
        raise InputError(field, 'must name an option (its id or name), got %s' % json_kind(value))
    # YAML turns an unquoted true/false option name into a boolean.
    text = ('true' if value else 'false') if isinstance(value, bool) else str(value).strip().lower()
    for option in options:
        if str(option.get('itemId')).lower() == text:
            return option['itemId']
    named = [option for option in options
             if text in (str(option.get('name') or '').lower(), str(option.get('displayName') or '').lower())]
    if len(named) == 1:
        return named[0]['itemId']
    choices = ', '.join('%s (%s)' % (o.get('itemId'), o.get('displayName') or o.get('name')) for o in options)
    if named:
        raise InputError(field, '%r names %d options; give the option id: %s' % (value, len(named), choices))
    raise InputError(field, '%r is not an option of this setting; options: %s' % (value, choices))


def simple_value(definition, value, field):
    """A Graph simple setting value for ``value``, checked against the definition's value definition."""
    value_definition = definition.get('valueDefinition') or {}
    value_type = short_type(value_definition.get('@odata.type') or (definition.get('defaultValue') or {}).get('@odata.type'))
    if value_type.startswith('Integer'):
        number = _integer(value, field)
        low, high = value_definition.get('minimumValue'), value_definition.get('maximumValue')
        if (isinstance(low, int) and number < low) or (isinstance(high, int) and number > high):
            raise InputError(field, '%d is out of range: the setting takes %s to %s' % (number, low, high))
        return {'@odata.type': graph_type('IntegerSettingValue'), 'value': number}
    if not isinstance(value, str):
        raise InputError(field, 'must be a string, got %s' % json_kind(value))
    _check_string(value_definition, value, field, shown=not value_definition.get('isSecret'))
    if value_definition.get('isSecret'):
        return {'@odata.type': graph_type('SecretSettingValue'), 'value': value, 'valueState': 'notEncrypted'}
    return {'@odata.type': graph_type('StringSettingValue'), 'value': value}


def _integer(value, field):
    if isinstance(value, bool):
        raise InputError(field, 'must be an integer, got a boolean')
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.match(r'^\s*-?\d+\s*$', value):
        return int(value)
    raise InputError(field, 'must be an integer (or a string of digits), got %s' % json_kind(value))


def _check_string(value_definition, value, field, shown=True):
    """Length and pattern; ``shown``: the value may appear in the message (never a secret's)."""
    low, high = value_definition.get('minimumLength'), value_definition.get('maximumLength')
    if isinstance(low, int) and len(value) < low:
        raise InputError(field, 'is %d characters long; at least %d are needed' % (len(value), low))
    if isinstance(high, int) and high > 0 and len(value) > high:
        raise InputError(field, 'is %d characters long; at most %d are allowed' % (len(value), high))
    pattern = value_definition.get('inputValidationSchema')
    if pattern and value_definition.get('format') in REGEX_FORMATS:
        try:
            matched = re.fullmatch(pattern, value)
        except re.error:
            return  # a .NET-only construct: left to Intune's own check
        if not matched:
            raise InputError(field, '%s does not match the pattern %s' % (repr(value) if shown else 'the secret value',
                                                                          pattern))
