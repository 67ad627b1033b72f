# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Applying a policy plan: its writes in order, then the policy as Graph now has it. A failure after a write still
reports what was written (``changed``, ``actions``, and the policy), and says so in its message."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import assign, read_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._applied_writes import AppliedWrites, assign_only
from ansible_collections.msgraph.intune.plugins.module_utils._odata import policy_path
from ansible_collections.msgraph.intune.plugins.module_utils._policies.lookup import (
    PoliciesByFamily,
    read_policy,
    read_policy_settings,
)
from ansible_collections.msgraph.intune.plugins.module_utils._policies.plan import plan_adopted
from ansible_collections.msgraph.intune.plugins.module_utils._policies.writes import (
    create_policy,
    delete_policy,
    patch_policy,
    put_policy,
)

# The keys of a policy that a failed result shows, for a failure after the policy was written.
POLICY_SUMMARY_KEYS = ('id', 'name', 'description', 'templateReference', 'roleScopeTagIds', 'createdDateTime',
                       'lastModifiedDateTime')


def apply_policy_plan(client, plan):
    """Make the plan's writes and return the policy as Graph now has it (``{}`` once deleted).

    ``plan.actions`` is replaced by the writes really made (a concurrent run's copy may add to them).
    """
    if not plan.actions:
        return plan.predicted_policy
    PoliciesByFamily(client).forget()
    with AppliedWrites(plan, 'policy', POLICY_SUMMARY_KEYS, plan.policy) as written:
        return _apply(client, plan, written)


def _apply(client, plan, written):
    policy = plan.policy
    if 'delete' in plan.actions:
        delete_policy(client, policy['id'])
        written.add('delete')
        return {}
    follow = plan
    if 'create' in plan.actions:
        outcome = create_policy(client, plan, recheck=plan.assign_body is not None)
        written.add(*outcome.actions)
        policy = written.entity = outcome.entity
        follow = plan_adopted(client, plan, policy) if outcome.adopted else assign_only(plan)
    _write(client, follow, policy['id'], written)
    return _read_back(client, plan, policy, only_created=written.only_created)


def _write(client, plan, policy_id, written):
    if plan is None:
        return
    if 'put' in plan.actions:
        put_policy(client, policy_id, plan.put_body)
        written.add('put')
    if 'patch' in plan.actions:
        patch_policy(client, policy_id, plan.patch_body)
        written.add('patch')
    if 'assign' in plan.actions:
        assign(client, policy_path(policy_id), plan.assign_body)
        written.add('assign')


def _read_back(client, plan, policy, only_created):
    if only_created:
        # POST answered with the policy as Graph stores it, without its settings, which the lookup for a concurrent
        # copy expanded where Graph takes that: they are read back only where it did not.
        result = dict(policy)
        if 'settings' not in result:
            result['settings'] = read_policy_settings(client, policy['id'])
    else:
        result = read_policy(client, policy['id'])
    if plan.assignment_targets is not None:
        result['assignments'] = read_assignments(client, policy_path(policy['id']))
    return result
