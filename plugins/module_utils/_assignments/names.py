# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Group display names for the people who read an export or a diff: ids become names with one
``POST directoryObjects/getByIds`` for every group of a task (or of an export) at once.

Names are cosmetic: a group id identifies the group, and a ``group_name`` given beside it is a label. So a task
resolves names only when it shows them (diff) or writes the assignments anyway, never on the no-drift path; and when
Graph refuses the call, the ids stand alone with one warning that names the permission, and the task goes on.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError

GET_BY_IDS_PATH = 'directoryObjects/getByIds'
# Microsoft Learn: "You can specify up to 1000 IDs" per call.
MAX_IDS_PER_CALL = 1000
NAMES_PERMISSION = 'Directory.Read.All'


def group_display_names(client, group_ids, warnings):
    """``{lower-case group id: displayName}`` of the groups among ``group_ids`` that the directory has (an id it does
    not know is simply absent; a group Graph returns without its name maps to None); None when Graph refused the
    call, which ``warnings`` (a Warnings) then says once."""
    ids = sorted(set(group_id.lower() for group_id in group_ids if group_id))
    names = {}
    unnamed = 0
    for start in range(0, len(ids), MAX_IDS_PER_CALL):
        try:
            # A read, although a POST: post_read retries it as a GET, which no write ever is blindly.
            answer = client.post_read(GET_BY_IDS_PATH, {'ids': ids[start:start + MAX_IDS_PER_CALL], 'types': ['group']})
        except GraphError as exc:
            warnings.add('group names are not shown, only group ids: %s. Names need the %s Microsoft Graph application '
                         'permission; the ids identify the groups, so nothing else changes' % (exc, NAMES_PERMISSION))
            return None
        for item in answer['value']:
            if not isinstance(item.get('id'), str):
                continue
            if isinstance(item.get('displayName'), str) and item['displayName']:
                names[item['id'].lower()] = item['displayName']
            else:
                # Graph returns an object it may not fully read with its id only ("limited information").
                names[item['id'].lower()] = None
                unnamed += 1
    if unnamed:
        warnings.add('Graph returned %d group(s) without a display name; names need the %s Microsoft Graph application '
                     'permission' % (unnamed, NAMES_PERMISSION))
    return names


def named_options(options, names):
    """Copies of ``assignments`` elements with ``group_name`` beside every ``group_id`` whose name is in ``names``
    (the key order of an element as the module shows it: group_id, group_name, mode, ...)."""
    named = []
    for option in options:
        element = {}
        for key, value in option.items():
            if key == 'group_name':
                continue
            element[key] = value
            name = (names.get(str(value).lower()) or option.get('group_name')) if key == 'group_id' else None
            if name:
                element['group_name'] = name
        named.append(element)
    return named


def name_exported_groups(client, exports, warnings):
    """Give every group of the exported option sets ``exports`` (``instance_args``, ``policy_args``) its
    ``group_name``, with one getByIds for all of them: an export is read by people and given back as it is."""
    ids = set(option['group_id'] for args in exports for option in args.get('assignments') or [] if 'group_id' in option)
    if not ids:
        return
    names = group_display_names(client, ids, warnings) or {}
    for args in exports:
        if args.get('assignments'):
            args['assignments'] = named_options(args['assignments'], names)


def name_planned_groups(client, plan, diff):
    """Name the groups of the plan's diff views, and check each ``group_name`` given beside a ``group_id`` against the
    group's current name, when the task shows a diff or writes the assignments; else do nothing (no request).

    One getByIds covers every group of both views, but for those a ``group_name`` lookup has just named. A label that
    no longer matches is a warning: ``group_id`` decides which group is assigned. ``plan`` is an IntentPlan or a
    PolicyPlan after plan_assignments (``assignment_targets``, ``group_names``, ``before``, ``after``).
    """
    if plan.assignment_targets is None or not (diff or 'assign' in plan.actions):
        return
    views = [view for view in (plan.before, plan.after) if 'assignments' in view]
    ids = set(option['group_id'] for view in views for option in view['assignments'] if 'group_id' in option)
    ids -= set(plan.group_names)
    names = group_display_names(client, ids, plan.warnings) if ids else {}
    if names is None:
        return
    plan.group_names.update(names)
    _check_labels(plan.inputs.assignments, plan.group_names, plan.warnings)
    for view in views:
        view['assignments'] = named_options(view['assignments'], plan.group_names)


def _check_labels(specs, names, warnings):
    for spec in specs:
        if spec.subject != 'group_id' or not spec.group_name:
            continue
        group_id = spec.group_id.lower()
        current = names.get(group_id)
        if group_id in names and current is None:
            continue  # returned without its name: the permission warning has said why
        if current is None:
            warnings.add('%s.group_id: the directory has no group %s (group_name says %r); the assignment names the id '
                         'as it is' % (spec.field, group_id, spec.group_name))
        elif current.lower() != spec.group_name.lower():
            warnings.add('%s.group_name: group %r (%s) is now named %r; group_id decides which group is assigned, so '
                         'only the label is out of date' % (spec.field, spec.group_name, group_id, current))
