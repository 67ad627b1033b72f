# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A template's setting definitions, the nested definitions they refer to, and its default settings."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._cache import GraphCache
from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._setting_definitions import (
    load_nested_definitions,
    load_setting_definitions,
    template_default_settings,
    with_setting_definitions,
)
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import FakeGraph, graph_error

BITLOCKER = 'd1174162-1dd2-4976-affc-6667049ab0ae'
POLICY = 'deviceConfiguration--bitLockerSystemDrivePolicy'
METHOD = POLICY + '_encryptionMethod'
PROFILE = 'deviceConfiguration--firewallProfileDomain'
NETWORK_PROFILE = 'deviceConfiguration--windowsFirewallNetworkProfile'
FIREWALL_ON = NETWORK_PROFILE + '_firewallEnabled'
ENCRYPT = 'deviceConfiguration--bitLockerEncryptDevice'


def definition(definition_id, value_type, **extra):
    return dict({'id': definition_id, 'displayName': definition_id, 'valueType': value_type, 'constraints': []}, **extra)


@pytest.fixture
def graph():
    fake = FakeGraph()
    fake.cache = GraphCache('https://127.0.0.1/beta')
    fake.add_template(BITLOCKER, 'BitLocker', categories={
        'encryption': [definition(ENCRYPT, 'boolean'),
                       definition(POLICY, 'complex', propertyDefinitionIds=[METHOD, POLICY + '_gone'])],
        'firewall': [definition(PROFILE, 'abstractComplex', implementations=[NETWORK_PROFILE])],
    })
    for nested in (definition(METHOD, 'string', isTopLevel=False),
                   definition(NETWORK_PROFILE, 'complex', isTopLevel=False, propertyDefinitionIds=[FIREWALL_ON]),
                   definition(FIREWALL_ON, 'boolean', isTopLevel=False)):
        fake.setting_definitions[nested['id']] = nested
    return fake


def test_definitions_are_loaded_from_every_category_once(graph):
    definitions = load_setting_definitions(graph, BITLOCKER)
    assert list(definitions) == [ENCRYPT, POLICY, PROFILE]
    assert load_setting_definitions(graph, BITLOCKER.upper()) == definitions
    assert [c[1] for c in graph.calls] == [
        'deviceManagement/templates/%s/categories' % BITLOCKER,
        'deviceManagement/templates/%s/categories/encryption/settingDefinitions' % BITLOCKER,
        'deviceManagement/templates/%s/categories/firewall/settingDefinitions' % BITLOCKER,
    ]


def test_nested_definitions_are_followed_to_the_end_and_unknown_ids_left_out(graph):
    nested = load_nested_definitions(graph, BITLOCKER, load_setting_definitions(graph, BITLOCKER))
    # An implementation's own properties are read too; a property Graph does not know is left out.
    assert sorted(nested) == sorted([METHOD, NETWORK_PROFILE, FIREWALL_ON])
    reads = [c[1] for c in graph.requests('GET') if c[1].startswith('deviceManagement/settingDefinitions/')]
    assert sorted(reads) == sorted('deviceManagement/settingDefinitions/' + i
                                   for i in (METHOD, POLICY + '_gone', NETWORK_PROFILE, FIREWALL_ON))
    calls = len(graph.calls)
    assert load_nested_definitions(graph, BITLOCKER, load_setting_definitions(graph, BITLOCKER)) == nested
    assert len(graph.calls) == calls


def test_template_info_lists_the_nested_definitions_after_the_templates_own(graph):
    (detailed,) = with_setting_definitions(graph, [graph.templates[BITLOCKER]])
    listed = [d['id'] for d in detailed['settingDefinitions']]
    assert listed[:3] == [ENCRYPT, POLICY, PROFILE]
    assert sorted(listed[3:]) == sorted([METHOD, NETWORK_PROFILE, FIREWALL_ON])
    assert 'settingDefinitions' not in graph.templates[BITLOCKER]


def test_setting_definitions_of_no_template_cost_no_request(graph):
    assert with_setting_definitions(graph, []) == []
    assert graph.calls == []


def test_template_defaults_of_no_template_cost_no_request(graph):
    assert template_default_settings(graph, None) is None
    assert template_default_settings(graph, '') is None
    assert graph.calls == []


def test_template_defaults_are_read_once(graph):
    graph.template_settings[BITLOCKER] = [{'definitionId': ENCRYPT, 'valueJson': 'true'}]
    assert template_default_settings(graph, BITLOCKER) == template_default_settings(graph, BITLOCKER)
    assert len(graph.requests('GET', BITLOCKER + '/settings')) == 1


def test_other_errors_reading_template_defaults_are_raised(graph):
    graph.fail('GET', BITLOCKER + '/settings', graph_error(500, code='InternalServerError'))
    with pytest.raises(GraphError):
        template_default_settings(graph, BITLOCKER)
