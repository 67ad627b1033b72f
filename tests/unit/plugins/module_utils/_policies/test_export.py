# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""intune_configuration_policy_info's export (policy_args): assignments in the option's shape, groups named."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._policies.export import read_policy_details
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import KIOSKS, LAPTOPS
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import existing_policy

GROUP_TARGET = '#microsoft.graph.groupAssignmentTarget'
EXCLUDE_TARGET = '#microsoft.graph.exclusionGroupAssignmentTarget'
ALL_DEVICES_TARGET = '#microsoft.graph.allDevicesAssignmentTarget'


def assigned(graph, name, *targets):
    policy = existing_policy(graph, name)
    graph.policy_assignments[policy['id']] = [{'id': '%s_%d' % (policy['id'], n), 'target': target}
                                              for n, target in enumerate(targets)]
    return policy


def test_policy_args_name_every_group_with_one_read_for_all_policies(graph):
    first = assigned(graph, 'First', {'@odata.type': GROUP_TARGET, 'groupId': LAPTOPS},
                     {'@odata.type': ALL_DEVICES_TARGET})
    second = assigned(graph, 'Second', {'@odata.type': EXCLUDE_TARGET, 'groupId': KIOSKS})
    warnings = Warnings()
    detailed = read_policy_details(graph, [first, second], include_assignments=True, warnings=warnings)
    assert [d['policy_args']['assignments'] for d in detailed] == [
        [{'all_devices': True}, {'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'}],
        [{'group_id': KIOSKS, 'group_name': 'Corp Kiosks', 'mode': 'exclude'}]]
    [read] = [call for call in graph.calls if call[1] == 'directoryObjects/getByIds']
    assert read[2] == {'ids': sorted([LAPTOPS, KIOSKS]), 'types': ['group']}
    assert warnings == [] and graph.writes() == []


def test_without_assignments_or_settings_no_name_is_asked(graph):
    policy = assigned(graph, 'First', {'@odata.type': GROUP_TARGET, 'groupId': LAPTOPS})
    read_policy_details(graph, [policy])
    read_policy_details(graph, [policy], include_settings=False, include_assignments=True)
    assert not [call for call in graph.calls if call[1] == 'directoryObjects/getByIds']


def test_a_refused_read_leaves_the_ids_and_one_warning(graph):
    graph.fail('POST', 'directoryObjects/getByIds', graph_error(403, 'POST', 'directoryObjects/getByIds',
                                                                'Authorization_RequestDenied'))
    policy = assigned(graph, 'First', {'@odata.type': GROUP_TARGET, 'groupId': LAPTOPS})
    warnings = Warnings()
    [detailed] = read_policy_details(graph, [policy], include_assignments=True, warnings=warnings)
    assert detailed['policy_args']['assignments'] == [{'group_id': LAPTOPS, 'mode': 'include'}]
    assert len(warnings) == 1 and 'Directory.Read.All' in warnings[0]
