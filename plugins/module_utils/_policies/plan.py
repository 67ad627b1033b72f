# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Planning a configuration policy task with reads only: which policy, which template, what would change. Check mode
reports the plan; a real run hands it to apply.apply_policy_plan; both report the same ``changed``, ``actions`` and
diff."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import assignments_as_options, plan_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._odata import policy_path
from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import SettingCatalog
from ansible_collections.msgraph.intune.plugins.module_utils._policies.lookup import (
    find_policies,
    get_policy,
    policy_template_id,
    read_policy_settings,
    single_policy,
)
from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_input import build_settings, secret_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_view import (
    definition_key,
    root_settings,
    secret_plaintexts,
    settings_view,
)
from ansible_collections.msgraph.intune.plugins.module_utils._policies.settings_plan import plan_settings
from ansible_collections.msgraph.intune.plugins.module_utils._policies.templates import (
    base_id,
    choose_policy_template,
    describe_policy_template,
    get_policy_template,
    lifecycle_warning,
    setting_templates,
)
from ansible_collections.msgraph.intune.plugins.module_utils._profile_fields import (
    DEFAULT_SCOPE_TAGS,
    changed_profile_fields,
    scope_tags,
)
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings

# The policy keys a PUT sends back with the settings (what POST takes, but for the settings).
PUT_KEYS = ('name', 'description', 'platforms', 'technologies', 'roleScopeTagIds', 'templateReference')


class PolicyPlan(object):
    """What apply_policy_plan needs and what the module reports, computed with reads only.

    ``actions`` lists the writes in order (``create``, ``put``, ``patch``, ``assign``, ``delete``); empty means
    nothing to do. ``before``/``after`` are the diff views, ``predicted_policy`` the policy as the run leaves it, in
    Graph's field names (``{}`` when there is none).
    """

    def __init__(self, inputs, warnings):
        self.inputs = inputs
        self.warnings = warnings
        self.template = None
        self.policy = None
        self.actions = []
        self.create_body = None
        self.put_body = None
        self.patch_body = {}
        self.assign_body = None
        self.assignment_targets = None
        self.group_names = {}
        self.before = {}
        self.after = {}
        self.predicted_policy = {}

    @property
    def changed(self):
        return bool(self.actions)


def plan_policy(client, inputs, warnings=None):
    """Read what exists and decide the writes for ``inputs`` (``PolicyInputs``)."""
    plan = PolicyPlan(inputs, Warnings() if warnings is None else warnings)
    _locate(client, plan)
    if inputs.state == 'absent':
        if plan.policy is not None:
            plan.actions = ['delete']
            plan.before = describe_policy(plan.policy, root_settings(read_policy_settings(client, plan.policy['id'])))
        return plan
    catalog, desired = _desired_settings(client, plan.template, inputs)
    if plan.policy is None:
        _plan_create(plan, catalog, desired)
        owner = None
    else:
        _plan_update(client, plan, plan.policy, catalog, desired)
        owner = plan.policy
    if inputs.assignments is not None:
        plan_assignments(client, plan, owner, policy_path(owner['id']) if owner else None, plan.predicted_policy)
    return plan


def plan_adopted(client, plan, policy):
    """The writes that bring ``policy`` (another run's copy, kept instead of this run's) to this plan's options."""
    adopted = PolicyPlan(plan.inputs, plan.warnings)
    adopted.template, adopted.policy = plan.template, policy
    catalog, desired = _desired_settings(client, plan.template, plan.inputs)
    _plan_update(client, adopted, policy, catalog, desired)
    if plan.inputs.assignments is not None:
        plan_assignments(client, adopted, policy, policy_path(policy['id']), adopted.predicted_policy)
    return adopted


def _desired_settings(client, template, inputs):
    """The template's SettingCatalog and the top-level instances of the settings option, checked against it (None:
    not managed). Secret values in them are masked in everything the run returns, from here on."""
    catalog = SettingCatalog(template['id'], setting_templates(client, template['id']))
    if inputs.settings is None:
        return catalog, None
    # Masked before they are checked, so that no error can show them either.
    client.mask(secret_inputs(catalog, inputs.settings))
    desired = build_settings(catalog, inputs.settings)
    client.mask(secret_plaintexts(desired))
    return catalog, desired


def _locate(client, plan):
    """Sets plan.policy (None: none yet) and plan.template (the policy's own, else the one the task names)."""
    inputs = plan.inputs
    named = choose_policy_template(client, inputs) if inputs.names_template else None
    if inputs.policy_id is not None:
        plan.policy = get_policy(client, inputs.policy_id)
        if plan.policy is None:
            if inputs.state == 'absent':
                return
            raise TaskError('no configuration policy has the id %s (policy_id); to create a policy, give name and the '
                            'template instead; nothing was changed' % inputs.policy_id)
    else:
        base = base_id(named['id']) if named else None
        plan.policy = single_policy(find_policies(client, inputs.name, base, plan.warnings))
    if plan.policy is None:
        plan.template = named
        if inputs.state == 'present':
            _refuse_closed_template(named)
        return
    own_template_id = policy_template_id(plan.policy)
    if named is not None and base_id(own_template_id).lower() != base_id(named['id']).lower():
        raise InputError(_template_field(inputs),
                         'policy %s (%r) was created from template %s, not from %s; nothing was changed'
                         % (plan.policy['id'], plan.policy.get('name'), own_template_id, describe_policy_template(named)))
    if inputs.state == 'absent':
        plan.template = named
        return
    if named is not None and named['id'].lower() == own_template_id.lower():
        plan.template = named  # the usual case: no read of the template by id
    else:
        plan.template = get_policy_template(client, own_template_id) if own_template_id else None
    if plan.template is None:
        raise TaskError('policy %s (%r) was not created from a template this collection can read (templateReference %r); '
                        'nothing was changed' % (plan.policy['id'], plan.policy.get('name'), own_template_id or None))
    _warn_about_version(plan, named)


def _template_field(inputs):
    """The option that named the template, for an error about it."""
    for field in ('template_id', 'template_name', 'template_family'):
        if getattr(inputs, field) is not None:
            return field
    return 'policy_id'


def _refuse_closed_template(template):
    """Intune creates policies from a template's active version only (a superseded, deprecated or retired one keeps
    its policies, but takes no new ones)."""
    state = template.get('lifecycleState')
    if state not in (None, 'active'):
        raise TaskError('template %s is %s: Intune creates new policies from the active version of a template only. '
                        'Leave template_version out for the newest version; nothing was changed'
                        % (describe_policy_template(template), state))


def _warn_about_version(plan, named):
    warning = lifecycle_warning(plan.template)
    if warning:
        plan.warnings.add('policy %s (%r): %s' % (plan.policy['id'], plan.policy.get('name'), warning))
    if named is not None and named['id'].lower() != plan.template['id'].lower():
        plan.warnings.add('policy %s (%r) is on %s, not on %s that the task names; it is managed where it is, with '
                          'the settings of its own version. To move it, create a policy from the new version and '
                          'delete this one' % (plan.policy['id'], plan.policy.get('name'),
                                               describe_policy_template(plan.template), describe_policy_template(named)))


def _plan_create(plan, catalog, desired):
    inputs, template = plan.inputs, plan.template
    settings = plan_settings(default_instances(catalog), None, desired, inputs.settings_mode).send
    _require_template_settings(catalog, settings)
    plan.create_body = {
        'name': inputs.name,
        'description': inputs.description or '',
        'platforms': template.get('platforms'),
        'technologies': template.get('technologies'),
        'roleScopeTagIds': list(inputs.role_scope_tag_ids or DEFAULT_SCOPE_TAGS),
        'templateReference': {'templateId': template['id']},
        'settings': graph_settings(settings),
    }
    plan.actions = ['create']
    plan.predicted_policy = dict(copy.deepcopy(plan.create_body), isAssigned=False, settingCount=len(settings),
                                 templateReference=template_reference(template),
                                 settings=numbered_settings(settings))
    plan.after = describe_policy(plan.predicted_policy, settings)


def _plan_update(client, plan, policy, catalog, desired):
    """The writes that bring ``policy`` to the task's options: one PUT when its settings drift (it carries the other
    changes too), else one PATCH when its name, description or scope tags do."""
    inputs = plan.inputs
    existing = root_settings(read_policy_settings(client, policy['id']))
    # Delta mode starts from what the policy holds: the template defaults are built only where exact mode needs them.
    defaults = default_instances(catalog) if inputs.settings_mode == 'exact' and desired is not None else []
    settings = plan_settings(defaults, existing, desired, inputs.settings_mode, inputs.update_secrets)
    patch = _patch_body(policy, inputs)
    predicted = dict(copy.deepcopy(policy), **patch)
    if settings.drift:
        _require_template_settings(catalog, settings.send)
        plan.put_body = dict((key, predicted.get(key)) for key in PUT_KEYS if key in predicted)
        plan.put_body['templateReference'] = {'templateId': policy_template_id(policy)}
        plan.put_body['settings'] = graph_settings(settings.send)
        plan.actions.append('put')
    elif patch:
        plan.patch_body = patch
        plan.actions.append('patch')
    predicted['settings'] = numbered_settings(settings.shown)
    predicted['settingCount'] = len(settings.shown)
    plan.predicted_policy = predicted
    plan.before = describe_policy(policy, existing)
    plan.after = describe_policy(predicted, settings.shown)


def _require_template_settings(catalog, instances):
    """Intune refuses a policy without the settings its template requires: fail first, naming them."""
    held = set(definition_key(instance) for instance in instances)
    missing = [definition_id for definition_id in catalog.required_roots() if definition_id.lower() not in held]
    if missing:
        raise InputError('settings', 'template %s requires the settings %s' % (catalog.template_id, ', '.join(missing)))


def default_instances(catalog):
    """The template's default values as top-level instances; a default Intune would refuse is left out."""
    defaults = []
    for item in catalog.default_items():
        try:
            defaults.extend(build_settings(catalog, [item], field='template default'))
        except InputError:
            continue
    return defaults


def graph_settings(instances):
    """Top-level instances as the ``settings`` of a POST or PUT body."""
    return [{'@odata.type': '#microsoft.graph.deviceManagementConfigurationSetting', 'settingInstance': instance}
            for instance in instances]


def _patch_body(policy, inputs):
    body = changed_profile_fields(policy, inputs.description, inputs.role_scope_tag_ids)
    if inputs.name is not None and inputs.name != policy.get('name'):
        body['name'] = inputs.name
    return body


def template_reference(template):
    """A policy's templateReference as Graph fills it from the template."""
    return {'templateId': template.get('id'), 'templateFamily': template.get('templateFamily'),
            'templateDisplayName': template.get('displayName'), 'templateDisplayVersion': template.get('displayVersion')}


def numbered_settings(instances):
    """Top-level instances as a policy's ``settings`` list ({id, settingInstance}), numbered as Intune numbers them."""
    return [{'id': str(index), 'settingInstance': instance} for index, instance in enumerate(instances)]


def describe_policy(policy, instances):
    """The diff view of a policy: its keys and {definition id: value}; the same shape before and after."""
    return {
        'name': policy.get('name'),
        'description': policy.get('description') or '',
        'roleScopeTagIds': scope_tags(policy.get('roleScopeTagIds')),
        'templateId': policy_template_id(policy),
        'settings': settings_view(instances),
    }


def describe_policy_result(plan, policy):
    """The diff view of the policy a real run read back ({} once deleted): the view check mode predicts."""
    if not policy:
        return {}
    view = describe_policy(policy, root_settings(policy.get('settings')))
    if 'assignments' in policy:
        view['assignments'] = assignments_as_options(policy['assignments'], plan.group_names)
    return view
