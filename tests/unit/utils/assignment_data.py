# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test data of the assignment domain's unit tests: groups, Graph assignments, and a run of a task with assignments."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import uuid

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.targets import (
    ALL_DEVICES_TARGET,
    EXCLUSION_GROUP_TARGET,
    GROUP_TARGET,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import AssignmentGraph

BITLOCKER = 'd1174162-1dd2-4976-affc-6667049ab0ae'
LAPTOPS = '4c1f0b9e-8a2d-4e5f-b6c7-d8e9f0a1b2c3'
KIOSKS = '5d2a1c0f-9b3e-4f60-a7d8-e9f0a1b2c3d4'
FINANCE = '7f4c3e2b-1d5a-4b82-89fa-0b1c2d3e4f56'
FINANCE_TWIN = '80a5d4f3-2e6b-4c93-9a0b-1c2d3e4f5a67'
OBRIEN = '91b6e5a4-3f7c-4da4-8b1c-2d3e4f5a6b78'
FILTER = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0'
COLLECTION_ID = 'MEM00001'
# A target type Graph may add one day; the collection keeps it as it is.
FUTURE_TARGET = '#microsoft.graph.androidFleetAssignmentTarget'

GROUPS = [{'id': LAPTOPS, 'displayName': 'Corp Laptops'}, {'id': KIOSKS, 'displayName': 'Corp Kiosks'},
          {'id': FINANCE, 'displayName': 'Finance'}, {'id': FINANCE_TWIN, 'displayName': 'finance'},
          {'id': OBRIEN, 'displayName': "O'Brien Team"}]


def assignment_graph():
    fake = AssignmentGraph(GROUPS)
    fake.add_template(BITLOCKER, 'BitLocker')
    return fake


def params(**overrides):
    base = dict(template_id=BITLOCKER, display_name='Corp - BitLocker', state='present')
    base.update(overrides)
    return base


def graph_target(odata_type, group_id=None, filter_id=None, filter_type='none', **members):
    target = dict({'@odata.type': odata_type, 'deviceAndAppManagementAssignmentFilterId': filter_id,
                   'deviceAndAppManagementAssignmentFilterType': filter_type}, **members)
    if group_id is not None:
        target['groupId'] = group_id
    return {'id': str(uuid.uuid4()), 'target': target}


def run(graph, **overrides):
    plan = plan_intent(graph, parse_intent_inputs(params(**overrides)), check_definitions=False)
    return plan, apply_plan(graph, plan)


CURRENT = [graph_target(ALL_DEVICES_TARGET, filter_id=FILTER, filter_type='include'),
           graph_target(GROUP_TARGET, LAPTOPS), graph_target(EXCLUSION_GROUP_TARGET, KIOSKS)]
DESIRED = [{'group_id': KIOSKS, 'mode': 'exclude'}, {'all_devices': True, 'filter_id': FILTER},
           {'group_id': LAPTOPS.upper()}]
