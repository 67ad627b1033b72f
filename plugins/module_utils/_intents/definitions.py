# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Desired settings against the template's setting definitions: known ids, value types and constraints, and the
instance type each setting is sent as (from its definition, else from the existing instance or the value).

Complex, collection and abstract complex values are checked against their nested definitions: a complex value's
properties are named by the part of their definition ids after the last ``_`` (``…bitLockerSystemDrivePolicy_
encryptionMethod`` is ``encryptionMethod``), a collection's items against its element definition, an abstract
complex value against its implementations. Nested definitions that are not known are not guessed at.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import difflib

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import json_kind
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    VALUE_TYPES,
    encode_value_json,
    expected_kind,
    is_integer,
    setting_instance_type,
    setting_values_equal,
    value_fits_type,
    value_type_of,
    value_type_of_python_value,
)


def check_settings_against_definitions(desired, definitions, nested=None, template_label='this template'):
    """Check ids, value types and constraints; return the settings with their instance type filled in.

    ``definitions`` are the template's settings; ``nested`` the definitions they refer to that no category lists;
    ``template_label`` names the template in the message about an unknown id.
    """
    known = dict(nested or {}, **definitions)
    checked = []
    for index, setting in enumerate(desired):
        field = 'settings_delta[%d]' % index
        definition = definitions.get(setting.definition_id)
        if definition is None:
            raise InputError(field + '.definition_id', '%r is not a setting of %s; %s'
                             % (setting.definition_id, template_label, _closest_ids_text(setting.definition_id, definitions)))
        try:
            checked.append(_checked_setting(field, setting, definition, known))
        except InputError as exc:
            raise exc.for_setting(setting.definition_id) from None
    return checked


def _checked_setting(field, setting, definition, definitions):
    value_type = definition.get('valueType')
    if value_type not in VALUE_TYPES:
        return _with_derived_type(field, setting)
    if setting.odata_type is not None and setting.value_type != value_type:
        raise InputError(field + '.odata_type', '%s contradicts the definition, whose valueType is %r (%s)'
                         % (setting.odata_type, value_type, setting_instance_type(value_type)))
    value_field = '%s.%s' % (field, setting.value_field)
    if not value_fits_type(setting.value, value_type):
        raise InputError(value_field, 'the setting has valueType %r and needs %s, got %s'
                         % (value_type, expected_kind(value_type), json_kind(setting.value)))
    check_value(value_field, setting.value, definition, definitions)
    return setting.with_odata_type(setting_instance_type(value_type))


def check_value(field, value, definition, definitions, path=''):
    """Check a value that fits the definition's valueType against its constraints and nested definitions; ``path``
    names the part of the setting's value being checked (``encryptionMethod``, ``[2]``) in the message."""
    if value is None:
        return
    _check_constraints(field, path, value, definition.get('constraints') or [])
    value_type = definition.get('valueType')
    if value_type == 'complex' and isinstance(value, dict):
        _check_properties(field, path, value, definition, definitions)
    elif value_type == 'collection' and isinstance(value, list):
        element = definitions.get(definition.get('elementDefinitionId'))
        for index, item in enumerate(value):
            _check_member(field, '%s[%d]' % (path, index), item, element, definitions, nullable=False)
    elif value_type == 'abstractComplex' and isinstance(value, dict):
        _check_implementations(field, path, value, definition, definitions)


def property_definitions(definition, definitions):
    """{property name: definition} of a complex definition's known properties (None when none is known)."""
    ids = definition.get('propertyDefinitionIds') or []
    known = dict((property_name(definition_id), definitions[definition_id]) for definition_id in ids
                 if definition_id in definitions)
    return known or None


def property_name(definition_id):
    return definition_id.rsplit('_', 1)[-1]


def _check_properties(field, path, value, definition, definitions):
    properties = property_definitions(definition, definitions)
    if properties is None:
        return
    for name, item in value.items():
        where = '%s.%s' % (path, name) if path else name
        if name not in properties:
            close = difflib.get_close_matches(name, list(properties), n=1, cutoff=0.6)
            raise InputError(field, '%s is not a property of this complex value%s; its properties: %s'
                             % (where, ' (did you mean %s?)' % close[0] if close else '', ', '.join(sorted(properties))))
        _check_member(field, where, item, properties[name], definitions, nullable=True)


def _check_member(field, where, value, definition, definitions, nullable):
    if definition is None:
        return
    value_type = definition.get('valueType')
    if value is None and not nullable:
        raise InputError(field, '%s is null; an item needs %s' % (where, expected_kind(value_type)))
    if value_type in VALUE_TYPES and not value_fits_type(value, value_type):
        raise InputError(field, '%s needs %s (valueType %r of %s), got %s'
                         % (where, expected_kind(value_type), value_type, definition.get('id'), json_kind(value)))
    check_value(field, value, definition, definitions, where)


def _check_implementations(field, path, value, definition, definitions):
    """An abstract complex value must be a valid value of one of its implementations (complex definitions)."""
    implementations = [definitions[i] for i in definition.get('implementations') or [] if i in definitions]
    errors = []
    for implementation in implementations:
        try:
            check_value(field, value, dict(implementation, valueType='complex'), definitions, path)
            return
        except InputError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputError(field, '%s fits none of the implementations %s: %s'
                         % (path or 'the value', ', '.join(i.get('id') for i in implementations),
                            '; '.join(exc.message for exc in errors)))


def derive_setting_types(desired, existing_types=None):
    """Fill instance types without definitions: the existing instance's type, else the value's Python type."""
    existing_types = existing_types or {}
    checked = []
    for index, setting in enumerate(desired):
        existing = existing_types.get(setting.definition_id)
        if setting.odata_type is None and existing is not None:
            if value_fits_type(setting.value, value_type_of(existing)):
                checked.append(setting.with_odata_type(existing))
                continue
        try:
            checked.append(_with_derived_type('settings_delta[%d]' % index, setting))
        except InputError as exc:
            raise exc.for_setting(setting.definition_id) from None
    return checked


def _with_derived_type(field, setting):
    if setting.odata_type is not None:
        return setting
    value_type = value_type_of_python_value(setting.value)
    if value_type is None:
        raise InputError(field + '.odata_type', 'cannot be derived from a null value; give odata_type')
    return setting.with_odata_type(setting_instance_type(value_type))


def _check_constraints(field, path, value, constraints):
    prefix = '%s: ' % path if path else ''
    for constraint in constraints:
        kind = (constraint.get('@odata.type') or '').rsplit('.', 1)[-1]
        if kind == 'deviceManagementEnumConstraint':
            _check_enum(field, prefix, value, constraint.get('values') or [])
        elif kind == 'deviceManagementSettingIntegerConstraint' and is_integer(value):
            _check_range(field, prefix, value, constraint.get('minimumValue'), constraint.get('maximumValue'), 'be')
        elif kind == 'deviceManagementSettingStringLengthConstraint' and isinstance(value, str):
            _check_range(field, prefix, len(value), constraint.get('minimumLength'), constraint.get('maximumLength'),
                         'have a length')
        elif kind == 'deviceManagementSettingCollectionConstraint' and isinstance(value, list):
            _check_range(field, prefix, len(value), constraint.get('minimumLength'), constraint.get('maximumLength'),
                         'have a number of items')


def _check_enum(field, prefix, value, allowed):
    allowed_values = [entry.get('value') for entry in allowed]
    for candidate in allowed_values:
        # Enum values are strings in Graph; a non-string setting matches by its JSON text ("true", "5").
        if setting_values_equal(value, candidate) or (isinstance(candidate, str) and not isinstance(value, str)
                                                      and encode_value_json(value) == candidate):
            return
    raise InputError(field, '%s%r is not one of the allowed values: %s'
                     % (prefix, value, ', '.join(repr(v) for v in allowed_values)))


def _check_range(field, prefix, number, minimum, maximum, verb):
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InputError(field, '%smust %s between %s and %s, got %d'
                         % (prefix, verb, 'any' if minimum is None else minimum, 'any' if maximum is None else maximum,
                            number))


def _closest_ids_text(definition_id, definitions):
    close = difflib.get_close_matches(definition_id, list(definitions), n=3, cutoff=0.6)
    if not close:
        return 'no valid id is close; the template has %d settings' % len(definitions)
    return 'closest valid ids: %s' % ', '.join(close)
