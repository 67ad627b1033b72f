# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The settings part of a plan: which setting instances to write, and the settings as Graph will hold them.

``settings_mode: delta`` compares the settings that settings_delta lists; ``exact`` also holds every other setting of
the template to its default (the template's default setting instances, read once per template). A create is
predicted as Graph makes it: the template's defaults with settings_delta applied; a migration in place as
migrateToTemplate makes it: the profile's custom values kept for the definitions the target has, the target's
defaults for the rest.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._guids import same_id
from ansible_collections.msgraph.intune.plugins.module_utils._intents.definitions import (
    check_settings_against_definitions,
    derive_setting_types,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.payloads import (
    build_setting_instance,
    predicted_setting_instance,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    STRUCTURED_VALUE_TYPES,
    decode_setting_value,
    known_instance_type,
    setting_values_equal,
)
from ansible_collections.msgraph.intune.plugins.module_utils._setting_definitions import (
    load_nested_definitions,
    load_setting_definitions,
    template_default_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._templates import describe_template

# The keys of a template's default instance that a write of it carries (Graph's own ids and values are not sent).
DEFAULT_INSTANCE_KEYS = ('@odata.type', 'definitionId', 'valueJson', 'implementationId')


def by_definition(instances):
    return dict((instance.get('definitionId'), instance) for instance in instances)


def typed_settings(client, plan, template_id, settings, existing_types=None):
    """The desired settings with their instance types: from the template's definitions (checked against them, and
    structured values against the nested definitions) when the plan checks definitions, else from the existing
    instances or the values."""
    if not (plan.check_definitions and settings):
        return derive_setting_types(settings, existing_types or {})
    definitions = load_setting_definitions(client, template_id)
    label = _template_label(plan, template_id)
    try:
        return _checked(client, template_id, settings, definitions, label)
    except InputError as exc:
        if not exc.field.endswith('.definition_id'):
            raise
        # Unknown according to the cached definitions: read the template once more before failing.
        definitions = load_setting_definitions(client, template_id, fresh=True)
        return _checked(client, template_id, settings, definitions, label)


def _checked(client, template_id, settings, definitions, label):
    structured = any((definitions.get(setting.definition_id) or {}).get('valueType') in STRUCTURED_VALUE_TYPES
                     for setting in settings)
    nested = load_nested_definitions(client, template_id, definitions) if structured else {}
    return check_settings_against_definitions(settings, definitions, nested, template_label=label)


def _template_label(plan, template_id):
    """How a message names the template the settings are checked against (the version matters to the user)."""
    choice = plan.template
    for template in (choice.effective_template, choice.source_template) if choice else ():
        if same_id(template.get('id'), template_id):
            return 'template ' + describe_template(template)
    return 'template ' + template_id


def plan_setting_writes(client, plan, template_id, existing):
    """(instances for updateSettings, the settings as Graph will then hold them) for a profile whose settings are
    ``existing`` on ``template_id``. Definitions are read only when something drifted."""
    current = by_definition(existing)
    desired = plan.inputs.settings
    drifted = [setting for setting in desired if setting.definition_id not in current
               or not setting_values_equal(decode_setting_value(current[setting.definition_id]), setting.value)]
    predicted = [dict(instance) for instance in existing]
    writes = []
    if drifted:
        existing_types = dict((definition_id, known_instance_type(instance.get('@odata.type')))
                              for definition_id, instance in current.items())
        drifted_ids = set(setting.definition_id for setting in drifted)
        for setting in typed_settings(client, plan, template_id, desired, existing_types):
            if setting.definition_id in drifted_ids:
                instance = current.get(setting.definition_id)
                setting_id = instance.get('id') if instance else None
                writes.append(build_setting_instance(setting, setting_id))
                _replace(predicted, predicted_setting_instance(setting, setting_id))
    if plan.inputs.settings_mode == 'exact':
        listed = set(setting.definition_id for setting in desired)
        for default in template_default_settings(client, template_id) or []:
            definition_id = default.get('definitionId')
            instance = current.get(definition_id)
            if definition_id in listed or (instance is not None and setting_values_equal(
                    decode_setting_value(instance), decode_setting_value(default))):
                continue
            write = dict((key, default[key]) for key in DEFAULT_INSTANCE_KEYS if key in default)
            if instance is not None and instance.get('id'):
                write['id'] = instance['id']
            writes.append(write)
            _replace(predicted, dict(default, **({'id': instance['id']} if instance and instance.get('id') else {})))
    return writes, predicted


def predict_created_settings(client, plan, template_id, typed):
    """The settings of a profile createInstance makes on ``template_id``: its defaults with ``typed`` applied."""
    predicted = [_without_id(default) for default in template_default_settings(client, template_id) or []]
    for setting in typed:
        _replace(predicted, predicted_setting_instance(setting, None))
    return predicted


def predict_migrated_settings(client, source_id, target_id, existing):
    """The settings migrateToTemplate (preserveCustomValues) leaves: for each definition of the target, the profile's
    own value when it differs from the source template's default (a customisation), else the target's default."""
    source_defaults = by_definition(template_default_settings(client, source_id) or [])
    current = by_definition(existing)
    migrated = []
    for default in template_default_settings(client, target_id) or []:
        definition_id = default.get('definitionId')
        own, source_default = current.get(definition_id), source_defaults.get(definition_id)
        customised = own is not None and (source_default is None or not setting_values_equal(
            decode_setting_value(own), decode_setting_value(source_default)))
        instance = dict(own) if customised else _without_id(default)
        if own is not None and own.get('id'):
            instance['id'] = own['id']
        migrated.append(instance)
    return migrated


def _replace(instances, instance):
    """Put ``instance`` in place of the one with its definitionId, or add it at the end."""
    for position, existing in enumerate(instances):
        if existing.get('definitionId') == instance.get('definitionId'):
            instances[position] = instance
            return
    instances.append(instance)


def _without_id(instance):
    return dict((key, value) for key, value in instance.items() if key != 'id')
