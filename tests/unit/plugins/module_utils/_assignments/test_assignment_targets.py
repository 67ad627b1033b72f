# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import (
    ALL_USERS_TARGET,
    COLLECTION_TARGET,
    AssignmentTarget,
    target_from_graph,
)
from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import (
    COLLECTION_ID,
    FILTER,
    FUTURE_TARGET,
    LAPTOPS,
    graph_target,
)


def test_graph_without_filter_members_equals_no_filter():
    bare = {'id': 'a', 'target': {'@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget'}}
    stale_id = graph_target(ALL_USERS_TARGET, filter_id=FILTER, filter_type='none')
    assert target_from_graph(bare) == target_from_graph(stale_id) == AssignmentTarget(ALL_USERS_TARGET)


def test_a_collection_target_is_a_supported_target_with_its_collection_id():
    target = target_from_graph(graph_target(COLLECTION_TARGET.lstrip('#'), collectionId='mem00001'))
    assert target.is_supported and target.collection_id == COLLECTION_ID
    assert target == AssignmentTarget(COLLECTION_TARGET, collection_id=COLLECTION_ID)
    assert target.to_option() == {'collection_id': COLLECTION_ID}
    assert target.to_graph()['collectionId'] == COLLECTION_ID


def test_an_unknown_target_type_keeps_its_members_and_compares_without_default_filter_members():
    bare = target_from_graph({'target': {'@odata.type': FUTURE_TARGET, 'fleetId': 'F-1'}})
    full = target_from_graph(graph_target(FUTURE_TARGET, fleetId='F-1'))
    other = target_from_graph(graph_target(FUTURE_TARGET, fleetId='F-2'))
    assert not bare.is_supported
    assert bare == full != other
    assert full.to_option() == {'unsupported_target': graph_target(FUTURE_TARGET, fleetId='F-1')['target']}
    assert 'F-1' in full.describe()


def test_the_option_shows_a_group_name_only_for_the_groups_a_task_named():
    target = AssignmentTarget('#microsoft.graph.groupAssignmentTarget', LAPTOPS.upper())
    assert target.to_option() == {'group_id': LAPTOPS, 'mode': 'include'}
    named = {'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'}
    assert target.to_option({LAPTOPS: 'Corp Laptops'}) == named
    assert target.to_option({'other': 'x'}) == {'group_id': LAPTOPS, 'mode': 'include'}
