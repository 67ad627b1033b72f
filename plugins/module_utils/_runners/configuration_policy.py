# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The runner of intune_configuration_policy: its options, and the run that the module and the action plugin call."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.names import name_planned_groups
from ansible_collections.msgraph.intune.plugins.module_utils._connection import module_argument_spec
from ansible_collections.msgraph.intune.plugins.module_utils._policies.apply import apply_policy_plan
from ansible_collections.msgraph.intune.plugins.module_utils._policies.inputs import TEMPLATE_FAMILIES, parse_policy_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._policies.plan import describe_policy_result, plan_policy
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import collected_warnings

ARGUMENT_SPEC = module_argument_spec(dict(
    policy_id=dict(type='str'),
    # raw: the policy domain checks that they are strings; type='str' would turn a list into its repr.
    name=dict(type='raw'),
    description=dict(type='raw'),
    template_id=dict(type='str'),
    template_family=dict(type='str', choices=list(TEMPLATE_FAMILIES)),
    template_name=dict(type='str'),
    template_version=dict(type='str'),
    template_platform=dict(type='str'),
    # Items are validated against the template's setting definitions, so that every error names the setting.
    settings=dict(type='list', elements='dict'),
    settings_mode=dict(type='str', choices=['delta', 'exact'], default='delta'),
    role_scope_tag_ids=dict(type='list', elements='str'),
    # Elements are validated by the assignment domain, so that every error names the element index and the field.
    assignments=dict(type='list', elements='dict'),
    remove_unsupported_targets=dict(type='bool', default=False),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
    update_secrets=dict(type='str', choices=['on_change', 'always'], default='on_change'),
))

MODULE_KWARGS = dict(
    mutually_exclusive=[('template_id', 'template_name'), ('template_id', 'template_family')],
    required_one_of=[('template_id', 'template_family', 'template_name', 'policy_id'), ('name', 'policy_id')],
    supports_check_mode=True,
)


def run(params, connect, check_mode=False, diff=False):
    """The task's result (``changed``, ``policy``, ``actions``, ``warnings``, with ``diff`` the diff).

    The inputs are checked before ``connect()`` is called, so that bad input never reaches the network; the settings
    are checked against the template's definitions before any write.
    """
    inputs = parse_policy_inputs(params)
    client = connect()
    with collected_warnings() as warnings:
        plan = plan_policy(client, inputs, warnings=warnings)
        # Group names cost a request: only for a diff, or beside an assign that is made anyway (never without drift).
        name_planned_groups(client, plan, diff)
        policy = plan.predicted_policy if check_mode else apply_policy_plan(client, plan)
    result = dict(changed=plan.changed, policy=policy, actions=plan.actions, warnings=list(plan.warnings))
    if diff:
        after = describe_policy_result(plan, policy) if plan.changed and not check_mode else plan.after
        # The headers name the policy, so that the diff of a loop item says which policy it is about.
        label = 'configuration policy %r' % (inputs.name or (plan.policy or {}).get('name'))
        result['diff'] = dict(before=plan.before, after=after, before_header=label, after_header=label)
    return result
