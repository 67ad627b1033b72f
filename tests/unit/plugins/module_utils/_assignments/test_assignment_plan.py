# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest
from hypothesis import given, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.groups import resolve_targets
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.inputs import normalise_assignments
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.plan import (
    assignments_as_options,
    build_assign_body,
    same_targets,
)
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import (
    ALL_DEVICES_TARGET,
    ALL_USERS_TARGET,
    COLLECTION_TARGET,
    GROUP_TARGET,
    AssignmentTarget,
)
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import (
    BITLOCKER,
    COLLECTION_ID,
    CURRENT,
    DESIRED,
    FILTER,
    FUTURE_TARGET,
    KIOSKS,
    LAPTOPS,
    graph_target,
    params,
    run,
)
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error

# ---------------------------------------------------------------------------------------------------------------------
# Comparison and the option shape


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


def test_graph_assignments_as_options_are_sorted_and_round_trip(graph):
    current = CURRENT + [graph_target(COLLECTION_TARGET, collectionId=COLLECTION_ID),
                         graph_target(FUTURE_TARGET, fleetId='F-1')]
    options = assignments_as_options(current)
    assert options == [{'all_devices': True, 'filter_id': FILTER, 'filter_type': 'include'},
                       {'group_id': LAPTOPS, 'mode': 'include'},
                       {'group_id': KIOSKS, 'mode': 'exclude'},
                       {'collection_id': COLLECTION_ID},
                       {'unsupported_target': current[-1]['target']}]
    assert same_targets(resolve_targets(graph, normalise_assignments(options)), current)


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
    assert plan.after['assignments'] == [{'all_users': True},
                                         {'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'}]
    assert [a['target'] for a in intent['assignments']] == [a['target'] for a in writes[1][2]['assignments']]
    assert plan.predicted_intent['isAssigned'] is True


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


def test_a_named_group_shows_its_name_on_both_sides_of_the_diff(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = [graph_target(GROUP_TARGET, LAPTOPS)]
    plan, _intent = run(graph, assignments=[{'group_name': 'Corp Laptops'}, {'group_id': KIOSKS}])
    assert plan.before['assignments'] == [{'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'}]
    assert plan.after['assignments'] == [{'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'},
                                         {'group_id': KIOSKS, 'mode': 'include'}]


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


def test_a_collection_target_round_trips_without_change(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = [graph_target(COLLECTION_TARGET, collectionId=COLLECTION_ID),
                                         graph_target(GROUP_TARGET, LAPTOPS)]
    plan, _intent = run(graph, assignments=[{'group_id': LAPTOPS}, {'collection_id': COLLECTION_ID}])
    assert plan.actions == [] and graph.writes() == []


def test_a_target_of_an_unknown_type_is_never_dropped_silently(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    future = graph_target(FUTURE_TARGET, fleetId='F-1')
    graph.assignments[existing['id']] = [future, graph_target(GROUP_TARGET, LAPTOPS)]
    with pytest.raises(InputError) as raised:
        run(graph, assignments=[{'group_id': LAPTOPS}, {'group_id': KIOSKS}])
    assert raised.value.field == 'assignments'
    assert 'F-1' in str(raised.value) and 'remove_unsupported_targets' in str(raised.value)
    assert graph.writes() == []
    # Listed as exported, it is kept (and sent back unchanged with the new group).
    plan, _intent = run(graph, assignments=[{'group_id': LAPTOPS}, {'group_id': KIOSKS},
                                            {'unsupported_target': future['target']}])
    assert plan.actions == ['assign']
    assert future['target'] in [a['target'] for a in graph.writes()[0][2]['assignments']]


def test_remove_unsupported_targets_drops_them_on_purpose(graph):
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = [graph_target(FUTURE_TARGET, fleetId='F-1'), graph_target(GROUP_TARGET, LAPTOPS)]
    plan, intent = run(graph, assignments=[{'group_id': LAPTOPS}], remove_unsupported_targets=True)
    assert plan.actions == ['assign']
    assert [a['target']['@odata.type'] for a in intent['assignments']] == [GROUP_TARGET]


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
