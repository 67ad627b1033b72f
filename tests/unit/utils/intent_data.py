# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test data of the intent domain's unit tests: templates with BitLocker-like setting definitions, and helpers that
build module options and run a plan."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import FakeGraph

BOOL = '#microsoft.graph.deviceManagementBooleanSettingInstance'
INT = '#microsoft.graph.deviceManagementIntegerSettingInstance'
STRING = '#microsoft.graph.deviceManagementStringSettingInstance'
COMPLEX = '#microsoft.graph.deviceManagementComplexSettingInstance'
COLLECTION = '#microsoft.graph.deviceManagementCollectionSettingInstance'
ABSTRACT = '#microsoft.graph.deviceManagementAbstractComplexSettingInstance'

BITLOCKER = 'd1174162-1dd2-4976-affc-6667049ab0ae'
OLD_BASELINE = '034ccd46-190c-4afc-adf1-ad7cc11262eb'
NEW_BASELINE = '2b6fae4c-a98b-4e45-a3c1-d9eb4f3c1e2b'
NEWER_BASELINE = '7d7a4f1e-0c6b-4a7e-9f3b-2b8e5b0c9a11'
UNKNOWN = '11111111-2222-3333-4444-555555555555'

ENCRYPT = 'deviceConfiguration--bitLockerEncryptDevice'
ROTATION = 'deviceConfiguration--bitLockerRecoveryPasswordRotation'
PIN_LENGTH = 'deviceConfiguration--bitLockerMinimumPinLength'
LABEL = 'deviceConfiguration--bitLockerRecoveryMessage'
RULES = 'deviceConfiguration--firewallRules'
OPTIONS = 'deviceConfiguration--bitLockerSystemDriveOptions'
IMPLEMENTATION = 'deviceConfiguration--bitLockerRemovableDrivePolicy'


def definition(definition_id, value_type, *constraints):
    return {'@odata.type': '#microsoft.graph.deviceManagementSettingDefinition', 'id': definition_id,
            'displayName': definition_id, 'valueType': value_type, 'isTopLevel': True, 'constraints': list(constraints)}


BITLOCKER_CATEGORIES = {
    'encryption': [
        definition(ENCRYPT, 'boolean'),
        definition(ROTATION, 'string', {'@odata.type': '#microsoft.graph.deviceManagementEnumConstraint',
                                        'values': [{'displayName': 'Off', 'value': 'disabled'},
                                                   {'displayName': 'Azure AD', 'value': 'enabledForAzureAd'}]}),
        definition(PIN_LENGTH, 'integer', {'@odata.type': '#microsoft.graph.deviceManagementSettingIntegerConstraint',
                                           'minimumValue': 4, 'maximumValue': 20}),
    ],
    'messages': [
        definition(LABEL, 'string', {'@odata.type': '#microsoft.graph.deviceManagementSettingStringLengthConstraint',
                                     'minimumLength': 1, 'maximumLength': 10}),
        definition(RULES, 'collection'),
        definition(OPTIONS, 'complex'),
        definition(IMPLEMENTATION, 'abstractComplex'),
    ],
}


def instance(odata_type, definition_id, decoded, **extra):
    return dict({'@odata.type': odata_type, 'definitionId': definition_id, 'valueJson': json.dumps(decoded)}, **extra)


def template_graph():
    """A FakeGraph with BitLocker and three versions of a baseline (the oldest deprecated)."""
    fake = FakeGraph(max_retries=2)
    fake.add_template(BITLOCKER, 'BitLocker', categories=BITLOCKER_CATEGORIES)
    fake.add_template(NEW_BASELINE, 'MDM Security Baseline', version='2', published='2023-06-01T00:00:00Z',
                      categories=BITLOCKER_CATEGORIES)
    fake.add_template(NEWER_BASELINE, 'MDM Security Baseline', version='3', published='2024-06-01T00:00:00.1234567Z',
                      categories=BITLOCKER_CATEGORIES)
    fake.add_template(OLD_BASELINE, 'MDM Security Baseline', version='1', deprecated=True,
                      published='2025-01-01T00:00:00Z', migratable_to=[NEW_BASELINE, NEWER_BASELINE])
    return fake


def existing_intent(graph):
    """A BitLocker profile with four settings, two role scope tags and a description."""
    return graph.add_intent('Corp - BitLocker', BITLOCKER, description='Managed', role_scope_tag_ids=['0', '5'], settings=[
        instance(BOOL, ENCRYPT, True, id='s-encrypt', value=True),
        instance(STRING, ROTATION, 'disabled', id='s-rotation', value='disabled'),
        instance(INT, PIN_LENGTH, 6, id='s-pin', value=6),
        instance(COMPLEX, OPTIONS, {'a': 1, 'b': [1, 2]}, id='s-options'),
    ])


def params(**overrides):
    base = dict(template_id=BITLOCKER, template_name=None, template_version=None, migrate_to=None,
                display_name='Corp - BitLocker', description=None, settings_delta=None, role_scope_tag_ids=None,
                state='present', validate_settings=True)
    base.update(overrides)
    return base


def item(definition_id, value=None, value_json=None, odata_type=None):
    return dict(definition_id=definition_id, value=value, value_json=value_json, odata_type=odata_type)


def run(graph, check_definitions=True, **overrides):
    plan = plan_intent(graph, parse_intent_inputs(params(**overrides)), check_definitions=check_definitions)
    return plan, apply_plan(graph, plan)
