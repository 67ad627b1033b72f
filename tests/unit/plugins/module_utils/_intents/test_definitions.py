# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired settings against setting definitions: ids, value types, constraints, instance types."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.definitions import (
    check_settings_against_definitions,
    derive_setting_types,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import normalise_settings_delta
from ansible_collections.msgraph.intune.plugins.module_utils._setting_definitions import load_setting_definitions
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    ABSTRACT,
    BITLOCKER,
    BOOL,
    COLLECTION,
    COMPLEX,
    ENCRYPT,
    IMPLEMENTATION,
    INT,
    LABEL,
    OPTIONS,
    PIN_LENGTH,
    ROTATION,
    RULES,
    STRING,
    definition,
    item,
)


@pytest.fixture
def definitions(graph):
    return load_setting_definitions(graph, BITLOCKER)


def check(definitions, *items):
    return check_settings_against_definitions(normalise_settings_delta(list(items)), definitions)


def test_instance_types_come_from_the_value_type(definitions):
    checked = check(definitions, item(ENCRYPT, False), item(PIN_LENGTH, 6), item(ROTATION, 'disabled'),
                    item(RULES, value_json='[{"name":"a"}]'), item(OPTIONS, [1, 2]), item(IMPLEMENTATION, {'a': 1}),
                    item(LABEL, value_json='null'))
    assert [s.odata_type for s in checked] == [BOOL, INT, STRING, COLLECTION, COMPLEX, ABSTRACT, STRING]


def test_an_odata_type_contradicting_the_value_type_fails(definitions):
    with pytest.raises(InputError) as raised:
        check(definitions, item(ENCRYPT, True), item(PIN_LENGTH, value_json='"6"', odata_type=STRING))
    assert raised.value.field == 'settings_delta[1].odata_type'
    assert "'integer'" in str(raised.value)


@pytest.mark.parametrize('setting, field, fragment', [
    (item(PIN_LENGTH, True), 'settings_delta[0].value', 'needs an integer, got a boolean'),
    (item(PIN_LENGTH, '6'), 'settings_delta[0].value', 'needs an integer, got a string'),
    (item(ENCRYPT, value_json='1'), 'settings_delta[0].value_json', 'needs a boolean, got an integer'),
    (item(OPTIONS, 'x'), 'settings_delta[0].value', 'needs a JSON object or array'),
    (item(ROTATION, 'enabled'), 'settings_delta[0].value', "'disabled', 'enabledForAzureAd'"),
    (item(PIN_LENGTH, 3), 'settings_delta[0].value', 'between 4 and 20, got 3'),
    (item(PIN_LENGTH, 21), 'settings_delta[0].value', 'between 4 and 20, got 21'),
    (item(LABEL, ''), 'settings_delta[0].value', 'length between 1 and 10, got 0'),
    (item(LABEL, 'x' * 11), 'settings_delta[0].value', 'length between 1 and 10, got 11'),
])
def test_values_must_fit_the_definition(definitions, setting, field, fragment):
    with pytest.raises(InputError) as raised:
        check(definitions, setting)
    assert raised.value.field == field
    assert fragment in str(raised.value)


@pytest.mark.parametrize('setting', [item(PIN_LENGTH, 4), item(PIN_LENGTH, 20), item(LABEL, 'x' * 10),
                                     item(ROTATION, 'enabledForAzureAd'), item(PIN_LENGTH, value_json='null')])
def test_values_at_the_constraint_bounds_pass(definitions, setting):
    assert len(check(definitions, setting)) == 1


def test_enum_of_strings_matches_a_boolean_by_its_json_text():
    definitions = {'flag': definition('flag', 'boolean', {'@odata.type': '#microsoft.graph.deviceManagementEnumConstraint',
                                                          'values': [{'value': 'true'}]})}
    assert check(definitions, item('flag', True))[0].odata_type == BOOL
    with pytest.raises(InputError, match="'true'"):
        check(definitions, item('flag', False))


def test_unknown_definition_id_names_the_closest_ids(definitions):
    with pytest.raises(InputError) as raised:
        check(definitions, item(ENCRYPT, True), item('deviceConfiguration--bitLockerEncrpytDevice', True))
    assert raised.value.field == 'settings_delta[1].definition_id'
    assert 'closest valid ids: %s' % ENCRYPT in str(raised.value)


def test_unknown_definition_id_without_close_ids_says_so(definitions):
    with pytest.raises(InputError, match='no valid id is close; the template has 7 settings'):
        check(definitions, item('zz', True))


def test_definition_without_a_known_value_type_falls_back_to_the_python_type():
    definitions = {'x': {'id': 'x'}}
    assert check(definitions, item('x', 3))[0].odata_type == INT


@pytest.mark.parametrize('value, odata_type', [(True, BOOL), (False, BOOL), (0, INT), ('0', STRING), ([], COLLECTION),
                                               ({}, COMPLEX)])
def test_instance_types_from_python_values_without_definitions(value, odata_type):
    [setting] = derive_setting_types(normalise_settings_delta([item('d', value)]))
    assert setting.odata_type == odata_type


def test_a_null_value_needs_an_odata_type_without_definitions():
    with pytest.raises(InputError) as raised:
        derive_setting_types(normalise_settings_delta([item('d', 1), item('e', value_json='null')]))
    assert raised.value.field == 'settings_delta[1].odata_type'


def test_existing_instance_type_wins_over_the_python_type_without_definitions():
    desired = normalise_settings_delta([item('d', value_json='null'), item('e', [1]), item('f', '1', odata_type=STRING)])
    typed = derive_setting_types(desired, {'d': INT, 'e': COMPLEX, 'f': INT})
    assert [s.odata_type for s in typed] == [INT, COMPLEX, STRING]


# ---------------------------------------------------------------------------------------------------------------------
# Complex, collection and abstract complex values against their nested definitions

POLICY = 'deviceConfiguration--bitLockerSystemDrivePolicy'
METHOD = POLICY + '_encryptionMethod'
STARTUP_PIN = POLICY + '_minimumPinLength'
EXTENSIONS = 'deviceConfiguration--defenderFileExtensionsToExclude'
EXTENSION = EXTENSIONS + '_item'
PROFILE = 'deviceConfiguration--firewallProfileDomain'
NETWORK_PROFILE = 'deviceConfiguration--windowsFirewallNetworkProfile'
FIREWALL_ON = NETWORK_PROFILE + '_firewallEnabled'
ENUM = '#microsoft.graph.deviceManagementEnumConstraint'


def nested_definition(definition_id, value_type, *constraints, **extra):
    return dict(definition(definition_id, value_type, *constraints), isTopLevel=False, **extra)


NESTED_TEMPLATE = dict((d['id'], d) for d in [
    dict(definition(POLICY, 'complex'), propertyDefinitionIds=[METHOD, STARTUP_PIN]),
    dict(definition(EXTENSIONS, 'collection', {'@odata.type': '#microsoft.graph.deviceManagementSettingCollectionConstraint',
                                               'minimumLength': 0, 'maximumLength': 2}), elementDefinitionId=EXTENSION),
    dict(definition(PROFILE, 'abstractComplex'), implementations=[NETWORK_PROFILE]),
])
NESTED = dict((d['id'], d) for d in [
    nested_definition(METHOD, 'string', {'@odata.type': ENUM, 'values': [{'value': 'xtsAes128'}, {'value': 'xtsAes256'}]}),
    nested_definition(STARTUP_PIN, 'integer', {'@odata.type': '#microsoft.graph.deviceManagementSettingIntegerConstraint',
                                               'minimumValue': 4, 'maximumValue': 20}),
    nested_definition(EXTENSION, 'string', {'@odata.type': '#microsoft.graph.deviceManagementSettingStringLengthConstraint',
                                            'minimumLength': 1, 'maximumLength': 8}),
    nested_definition(NETWORK_PROFILE, 'complex', propertyDefinitionIds=[FIREWALL_ON]),
    nested_definition(FIREWALL_ON, 'boolean'),
])


def check_nested(*items):
    return check_settings_against_definitions(normalise_settings_delta(list(items)), NESTED_TEMPLATE, NESTED)


def test_valid_structured_values_pass():
    checked = check_nested(item(POLICY, {'encryptionMethod': 'xtsAes128', 'minimumPinLength': None}),
                           item(EXTENSIONS, ['.log', '.tmp']), item(PROFILE, {'firewallEnabled': True}))
    assert [s.odata_type for s in checked] == [COMPLEX, COLLECTION, ABSTRACT]


@pytest.mark.parametrize('setting, definition_id, fragment', [
    (item(POLICY, {'minPinLength': 6}), POLICY, 'minPinLength is not a property of this complex value (did you mean '
                                                'minimumPinLength?); its properties: encryptionMethod, minimumPinLength'),
    (item(POLICY, {'encryptionMethod': 'xtsAes999'}), POLICY,
     "encryptionMethod: 'xtsAes999' is not one of the allowed values: 'xtsAes128', 'xtsAes256'"),
    (item(POLICY, {'minimumPinLength': 30}), POLICY, 'minimumPinLength: must be between 4 and 20, got 30'),
    (item(POLICY, {'minimumPinLength': '6'}), POLICY, "minimumPinLength needs an integer (valueType 'integer' of %s), "
                                                      "got a string" % STARTUP_PIN),
    (item(EXTENSIONS, ['.log', 7]), EXTENSIONS, '[1] needs a string'),
    (item(EXTENSIONS, ['.log', None]), EXTENSIONS, '[1] is null'),
    (item(EXTENSIONS, ['.extension']), EXTENSIONS, '[0]: must have a length between 1 and 8, got 10'),
    (item(EXTENSIONS, ['.a', '.b', '.c']), EXTENSIONS, 'must have a number of items between 0 and 2, got 3'),
    (item(PROFILE, {'firewallEnabled': 'yes'}), PROFILE, 'firewallEnabled needs a boolean'),
    (item(PROFILE, {'blockInbound': True}), PROFILE, 'blockInbound is not a property'),
])
def test_structured_values_are_checked_against_their_nested_definitions(setting, definition_id, fragment):
    with pytest.raises(InputError) as raised:
        check_nested(setting)
    assert raised.value.field == 'settings_delta[0].value'
    assert raised.value.definition_id == definition_id
    assert str(raised.value).startswith('settings_delta[0].value (definition_id %s): ' % definition_id)
    assert fragment in str(raised.value)


def test_nested_definitions_that_are_not_known_are_not_guessed_at():
    # Without the nested definitions, any properties and items pass (Graph then decides).
    checked = check_settings_against_definitions(normalise_settings_delta([item(POLICY, {'anything': 1}),
                                                                           item(EXTENSIONS, [1, None])]), NESTED_TEMPLATE)
    assert [s.odata_type for s in checked] == [COMPLEX, COLLECTION]


def test_a_nested_definition_is_not_a_setting_of_the_template():
    with pytest.raises(InputError) as raised:
        check_nested(item(METHOD, 'xtsAes128'))
    assert raised.value.field == 'settings_delta[0].definition_id'
