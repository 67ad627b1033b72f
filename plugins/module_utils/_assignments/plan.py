# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Assignments of a profile (an intent or a configuration policy), managed as one whole set: compared regardless of order and written with one ``assign``
call, which replaces the whole set (additions and removals at once). ``assignments_as_options`` turns Graph's
assignments back into the option's shape, so that an export round-trips.

A current target of a type the option cannot express is never removed silently: the plan fails and names it,
unless the task lists it (``unsupported_target``) or sets ``remove_unsupported_targets``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.groups import resolve_targets
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import target_from_graph
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError


def read_assignments(client, owner_path):
    """The assignments of the profile at ``owner_path`` as Graph returns them (every page)."""
    return client.get_all('%s/assignments' % owner_path)


def same_targets(targets, assignments):
    """Whether the desired targets are exactly the profile's assignments, in any order."""
    return sorted(t.key for t in targets) == sorted(target_from_graph(a).key for a in assignments)


def build_assign_body(targets):
    """The assign action's body: the whole desired set (an empty list removes every assignment)."""
    return {'assignments': [{'target': target.to_graph()} for target in targets]}


def targets_as_options(targets, group_names=None):
    """Targets as ``assignments`` elements, in a deterministic order (``group_names``: see AssignmentTarget)."""
    return [target.to_option(group_names) for target in sorted(targets, key=lambda t: t.key)]


def assignments_as_options(assignments, group_names=None):
    """Graph's assignments in the option's shape, so that an exported profile can be given back to the module."""
    return targets_as_options([target_from_graph(assignment) for assignment in assignments], group_names)


def assign(client, owner_path, body):
    """``POST …/assign`` on the profile at ``owner_path``; it replaces the set, so a retry after a lost response is
    harmless."""
    client.post('%s/assign' % owner_path, body, idempotent=True)


def plan_assignments(client, plan, owner, owner_path, predicted):
    """Resolve the desired set, compare it with the assignments of ``owner`` (the profile, None when the plan creates
    it; at ``owner_path``), and add the ``assign`` write to the plan if they differ.

    ``plan`` has ``inputs`` (``assignments``, ``remove_unsupported_targets``), ``actions``, ``before``, ``after`` and
    ``group_names``. Fills ``plan.assignment_targets``, ``plan.group_names``, ``plan.assign_body``, the
    ``assignments`` of the diff views (option shape, group names beside the ids the task named) and of ``predicted``,
    the profile as the run leaves it (Graph shape, with ``isAssigned``).
    """
    targets = resolve_targets(client, plan.inputs.assignments, plan.group_names)
    current = read_assignments(client, owner_path) if owner is not None else []
    _keep_unsupported(plan, owner, targets, current)
    plan.assignment_targets = targets
    if owner is not None:
        plan.before['assignments'] = assignments_as_options(current, plan.group_names)
    plan.after['assignments'] = targets_as_options(targets, plan.group_names)
    if same_targets(targets, current):
        predicted['assignments'] = current
        predicted['isAssigned'] = bool(current)
        return
    plan.assign_body = build_assign_body(targets)
    plan.actions.append('assign')
    predicted['assignments'] = [dict(body_item) for body_item in plan.assign_body['assignments']]
    predicted['isAssigned'] = bool(targets)


def _keep_unsupported(plan, owner, targets, current):
    """Fail before any write when the new set would drop a target the option cannot express, unless asked to."""
    if plan.inputs.remove_unsupported_targets:
        return
    desired = set(targets)
    dropped = [target for target in (target_from_graph(a) for a in current)
               if not target.is_supported and target not in desired]
    if dropped:
        raise InputError('assignments', 'profile %s is also assigned to %s, a target type this collection cannot '
                         'express, and the list does not name it. To keep it, add it as {unsupported_target: ...} '
                         '(intune_intent_info exports it so); to remove it, set remove_unsupported_targets: true; '
                         'nothing was changed' % (owner.get('id'), ', '.join(t.describe() for t in dropped)))
