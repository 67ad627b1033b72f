# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Setting values: the six setting instance types, JSON encoding and decoding, the one equality of values, and the
kind checks that hold whatever a definition says. Pure functions, no requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import math

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import json_kind

INT32_MIN = -2 ** 31
INT32_MAX = 2 ** 31 - 1
# The deepest nesting of lists and objects a setting value may have: Intune's complex values nest a few levels; far
# deeper input is refused, and a stored value deeper than this is kept as text (compared unequal, so rewritten).
MAX_VALUE_DEPTH = 100

# deviceManangementIntentValueType (sic) members, in Graph's order; each names one setting instance type.
VALUE_TYPES = ('integer', 'boolean', 'string', 'complex', 'collection', 'abstractComplex')
STRUCTURED_VALUE_TYPES = ('complex', 'collection', 'abstractComplex')


def setting_instance_type(value_type):
    """``'integer'`` -> ``'#microsoft.graph.deviceManagementIntegerSettingInstance'``."""
    return '#microsoft.graph.deviceManagement%s%sSettingInstance' % (value_type[0].upper(), value_type[1:])


def _odata_type_aliases():
    aliases = {}
    for value_type in VALUE_TYPES:
        full = setting_instance_type(value_type)
        for alias in (full, full[1:], full[len('#microsoft.graph.'):], value_type):
            aliases[alias.lower()] = value_type
    return aliases


ODATA_TYPE_ALIASES = _odata_type_aliases()


def canonical_odata_type(field, text):
    """Accept a setting instance type with or without ``#``/namespace, or its valueType; return the full name."""
    value_type = ODATA_TYPE_ALIASES.get(str(text).strip().lower())
    if value_type is None:
        raise InputError(field, 'unknown setting instance type %r; use one of: %s'
                         % (text, ', '.join(setting_instance_type(v) for v in VALUE_TYPES)))
    return setting_instance_type(value_type)


def known_instance_type(text):
    """The canonical instance type of a type name Graph sent, or None when it is not a known one."""
    value_type = ODATA_TYPE_ALIASES.get((text or '').lower())
    return setting_instance_type(value_type) if value_type else None


def value_type_of(odata_type):
    """The valueType a canonical instance type stands for (None for None)."""
    if odata_type is None:
        return None
    return ODATA_TYPE_ALIASES[odata_type.lower()]


def value_type_of_python_value(value):
    """The valueType a decoded value would be sent as when no definition says (None for null)."""
    # bool before int: True is an int in Python.
    for python_type, value_type in ((bool, 'boolean'), (int, 'integer'), (str, 'string'), (list, 'collection'),
                                    (dict, 'complex')):
        if isinstance(value, python_type):
            return value_type
    return None


def value_fits_type(value, value_type):
    """Whether a decoded value can be sent as ``value_type``; null (not configured) fits every type."""
    if value is None:
        return True
    if value_type == 'integer':
        return is_integer(value)
    if value_type == 'boolean':
        return isinstance(value, bool)
    if value_type == 'string':
        return isinstance(value, str)
    # Intune sends complex, collection and abstract complex values both as JSON objects and as arrays.
    return isinstance(value, (dict, list))


def check_value_kind(field, value, value_type):
    """Checks that hold whatever the definition says: a value must fit its declared instance type, and Int32."""
    if value is None:
        return
    if isinstance(value, float):
        raise InputError(field, 'a number with a fraction (%r) fits no setting instance type' % value)
    if value_type is not None and not value_fits_type(value, value_type):
        raise InputError(field, 'a %s instance needs %s, got %s'
                         % (setting_instance_type(value_type), expected_kind(value_type), json_kind(value)))
    if is_integer(value) and not INT32_MIN <= value <= INT32_MAX:
        raise InputError(field, '%d does not fit a 32-bit integer setting' % value)


def expected_kind(value_type):
    return {'integer': 'an integer', 'boolean': 'a boolean', 'string': 'a string'}.get(
        value_type, 'a JSON object or array')


def is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def value_depth(value, limit=MAX_VALUE_DEPTH):
    """How deeply lists and objects nest in ``value`` (0 for a scalar), counted without recursion up to ``limit`` + 1."""
    depth, level = 0, [value]
    while level and depth <= limit:
        children = []
        for item in level:
            if isinstance(item, dict):
                children.extend(item.values())
            elif isinstance(item, (list, tuple)):
                children.extend(item)
        if not children and not any(isinstance(item, (dict, list, tuple)) for item in level):
            break
        depth += 1
        level = children
    return depth


def load_json(text, strict=True):
    """``json.loads`` that refuses (ValueError) what nests deeper than MAX_VALUE_DEPTH, and with ``strict`` also
    NaN and Infinity, which are not JSON."""
    try:
        value = json.loads(text, parse_constant=_reject_json_constant if strict else None)
    except RecursionError:
        raise ValueError('it nests deeper than %d levels' % MAX_VALUE_DEPTH)
    if value_depth(value) > MAX_VALUE_DEPTH:
        raise ValueError('it nests deeper than %d levels' % MAX_VALUE_DEPTH)
    return value


def _reject_json_constant(name):
    raise ValueError('%s is not JSON' % name)


def encode_value_json(value):
    """The ``valueJson`` text of a decoded value."""
    return json.dumps(value, separators=(',', ':'), allow_nan=False)


def decode_setting_value(instance):
    """The decoded value of a Graph setting instance: ``valueJson`` when present, else ``value``."""
    value_json = instance.get('valueJson')
    if value_json is None:
        value = instance.get('value')
        return value if value_depth(value) <= MAX_VALUE_DEPTH else repr(value)
    try:
        return load_json(value_json, strict=False)
    except (TypeError, ValueError):
        # Not JSON text (or too deep): keep it as it is, so that it compares unequal and gets rewritten.
        return value_json


def setting_values_equal(left, right):
    """Equality of decoded JSON values: numbers by value (1 == 1.0), booleans never equal numbers, lists in order."""
    # is_number excludes booleans, so True and 1 fall through to the type check and compare unequal.
    if is_number(left) or is_number(right):
        # NaN (Python's json reads it from a stored valueJson) equals itself here, so that it is no perpetual drift.
        return is_number(left) and is_number(right) and (left == right or (math.isnan(left) and math.isnan(right)))
    if isinstance(left, dict) or isinstance(right, dict):
        return (isinstance(left, dict) and isinstance(right, dict) and set(left) == set(right)
                and all(setting_values_equal(left[key], right[key]) for key in left))
    if isinstance(left, (list, tuple)) or isinstance(right, (list, tuple)):
        return (isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)) and len(left) == len(right)
                and all(setting_values_equal(a, b) for a, b in zip(left, right)))
    return type(left) is type(right) and left == right
