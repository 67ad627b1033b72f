# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Setting instances as the collection compares, shows and exports them, whatever Graph adds around the values.

``setting_key`` is the one equality of settings: what the setting is and holds, without ids, template references or
the order of collections (Intune treats them as sets). A secret's value is never read back in clear (Graph returns
an encrypted token), so a secret compares by presence and is shown masked. ``setting_view`` is the diff's form and
``setting_option`` the ``settings`` option's form, so that an exported policy can be given back to the module.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import VALUE_PROPERTIES, short_type

MASK = '********'


def root_settings(settings):
    """The top-level setting instances of a policy's ``settings`` as Graph lists them (each {id, settingInstance})."""
    return [entry.get('settingInstance') or {} for entry in settings or []]


def definition_key(instance):
    return str(instance.get('settingDefinitionId') or '').lower()


def setting_key(instance):
    """A hashable, order-free form of what ``instance`` sets."""
    kind = short_type(instance.get('@odata.type'))
    value = instance.get(VALUE_PROPERTIES.get(kind, ''))
    return (definition_key(instance), kind, _value_key(kind, value, instance))


def same_settings(left, right):
    """Whether two lists of top-level instances set the same, in any order."""
    return sorted(map(_text, map(setting_key, left))) == sorted(map(_text, map(setting_key, right)))


def _value_key(kind, value, instance):
    if kind == 'ChoiceSettingInstance':
        return _choice_key(value)
    if kind == 'ChoiceSettingCollectionInstance':
        return _sorted(_choice_key(item) for item in value or [])
    if kind == 'SimpleSettingInstance':
        return _simple_key(value)
    if kind == 'SimpleSettingCollectionInstance':
        return _sorted(_simple_key(item) for item in value or [])
    if kind == 'GroupSettingCollectionInstance':
        return _sorted(_children_key(item) for item in value or [])
    if kind == 'GroupSettingInstance':
        return _children_key(value)
    # A type this collection does not know: compared as Graph gives it, without what Graph adds.
    return _text(dict((k, v) for k, v in instance.items() if k not in ('settingInstanceTemplateReference', 'id')))


def _choice_key(value):
    value = value or {}
    return (str(value.get('value') or '').lower(), _children_key(value))


def _children_key(value):
    return _sorted(setting_key(child) for child in (value or {}).get('children') or [])


def _simple_key(value):
    value = value or {}
    if is_secret(value):
        return ('secret',)
    return (short_type(value.get('@odata.type')), value.get('value'))


def is_secret(value):
    return short_type((value or {}).get('@odata.type')) == 'SecretSettingValue'


def _sorted(keys):
    return tuple(sorted(keys, key=_text))


def _text(key):
    return json.dumps(key, sort_keys=True, default=str)


def setting_view(instance):
    """The diff's form of an instance's value: the option id, the value, a list, or {value, children}."""
    kind = short_type(instance.get('@odata.type'))
    value = instance.get(VALUE_PROPERTIES.get(kind, ''))
    if kind == 'ChoiceSettingInstance':
        return _choice_view(value)
    if kind == 'ChoiceSettingCollectionInstance':
        return [_choice_view(item) for item in value or []]
    if kind == 'SimpleSettingInstance':
        return _simple_view(value)
    if kind == 'SimpleSettingCollectionInstance':
        return [_simple_view(item) for item in value or []]
    if kind == 'GroupSettingCollectionInstance':
        return [_children_view(item) for item in value or []]
    if kind == 'GroupSettingInstance':
        return _children_view(value)
    return dict((k, v) for k, v in instance.items() if k not in ('settingInstanceTemplateReference', 'id'))


def settings_view(instances):
    """{definition id: view} of top-level instances."""
    return dict((instance.get('settingDefinitionId'), setting_view(instance)) for instance in instances)


def _choice_view(value):
    value = value or {}
    children = value.get('children') or []
    if not children:
        return value.get('value')
    return {'value': value.get('value'), 'children': _children_view(value)}


def _children_view(value):
    return settings_view((value or {}).get('children') or [])


def _simple_view(value):
    return MASK if is_secret(value) else (value or {}).get('value')


def contains_secret(instance):
    """Whether a secret value is anywhere in ``instance`` (its children included)."""
    if isinstance(instance, dict):
        return is_secret(instance) or any(contains_secret(value) for value in instance.values())
    if isinstance(instance, list):
        return any(contains_secret(item) for item in instance)
    return False


def secret_plaintexts(value):
    """The secrets sent in clear (valueState notEncrypted) anywhere in ``value`` (instances, lists of them)."""
    if isinstance(value, list):
        return [text for item in value for text in secret_plaintexts(item)]
    if not isinstance(value, dict):
        return []
    found = [value.get('value')] if is_secret(value) and value.get('valueState') != 'encryptedValueToken' else []
    return found + [text for item in value.values() for text in secret_plaintexts(item)]


def setting_option(instance):
    """The ``settings`` option's element that sets ``instance`` again. A setting that holds a secret is given as the
    raw instance Graph returned, whose encrypted token Graph takes back unchanged: the secret is never in clear."""
    if contains_secret(instance):
        return {'setting_instance': dict((k, v) for k, v in instance.items() if k != 'id')}
    kind = short_type(instance.get('@odata.type'))
    value = instance.get(VALUE_PROPERTIES.get(kind, ''))
    option = {'definition_id': instance.get('settingDefinitionId')}
    if kind == 'ChoiceSettingInstance':
        option['value'] = (value or {}).get('value')
        children = (value or {}).get('children') or []
        if children:
            option['children'] = [setting_option(child) for child in children]
    elif kind == 'SimpleSettingInstance':
        option['value'] = (value or {}).get('value')
    elif kind == 'SimpleSettingCollectionInstance':
        option['value'] = [(item or {}).get('value') for item in value or []]
    elif kind == 'ChoiceSettingCollectionInstance' and not any((item or {}).get('children') for item in value or []):
        option['value'] = [(item or {}).get('value') for item in value or []]
    elif kind == 'GroupSettingCollectionInstance':
        option['value'] = [[setting_option(child) for child in (item or {}).get('children') or []] for item in value or []]
    elif kind == 'GroupSettingInstance':
        option['children'] = [setting_option(child) for child in (value or {}).get('children') or []]
    else:
        return {'setting_instance': dict((k, v) for k, v in instance.items() if k != 'id')}
    return option
