# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The ``assignments`` option validated into ``AssignmentSpec`` items, with no network: every error names the element
index and the field."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import dataclasses

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import (
    ALL_DEVICES_TARGET,
    ALL_USERS_TARGET,
    COLLECTION_TARGET,
    EXCLUSION_GROUP_TARGET,
    GROUP_TARGET,
    AssignmentTarget,
    canonical_odata_type,
    target_from_graph_target,
)
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._guids import check_guid

# The keys that name who receives the profile; each element gives exactly one of them, but that group_name may
# stand beside group_id as a label for reviewers (exports give both).
SUBJECT_KEYS = ('group_id', 'group_name', 'all_devices', 'all_users', 'collection_id', 'unsupported_target')
ASSIGNMENT_KEYS = SUBJECT_KEYS + ('mode', 'filter_id', 'filter_type')
MODES = ('include', 'exclude')
FILTER_TYPES = ('include', 'exclude')
SUBJECTS_TEXT = 'group_id, group_name, all_devices: true, all_users: true, collection_id, unsupported_target'
# The boolean spellings Ansible itself accepts for a bool option given as text.
TRUE_TEXTS = ('true', 'yes', 'on', '1', 'y', 't')
FALSE_TEXTS = ('false', 'no', 'off', '0', 'n', 'f')
SUBJECT_TARGETS = {'all_devices': ALL_DEVICES_TARGET, 'all_users': ALL_USERS_TARGET, 'collection_id': COLLECTION_TARGET}


@dataclasses.dataclass
class AssignmentSpec:
    """One validated ``assignments`` element. ``subject`` is one of ``SUBJECT_KEYS``; ``field`` is ``assignments[i]``;
    ``raw_target`` is the Graph target of an ``unsupported_target`` element."""

    field: str
    subject: str
    group_id: str = None
    group_name: str = None
    collection_id: str = None
    raw_target: dict = None
    mode: str = 'include'
    filter_id: str = None
    filter_type: str = None

    def target(self, group_id=None):
        """The canonical target; ``group_id`` is the resolved id of a ``group_name`` element."""
        if self.raw_target is not None:
            return target_from_graph_target(self.raw_target)
        if self.subject in SUBJECT_TARGETS:
            return AssignmentTarget(SUBJECT_TARGETS[self.subject], None, self.filter_id, self.filter_type,
                                    collection_id=self.collection_id)
        odata_type = EXCLUSION_GROUP_TARGET if self.mode == 'exclude' else GROUP_TARGET
        return AssignmentTarget(odata_type, group_id or self.group_id, self.filter_id, self.filter_type)


def normalise_assignments(items):
    """Validate the ``assignments`` option into ``AssignmentSpec`` items; None (not managed) when it is not given."""
    if items is None:
        return None
    if not isinstance(items, (list, tuple)):
        raise InputError('assignments', 'must be a list of dictionaries')
    return [_normalise_element('assignments[%d]' % index, item) for index, item in enumerate(items)]


def _normalise_element(field, item):
    if not isinstance(item, dict):
        raise InputError(field, 'must be a dictionary with one of %s' % SUBJECTS_TEXT)
    for key in item:
        if key not in ASSIGNMENT_KEYS:
            raise InputError('%s.%s' % (field, key), 'is not a supported key; use %s' % ', '.join(ASSIGNMENT_KEYS))
    subjects = [key for key in SUBJECT_KEYS if _given_subject(field, key, item.get(key))]
    if subjects[:2] == ['group_id', 'group_name']:
        # group_id identifies the group; the name beside it only labels it (checked when names are resolved anyway).
        subjects.remove('group_name')
    if not subjects:
        raise InputError(field, 'give one of %s' % SUBJECTS_TEXT)
    if len(subjects) > 1:
        raise InputError('%s.%s' % (field, subjects[1]), 'cannot be combined with %s; give exactly one of %s '
                         '(group_name may stand beside group_id as its label)' % (subjects[0], SUBJECTS_TEXT))
    subject = subjects[0]
    if subject == 'unsupported_target':
        return _unsupported_target(field, item)
    mode = _choice(field, 'mode', item.get('mode'), MODES) or 'include'
    if mode == 'exclude' and subject not in ('group_id', 'group_name'):
        raise InputError(field + '.mode', 'exclude is only possible for a group, not for %s' % subject)
    filter_id = item.get('filter_id')
    filter_type = _choice(field, 'filter_type', item.get('filter_type'), FILTER_TYPES)
    if filter_id is not None:
        check_guid(field + '.filter_id', filter_id)
        if mode == 'exclude':
            raise InputError(field + '.filter_id', 'Intune applies no assignment filter to an excluded group; remove '
                             'the filter or use mode: include')
        filter_type = filter_type or 'include'
    elif filter_type is not None:
        raise InputError(field + '.filter_type', 'needs filter_id (the assignment filter to apply)')
    if subject == 'group_id':
        check_guid(field + '.group_id', item.get('group_id'))
    for key in ('group_name', 'collection_id'):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise InputError('%s.%s' % (field, key), 'must be a non-empty string')
    return AssignmentSpec(field, subject, group_id=item.get('group_id'), group_name=item.get('group_name'),
                          collection_id=item.get('collection_id'), mode=mode, filter_id=filter_id,
                          filter_type=filter_type)


def _unsupported_target(field, item):
    """An ``unsupported_target`` element: a Graph target as intune_intent_info exports it, sent back unchanged."""
    target = item['unsupported_target']
    for key in ('mode', 'filter_id', 'filter_type'):
        if item.get(key) is not None:
            raise InputError('%s.%s' % (field, key), 'cannot be combined with unsupported_target; the target carries '
                             'its own filter members')
    if not isinstance(target, dict) or not isinstance(target.get('@odata.type'), str) or not target['@odata.type']:
        raise InputError(field + '.unsupported_target', 'must be an assignment target as Graph returns it: a '
                         'dictionary with its @odata.type')
    return AssignmentSpec(field, 'unsupported_target', raw_target=dict(target, **{
        '@odata.type': canonical_odata_type(target['@odata.type'])}))


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
        raise InputError('%s.%s' % (field, key), 'must be one of %s, got %r' % (', '.join(choices), value))
    return value
