# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Planning: what a task would change, computed with reads only (Terraform style). Check mode reports the plan; a
real run hands it to ``apply.apply_plan``; both report the same ``changed``, ``actions`` and diff."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

from ansible_collections.msgraph.intune.plugins.module_utils._assignments import plan_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.definitions import (
    check_settings_against_definitions,
    derive_setting_types,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import (
    find_intents,
    migration_warning,
    read_intent_settings,
    single_intent,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.payloads import (
    build_create_instance_body,
    build_setting_instance,
    predicted_setting_instance,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.template_choice import resolve_template
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    decode_setting_value,
    known_instance_type,
    setting_values_equal,
)
from ansible_collections.msgraph.intune.plugins.module_utils._templates import load_setting_definitions
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings


class IntentPlan:
    """Everything ``apply_plan`` needs and everything the module reports, computed with reads only.

    ``actions`` lists the writes in order (``create``, ``update_settings``, ``patch``, ``assign``, ``delete``); empty
    means nothing to do. ``before``/``after`` are the diff views; ``predicted_intent`` is the intent as the run would
    leave it, in Graph's field names (``{}`` when there is none). ``assignment_targets`` is the desired assignment set
    (None when assignments are not managed) and ``assign_body`` the assign call's body when the set differs.
    """

    def __init__(self, inputs, template, intent, warnings, check_definitions=True):
        self.inputs = inputs
        self.template = template
        self.intent = intent
        self.warnings = warnings
        self.check_definitions = check_definitions
        self.actions = []
        self.create_body = None
        self.settings_update = []
        self.patch_body = {}
        self.before = {}
        self.after = {}
        self.predicted_intent = {}
        self.assignment_targets = None
        self.assign_body = None

    @property
    def changed(self):
        return bool(self.actions)


def plan_intent(client, inputs, check_definitions=True):
    """Read what exists and decide the writes for ``inputs`` (``IntentInputs``).

    Setting definitions are loaded only when settings are about to be written (and ``check_definitions`` is true):
    a run without drift costs the template, the intent lookup and the intent's settings. A wrong definition id
    always makes drift (the intent cannot have it), so it still fails before any write.
    """
    choice = resolve_template(client, inputs.template_id, inputs.template_name, inputs.template_version,
                              inputs.migrate_to, inputs.state)
    warnings = Warnings()
    intent = single_intent(find_intents(client, inputs.display_name, choice.effective_id, warnings))
    warning = migration_warning(intent) if intent is not None else None
    if warning:
        warnings.add(warning)
    plan = IntentPlan(inputs, choice, intent, warnings, check_definitions)
    if inputs.state == 'absent':
        _plan_delete(client, plan)
    elif intent is None:
        _plan_create(client, plan, check_definitions)
    else:
        _plan_update(client, plan, check_definitions)
    if inputs.state == 'present' and inputs.assignments is not None:
        plan_assignments(client, plan)
    return plan


def plan_adopted(client, plan, intent):
    """The writes that bring ``intent`` (another run's copy, kept instead of this run's) to this plan's options."""
    adopted = IntentPlan(plan.inputs, plan.template, intent, plan.warnings, plan.check_definitions)
    _plan_update(client, adopted, plan.check_definitions)
    if plan.inputs.assignments is not None:
        plan_assignments(client, adopted)
    return adopted


def _plan_delete(client, plan):
    if plan.intent is None:
        return
    settings = read_intent_settings(client, plan.intent['id'])
    plan.actions = ['delete']
    plan.before = describe_intent(plan.intent, settings)


def _plan_create(client, plan, check_definitions):
    inputs = plan.inputs
    settings = _resolve_setting_types(client, plan, inputs.settings, check_definitions, {})
    plan.create_body = build_create_instance_body(inputs.display_name, inputs.description, settings,
                                                  inputs.role_scope_tag_ids)
    plan.actions = ['create']
    plan.predicted_intent = {
        'displayName': inputs.display_name,
        'description': inputs.description,
        'templateId': plan.template.effective_id,
        'roleScopeTagIds': list(inputs.role_scope_tag_ids or []),
        'settings': [predicted_setting_instance(setting, None) for setting in settings],
    }
    plan.after = describe_intent(plan.predicted_intent, plan.predicted_intent['settings'])


def _plan_update(client, plan, check_definitions):
    inputs, intent = plan.inputs, plan.intent
    existing = read_intent_settings(client, intent['id'])
    by_definition = dict((instance.get('definitionId'), instance) for instance in existing)
    drifted_ids = set(setting.definition_id for setting in inputs.settings
                      if setting.definition_id not in by_definition
                      or not setting_values_equal(decode_setting_value(by_definition[setting.definition_id]),
                                                  setting.value))
    predicted_settings = [dict(instance) for instance in existing]
    if drifted_ids:
        existing_types = dict((definition_id, known_instance_type(instance.get('@odata.type')))
                              for definition_id, instance in by_definition.items())
        typed = _resolve_setting_types(client, plan, inputs.settings, check_definitions, existing_types)
        for setting in typed:
            if setting.definition_id in drifted_ids:
                _plan_setting_write(plan, setting, by_definition.get(setting.definition_id), predicted_settings)
        plan.actions.append('update_settings')
    plan.patch_body = _patch_body(intent, inputs)
    if plan.patch_body:
        plan.actions.append('patch')
    plan.predicted_intent = dict(copy.deepcopy(intent), **plan.patch_body)
    plan.predicted_intent['settings'] = predicted_settings
    plan.before = describe_intent(intent, existing)
    plan.after = describe_intent(plan.predicted_intent, predicted_settings)


def _plan_setting_write(plan, setting, existing_instance, predicted_settings):
    setting_id = existing_instance.get('id') if existing_instance else None
    plan.settings_update.append(build_setting_instance(setting, setting_id))
    predicted = predicted_setting_instance(setting, setting_id)
    if existing_instance is None:
        predicted_settings.append(predicted)
        return
    for position, instance in enumerate(predicted_settings):
        if instance.get('definitionId') == setting.definition_id:
            predicted_settings[position] = predicted


def _resolve_setting_types(client, plan, settings, check_definitions, existing_types):
    if not (check_definitions and settings):
        return derive_setting_types(settings, existing_types)
    definitions = load_setting_definitions(client, plan.template.effective_id)
    try:
        return check_settings_against_definitions(settings, definitions)
    except InputError as exc:
        if not exc.field.endswith('.definition_id'):
            raise
        # Unknown according to the cached definitions: read the template once more before failing.
        definitions = load_setting_definitions(client, plan.template.effective_id, fresh=True)
        return check_settings_against_definitions(settings, definitions)


def _patch_body(intent, inputs):
    body = {}
    if inputs.description is not None and inputs.description != (intent.get('description') or ''):
        body['description'] = inputs.description
    if inputs.role_scope_tag_ids is not None and (
            set(inputs.role_scope_tag_ids) != set(str(tag) for tag in intent.get('roleScopeTagIds') or [])):
        body['roleScopeTagIds'] = list(inputs.role_scope_tag_ids)
    return body


def describe_intent(intent, settings):
    """The diff view of an intent: its keys and ``{definitionId: decoded value}``; same shape before and after."""
    return {
        'displayName': intent.get('displayName'),
        'description': intent.get('description'),
        'roleScopeTagIds': sorted(str(tag) for tag in intent.get('roleScopeTagIds') or []),
        'templateId': intent.get('templateId'),
        'settings': dict((instance.get('definitionId'), decode_setting_value(instance)) for instance in settings),
    }
