# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""intune_configuration_policy_template_info: which templates, and each template's settings as an admin writes them
(definition id, kind, options, limits, children), beside Graph's setting templates and definitions."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import SettingCatalog, short_type
from ansible_collections.msgraph.intune.plugins.module_utils._policies.templates import (
    CLOSED_STATES,
    get_policy_template,
    list_policy_templates,
    setting_templates,
    version_number,
)
from ansible_collections.msgraph.intune.plugins.module_utils._templates import close_names_text

# Setting kinds as the summary names them, by definition type and (for simple settings) value definition type.
SIMPLE_KINDS = {'IntegerSettingValueDefinition': 'integer', 'StringSettingValueDefinition': 'string'}


def select_policy_templates(client, template_id=None, template_family=None, template_name=None,
                            include_deprecated=False):
    """Templates matching every filter given, newest version first within a name; deprecated and retired ones only
    with ``include_deprecated`` (or when asked for by id)."""
    if template_id is not None:
        template = get_policy_template(client, template_id)
        return [template] if template is not None else []
    listed = list_policy_templates(client, template_family)
    chosen = [t for t in listed
              if (template_name is None or str(t.get('displayName') or '').lower() == template_name.lower())
              and (include_deprecated or t.get('lifecycleState') not in CLOSED_STATES)]
    return sorted(chosen, key=lambda t: (str(t.get('displayName') or '').lower(), -version_number(t)))


def no_match_warning(client, template_family, template_name):
    """A warning for a template name that matched nothing, with the close names Graph has."""
    return 'no configuration policy template is named %r%s; %s' % (
        template_name, ' in family %s' % template_family if template_family else '',
        close_names_text(template_name, list_policy_templates(client, template_family)))


def with_settings(client, templates):
    """Copies of ``templates`` with ``settingTemplates`` (Graph's, definitions expanded) and ``settings`` (a summary
    per top-level setting, with its children)."""
    detailed = []
    for template in templates:
        template = dict(template)
        template['settingTemplates'] = setting_templates(client, template['id'])
        catalog = SettingCatalog(template['id'], template['settingTemplates'])
        template['settings'] = [summary(catalog, catalog.definition(definition_id), catalog.roots[definition_id])
                                for definition_id in catalog.root_order if catalog.definition(definition_id)]
        detailed.append(template)
    return detailed


def summary(catalog, definition, instance_template=None, depth=0):
    """What an admin needs to write one setting: id, names, kind, whether required, options, limits, children."""
    kind = catalog.kind(definition)
    value_definition = definition.get('valueDefinition') or {}
    text = {
        'definition_id': definition.get('id'),
        'display_name': definition.get('displayName'),
        'description': definition.get('description'),
        'kind': kind[0] if kind else short_type(definition.get('@odata.type')),
        'required': bool((instance_template or {}).get('isRequired')),
    }
    if kind and kind[0] in ('simple', 'simple_collection'):
        text['value_type'] = SIMPLE_KINDS.get(short_type(value_definition.get('@odata.type')), 'string')
        text['secret'] = bool(value_definition.get('isSecret'))
    for key, name in (('minimumValue', 'minimum'), ('maximumValue', 'maximum'), ('minimumLength', 'min_length'),
                      ('maximumLength', 'max_length'), ('inputValidationSchema', 'pattern')):
        if value_definition.get(key) is not None:
            text[name] = value_definition[key]
    for key, name in (('minimumCount', 'min_count'), ('maximumCount', 'max_count'), ('defaultOptionId', 'default')):
        if definition.get(key) is not None:
            text[name] = definition[key]
    if depth < 8 and definition.get('options') is not None:
        text['options'] = [_option(catalog, definition, option, depth) for option in definition['options']]
    if depth < 8 and definition.get('childIds'):
        required = catalog.children_of_group(definition)
        text['children'] = [dict(summary(catalog, catalog.definition(child_id), None, depth + 1),
                                 required=required.get(str(child_id).lower(), False))
                            for child_id in definition['childIds'] if catalog.definition(child_id)]
    return text


def _option(catalog, definition, option, depth):
    entry = {'id': option.get('itemId'), 'name': option.get('name'), 'display_name': option.get('displayName')}
    children = catalog.children_of_option(definition, option.get('itemId'))
    if children:
        entry['children'] = [dict(summary(catalog, catalog.definition(child_id), None, depth + 1), required=required)
                             for child_id, required in sorted(children.items()) if catalog.definition(child_id)]
    return entry
