# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Assignments of an intent: who receives the profile, managed as one whole set.

The ``assignments`` option is validated into ``AssignmentSpec`` items (no network), group names are resolved into
canonical ``AssignmentTarget`` values, the targets are compared with the intent's assignments regardless of order,
and a difference is written with one ``assign`` call, which replaces the whole set (additions and removals at once).
``assignments_as_options`` turns Graph's assignments back into the option's shape, so that an export round-trips.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import dataclasses
import json

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._guids import check_guid
from ansible_collections.msgraph.intune.plugins.module_utils._odata import intent_path, odata_string_literal

GROUPS_PATH = 'groups'

GROUP_TARGET = '#microsoft.graph.groupAssignmentTarget'
EXCLUSION_GROUP_TARGET = '#microsoft.graph.exclusionGroupAssignmentTarget'
ALL_DEVICES_TARGET = '#microsoft.graph.allDevicesAssignmentTarget'
ALL_USERS_TARGET = '#microsoft.graph.allLicensedUsersAssignmentTarget'
FILTER_ID_FIELD = 'deviceAndAppManagementAssignmentFilterId'
FILTER_TYPE_FIELD = 'deviceAndAppManagementAssignmentFilterType'
NO_FILTER = 'none'

# The keys that name who receives the profile; each element gives exactly one of them.
SUBJECT_KEYS = ('group_id', 'group_name', 'all_devices', 'all_users')
ASSIGNMENT_KEYS = SUBJECT_KEYS + ('mode', 'filter_id', 'filter_type')
MODES = ('include', 'exclude')
FILTER_TYPES = ('include', 'exclude')
SUBJECTS_TEXT = 'group_id, group_name, all_devices: true, all_users: true'
# The boolean spellings Ansible itself accepts for a bool option given as text.
TRUE_TEXTS = ('true', 'yes', 'on', '1', 'y', 't')
FALSE_TEXTS = ('false', 'no', 'off', '0', 'n', 'f')

# Diff and return order: the broad targets first, then groups by id.
TARGET_ORDER = (ALL_DEVICES_TARGET, ALL_USERS_TARGET, GROUP_TARGET, EXCLUSION_GROUP_TARGET)


@dataclasses.dataclass
class AssignmentSpec:
    """One validated ``assignments`` element. ``subject`` is one of ``SUBJECT_KEYS``; ``field`` is ``assignments[i]``."""

    field: str
    subject: str
    group_id: str = None
    group_name: str = None
    mode: str = 'include'
    filter_id: str = None
    filter_type: str = None

    def target(self, group_id=None):
        """The canonical target; ``group_id`` is the resolved id of a ``group_name`` element."""
        if self.subject == 'all_devices':
            odata_type = ALL_DEVICES_TARGET
        elif self.subject == 'all_users':
            odata_type = ALL_USERS_TARGET
        else:
            odata_type = EXCLUSION_GROUP_TARGET if self.mode == 'exclude' else GROUP_TARGET
            group_id = group_id or self.group_id
        return AssignmentTarget(odata_type, group_id, self.filter_id, self.filter_type)


class AssignmentTarget:
    """A target in canonical form: full ``@odata.type``, lower-case GUIDs, ``filter_type`` ``none`` without a filter.

    A target type the option cannot express (a Configuration Manager collection) keeps Graph's ``raw`` target, so
    that it still compares and shows; it is never part of a desired set.
    """

    def __init__(self, odata_type, group_id=None, filter_id=None, filter_type=None, raw=None):
        self.odata_type = odata_type
        self.group_id = group_id.lower() if group_id else None
        has_filter = bool(filter_id) and filter_type not in (None, NO_FILTER)
        self.filter_id = filter_id.lower() if has_filter else None
        self.filter_type = filter_type if has_filter else NO_FILTER
        self.raw = raw

    @property
    def is_group(self):
        return self.odata_type in (GROUP_TARGET, EXCLUSION_GROUP_TARGET)

    @property
    def key(self):
        """Equality and sort key; unknown target types compare by their JSON."""
        rank = TARGET_ORDER.index(self.odata_type) if self.odata_type in TARGET_ORDER else len(TARGET_ORDER)
        if self.raw is not None:
            return (rank, self.odata_type or '', json.dumps(self.raw, sort_keys=True), '', '')
        return (rank, self.odata_type, self.group_id or '', self.filter_id or '', self.filter_type)

    def __eq__(self, other):
        return isinstance(other, AssignmentTarget) and self.key == other.key

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return 'AssignmentTarget%r' % (self.key[1:],)

    def to_graph(self):
        """The ``target`` of a deviceManagementIntentAssignment as the assign action takes it."""
        if self.raw is not None:
            return dict(self.raw)
        target = {'@odata.type': self.odata_type}
        if self.is_group:
            target['groupId'] = self.group_id
        target[FILTER_ID_FIELD] = self.filter_id
        target[FILTER_TYPE_FIELD] = self.filter_type
        return target

    def to_option(self):
        """The target as one ``assignments`` element (``unsupported_target`` for a type the option cannot express)."""
        if self.raw is not None:
            return {'unsupported_target': dict(self.raw)}
        if self.odata_type == ALL_DEVICES_TARGET:
            option = {'all_devices': True}
        elif self.odata_type == ALL_USERS_TARGET:
            option = {'all_users': True}
        else:
            option = {'group_id': self.group_id, 'mode': 'exclude' if self.odata_type == EXCLUSION_GROUP_TARGET else 'include'}
        if self.filter_id:
            option['filter_id'] = self.filter_id
            option['filter_type'] = self.filter_type
        return option


# ---------------------------------------------------------------------------------------------------------------------
# Pure input validation (no network)


def normalise_assignments(items):
    """Validate the ``assignments`` option into ``AssignmentSpec`` items; None (not managed) when it is not given."""
    if items is None:
        return None
    if not isinstance(items, (list, tuple)):
        raise InputError('assignments', 'must be a list of dictionaries')
    specs = []
    for index, item in enumerate(items):
        specs.append(_normalise_element('assignments[%d]' % index, item))
    return specs


def _normalise_element(field, item):
    if not isinstance(item, dict):
        raise InputError(field, 'must be a dictionary with one of %s' % SUBJECTS_TEXT)
    for key in item:
        if key not in ASSIGNMENT_KEYS:
            raise InputError('%s.%s' % (field, key), 'is not a supported key; use %s'
                             % ', '.join(ASSIGNMENT_KEYS))
    subjects = [key for key in SUBJECT_KEYS if _given_subject(field, key, item.get(key))]
    if not subjects:
        raise InputError(field, 'give one of %s' % SUBJECTS_TEXT)
    if len(subjects) > 1:
        raise InputError('%s.%s' % (field, subjects[1]), 'cannot be combined with %s; give exactly '
                         'one of %s' % (subjects[0], SUBJECTS_TEXT))
    subject = subjects[0]
    mode = _choice(field, 'mode', item.get('mode'), MODES) or 'include'
    if mode == 'exclude' and subject not in ('group_id', 'group_name'):
        raise InputError(field + '.mode', 'exclude is only possible for a group, not for %s' % subject)
    filter_id = item.get('filter_id')
    filter_type = _choice(field, 'filter_type', item.get('filter_type'), FILTER_TYPES)
    if filter_id is not None:
        check_guid(field + '.filter_id', filter_id)
        if mode == 'exclude':
            raise InputError(field + '.filter_id', 'Intune applies no assignment filter to an '
                             'excluded group; remove the filter or use mode: include')
        filter_type = filter_type or 'include'
    elif filter_type is not None:
        raise InputError(field + '.filter_type', 'needs filter_id (the assignment filter to apply)')
    group_id = item.get('group_id')
    if subject == 'group_id':
        check_guid(field + '.group_id', group_id)
    group_name = item.get('group_name')
    if subject == 'group_name' and (not isinstance(group_name, str) or not group_name.strip()):
        raise InputError(field + '.group_name', 'must be a non-empty string')
    return AssignmentSpec(field, subject, group_id=group_id, group_name=group_name, mode=mode, filter_id=filter_id,
                          filter_type=filter_type)


def _given_subject(field, key, value):
    """Whether the element names this subject; ``all_devices: false`` names nothing, as if it were left out."""
    if key in ('all_devices', 'all_users'):
        return _boolean('%s.%s' % (field, key), value)
    return value is not None


def _boolean(field, value):
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_TEXTS:
        return True
    if text in FALSE_TEXTS:
        return False
    raise InputError(field, 'must be a boolean, got %r' % (value,))


def _choice(field, key, value, choices):
    if value is None:
        return None
    if value not in choices:
        raise InputError('%s.%s' % (field, key), 'must be one of %s, got %r'
                         % (', '.join(choices), value))
    return value


# ---------------------------------------------------------------------------------------------------------------------
# Resolution (reads only)


def resolve_targets(client, specs):
    """The canonical targets of validated specs, in order: group names resolved, each recipient given once."""
    targets = []
    first_field = {}
    for spec in specs:
        group_id = find_group_id(client, spec) if spec.subject == 'group_name' else None
        target = spec.target(group_id)
        recipient = target.group_id or target.odata_type
        if recipient in first_field:
            raise InputError(spec.field, 'assigns %s, which %s already assigns; give each group '
                             'and each of all_devices/all_users once'
                             % (_recipient_text(spec, target), first_field[recipient]))
        first_field[recipient] = spec.field
        targets.append(target)
    return targets


def find_group_id(client, spec):
    """The id of the one group named ``spec.group_name``; zero or several matches fail and name what was found."""
    groups = find_groups(client, spec.group_name)
    field = spec.field + '.group_name'
    if not groups:
        raise InputError(field, 'no group is named %r; check the name or give group_id'
                         % spec.group_name)
    if len(groups) > 1:
        raise InputError(field, '%d groups are named %r: %s; give group_id instead'
                         % (len(groups), spec.group_name,
                            ', '.join('%s (%r)' % (g.get('id'), g.get('displayName')) for g in groups)))
    return groups[0]['id']


def find_groups(client, display_name):
    """Groups whose displayName equals ``display_name``; Graph compares case-insensitively, and so does the re-check."""
    candidates = client.get_all(GROUPS_PATH, params={
        '$filter': 'displayName eq ' + odata_string_literal(display_name), '$select': 'id,displayName'})
    wanted = display_name.lower()
    return [group for group in candidates if (group.get('displayName') or '').lower() == wanted]


def _recipient_text(spec, target):
    if target.is_group:
        named = ' (%r)' % spec.group_name if spec.group_name else ''
        return 'group %s%s' % (target.group_id, named)
    return spec.subject


# ---------------------------------------------------------------------------------------------------------------------
# Graph shapes, comparison and writing


def read_assignments(client, intent_id):
    """The intent's assignments as Graph returns them (every page)."""
    return client.get_all('%s/assignments' % intent_path(intent_id))


def target_from_graph(assignment):
    """The canonical target of one deviceManagementIntentAssignment."""
    target = assignment.get('target') or {}
    odata_type = target.get('@odata.type')
    if odata_type and not odata_type.startswith('#'):
        odata_type = '#' + odata_type
    if odata_type not in TARGET_ORDER:
        return AssignmentTarget(odata_type, raw=target)
    return AssignmentTarget(odata_type, target.get('groupId'), target.get(FILTER_ID_FIELD), target.get(FILTER_TYPE_FIELD))


def same_targets(targets, assignments):
    """Whether the desired targets are exactly the intent's assignments, in any order."""
    return sorted(t.key for t in targets) == sorted(target_from_graph(a).key for a in assignments)


def build_assign_body(targets):
    """The assign action's body: the whole desired set (an empty list removes every assignment)."""
    return {'assignments': [{'target': target.to_graph()} for target in targets]}


def targets_as_options(targets):
    """Targets as ``assignments`` elements, in a deterministic order."""
    return [target.to_option() for target in sorted(targets, key=lambda t: t.key)]


def assignments_as_options(assignments):
    """Graph's assignments in the option's shape, so that an exported profile can be given back to the module."""
    return targets_as_options([target_from_graph(assignment) for assignment in assignments])


def assign(client, intent_id, body):
    """``POST …/assign``; it replaces the set, so a retry after a lost response is harmless."""
    client.post('%s/assign' % intent_path(intent_id), body, idempotent=True)


# ---------------------------------------------------------------------------------------------------------------------
# Planning (called by _intents.plan.plan_intent for state=present when the option is given)


def plan_assignments(client, plan):
    """Resolve the desired set, compare it with the intent's, and add the ``assign`` write to the plan if they differ.

    Fills ``plan.assignment_targets``, ``plan.assign_body``, the ``assignments`` of the diff views (option shape)
    and of ``plan.predicted_intent`` (Graph shape, with ``isAssigned``).
    """
    targets = resolve_targets(client, plan.inputs.assignments)
    current = read_assignments(client, plan.intent['id']) if plan.intent is not None else []
    plan.assignment_targets = targets
    if plan.intent is not None:
        plan.before['assignments'] = assignments_as_options(current)
    plan.after['assignments'] = targets_as_options(targets)
    if same_targets(targets, current):
        plan.predicted_intent['assignments'] = current
        plan.predicted_intent['isAssigned'] = bool(current)
        return
    plan.assign_body = build_assign_body(targets)
    plan.actions.append('assign')
    plan.predicted_intent['assignments'] = [dict(body_item) for body_item in plan.assign_body['assignments']]
    plan.predicted_intent['isAssigned'] = bool(targets)
