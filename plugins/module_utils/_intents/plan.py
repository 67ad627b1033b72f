# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Planning: what a task would change, computed with reads only (Terraform style). Check mode reports the plan; a
real run hands it to ``apply.apply_plan``; both report the same ``changed``, ``actions`` and diff, and the predicted
profile is the one Graph will hold (template defaults, the Default scope tag, the description as Graph returns it)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import assignments_as_options, plan_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._errors import TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.locate import (
    locate_intent,
    name_taken_warnings,
    near_miss_warnings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import migration_warning, read_intent_settings
from ansible_collections.msgraph.intune.plugins.module_utils._intents.payloads import build_create_instance_body
from ansible_collections.msgraph.intune.plugins.module_utils._intents.settings_plan import (
    plan_setting_writes,
    predict_created_settings,
    predict_migrated_settings,
    typed_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.successor import (
    describe_successors,
    successor_family,
    successor_policies,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.template_choice import refuse_deprecated_create
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import decode_setting_value
from ansible_collections.msgraph.intune.plugins.module_utils._odata import intent_path
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import (
    DEFAULT_SCOPE_TAGS,
    changed_profile_fields,
    scope_tags,
)
from ansible_collections.msgraph.intune.plugins.module_utils._templates import deprecation_warning
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings


class IntentPlan:
    """Everything ``apply_plan`` needs and everything the module reports, computed with reads only.

    ``actions`` lists the writes in order (``migrate``, ``create``, ``update_settings``, ``patch``, ``assign``,
    ``delete``); empty means nothing to do. ``before``/``after`` are the diff views; ``predicted_intent`` is the
    intent as the run would leave it, in Graph's field names (``{}`` when there is none). ``assignment_targets`` is
    the desired assignment set (None when assignments are not managed) and ``assign_body`` the assign call's body
    when the set differs. ``migrate_body`` is the migrateToTemplate body of a move in place.
    """

    def __init__(self, inputs, template, intent, warnings, check_definitions=True):
        self.inputs = inputs
        self.template = template
        self.intent = intent
        self.warnings = warnings
        self.check_definitions = check_definitions
        self.actions = []
        self.create_body = None
        self.migrate_body = None
        self.settings_update = []
        self.patch_body = {}
        self.before = {}
        self.after = {}
        self.predicted_intent = {}
        self.assignment_targets = None
        self.assign_body = None
        self.group_names = {}
        self.searched_templates = [template.effective_id] if template else []

    @property
    def changed(self):
        return bool(self.actions)


def plan_intent(client, inputs, check_definitions=True, warnings=None):
    """Read what exists and decide the writes for ``inputs`` (``IntentInputs``).

    Setting definitions are loaded only when settings are about to be written (and ``check_definitions`` is true):
    a run without drift costs the template, the intent lookup and the intent's settings. A wrong definition id
    always makes drift (the intent cannot have it), so it still fails before any write. ``warnings`` (a
    ``Warnings``) collects the plan's warnings, so that a caller still has them when planning fails.
    """
    warnings = Warnings() if warnings is None else warnings
    location = locate_intent(client, inputs, warnings)
    plan = IntentPlan(inputs, location.choice, location.intent, warnings, check_definitions)
    plan.searched_templates = location.searched
    if plan.intent is not None:
        _warn_about(client, plan, location)
    if inputs.state == 'absent':
        _plan_delete(client, plan)
    elif location.migrate:
        _plan_migration(client, plan)
    elif plan.intent is None:
        _plan_create(client, plan)
    else:
        _plan_update(client, plan, plan.intent, read_intent_settings(client, plan.intent['id']))
    if inputs.state == 'present' and inputs.assignments is not None:
        plan_assignments(client, plan, plan.intent, _path_of(plan.intent), plan.predicted_intent)
    return plan


def plan_adopted(client, plan, intent):
    """The writes that bring ``intent`` (another run's copy kept instead of this run's, or a profile just moved to
    the target template) to this plan's options."""
    adopted = IntentPlan(plan.inputs, plan.template, intent, plan.warnings, plan.check_definitions)
    # A copy kept after a create comes from a lookup that expanded its settings where Graph takes that.
    settings = intent['settings'] if 'settings' in intent else read_intent_settings(client, intent['id'])
    _plan_update(client, adopted, intent, settings)
    if plan.inputs.assignments is not None:
        plan_assignments(client, adopted, intent, intent_path(intent['id']), adopted.predicted_intent)
    return adopted


def _path_of(intent):
    return intent_path(intent['id']) if intent is not None else None


def _warn_about(client, plan, location):
    """What the user should know about the profile found: Intune migrating it away, its template deprecated (not
    said again when the older-version warning said it, nor for a profile about to be deleted), a rename onto a name
    that other profiles have."""
    inputs = plan.inputs
    warning = migration_warning(plan.intent)
    if warning:
        plan.warnings.add(warning)
    if inputs.state == 'absent':
        return
    template = plan.template.source_template if plan.template else None
    if template and template.get('isDeprecated') and not plan.template.use_migration_path and not location.on_older_version:
        plan.warnings.add(deprecation_warning(client, template))
    if inputs.intent_id is not None and inputs.display_name not in (None, plan.intent.get('displayName')):
        name_taken_warnings(client, inputs, plan.intent, plan.template.effective_id, plan.warnings)


def _plan_delete(client, plan):
    if plan.intent is None:
        return
    settings = read_intent_settings(client, plan.intent['id'])
    plan.actions = ['delete']
    plan.before = describe_intent(plan.intent, settings)


def _plan_create(client, plan):
    refuse_deprecated_create(client, plan.template)
    inputs, template_id = plan.inputs, plan.template.effective_id
    if not inputs.allow_beside_policy:
        _refuse_create_beside_policy(client, plan)
    settings = typed_settings(client, plan, template_id, inputs.settings)
    near_miss_warnings(client, inputs, plan.searched_templates, plan.warnings)
    plan.create_body = build_create_instance_body(inputs.display_name, inputs.description, settings,
                                                  inputs.role_scope_tag_ids)
    plan.actions = ['create']
    plan.predicted_intent = {
        'displayName': inputs.display_name,
        'description': inputs.description or '',
        'isAssigned': False,
        'isMigratingToConfigurationPolicy': False,
        'templateId': template_id,
        'roleScopeTagIds': list(inputs.role_scope_tag_ids or DEFAULT_SCOPE_TAGS),
        'settings': predict_created_settings(client, plan, template_id, settings),
    }
    plan.after = describe_intent(plan.predicted_intent, plan.predicted_intent['settings'])


def _refuse_create_beside_policy(client, plan):
    """Never a second profile in the old format: a settings catalog policy of the same name in the family that
    succeeds the template is the profile (migrated by Intune, or recreated) and stops the create."""
    template = plan.template.effective_template
    policies = successor_policies(client, plan.inputs.display_name, template, plan.warnings)
    if policies:
        raise TaskError('intent %r would be created from template %s, but the settings catalog already has %s named '
                        'so in its successor family %s: %s. Intune moves endpoint security profiles to settings '
                        'catalog policies (a migrated profile leaves deviceManagement/intents), so manage it with '
                        'msgraph.intune.intune_configuration_policy instead, or set allow_beside_policy: true to '
                        'create the intent anyway; nothing was changed'
                        % (plan.inputs.display_name, template.get('id'),
                           'a policy' if len(policies) == 1 else '%d policies' % len(policies),
                           successor_family(template), describe_successors(policies)))


def _plan_migration(client, plan):
    """The move of the profile on the source template to the target (migrateToTemplate), then its drift there."""
    intent, target_id = plan.intent, plan.template.effective_id
    existing = read_intent_settings(client, intent['id'])
    moved = dict(copy.deepcopy(intent), templateId=target_id)
    _plan_update(client, plan, moved, predict_migrated_settings(client, intent.get('templateId'), target_id, existing))
    plan.migrate_body = {'newTemplateId': target_id, 'preserveCustomValues': True}
    plan.actions.insert(0, 'migrate')
    plan.before = describe_intent(intent, existing)


def _plan_update(client, plan, intent, existing):
    """The writes that bring ``intent``, whose settings are ``existing``, to the task's options."""
    inputs = plan.inputs
    plan.settings_update, predicted_settings = plan_setting_writes(client, plan, intent.get('templateId'), existing)
    if plan.settings_update:
        plan.actions.append('update_settings')
    plan.patch_body = _patch_body(intent, inputs)
    if plan.patch_body:
        plan.actions.append('patch')
    plan.predicted_intent = dict(copy.deepcopy(intent), **plan.patch_body)
    plan.predicted_intent['settings'] = predicted_settings
    plan.before = describe_intent(intent, existing)
    plan.after = describe_intent(plan.predicted_intent, predicted_settings)


def _patch_body(intent, inputs):
    body = changed_profile_fields(intent, inputs.description, inputs.role_scope_tag_ids)
    if inputs.intent_id is not None and inputs.display_name is not None and inputs.display_name != intent.get('displayName'):
        body['displayName'] = inputs.display_name
    return body


def describe_intent(intent, settings):
    """The diff view of an intent: its keys and ``{definitionId: decoded value}``; same shape before and after."""
    return {
        'displayName': intent.get('displayName'),
        'description': intent.get('description') or '',
        'roleScopeTagIds': scope_tags(intent.get('roleScopeTagIds')),
        'templateId': intent.get('templateId'),
        'settings': dict((instance.get('definitionId'), decode_setting_value(instance)) for instance in settings),
    }


def describe_result(plan, intent):
    """The diff view of the intent a real run read back (``{}`` once deleted): the view check mode predicts."""
    if not intent:
        return {}
    view = describe_intent(intent, intent.get('settings') or [])
    if 'assignments' in intent:
        view['assignments'] = assignments_as_options(intent['assignments'], plan.group_names)
    return view
