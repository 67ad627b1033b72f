# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.groups import resolve_targets
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.inputs import normalise_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import build_assign_body
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import (
    ALL_DEVICES_TARGET,
    ALL_USERS_TARGET,
    COLLECTION_TARGET,
    EXCLUSION_GROUP_TARGET,
    GROUP_TARGET,
)
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import (
    COLLECTION_ID,
    FILTER,
    FUTURE_TARGET,
    KIOSKS,
    LAPTOPS,
    params,
)

INVALID_ELEMENTS = [
    ('group id and all devices', [{'group_id': LAPTOPS, 'all_devices': True}], 'assignments[0].all_devices',
     'cannot be combined with group_id'),
    ('group name and all users', [{'all_users': True}, {'group_name': 'x', 'all_users': True}],
     'assignments[1].all_users', 'cannot be combined with group_name'),
    ('group id, its label and a collection', [{'group_id': LAPTOPS, 'group_name': 'x', 'collection_id': COLLECTION_ID}],
     'assignments[0].collection_id', 'group_name may stand beside group_id'),
    ('empty label beside a group id', [{'group_id': LAPTOPS, 'group_name': ''}], 'assignments[0].group_name',
     'non-empty'),
    ('label not a string', [{'group_id': LAPTOPS, 'group_name': ['Corp']}], 'assignments[0].group_name', 'non-empty'),
    ('collection and group', [{'collection_id': COLLECTION_ID, 'group_id': LAPTOPS}], 'assignments[0].collection_id',
     'cannot be combined with group_id'),
    ('no recipient', [{'mode': 'include'}], 'assignments[0]', 'give one of group_id'),
    ('all devices false only', [{'all_devices': False}], 'assignments[0]', 'give one of'),
    ('malformed group id', [{'all_users': True}, {'group_id': 'corp-laptops'}], 'assignments[1].group_id', 'GUID'),
    ('group id with braces', [{'group_id': '{%s}' % LAPTOPS}], 'assignments[0].group_id', 'GUID'),
    ('empty group name', [{'group_name': '  '}], 'assignments[0].group_name', 'non-empty'),
    ('empty collection id', [{'collection_id': ''}], 'assignments[0].collection_id', 'non-empty'),
    ('collection id not a string', [{'collection_id': 16777217}], 'assignments[0].collection_id', 'non-empty'),
    ('exclude all users', [{'all_users': True, 'mode': 'exclude'}], 'assignments[0].mode', 'only possible for a group'),
    ('exclude all devices', [{'all_devices': True, 'mode': 'exclude'}], 'assignments[0].mode', 'all_devices'),
    ('exclude a collection', [{'collection_id': COLLECTION_ID, 'mode': 'exclude'}], 'assignments[0].mode',
     'collection_id'),
    ('unknown mode', [{'group_id': LAPTOPS, 'mode': 'Include'}], 'assignments[0].mode', 'include, exclude'),
    ('filter type without filter id', [{'all_devices': True, 'filter_type': 'include'}],
     'assignments[0].filter_type', 'needs filter_id'),
    ('malformed filter id', [{'all_devices': True, 'filter_id': 'laptops-only'}], 'assignments[0].filter_id', 'GUID'),
    ('unknown filter type', [{'all_devices': True, 'filter_id': FILTER, 'filter_type': 'none'}],
     'assignments[0].filter_type', 'include, exclude'),
    ('filter on an excluded group', [{'group_id': LAPTOPS, 'mode': 'exclude', 'filter_id': FILTER}],
     'assignments[0].filter_id', 'excluded group'),
    ('all devices not a boolean', [{'all_devices': 'everything'}], 'assignments[0].all_devices', 'boolean'),
    ('unknown key', [{'group_id': LAPTOPS, 'groupId': LAPTOPS}], 'assignments[0].groupId', 'not a supported key'),
    ('element not a dict', [LAPTOPS], 'assignments[0]', 'dictionary'),
    ('unsupported target without a type', [{'unsupported_target': {'collectionId': 'X'}}],
     'assignments[0].unsupported_target', '@odata.type'),
    ('unsupported target not a dict', [{'unsupported_target': FUTURE_TARGET}], 'assignments[0].unsupported_target',
     'dictionary'),
    ('unsupported target with a filter', [{'unsupported_target': {'@odata.type': FUTURE_TARGET}, 'filter_id': FILTER}],
     'assignments[0].filter_id', 'cannot be combined with unsupported_target'),
]


@pytest.mark.parametrize('items, field, fragment', [case[1:] for case in INVALID_ELEMENTS],
                         ids=[case[0] for case in INVALID_ELEMENTS])
def test_bad_elements_fail_before_any_request_naming_element_and_field(graph, items, field, fragment):
    with pytest.raises(InputError) as raised:
        plan_intent(graph, parse_intent_inputs(params(assignments=items)))
    assert raised.value.field == field
    assert str(raised.value).startswith(field + ': ')
    assert fragment in str(raised.value)
    assert graph.calls == []


def test_a_group_name_beside_a_group_id_is_a_label_and_the_id_decides(graph):
    [spec] = normalise_assignments([{'group_id': LAPTOPS.upper(), 'group_name': 'Old Laptops', 'mode': 'exclude'}])
    assert (spec.subject, spec.group_id, spec.group_name, spec.mode) == ('group_id', LAPTOPS.upper(), 'Old Laptops', 'exclude')
    names = {}
    [target] = resolve_targets(graph, [spec], names)
    assert (target.odata_type, target.group_id) == (EXCLUSION_GROUP_TARGET, LAPTOPS)
    # No lookup by name: the label is checked only where names are resolved anyway (see names.py).
    assert graph.calls == [] and names == {}


def test_option_not_given_is_none_and_empty_list_is_a_set():
    assert normalise_assignments(None) is None
    assert normalise_assignments([]) == []
    assert parse_intent_inputs(params()).assignments is None


def test_valid_elements_become_canonical_targets(graph):
    specs = normalise_assignments([
        {'group_id': LAPTOPS.upper()},
        {'group_id': KIOSKS, 'mode': 'exclude', 'all_devices': False},
        {'all_devices': 'yes', 'filter_id': FILTER.upper()},
        {'all_users': True, 'mode': 'include', 'filter_id': FILTER, 'filter_type': 'exclude'},
        {'collection_id': ' mem00001 ', 'filter_id': FILTER},
        {'unsupported_target': {'@odata.type': FUTURE_TARGET.lstrip('#'), 'fleetId': 'F-1'}},
    ])
    assert [(s.field, s.subject) for s in specs] == [
        ('assignments[0]', 'group_id'), ('assignments[1]', 'group_id'),
        ('assignments[2]', 'all_devices'), ('assignments[3]', 'all_users'),
        ('assignments[4]', 'collection_id'), ('assignments[5]', 'unsupported_target')]
    none = {'deviceAndAppManagementAssignmentFilterId': None, 'deviceAndAppManagementAssignmentFilterType': 'none'}
    assert build_assign_body(resolve_targets(graph, specs)) == {'assignments': [
        {'target': dict({'@odata.type': GROUP_TARGET, 'groupId': LAPTOPS}, **none)},
        {'target': dict({'@odata.type': EXCLUSION_GROUP_TARGET, 'groupId': KIOSKS}, **none)},
        {'target': {'@odata.type': ALL_DEVICES_TARGET,
                    'deviceAndAppManagementAssignmentFilterId': FILTER,
                    'deviceAndAppManagementAssignmentFilterType': 'include'}},
        {'target': {'@odata.type': ALL_USERS_TARGET,
                    'deviceAndAppManagementAssignmentFilterId': FILTER,
                    'deviceAndAppManagementAssignmentFilterType': 'exclude'}},
        {'target': {'@odata.type': COLLECTION_TARGET, 'collectionId': COLLECTION_ID,
                    'deviceAndAppManagementAssignmentFilterId': FILTER,
                    'deviceAndAppManagementAssignmentFilterType': 'include'}},
        {'target': dict({'@odata.type': FUTURE_TARGET, 'fleetId': 'F-1'}, **none)},
    ]}
    assert graph.calls == []
