# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Desired settings against the template's setting definitions: known ids, value types and constraints, and the
instance type each setting is sent as (from its definition, else from the existing instance or the value)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import difflib

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    VALUE_TYPES,
    encode_value_json,
    expected_kind,
    is_integer,
    json_kind,
    setting_instance_type,
    setting_values_equal,
    value_fits_type,
    value_type_of,
    value_type_of_python_value,
)


def check_settings_against_definitions(desired, definitions):
    """Check ids, value types and cheap constraints; return the settings with their instance type filled in."""
    checked = []
    for index, setting in enumerate(desired):
        field = 'settings_delta[%d]' % index
        definition = definitions.get(setting.definition_id)
        if definition is None:
            raise InputError(field + '.definition_id', '%r is not a setting of this template; %s'
                             % (setting.definition_id, _closest_ids_text(setting.definition_id, definitions)))
        value_type = definition.get('valueType')
        if value_type not in VALUE_TYPES:
            checked.append(_with_derived_type(field, setting))
            continue
        if setting.odata_type is not None and setting.value_type != value_type:
            raise InputError(field + '.odata_type', '%s contradicts the definition, whose valueType is %r (%s)'
                             % (setting.odata_type, value_type, setting_instance_type(value_type)))
        value_field = '%s.%s' % (field, setting.value_field)
        if not value_fits_type(setting.value, value_type):
            raise InputError(value_field, 'setting %r has valueType %r and needs %s, got %s'
                             % (setting.definition_id, value_type, expected_kind(value_type), json_kind(setting.value)))
        _check_constraints(value_field, setting.value, definition.get('constraints') or [])
        checked.append(setting.with_odata_type(setting_instance_type(value_type)))
    return checked


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
        checked.append(_with_derived_type('settings_delta[%d]' % index, setting))
    return checked


def _with_derived_type(field, setting):
    if setting.odata_type is not None:
        return setting
    value_type = value_type_of_python_value(setting.value)
    if value_type is None:
        raise InputError(field + '.odata_type', 'cannot be derived from a null value; give odata_type')
    return setting.with_odata_type(setting_instance_type(value_type))


def _check_constraints(field, value, constraints):
    if value is None:
        return
    for constraint in constraints:
        kind = (constraint.get('@odata.type') or '').rsplit('.', 1)[-1]
        if kind == 'deviceManagementEnumConstraint':
            _check_enum(field, value, constraint.get('values') or [])
        elif kind == 'deviceManagementSettingIntegerConstraint' and is_integer(value):
            _check_range(field, value, constraint.get('minimumValue'), constraint.get('maximumValue'), 'be')
        elif kind == 'deviceManagementSettingStringLengthConstraint' and isinstance(value, str):
            _check_range(field, len(value), constraint.get('minimumLength'), constraint.get('maximumLength'),
                         'have a length')


def _check_enum(field, value, allowed):
    allowed_values = [entry.get('value') for entry in allowed]
    for candidate in allowed_values:
        # Enum values are strings in Graph; a non-string setting matches by its JSON text ("true", "5").
        if setting_values_equal(value, candidate) or (isinstance(candidate, str) and not isinstance(value, str)
                                                      and encode_value_json(value) == candidate):
            return
    raise InputError(field, '%r is not one of the allowed values: %s'
                     % (value, ', '.join(repr(v) for v in allowed_values)))


def _check_range(field, number, minimum, maximum, verb):
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InputError(field, 'must %s between %s and %s, got %d'
                         % (verb, 'any' if minimum is None else minimum, 'any' if maximum is None else maximum,
                            number))


def _closest_ids_text(definition_id, definitions):
    close = difflib.get_close_matches(definition_id, list(definitions), n=3, cutoff=0.6)
    if not close:
        return 'no valid id is close; the template has %d settings' % len(definitions)
    return 'closest valid ids: %s' % ', '.join(close)
