# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""Assignment targets in canonical form: what compares, what Graph's assign action takes, what the option shows.

Graph defines five targets for intents (docs/graph-beta-facts.md §7): group, exclusion group, all devices, all licensed users and
Configuration Manager collection. A target of any other (future) type is kept as Graph gave it (``raw``) so that it
still compares, shows as ``unsupported_target`` and is sent back unchanged when the user lists it.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

GROUP_TARGET = '#microsoft.graph.groupAssignmentTarget'
EXCLUSION_GROUP_TARGET = '#microsoft.graph.exclusionGroupAssignmentTarget'
ALL_DEVICES_TARGET = '#microsoft.graph.allDevicesAssignmentTarget'
ALL_USERS_TARGET = '#microsoft.graph.allLicensedUsersAssignmentTarget'
COLLECTION_TARGET = '#microsoft.graph.configurationManagerCollectionAssignmentTarget'
FILTER_ID_FIELD = 'deviceAndAppManagementAssignmentFilterId'
FILTER_TYPE_FIELD = 'deviceAndAppManagementAssignmentFilterType'
NO_FILTER = 'none'

# Diff and return order: the broad targets first, then groups, then collections, then types the option cannot express.
TARGET_ORDER = (ALL_DEVICES_TARGET, ALL_USERS_TARGET, GROUP_TARGET, EXCLUSION_GROUP_TARGET, COLLECTION_TARGET)


class AssignmentTarget:
    """A target in canonical form: full ``@odata.type``, lower-case GUIDs, upper-case collection ids (Configuration
    Manager writes them so), ``filter_type`` ``none`` without a filter. ``raw`` is the target of a type the option
    cannot express, without its filter members."""

    def __init__(self, odata_type, group_id=None, filter_id=None, filter_type=None, collection_id=None, raw=None):
        self.odata_type = odata_type
        self.group_id = group_id.lower() if group_id else None
        self.collection_id = collection_id.strip().upper() if collection_id else None
        has_filter = bool(filter_id) and filter_type not in (None, NO_FILTER)
        self.filter_id = filter_id.lower() if has_filter else None
        self.filter_type = filter_type if has_filter else NO_FILTER
        self.raw = raw

    @property
    def is_group(self):
        return self.odata_type in (GROUP_TARGET, EXCLUSION_GROUP_TARGET)

    @property
    def is_supported(self):
        return self.raw is None

    @property
    def recipient(self):
        """Who receives the profile: a target may name each recipient once in a set."""
        if self.raw is not None:
            return json.dumps(self.raw, sort_keys=True)
        return self.group_id or self.collection_id or self.odata_type

    @property
    def key(self):
        """Equality and sort key; unknown target types compare by their JSON."""
        rank = TARGET_ORDER.index(self.odata_type) if self.odata_type in TARGET_ORDER else len(TARGET_ORDER)
        subject = json.dumps(self.raw, sort_keys=True) if self.raw is not None else self.group_id or self.collection_id
        return (rank, self.odata_type or '', subject or '', self.filter_id or '', self.filter_type)

    def __eq__(self, other):
        return isinstance(other, AssignmentTarget) and self.key == other.key

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return 'AssignmentTarget%r' % (self.key[1:],)

    def to_graph(self):
        """The ``target`` of a deviceManagementIntentAssignment as the assign action takes it."""
        target = dict(self.raw) if self.raw is not None else {'@odata.type': self.odata_type}
        if self.is_group:
            target['groupId'] = self.group_id
        if self.odata_type == COLLECTION_TARGET:
            target['collectionId'] = self.collection_id
        target[FILTER_ID_FIELD] = self.filter_id
        target[FILTER_TYPE_FIELD] = self.filter_type
        return target

    def to_option(self, group_names=None):
        """The target as one ``assignments`` element; ``group_names`` ({group id: name}) adds the name a task gave."""
        if self.raw is not None:
            return {'unsupported_target': self.to_graph()}
        if self.odata_type == ALL_DEVICES_TARGET:
            option = {'all_devices': True}
        elif self.odata_type == ALL_USERS_TARGET:
            option = {'all_users': True}
        elif self.odata_type == COLLECTION_TARGET:
            option = {'collection_id': self.collection_id}
        else:
            option = {'group_id': self.group_id}
            name = (group_names or {}).get(self.group_id)
            if name:
                option['group_name'] = name
            option['mode'] = 'exclude' if self.odata_type == EXCLUSION_GROUP_TARGET else 'include'
        if self.filter_id:
            option['filter_id'] = self.filter_id
            option['filter_type'] = self.filter_type
        return option

    def describe(self):
        """The target in a message."""
        if self.raw is not None:
            return 'target %s' % json.dumps(self.to_graph(), sort_keys=True)
        return json.dumps(self.to_option(), sort_keys=True)


def canonical_odata_type(odata_type):
    if isinstance(odata_type, str) and odata_type and not odata_type.startswith('#'):
        return '#' + odata_type
    return odata_type


def target_from_graph_target(target):
    """The canonical form of a deviceAndAppManagementAssignmentTarget as Graph returns it."""
    odata_type = canonical_odata_type(target.get('@odata.type'))
    filter_id, filter_type = target.get(FILTER_ID_FIELD), target.get(FILTER_TYPE_FIELD)
    if odata_type not in TARGET_ORDER:
        raw = dict((key, value) for key, value in target.items() if key not in (FILTER_ID_FIELD, FILTER_TYPE_FIELD))
        raw['@odata.type'] = odata_type
        return AssignmentTarget(odata_type, filter_id=filter_id, filter_type=filter_type, raw=raw)
    return AssignmentTarget(odata_type, target.get('groupId'), filter_id, filter_type,
                            collection_id=target.get('collectionId'))


def target_from_graph(assignment):
    """The canonical target of one deviceManagementIntentAssignment."""
    return target_from_graph_target(assignment.get('target') or {})
