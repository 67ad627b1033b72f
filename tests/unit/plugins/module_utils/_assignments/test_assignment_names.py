# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Group display names (names.py): one getByIds for all groups, only for a diff or beside an assign, labels checked,
and a refusal that costs the names only."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import uuid

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.names import (
    GET_BY_IDS_PATH,
    group_display_names,
    name_exported_groups,
    name_planned_groups,
    named_options,
)
from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import EXCLUSION_GROUP_TARGET, GROUP_TARGET
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import (
    BITLOCKER,
    FINANCE,
    KIOSKS,
    LAPTOPS,
    OBRIEN,
    graph_target,
    params,
)
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error, transport_error

UNKNOWN = '00000000-0000-4000-8000-0000000000aa'


def name_reads(graph):
    return [call for call in graph.calls if call[1] == GET_BY_IDS_PATH]


# ---------------------------------------------------------------------------------------------------------------------
# group_display_names


def test_one_read_for_every_id_at_once_unknown_ids_absent(graph):
    warnings = Warnings()
    names = group_display_names(graph, [LAPTOPS.upper(), KIOSKS, LAPTOPS, UNKNOWN, None], warnings)
    assert names == {LAPTOPS: 'Corp Laptops', KIOSKS: 'Corp Kiosks'}
    assert name_reads(graph) == [('POST', GET_BY_IDS_PATH, {'ids': sorted([LAPTOPS, KIOSKS, UNKNOWN]), 'types': ['group']},
                                  'read')]
    assert warnings == [] and graph.writes() == []


def test_no_ids_no_request(graph):
    assert group_display_names(graph, [], Warnings()) == {}
    assert graph.calls == []


def test_more_than_1000_ids_take_a_call_per_1000(graph):
    ids = [str(uuid.UUID(int=n)) for n in range(2001)] + [FINANCE]
    names = group_display_names(graph, ids, Warnings())
    assert names == {FINANCE: 'Finance'}
    assert [len(call[2]['ids']) for call in name_reads(graph)] == [1000, 1000, 2]


@pytest.mark.parametrize('error', [graph_error(403, 'POST', GET_BY_IDS_PATH, 'Authorization_RequestDenied',
                                               'Insufficient privileges to complete the operation.'),
                                   graph_error(404, 'POST', GET_BY_IDS_PATH, 'Request_ResourceNotFound'),
                                   graph_error(400, 'POST', GET_BY_IDS_PATH),
                                   transport_error('POST', GET_BY_IDS_PATH)])
def test_a_refusal_is_one_warning_naming_the_permission_and_no_names(graph, error):
    graph.fail('POST', GET_BY_IDS_PATH, error, times=2)
    warnings = Warnings()
    assert group_display_names(graph, [LAPTOPS], warnings) is None
    assert group_display_names(graph, [KIOSKS], warnings) is None
    [warning] = warnings
    assert warning.startswith('group names are not shown, only group ids: Graph POST /directoryObjects/getByIds failed')
    assert 'Directory.Read.All' in warning


def test_objects_graph_may_not_read_come_without_a_name_and_a_warning(graph):
    graph.groups.append({'id': UNKNOWN, 'displayName': None})
    warnings = Warnings()
    assert group_display_names(graph, [UNKNOWN, LAPTOPS], warnings) == {LAPTOPS: 'Corp Laptops', UNKNOWN: None}
    assert len(warnings) == 1 and 'Directory.Read.All' in warnings[0]


def test_a_label_of_a_group_returned_without_its_name_is_not_called_missing(graph):
    graph.groups.append({'id': UNKNOWN, 'displayName': None})
    plan = planned(graph, [], [{'group_id': UNKNOWN.upper(), 'group_name': 'Hidden'}])
    name_planned_groups(graph, plan, diff=True)
    # Only the permission warning: the directory has the group, Graph did not say its name.
    assert len(plan.warnings) == 1 and 'Directory.Read.All' in plan.warnings[0]
    # A diff shows the directory's names, never a label: this group stands by its id.
    assert plan.after['assignments'] == [{'group_id': UNKNOWN, 'mode': 'include'}]


def test_names_are_found_whatever_the_case_of_the_id():
    assert named_options([{'group_id': LAPTOPS.upper()}], {LAPTOPS: 'Corp Laptops'}) == [
        {'group_id': LAPTOPS.upper(), 'group_name': 'Corp Laptops'}]


# ---------------------------------------------------------------------------------------------------------------------
# named_options and exports


def test_named_options_put_the_name_beside_the_id_and_leave_the_rest():
    options = [{'all_devices': True}, {'group_id': LAPTOPS, 'mode': 'include', 'filter_id': 'f', 'filter_type': 'include'},
               {'group_id': KIOSKS, 'group_name': 'Kept', 'mode': 'exclude'}, {'group_id': UNKNOWN, 'mode': 'include'}]
    original = copy.deepcopy(options)
    named = named_options(options, {LAPTOPS: 'Corp Laptops'})
    assert named == [{'all_devices': True},
                     {'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include', 'filter_id': 'f',
                      'filter_type': 'include'},
                     {'group_id': KIOSKS, 'group_name': 'Kept', 'mode': 'exclude'},
                     {'group_id': UNKNOWN, 'mode': 'include'}]
    assert [list(option) for option in named][1] == ['group_id', 'group_name', 'mode', 'filter_id', 'filter_type']
    assert options == original


def test_exports_are_named_with_one_read_for_all_of_them(graph):
    exports = [{'assignments': [{'group_id': LAPTOPS, 'mode': 'include'}]}, {'display_name': 'no assignments'},
               {'assignments': [{'group_id': OBRIEN, 'mode': 'exclude'}, {'all_users': True}]}]
    name_exported_groups(graph, exports, Warnings())
    assert exports[0]['assignments'] == [{'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'}]
    assert exports[2]['assignments'][0] == {'group_id': OBRIEN, 'group_name': "O'Brien Team", 'mode': 'exclude'}
    assert len(name_reads(graph)) == 1


def test_exports_without_groups_make_no_request(graph):
    name_exported_groups(graph, [{'assignments': [{'all_devices': True}]}, {}], Warnings())
    assert graph.calls == []


# ---------------------------------------------------------------------------------------------------------------------
# name_planned_groups


def planned(graph, current, assignments, **overrides):
    """The plan of a task on an existing intent assigned to ``current`` (Graph targets)."""
    existing = graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.assignments[existing['id']] = copy.deepcopy(current)
    plan = plan_intent(graph, parse_intent_inputs(params(assignments=assignments, **overrides)), check_definitions=False)
    graph.calls[:] = []
    return plan


def test_without_drift_and_diff_nothing_is_asked(graph):
    plan = planned(graph, [graph_target(GROUP_TARGET, LAPTOPS)], [{'group_id': LAPTOPS, 'group_name': 'Stale label'}])
    name_planned_groups(graph, plan, diff=False)
    assert graph.calls == [] and plan.warnings == []


def test_a_diff_names_added_and_removed_groups_on_both_sides(graph):
    plan = planned(graph, [graph_target(GROUP_TARGET, LAPTOPS), graph_target(EXCLUSION_GROUP_TARGET, KIOSKS)],
                   [{'group_id': LAPTOPS}, {'group_id': FINANCE, 'mode': 'exclude'}])
    name_planned_groups(graph, plan, diff=True)
    assert plan.before['assignments'] == [{'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'},
                                          {'group_id': KIOSKS, 'group_name': 'Corp Kiosks', 'mode': 'exclude'}]
    assert plan.after['assignments'] == [{'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'},
                                         {'group_id': FINANCE, 'group_name': 'Finance', 'mode': 'exclude'}]
    [read] = name_reads(graph)
    assert read[2]['ids'] == sorted([LAPTOPS, KIOSKS, FINANCE])
    assert plan.group_names[KIOSKS] == 'Corp Kiosks' and plan.warnings == []


def test_an_assign_names_the_groups_without_a_diff(graph):
    plan = planned(graph, [], [{'group_id': KIOSKS}])
    assert plan.actions == ['assign']
    name_planned_groups(graph, plan, diff=False)
    assert len(name_reads(graph)) == 1
    assert plan.after['assignments'] == [{'group_id': KIOSKS, 'group_name': 'Corp Kiosks', 'mode': 'include'}]


def test_groups_a_name_lookup_found_are_not_asked_again(graph):
    plan = planned(graph, [graph_target(GROUP_TARGET, LAPTOPS)], [{'group_name': 'corp laptops'}])
    name_planned_groups(graph, plan, diff=True)
    assert graph.calls == []
    assert plan.before['assignments'] == plan.after['assignments'] == [
        {'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'}]


def test_a_label_that_is_out_of_date_is_a_warning_and_the_current_name_shows(graph):
    plan = planned(graph, [graph_target(GROUP_TARGET, LAPTOPS)],
                   [{'group_id': LAPTOPS, 'group_name': 'Old Laptops'}, {'group_id': KIOSKS, 'group_name': 'corp kiosks'}])
    name_planned_groups(graph, plan, diff=True)
    assert plan.warnings == ["assignments[0].group_name: group 'Old Laptops' (%s) is now named 'Corp Laptops'; group_id "
                             "decides which group is assigned, so only the label is out of date" % LAPTOPS]
    assert plan.after['assignments'][1] == {'group_id': KIOSKS, 'group_name': 'Corp Kiosks', 'mode': 'include'}
    assert plan.actions == ['assign']


def test_a_label_of_a_group_the_directory_does_not_have_is_a_warning(graph):
    plan = planned(graph, [], [{'group_id': UNKNOWN, 'group_name': 'Gone'}])
    name_planned_groups(graph, plan, diff=False)
    assert plan.warnings == ["assignments[0].group_id: the directory has no group %s (group_name says 'Gone'); the "
                             "assignment names the id as it is" % UNKNOWN]
    assert plan.after['assignments'] == [{'group_id': UNKNOWN, 'mode': 'include'}]


def test_a_refusal_leaves_ids_checks_no_label_and_warns_once(graph):
    graph.fail('POST', GET_BY_IDS_PATH, graph_error(403, 'POST', GET_BY_IDS_PATH, 'Authorization_RequestDenied'))
    plan = planned(graph, [graph_target(GROUP_TARGET, KIOSKS)], [{'group_id': LAPTOPS, 'group_name': 'Old Laptops'}])
    name_planned_groups(graph, plan, diff=True)
    assert plan.before['assignments'] == [{'group_id': KIOSKS, 'mode': 'include'}]
    assert plan.after['assignments'] == [{'group_id': LAPTOPS, 'mode': 'include'}]
    assert len(plan.warnings) == 1 and 'Directory.Read.All' in plan.warnings[0]
    assert plan.actions == ['assign']


def test_unmanaged_assignments_are_not_named(graph):
    plan = planned(graph, [graph_target(GROUP_TARGET, LAPTOPS)], None, description='changed')
    name_planned_groups(graph, plan, diff=True)
    assert graph.calls == [] and 'assignments' not in plan.before
