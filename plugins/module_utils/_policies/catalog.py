# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""SettingCatalog: one template's setting templates and setting definitions, indexed for building, checking and
reading setting instances.

A template lists its top-level settings as setting instance templates (each with a settingInstanceTemplateId and a
settingValueTemplateId, which a policy's top-level instance refers to) and, expanded, the definitions of those
settings and of their children. A child is allowed under a choice option that lists it in ``dependedOnBy`` and
under a group whose definition lists it in ``childIds``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

GRAPH_TYPE_PREFIX = '#microsoft.graph.deviceManagementConfiguration'

# Definition type (after GRAPH_TYPE_PREFIX) -> (setting kind, instance type, value property of the instance).
KINDS = {
    'ChoiceSettingDefinition': ('choice', 'ChoiceSettingInstance', 'choiceSettingValue'),
    'ChoiceSettingCollectionDefinition': ('choice_collection', 'ChoiceSettingCollectionInstance',
                                          'choiceSettingCollectionValue'),
    'SimpleSettingDefinition': ('simple', 'SimpleSettingInstance', 'simpleSettingValue'),
    'SimpleSettingCollectionDefinition': ('simple_collection', 'SimpleSettingCollectionInstance',
                                          'simpleSettingCollectionValue'),
    'SettingGroupCollectionDefinition': ('group_collection', 'GroupSettingCollectionInstance',
                                         'groupSettingCollectionValue'),
    'SettingGroupDefinition': ('group', 'GroupSettingInstance', 'groupSettingValue'),
}
# Instance type -> value property, for reading instances whatever their definition.
VALUE_PROPERTIES = dict((instance, value) for _kind, instance, value in KINDS.values())


def short_type(odata_type):
    """'#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance' -> 'ChoiceSettingInstance'."""
    text = str(odata_type or '')
    return text[len(GRAPH_TYPE_PREFIX):] if text.startswith(GRAPH_TYPE_PREFIX) else text.rpartition('.')[2]


def graph_type(short):
    return GRAPH_TYPE_PREFIX + short


class SettingCatalog(object):
    """The settings of one configuration policy template (``template_id``), from its setting templates."""

    def __init__(self, template_id, setting_templates):
        self.template_id = template_id
        self.definitions = {}
        self.roots = {}
        self.root_order = []
        for setting_template in setting_templates:
            for definition in setting_template.get('settingDefinitions') or []:
                self.definitions[str(definition.get('id')).lower()] = definition
            instance_template = setting_template.get('settingInstanceTemplate') or {}
            definition_id = str(instance_template.get('settingDefinitionId') or '').lower()
            if definition_id:
                self.roots[definition_id] = instance_template
                self.root_order.append(definition_id)

    def definition(self, definition_id):
        return self.definitions.get(str(definition_id).lower())

    def kind(self, definition):
        """(kind, instance type, value property) of a definition; None for a type this collection cannot build."""
        return KINDS.get(short_type(definition.get('@odata.type')))

    def is_root(self, definition_id):
        return str(definition_id).lower() in self.roots

    def required_roots(self):
        return [self.roots[key].get('settingDefinitionId') for key in self.root_order if self.roots[key].get('isRequired')]

    def instance_template_reference(self, definition_id):
        """The settingInstanceTemplateReference of a top-level instance, None for a child."""
        template = self.roots.get(str(definition_id).lower())
        if not template or not template.get('settingInstanceTemplateId'):
            return None
        return {'settingInstanceTemplateId': template['settingInstanceTemplateId']}

    def value_template_reference(self, definition_id):
        """The settingValueTemplateReference of a top-level instance's value, None when the template has none."""
        template = self.roots.get(str(definition_id).lower()) or {}
        for key, value in template.items():
            if key.endswith('ValueTemplate') and isinstance(value, dict) and value.get('settingValueTemplateId'):
                return {'settingValueTemplateId': value['settingValueTemplateId'], 'useTemplateDefault': False}
        return None

    def default_items(self):
        """The template's default values of its top-level settings, as ``settings`` option elements: what Intune
        gives a setting the admin does not set (a security baseline's recommended values). A choice whose default
        option needs children, and a collection, have none here."""
        items = []
        for key in self.root_order:
            template, definition = self.roots[key], self.definition(key)
            default = _constant_default(template)
            if default is None or definition is None:
                continue
            if self.kind(definition)[0] == 'choice' and any(self.children_of_option(definition, default).values()):
                continue
            items.append({'definition_id': definition.get('id'), 'value': default})
        return items

    def children_of_option(self, definition, option_id):
        """{lower-case child id: required} of the settings allowed under ``option_id`` of a choice definition (its
        ``dependedOnBy`` entries)."""
        for option in definition.get('options') or []:
            if str(option.get('itemId')).lower() == str(option_id).lower():
                return dict((str(dep.get('dependedOnBy')).lower(), bool(dep.get('required')))
                            for dep in option.get('dependedOnBy') or [] if dep.get('dependedOnBy'))
        return {}

    def children_of_group(self, definition):
        """{lower-case child id: required} of a group (collection) definition's children."""
        children = {}
        for child_id in definition.get('childIds') or []:
            child = self.definition(child_id) or {}
            occurrence = child.get('occurrence') or {}
            children[str(child_id).lower()] = _positive(occurrence.get('minDeviceOccurrence'))
        return children


def _constant_default(instance_template):
    """The option id or constant value of a top-level instance template's default, else None."""
    for key in ('choiceSettingValueTemplate', 'simpleSettingValueTemplate'):
        default = (instance_template.get(key) or {}).get('defaultValue') or {}
        for member in ('settingDefinitionOptionId', 'constantValue'):
            if default.get(member) is not None:
                return default[member]
    return None


def _positive(value):
    try:
        return int(value) > 0
    except (TypeError, ValueError):
        return False
