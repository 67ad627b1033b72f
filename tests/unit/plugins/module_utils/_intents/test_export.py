# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""intune_intent_info's selection of intents, their details, and the export as module options."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.export import (
    intent_instance_args,
    list_intents,
    read_intent_details,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.lookup import find_intents
from ansible_collections.msgraph.intune.plugins.module_utils._warnings import Warnings
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import FakeGraph, graph_error


__metaclass__ = type


BITLOCKER = 'd1174162-1dd2-4976-affc-6667049ab0ae'


FIREWALL = '4356d05c-a4ab-4a07-9ece-739f7c792910'


LEGACY = '11111111-2222-3333-4444-555555555555'


GROUP = '4c1f0b9e-8a2d-4e5f-b6c7-d8e9f0a1b2c3'


BOOL = '#microsoft.graph.deviceManagementBooleanSettingInstance'


STRING = '#microsoft.graph.deviceManagementStringSettingInstance'


COMPLEX = '#microsoft.graph.deviceManagementComplexSettingInstance'


ENCRYPT = 'deviceConfiguration--bitLockerEncryptDevice'


ROTATION = 'deviceConfiguration--bitLockerRecoveryPasswordRotation'


DRIVE_POLICY = 'deviceConfiguration--bitLockerSystemDrivePolicy'


STATEFUL_FTP = 'deviceConfiguration--firewallBlockStatefulFTP'


def instance(odata_type, definition_id, value_json, **extra):
    return dict({'@odata.type': odata_type, 'definitionId': definition_id, 'valueJson': value_json}, **extra)


BITLOCKER_DEFAULTS = [
    instance(BOOL, ENCRYPT, 'true', value=True),
    instance(STRING, ROTATION, '"notConfigured"', value='notConfigured'),
    instance(COMPLEX, DRIVE_POLICY, '{"encryptionMethod": "xtsAes256", "minimumPinLength": 6}'),
]


@pytest.fixture
def graph():
    fake = FakeGraph()
    fake.add_template(BITLOCKER, 'BitLocker', default_settings=BITLOCKER_DEFAULTS)
    fake.add_template(FIREWALL, 'Microsoft Defender Firewall', default_settings=[instance(BOOL, STATEFUL_FTP, 'false')])
    return fake


def names(intents):
    return [intent['displayName'] for intent in intents]


@pytest.fixture
def intents(graph):
    return {
        'corp': graph.add_intent('Corp', BITLOCKER),
        'corp_firewall': graph.add_intent('Corp', FIREWALL),
        'corp_lower': graph.add_intent('corp', BITLOCKER),
        'kiosk': graph.add_intent('Kiosk', FIREWALL),
    }


def test_without_filters_every_intent_in_one_request(graph, intents):
    assert names(list_intents(graph)) == ['Corp', 'Corp', 'corp', 'Kiosk']
    assert [call[1:] for call in graph.calls] == [('deviceManagement/intents', None)]


def test_display_name_is_exact_on_every_template(graph, intents):
    assert [i['id'] for i in list_intents(graph, display_name='Corp')] == [intents['corp']['id'],
                                                                           intents['corp_firewall']['id']]
    assert graph.calls[0][2] == {'$filter': "displayName eq 'Corp'"}


def test_find_intents_without_a_template_matches_any_template(graph, intents):
    assert len(find_intents(graph, 'Corp', None)) == 2
    assert find_intents(graph, 'Corp', FIREWALL) == [intents['corp_firewall']]


def test_display_name_and_template(graph, intents):
    assert list_intents(graph, display_name='Corp', template_id=FIREWALL.upper()) == [intents['corp_firewall']]


def test_template_alone_filters_the_full_list_locally(graph, intents):
    assert names(list_intents(graph, template_id=FIREWALL)) == ['Corp', 'Kiosk']
    assert [call[2] for call in graph.calls] == [None]


def test_refused_name_filter_falls_back_with_a_warning(graph, intents):
    graph.filter_refusal = 500
    warnings = Warnings()
    assert names(list_intents(graph, display_name='Kiosk', warnings=warnings)) == ['Kiosk']
    assert len(warnings) == 1 and 'HTTP 500' in warnings[0]


def test_intent_id_reads_that_intent_and_checks_the_other_filters(graph, intents):
    intent_id = intents['kiosk']['id']
    assert list_intents(graph, intent_id=intent_id) == [intents['kiosk']]
    assert [call[1] for call in graph.calls] == ['deviceManagement/intents/' + intent_id]
    assert list_intents(graph, intent_id=intent_id, template_id=FIREWALL, display_name='Kiosk') == [intents['kiosk']]
    assert list_intents(graph, intent_id=intent_id, template_id=BITLOCKER) == []
    assert list_intents(graph, intent_id=intent_id, display_name='kiosk') == []


def test_unknown_intent_id_gives_nothing(graph, intents):
    assert list_intents(graph, intent_id=LEGACY) == []


def test_other_errors_reading_an_intent_are_raised(graph, intents):
    graph.fail('GET', intents['kiosk']['id'], graph_error(403, code='Forbidden'))
    with pytest.raises(GraphError):
        list_intents(graph, intent_id=intents['kiosk']['id'])


def test_export_keeps_only_settings_that_differ_from_the_defaults(graph):
    intent = graph.add_intent('Corp', BITLOCKER, description='By hand', role_scope_tag_ids=['0', 7], settings=[
        instance(BOOL, ENCRYPT, 'true', value=True),
        instance(STRING, ROTATION, '"enabledForAzureAd"', value='enabledForAzureAd'),
        # Same value as the default, other JSON spelling: not exported.
        instance(COMPLEX, DRIVE_POLICY, '{"minimumPinLength":6,"encryptionMethod":"xtsAes256"}'),
    ])
    [detailed] = read_intent_details(graph, [intent])
    assert detailed['settings'] == graph.intent_settings[intent['id']]
    assert detailed['instance_args'] == {
        'template_id': BITLOCKER,
        'display_name': 'Corp',
        'description': 'By hand',
        'role_scope_tag_ids': ['0', '7'],
        # A plain value as an admin writes it (not value_json '"enabledForAzureAd"').
        'settings_delta': [{'definition_id': ROTATION, 'value': 'enabledForAzureAd'}],
    }
    assert 'assignments' not in detailed


def test_export_keeps_the_intents_own_value_json_and_settings_unknown_to_the_template(graph):
    changed_policy = '{"encryptionMethod": "aesCbc128",  "minimumPinLength": 6}'
    intent = graph.add_intent('Corp', BITLOCKER, settings=[
        instance(COMPLEX, DRIVE_POLICY, changed_policy),
        instance(STRING, 'deviceConfiguration--notInTheTemplate', None, value='text'),
    ])
    [detailed] = read_intent_details(graph, [intent])
    assert detailed['instance_args']['settings_delta'] == [
        {'definition_id': DRIVE_POLICY, 'value_json': changed_policy},
        {'definition_id': 'deviceConfiguration--notInTheTemplate', 'value': 'text'},
    ]
    assert detailed['instance_args']['description'] == ''


def test_export_of_an_intent_whose_template_is_unknown_keeps_every_setting(graph):
    settings = [instance(BOOL, ENCRYPT, 'true', value=True), instance(BOOL, STATEFUL_FTP, 'false', value=False)]
    intent = graph.add_intent('Legacy', LEGACY, settings=settings)
    [detailed] = read_intent_details(graph, [intent])
    assert detailed['instance_args']['settings_delta'] == [{'definition_id': ENCRYPT, 'value': True},
                                                           {'definition_id': STATEFUL_FTP, 'value': False}]


def test_template_defaults_are_read_once_per_template(graph):
    intents = [graph.add_intent(name, template) for name, template in
               (('One', BITLOCKER), ('Two', FIREWALL), ('Three', BITLOCKER))]
    read_intent_details(graph, intents)
    assert len(graph.requests('GET', '/settings')) == 3 + 2
    assert len(graph.requests('GET', BITLOCKER + '/settings')) == 1


def test_without_settings_nothing_but_the_intent_is_read(graph):
    intent = graph.add_intent('Corp', BITLOCKER)
    assert read_intent_details(graph, [intent], include_settings=False) == [intent]
    assert graph.calls == []


def test_assignments_are_returned_as_graph_has_them_and_in_the_option_shape(graph):
    intent = graph.add_intent('Corp', BITLOCKER)
    graph.intent_assignments[intent['id']] = [
        {'id': 'a1', 'target': {'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', 'groupId': GROUP,
                                'deviceAndAppManagementAssignmentFilterId': None,
                                'deviceAndAppManagementAssignmentFilterType': 'none'}},
        {'id': 'a2', 'target': {'@odata.type': '#microsoft.graph.allDevicesAssignmentTarget'}},
    ]
    [detailed] = read_intent_details(graph, [intent], include_assignments=True)
    assert detailed['assignments'] == graph.intent_assignments[intent['id']]
    assert detailed['instance_args']['assignments'] == [{'all_devices': True}, {'group_id': GROUP, 'mode': 'exclude'}]
    [without_settings] = read_intent_details(graph, [intent], include_settings=False, include_assignments=True)
    assert 'instance_args' not in without_settings and 'settings' not in without_settings
    assert without_settings['assignments'] == detailed['assignments']


def test_the_export_names_every_group_with_one_read_for_all_intents(graph):
    graph.groups = [{'id': GROUP, 'displayName': 'Corp Laptops'}]
    first, second = graph.add_intent('Corp', BITLOCKER), graph.add_intent('Kiosk', FIREWALL)
    for intent, odata_type in ((first, 'groupAssignmentTarget'), (second, 'exclusionGroupAssignmentTarget')):
        graph.intent_assignments[intent['id']] = [{'id': 'a', 'target': {'@odata.type': '#microsoft.graph.' + odata_type,
                                                                         'groupId': GROUP.upper()}}]
    warnings = Warnings()
    detailed = read_intent_details(graph, [first, second], include_assignments=True, warnings=warnings)
    assert [d['instance_args']['assignments'] for d in detailed] == [
        [{'group_id': GROUP, 'group_name': 'Corp Laptops', 'mode': 'include'}],
        [{'group_id': GROUP, 'group_name': 'Corp Laptops', 'mode': 'exclude'}]]
    # Graph's own shape stays as Graph returned it.
    assert detailed[0]['assignments'][0]['target']['groupId'] == GROUP.upper()
    assert [call[1] for call in graph.calls if call[0] == 'POST'] == ['directoryObjects/getByIds']
    assert warnings == [] and graph.writes() == []


def test_the_export_keeps_the_ids_and_warns_once_when_names_are_refused(graph):
    graph.groups = [{'id': GROUP, 'displayName': 'Corp Laptops'}]
    graph.fail('POST', 'directoryObjects/getByIds', graph_error(403, 'POST', 'directoryObjects/getByIds',
                                                                'Authorization_RequestDenied'))
    intent = graph.add_intent('Corp', BITLOCKER)
    graph.intent_assignments[intent['id']] = [{'id': 'a', 'target': {'@odata.type': '#microsoft.graph.groupAssignmentTarget',
                                                                     'groupId': GROUP}}]
    warnings = Warnings()
    [detailed] = read_intent_details(graph, [intent], include_assignments=True, warnings=warnings)
    assert detailed['instance_args']['assignments'] == [{'group_id': GROUP, 'mode': 'include'}]
    assert len(warnings) == 1 and 'Directory.Read.All' in warnings[0]


def test_details_are_copies(graph):
    intent = graph.add_intent('Corp', BITLOCKER)
    read_intent_details(graph, [intent], include_assignments=True)
    assert 'settings' not in intent and 'assignments' not in intent


def test_instance_args_are_valid_intune_template_instance_options(graph):
    intent = dict(graph.add_intent('Corp', BITLOCKER, settings=[
        instance(COMPLEX, DRIVE_POLICY, json.dumps({'encryptionMethod': 'aesCbc128'})),
        instance(STRING, ROTATION, 'null'),
    ]), assignments=[{'target': {'@odata.type': '#microsoft.graph.groupAssignmentTarget', 'groupId': GROUP}}])
    intent['settings'] = graph.intent_settings[intent['id']]
    args = intent_instance_args(intent, BITLOCKER_DEFAULTS)
    inputs = parse_intent_inputs(args)
    assert (inputs.template_id, inputs.display_name, inputs.role_scope_tag_ids) == (BITLOCKER, 'Corp', ['0'])
    assert [(s.definition_id, s.value) for s in inputs.settings] == [(DRIVE_POLICY, {'encryptionMethod': 'aesCbc128'}),
                                                                     (ROTATION, None)]
    assert [a.group_id for a in inputs.assignments] == [GROUP]


def test_profiles_sharing_a_name_export_their_ids(graph):
    first = graph.add_intent('Corp - Shared', BITLOCKER)
    second = graph.add_intent('Corp - Shared', BITLOCKER)
    alone = graph.add_intent('Corp - Alone', BITLOCKER)
    detailed = read_intent_details(graph, [first, second, alone])
    assert [d['instance_args'].get('intent_id') for d in detailed] == [first['id'], second['id'], None]
    [by_id] = read_intent_details(graph, [alone], by_id=True)
    assert by_id['instance_args']['intent_id'] == alone['id']


def test_a_name_shared_with_another_template_needs_no_id(graph):
    one = graph.add_intent('Corp - Same name', BITLOCKER)
    other = graph.add_intent('Corp - Same name', FIREWALL)
    assert [d['instance_args'].get('intent_id') for d in read_intent_details(graph, [one, other])] == [None, None]
