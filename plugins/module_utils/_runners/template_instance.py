# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The runner of intune_template_instance: its options, and the run that the module and the action plugin call."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.names import name_planned_groups
from ansible_collections.msgraph.intune.plugins.module_utils._connection import module_argument_spec
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import describe_result, plan_intent
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import collected_warnings

ARGUMENT_SPEC = module_argument_spec(dict(
    intent_id=dict(type='str'),
    template_id=dict(type='str'),
    template_name=dict(type='str'),
    template_version=dict(type='str'),
    migrate_to=dict(type='str'),
    migrate_in_place=dict(type='bool', default=False),
    # raw: the intent domain checks that they are strings; type='str' would turn a list into its repr, and name a profile
    # "['Corp', 'BitLocker']".
    display_name=dict(type='raw'),
    description=dict(type='raw'),
    # Items are validated by the intent domain, which also accepts the '@odata.type' alias an argspec cannot carry.
    settings_delta=dict(type='list', elements='dict'),
    settings_mode=dict(type='str', choices=['delta', 'exact'], default='delta'),
    role_scope_tag_ids=dict(type='list', elements='str'),
    # Elements are validated by the assignment domain, so that every error names the element index and the field.
    assignments=dict(type='list', elements='dict'),
    remove_unsupported_targets=dict(type='bool', default=False),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
    validate_settings=dict(type='bool', default=True),
    allow_beside_policy=dict(type='bool', default=False),
))

MODULE_KWARGS = dict(
    mutually_exclusive=[('template_id', 'template_name')],
    required_one_of=[('template_id', 'template_name', 'intent_id'), ('display_name', 'intent_id')],
    required_by={'template_version': 'template_name'},
    supports_check_mode=True,
)


def run(params, connect, check_mode=False, diff=False):
    """The task's result (``changed``, ``intent``, ``actions``, ``warnings``, with ``diff`` the diff).

    ``params`` are the options validated against ARGUMENT_SPEC; ``connect()`` returns the Graph client. The inputs
    are checked before it is called, so that bad input never reaches the network.
    """
    inputs = parse_intent_inputs(params)
    client = connect()
    with collected_warnings() as warnings:
        plan = plan_intent(client, inputs, check_definitions=params['validate_settings'], warnings=warnings)
        # Group names cost a request: only for a diff, or beside an assign that is made anyway (never without drift).
        name_planned_groups(client, plan, diff)
        intent = plan.predicted_intent if check_mode else apply_plan(client, plan)
    result = dict(changed=plan.changed, intent=intent, actions=plan.actions, warnings=list(plan.warnings))
    if diff:
        # A real run shows what Graph holds now, which check mode predicted.
        after = describe_result(plan, intent) if plan.changed and not check_mode else plan.after
        # The headers name the profile, so that the diff of a loop item says which profile it is about.
        label = 'intent %r' % (inputs.display_name or (plan.intent or {}).get('displayName'))
        result['diff'] = dict(before=plan.before, after=after, before_header=label, after_header=label)
    return result
