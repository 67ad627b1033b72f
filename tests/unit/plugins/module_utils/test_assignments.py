# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import uuid

import pytest
from hypothesis import given, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._assignments import (
    ALL_DEVICES_TARGET,
    ALL_USERS_TARGET,
    EXCLUSION_GROUP_TARGET,
    GROUP_TARGET,
    AssignmentTarget,
    assignments_as_options,
    build_assign_body,
    normalise_assignments,
    resolve_targets,
    same_targets,
    target_from_graph,
)
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import AssignmentGraph, graph_error

BITLOCKER = 'd1174162-1dd2-4976-affc-6667049ab0ae'
LAPTOPS = '4c1f0b9e-8a2d-4e5f-b6c7-d8e9f0a1b2c3'
KIOSKS = '5d2a1c0f-9b3e-4f60-a7d8-e9f0a1b2c3d4'
FINANCE = '7f4c3e2b-1d5a-4b82-89fa-0b1c2d3e4f56'
FINANCE_TWIN = '80a5d4f3-2e6b-4c93-9a0b-1c2d3e4f5a67'
OBRIEN = '91b6e5a4-3f7c-4da4-8b1c-2d3e4f5a6b78'
FILTER = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0'


GROUPS = [{'id': LAPTOPS, 'displayName': 'Corp Laptops'}, {'id': KIOSKS, 'displayName': 'Corp Kiosks'},
          {'id': FINANCE, 'displayName': 'Finance'}, {'id': FINANCE_TWIN, 'displayName': 'finance'},
          {'id': OBRIEN, 'displayName': "O'Brien Team"}]


@pytest.fixture
def graph():
    fake = AssignmentGraph(GROUPS)
    fake.add_template(BITLOCKER, 'BitLocker')
    return fake


def params(**overrides):
    base = dict(template_id=BITLOCKER, display_name='Corp - BitLocker', state='present')
    base.update(overrides)
    return base


def graph_target(odata_type, group_id=None, filter_id=None, filter_type='none'):
    target = {'@odata.type': odata_type, 'deviceAndAppManagementAssignmentFilterId': filter_id,
              'deviceAndAppManagementAssignmentFilterType': filter_type}
    if group_id is not None:
        target['groupId'] = group_id
    return {'id': str(uuid.uuid4()), 'target': target}


def run(graph, **overrides):
    plan = plan_intent(graph, parse_intent_inputs(params(**overrides)), check_definitions=False)
    return plan, apply_plan(graph, plan)


# ---------------------------------------------------------------------------------------------------------------------
# Pure validation

INVALID_ELEMENTS = [
    ('group id and all devices', [{'group_id': LAPTOPS, 'all_devices': True}], 'assignments[0].all_devices',
     'cannot be combined with group_id'),
    ('group id and group name', [{'all_users': True}, {'group_id': LAPTOPS, 'group_name': 'x'}],
     'assignments[1].group_name', 'cannot be combined with group_id'),
    ('no recipient', [{'mode': 'include'}], 'assignments[0]', 'give one of group_id'),
    ('all devices false only', [{'all_devices': False}], 'assignments[0]', 'give one of'),
    ('malformed group id', [{'all_users': True}, {'group_id': 'corp-laptops'}], 'assignments[1].group_id', 'GUID'),
    ('group id with braces', [{'group_id': '{%s}' % LAPTOPS}], 'assignments[0].group_id', 'GUID'),
    ('empty group name', [{'group_name': '  '}], 'assignments[0].group_name', 'non-empty'),
    ('exclude all users', [{'all_users': True, 'mode': 'exclude'}], 'assignments[0].mode', 'only possible for a group'),
    ('exclude all devices', [{'all_devices': True, 'mode': 'exclude'}], 'assignments[0].mode', 'all_devices'),
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
    ])
    assert [(s.field, s.subject) for s in specs] == [
        ('assignments[0]', 'group_id'), ('assignments[1]', 'group_id'),
        ('assignments[2]', 'all_devices'), ('assignments[3]', 'all_users')]
    assert build_assign_body(resolve_targets(graph, specs)) == {'assignments': [
        {'target': {'@odata.type': GROUP_TARGET, 'groupId': LAPTOPS,
                    'deviceAndAppManagementAssignmentFilterId': None, 'deviceAndAppManagementAssignmentFilterType': 'none'}},
        {'target': {'@odata.type': EXCLUSION_GROUP_TARGET, 'groupId': KIOSKS,
                    'deviceAndAppManagementAssignmentFilterId': None, 'deviceAndAppManagementAssignmentFilterType': 'none'}},
        {'target': {'@odata.type': ALL_DEVICES_TARGET,
                    'deviceAndAppManagementAssignmentFilterId': FILTER,
                    'deviceAndAppManagementAssignmentFilterType': 'include'}},
        {'target': {'@odata.type': ALL_USERS_TARGET,
                    'deviceAndAppManagementAssignmentFilterId': FILTER,
                    'deviceAndAppManagementAssignmentFilterType': 'exclude'}},
    ]}
    assert graph.calls == []


# ---------------------------------------------------------------------------------------------------------------------
# Group names and duplicates


def test_group_name_is_resolved_with_the_one_odata_escaping(graph):
    targets = resolve_targets(graph, normalise_assignments([{'group_name': "O'Brien Team"}, {'group_name': 'corp laptops'}]))
    assert [t.group_id for t in targets] == [OBRIEN, LAPTOPS]
    filters = [call[2]['$filter'] for call in graph.requests('GET', 'groups')]
    assert filters == ["displayName eq 'O''Brien Team'", "displayName eq 'corp laptops'"]


def test_unknown_group_name_fails_naming_the_element(graph):
    with pytest.raises(InputError) as raised:
        resolve_targets(graph, normalise_assignments([{'all_devices': True}, {'group_name': 'Nobody'}]))
    assert raised.value.field == 'assignments[1].group_name'
    assert "no group is named 'Nobody'" in str(raised.value)


def test_ambiguous_group_name_fails_naming_every_match(graph):
    with pytest.raises(InputError) as raised:
        resolve_targets(graph, normalise_assignments([{'group_name': 'Finance'}]))
    assert raised.value.field == 'assignments[0].group_name'
    assert '2 groups' in str(raised.value) and FINANCE in str(raised.value) and FINANCE_TWIN in str(raised.value)


def test_server_side_filter_results_are_rechecked(graph):
    graph.groups.append({'id': str(uuid.uuid4()), 'displayName': 'Corp Laptops (old)'})
    original = graph._route_get_all
    graph._route_get_all = lambda parts, params: graph.groups if parts == ['groups'] else original(parts, params)
    assert [t.group_id for t in resolve_targets(graph, normalise_assignments([{'group_name': 'Corp Laptops'}]))] == [LAPTOPS]


@pytest.mark.parametrize('items, field, first', [
    ([{'group_id': LAPTOPS}, {'group_id': LAPTOPS.upper(), 'mode': 'exclude'}], 'assignments[1]', 'assignments[0]'),
    ([{'group_id': LAPTOPS}, {'all_users': True}, {'group_name': 'Corp Laptops'}], 'assignments[2]', 'assignments[0]'),
    ([{'all_devices': True}, {'all_devices': True, 'filter_id': FILTER}], 'assignments[1]', 'assignments[0]'),
])
def test_a_recipient_given_twice_fails_naming_both_elements(graph, items, field, first):
    with pytest.raises(InputError) as raised:
        resolve_targets(graph, normalise_assignments(items))
    assert raised.value.field == field
    assert 'which %s already assigns' % first in str(raised.value)


# ---------------------------------------------------------------------------------------------------------------------
# Comparison and the option shape

CURRENT = [graph_target(ALL_DEVICES_TARGET, filter_id=FILTER, filter_type='include'),
           graph_target(GROUP_TARGET, LAPTOPS), graph_target(EXCLUSION_GROUP_TARGET, KIOSKS)]
DESIRED = [{'group_id': KIOSKS, 'mode': 'exclude'}, {'all_devices': True, 'filter_id': FILTER},
           {'group_id': LAPTOPS.upper()}]


@given(st.permutations(range(3)))
def test_comparison_ignores_order_and_guid_case(order):
    targets = resolve_targets(None, normalise_assignments([DESIRED[i] for i in order]))
    assert same_targets(targets, CURRENT)
    assert same_targets(targets, list(reversed(CURRENT)))
    assert not same_targets(targets[:2], CURRENT)
    assert not same_targets(targets, CURRENT + [graph_target(ALL_USERS_TARGET)])


@pytest.mark.parametrize('changed', [
    graph_target(GROUP_TARGET, KIOSKS),
    graph_target(ALL_DEVICES_TARGET, filter_id=FILTER, filter_type='exclude'),
    graph_target(ALL_DEVICES_TARGET, filter_id=KIOSKS, filter_type='include'),
    graph_target(ALL_DEVICES_TARGET),
])
def test_any_difference_in_type_group_or_filter_counts(changed):
    targets = resolve_targets(None, normalise_assignments(DESIRED))
    assert not same_targets(targets, [changed] + [a for a in CURRENT if a['target']['@odata.type'] != changed['target']['@odata.type']])


def test_graph_without_filter_members_equals_no_filter():
    bare = {'id': 'a', 'target': {'@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget'}}
    stale_id = graph_target(ALL_USERS_TARGET, filter_id=FILTER, filter_type='none')
    assert target_from_graph(bare) == target_from_graph(stale_id) == AssignmentTarget(ALL_USERS_TARGET)


def test_graph_assignments_as_options_are_sorted_and_round_trip(graph):
    options = assignments_as_options(CURRENT)
    assert options == [{'all_devices': True, 'filter_id': FILTER, 'filter_type': 'include'},
                       {'group_id': LAPTOPS, 'mode': 'include'},
                       {'group_id': KIOSKS, 'mode': 'exclude'}]
    assert same_targets(resolve_targets(graph, normalise_assignments(options)), CURRENT)


def test_target_type_the_option_cannot_express_shows_and_always_differs():
    collection = {'id': 'c', 'target': {'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
                                        'collectionId': 'SMS00001'}}
    assert assignments_as_options([collection]) == [{'unsupported_target': collection['target']}]
    assert not same_targets([], [collection])
    assert same_targets([], [])


# ---------------------------------------------------------------------------------------------------------------------
# Plan and apply


def test_create_assigns_after_create_instance(graph):
    plan, intent = run(graph, assignments=[{'group_name': 'Corp Laptops'}, {'all_users': True}])
    assert plan.actions == ['create', 'assign']
    writes = graph.writes()
    assert [w[1].rsplit('/', 1)[-1] for w in writes] == ['createInstance', 'assign']
    assert writes[1][1] == 'deviceManagement/intents/%s/assign' % intent['id']
    assert writes[1][2] == build_assign_body(plan.assignment_targets)
    assert plan.before == {}
    assert plan.after['assignments'] == [{'all_users': True}, {'group_id': LAPTOPS, 'mode': 'include'}]
    assert [a['target'] for a in intent['assignments']] == [a['target'] for a in writes[1][2]['assignments']]


def test_create_with_an_empty_set_makes_no_assign_call(graph):
    plan, intent = run(graph, assignments=[])
    assert plan.actions == ['create']
    assert [w[1].rsplit('/', 1)[-1] for w in graph.writes()] == ['createInstance']
    assert intent['assignments'] == []


def test_same_set_in_another_order_makes_no_call_and_reports_it(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = copy.deepcopy(CURRENT)
    plan, intent = run(graph, assignments=list(reversed(DESIRED)))
    assert plan.actions == [] and graph.writes() == []
    assert intent['assignments'] == CURRENT
    assert plan.before['assignments'] == plan.after['assignments'] == assignments_as_options(CURRENT)


def test_shrinking_sends_the_whole_remaining_set_once(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = copy.deepcopy(CURRENT)
    plan, intent = run(graph, assignments=[{'group_id': LAPTOPS}])
    assert plan.actions == ['assign']
    assert graph.writes() == [('POST', 'deviceManagement/intents/%s/assign' % existing['id'],
                               build_assign_body([AssignmentTarget(GROUP_TARGET, LAPTOPS)]), True)]
    assert plan.before['assignments'] == assignments_as_options(CURRENT)
    assert plan.after['assignments'] == [{'group_id': LAPTOPS, 'mode': 'include'}]
    assert plan.predicted_intent['isAssigned'] is True
    assert [a['target']['groupId'] for a in intent['assignments']] == [LAPTOPS]


def test_empty_list_unassigns_with_an_empty_assign(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = copy.deepcopy(CURRENT)
    plan, intent = run(graph, assignments=[])
    assert graph.writes()[0][2] == {'assignments': []}
    assert plan.predicted_intent['assignments'] == [] and plan.predicted_intent['isAssigned'] is False
    assert intent['assignments'] == []


def test_without_the_option_assignments_are_neither_read_nor_written(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = copy.deepcopy(CURRENT)
    plan, intent = run(graph)
    assert plan.actions == [] and plan.assignment_targets is None
    assert graph.requests(path_suffix='/assignments') == [] and graph.writes() == []
    assert 'assignments' not in intent and 'assignments' not in plan.after


def test_state_absent_ignores_assignments(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER)
    plan, _intent = run(graph, state='absent', assignments=[{'all_devices': True}])
    assert plan.actions == ['delete']
    assert graph.requests('GET', 'groups') == [] and graph.requests(path_suffix='/assignments') == []


def test_unresolvable_group_fails_before_create(graph):
    with pytest.raises(InputError):
        plan_intent(graph, parse_intent_inputs(params(assignments=[{'group_name': 'Finance'}])), check_definitions=False)
    assert graph.writes() == []


def test_refused_assign_raises_graph_error_after_the_other_writes(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER, description='old')
    refusal = graph_error(400, method='POST', path='assign', message='Group not found')
    graph.fail('POST', '/assign', refusal)
    plan = plan_intent(graph, parse_intent_inputs(params(description='new', assignments=[{'group_id': LAPTOPS}])), check_definitions=False)
    assert plan.actions == ['patch', 'assign']
    with pytest.raises(type(refusal)) as raised:
        apply_plan(graph, plan)
    assert raised.value is refusal
    assert graph.intents[existing['id']]['description'] == 'new'
