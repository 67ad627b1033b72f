# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest
from hypothesis import given, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._graph import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._intents import (
    DesiredSetting,
    IntentError,
    IntentInputError,
    apply_plan,
    build_create_instance_body,
    check_settings_against_definitions,
    decode_setting_value,
    derive_setting_types,
    find_intents,
    load_setting_definitions,
    normalise_settings_delta,
    odata_string_literal,
    parse_intent_inputs,
    plan_intent,
    resolve_template,
    setting_values_equal,
    unwrap_entity,
)
from ansible_collections.msgraph.intune.tests.unit.plugins.module_utils.fake_graph import (
    FakeGraph,
    graph_error,
    parse_odata_string_literal,
    transport_error,
)

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


@pytest.fixture
def graph():
    fake = FakeGraph(max_retries=2)
    fake.add_template(BITLOCKER, 'BitLocker', categories=BITLOCKER_CATEGORIES)
    fake.add_template(NEW_BASELINE, 'MDM Security Baseline', version='2', published='2023-06-01T00:00:00Z',
                      categories=BITLOCKER_CATEGORIES)
    fake.add_template(NEWER_BASELINE, 'MDM Security Baseline', version='3', published='2024-06-01T00:00:00.1234567Z',
                      categories=BITLOCKER_CATEGORIES)
    fake.add_template(OLD_BASELINE, 'MDM Security Baseline', version='1', deprecated=True,
                      published='2025-01-01T00:00:00Z', migratable_to=[NEW_BASELINE, NEWER_BASELINE])
    return fake


def params(**overrides):
    base = dict(template_id=BITLOCKER, template_name=None, template_version=None, migrate_to=None,
                display_name='Corp - BitLocker', description=None, settings_delta=None, role_scope_tag_ids=None,
                state='present', validate_settings=True)
    base.update(overrides)
    return base


def item(definition_id, value=None, value_json=None, odata_type=None):
    return dict(definition_id=definition_id, value=value, value_json=value_json, odata_type=odata_type)


def run(graph, check_definitions=True, **overrides):
    plan = plan_intent(graph, params(**overrides), check_definitions=check_definitions)
    return plan, apply_plan(graph, plan)


# ---------------------------------------------------------------------------------------------------------------------
# 1. Pure validation

INVALID_INPUTS = [
    ('template id not a GUID', dict(template_id='bitlocker'), 'template_id', 'GUID'),
    ('template id with braces', dict(template_id='{%s}' % BITLOCKER), 'template_id', 'GUID'),
    ('template id and name', dict(template_name='BitLocker'), 'template_id', 'exactly one'),
    ('neither template id nor name', dict(template_id=None), 'template_id', 'exactly one'),
    ('empty template name', dict(template_id=None, template_name='  '), 'template_name', 'empty'),
    ('version without name', dict(template_version='1'), 'template_version', 'template_name'),
    ('migrate_to not a GUID', dict(migrate_to='newest'), 'migrate_to', 'GUID'),
    ('empty display name', dict(display_name=''), 'display_name', 'non-empty'),
    ('blank display name', dict(display_name='   '), 'display_name', 'non-empty'),
    ('missing display name', dict(display_name=None), 'display_name', 'non-empty'),
    ('newline in display name', dict(display_name='Corp\nBitLocker'), 'display_name', 'U+000A'),
    ('DEL in display name', dict(display_name='Corp\x7f'), 'display_name', 'U+007F'),
    ('C1 control in display name', dict(display_name='Corp\x85'), 'display_name', 'U+0085'),
    ('unknown state', dict(state='gone'), 'state', 'present'),
    ('empty role scope tag', dict(role_scope_tag_ids=['0', '']), 'role_scope_tag_ids[1]', 'non-empty'),
    ('setting not a dict', dict(settings_delta=['x']), 'settings_delta[0]', 'dictionary'),
    ('empty definition id', dict(settings_delta=[item(' ', value=1)]), 'settings_delta[0].definition_id', 'non-empty'),
    ('value and value_json', dict(settings_delta=[item(ENCRYPT, value=True, value_json='true')]),
     'settings_delta[0]', 'exactly one'),
    ('neither value nor value_json', dict(settings_delta=[item(ENCRYPT)]), 'settings_delta[0]', 'exactly one'),
    ('value_json not JSON', dict(settings_delta=[item(ENCRYPT, True), item(LABEL, value_json="{'a': 1}")]),
     'settings_delta[1].value_json', 'not valid JSON'),
    ('value_json NaN', dict(settings_delta=[item(PIN_LENGTH, value_json='NaN')]),
     'settings_delta[0].value_json', 'not valid JSON'),
    ('value not JSON data', dict(settings_delta=[item(ENCRYPT, value=object())]), 'settings_delta[0].value', 'JSON'),
    ('duplicated definition id', dict(settings_delta=[item(ENCRYPT, True), item(LABEL, 'x'), item(ENCRYPT, False)]),
     'settings_delta[2].definition_id', 'settings_delta[0]'),
    ('unknown odata type', dict(settings_delta=[item(ENCRYPT, True, odata_type='#microsoft.graph.deviceManagementDoubleSettingInstance')]),
     'settings_delta[0].odata_type', 'unknown setting instance type'),
    ('integer above Int32', dict(settings_delta=[item(PIN_LENGTH, 2 ** 31)]), 'settings_delta[0].value', '32-bit'),
    ('integer below Int32 in value_json', dict(settings_delta=[item(PIN_LENGTH, value_json=str(-2 ** 31 - 1), odata_type=INT)]),
     'settings_delta[0].value_json', '32-bit'),
    ('fractional number', dict(settings_delta=[item(PIN_LENGTH, 4.5)]), 'settings_delta[0].value', 'fraction'),
    ('boolean instance with a string', dict(settings_delta=[item(ENCRYPT, 'true', odata_type='boolean')]),
     'settings_delta[0].value', 'needs a boolean'),
    ('integer instance with a boolean', dict(settings_delta=[item(PIN_LENGTH, True, odata_type=INT)]),
     'settings_delta[0].value', 'needs an integer'),
    ('complex instance with a string', dict(settings_delta=[item(OPTIONS, value_json='"x"', odata_type=COMPLEX)]),
     'settings_delta[0].value_json', 'JSON object or array'),
    ('unknown key in a setting', dict(settings_delta=[dict(definition_id=ENCRYPT, value=True, valu=False)]),
     'settings_delta[0].valu', 'not a supported key'),
    ('option and its alias together', dict(settings_delta=[dict(definition_id=ENCRYPT, definitionId=LABEL, value=True)]),
     'settings_delta[0].definitionId', 'second time'),
]


@pytest.mark.parametrize('overrides, field, fragment', [case[1:] for case in INVALID_INPUTS],
                         ids=[case[0] for case in INVALID_INPUTS])
def test_invalid_inputs_fail_before_any_request(graph, overrides, field, fragment):
    with pytest.raises(IntentInputError) as raised:
        plan_intent(graph, params(**overrides))
    assert raised.value.field == field
    assert str(raised.value).startswith(field + ': ')
    assert fragment in str(raised.value)
    assert graph.calls == []


def test_valid_inputs_are_normalised():
    inputs = parse_intent_inputs(params(
        template_id=BITLOCKER.upper(), migrate_to=NEW_BASELINE, display_name='Ünïcode « Corp »',
        role_scope_tag_ids=['0', 5, '0'],
        settings_delta=[item(PIN_LENGTH, 2 ** 31 - 1), item(LABEL, value_json='"\\u00e9t\\u00e9"'),
                        item(RULES, value_json='null', odata_type='deviceManagementCollectionSettingInstance'),
                        item(OPTIONS, {'a': [1, 2]}, odata_type='microsoft.graph.deviceManagementComplexSettingInstance'),
                        item(ENCRYPT, -2 ** 31, odata_type='integer')]))
    assert inputs.display_name == 'Ünïcode « Corp »'
    assert inputs.role_scope_tag_ids == ['0', '5']
    assert inputs.settings == [
        DesiredSetting(PIN_LENGTH, 2 ** 31 - 1, None, 'value'),
        DesiredSetting(LABEL, 'été', None, 'value_json'),
        DesiredSetting(RULES, None, COLLECTION, 'value_json'),
        DesiredSetting(OPTIONS, {'a': [1, 2]}, COMPLEX, 'value'),
        DesiredSetting(ENCRYPT, -2 ** 31, INT, 'value'),
    ]


def test_setting_keys_accept_graph_spellings():
    inputs = parse_intent_inputs(params(settings_delta=[
        {'definitionId': ENCRYPT, 'valueJson': 'true', '@odata.type': BOOL},
        {'definition_id': LABEL, 'value': 'x', 'odata_type': None},
    ]))
    assert inputs.settings == [DesiredSetting(ENCRYPT, True, BOOL, 'value_json'), DesiredSetting(LABEL, 'x', None, 'value')]


@pytest.mark.parametrize('spelling', [
    '#microsoft.graph.deviceManagementAbstractComplexSettingInstance',
    'microsoft.graph.deviceManagementAbstractComplexSettingInstance',
    'deviceManagementAbstractComplexSettingInstance',
    'DEVICEMANAGEMENTABSTRACTCOMPLEXSETTINGINSTANCE',
    ' abstractComplex ',
])
def test_odata_type_spellings_are_canonicalised(spelling):
    [setting] = normalise_settings_delta([item(IMPLEMENTATION, [], odata_type=spelling)])
    assert setting.odata_type == ABSTRACT


@pytest.mark.parametrize('odata_type, value', [(BOOL, False), (INT, 7), (STRING, 's'), (COMPLEX, {}),
                                               (COLLECTION, [1]), (ABSTRACT, {'k': 'v'})])
def test_the_six_instance_types_are_known(odata_type, value):
    [setting] = normalise_settings_delta([item('d', value, odata_type=odata_type)])
    assert setting.odata_type == odata_type


def test_no_settings_delta_is_an_empty_list():
    assert normalise_settings_delta(None) == []


# ---------------------------------------------------------------------------------------------------------------------
# 2. Templates


def test_unknown_template_id_is_a_clear_error(graph):
    with pytest.raises(IntentError, match=UNKNOWN):
        resolve_template(graph, template_id=UNKNOWN)


def test_template_name_is_case_insensitive_and_picks_the_newest_current_version(graph):
    choice = resolve_template(graph, template_name='mdm security BASELINE')
    # The deprecated version 1 is the most recently published, version 3 the newest current one.
    assert choice.source_template['id'] == NEWER_BASELINE
    assert choice.effective_template is choice.source_template
    assert not choice.use_migration_path


def test_template_version_selects_that_version(graph):
    choice = resolve_template(graph, template_name='MDM Security Baseline', template_version='2')
    assert choice.source_template['id'] == NEW_BASELINE


def test_unknown_template_version_lists_the_versions(graph):
    with pytest.raises(IntentInputError) as raised:
        resolve_template(graph, template_name='MDM Security Baseline', template_version='9')
    assert raised.value.field == 'template_version'
    for template_id in (OLD_BASELINE, NEW_BASELINE, NEWER_BASELINE):
        assert template_id in str(raised.value)


def test_unknown_template_name_lists_close_names(graph):
    with pytest.raises(IntentInputError) as raised:
        resolve_template(graph, template_name='Bitlockr')
    assert raised.value.field == 'template_name'
    assert "close names: 'BitLocker'" in str(raised.value)


def test_unrelated_template_name_says_nothing_is_close(graph):
    with pytest.raises(IntentInputError, match='no template has a similar name'):
        resolve_template(graph, template_name='Zzzzzzzz')


def test_deprecated_template_without_migrate_to_names_its_targets(graph):
    with pytest.raises(IntentInputError) as raised:
        plan_intent(graph, params(template_id=OLD_BASELINE))
    message = str(raised.value)
    assert raised.value.field == 'migrate_to'
    assert 'deprecated' in message
    assert NEW_BASELINE in message and NEWER_BASELINE in message and "version '3'" in message
    assert graph.writes() == []


def test_deprecated_template_by_name_when_every_version_is_deprecated(graph):
    graph.add_template(UNKNOWN, 'Legacy', deprecated=True, migratable_to=[BITLOCKER])
    with pytest.raises(IntentInputError, match="BitLocker"):
        resolve_template(graph, template_name='legacy')


def test_deprecated_template_is_fine_for_absent(graph):
    choice = resolve_template(graph, template_id=OLD_BASELINE, state='absent')
    assert choice.effective_template['id'] == OLD_BASELINE


def test_migrate_to_must_be_a_migration_target(graph):
    with pytest.raises(IntentInputError) as raised:
        resolve_template(graph, template_id=OLD_BASELINE, migrate_to=BITLOCKER)
    message = str(raised.value)
    assert raised.value.field == 'migrate_to'
    for text in (NEW_BASELINE, NEWER_BASELINE, "'MDM Security Baseline'", "version '2'"):
        assert text in message


def test_migrate_to_makes_the_target_effective(graph):
    choice = resolve_template(graph, template_id=OLD_BASELINE, migrate_to=NEWER_BASELINE.upper())
    assert choice.source_template['id'] == OLD_BASELINE
    assert choice.effective_template['id'] == NEWER_BASELINE
    assert choice.create_instance_path == (
        'deviceManagement/templates/%s/migratableTo/%s/createInstance' % (OLD_BASELINE, NEWER_BASELINE))


def test_migrate_to_a_deprecated_target_is_refused(graph):
    graph.templates[NEW_BASELINE]['isDeprecated'] = True
    with pytest.raises(IntentInputError, match='deprecated as well'):
        resolve_template(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE)


# ---------------------------------------------------------------------------------------------------------------------
# 3. Setting definitions, types and constraints


def test_definitions_are_loaded_from_every_category(graph):
    definitions = load_setting_definitions(graph, BITLOCKER)
    assert sorted(definitions) == sorted([ENCRYPT, ROTATION, PIN_LENGTH, LABEL, RULES, OPTIONS, IMPLEMENTATION])
    assert [c[1] for c in graph.calls] == [
        'deviceManagement/templates/%s/categories' % BITLOCKER,
        'deviceManagement/templates/%s/categories/encryption/settingDefinitions' % BITLOCKER,
        'deviceManagement/templates/%s/categories/messages/settingDefinitions' % BITLOCKER,
    ]


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
    with pytest.raises(IntentInputError) as raised:
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
    with pytest.raises(IntentInputError) as raised:
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
    with pytest.raises(IntentInputError, match="'true'"):
        check(definitions, item('flag', False))


def test_unknown_definition_id_names_the_closest_ids(definitions):
    with pytest.raises(IntentInputError) as raised:
        check(definitions, item(ENCRYPT, True), item('deviceConfiguration--bitLockerEncrpytDevice', True))
    assert raised.value.field == 'settings_delta[1].definition_id'
    assert 'closest valid ids: %s' % ENCRYPT in str(raised.value)


def test_unknown_definition_id_without_close_ids_says_so(definitions):
    with pytest.raises(IntentInputError, match='no valid id is close; the template has 7 settings'):
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
    with pytest.raises(IntentInputError) as raised:
        derive_setting_types(normalise_settings_delta([item('d', 1), item('e', value_json='null')]))
    assert raised.value.field == 'settings_delta[1].odata_type'


def test_existing_instance_type_wins_over_the_python_type_without_definitions():
    desired = normalise_settings_delta([item('d', value_json='null'), item('e', [1]), item('f', '1', odata_type=STRING)])
    typed = derive_setting_types(desired, {'d': INT, 'e': COMPLEX, 'f': INT})
    assert [s.odata_type for s in typed] == [INT, COMPLEX, STRING]


# ---------------------------------------------------------------------------------------------------------------------
# 4. Intent lookup


@pytest.mark.parametrize('value, literal', [
    ("O'Brien", "'O''Brien'"),
    ("''", "''''''"),
    ('Ünïcode ✓ [x] & #1', "'Ünïcode ✓ [x] & #1'"),
    ('', "''"),
])
def test_odata_string_literal(value, literal):
    assert odata_string_literal(value) == literal


@given(st.text())
def test_odata_string_literal_round_trips(value):
    assert parse_odata_string_literal(odata_string_literal(value)) == value


@pytest.mark.parametrize('name', ["Corp's BitLocker", 'Ünïcode ✓', "a''b'"])
def test_find_intents_filters_by_escaped_name(graph, name):
    wanted = graph.add_intent(name, BITLOCKER)
    graph.add_intent('Other', BITLOCKER)
    assert find_intents(graph, name, BITLOCKER) == [wanted]
    assert graph.calls == [('GET', 'deviceManagement/intents', {'$filter': 'displayName eq ' + odata_string_literal(name)})]


def test_find_intents_rechecks_name_and_template_locally(graph):
    wanted = graph.add_intent('Corp', BITLOCKER.upper())
    graph.add_intent('corp', BITLOCKER)
    graph.add_intent('Corp', NEW_BASELINE)
    graph.add_intent('Corp', None)
    assert find_intents(graph, 'Corp', BITLOCKER) == [wanted]


@pytest.mark.parametrize('status', [400, 500, 501])
def test_find_intents_falls_back_to_the_full_list_when_the_filter_is_refused(graph, status):
    wanted = graph.add_intent('Corp [x]', BITLOCKER)
    graph.add_intent('Other', BITLOCKER)
    graph.filter_refusal = status
    warnings = []
    assert find_intents(graph, 'Corp [x]', BITLOCKER, warnings) == [wanted]
    assert [c[2] for c in graph.calls] == [{'$filter': "displayName eq 'Corp [x]'"}, None]
    assert len(warnings) == 1 and 'HTTP %d' % status in warnings[0]


@pytest.mark.parametrize('error', [graph_error(403, code='Forbidden'), transport_error('GET')])
def test_find_intents_does_not_fall_back_on_other_errors(graph, error):
    graph.fail('GET', 'deviceManagement/intents', error)
    with pytest.raises(type(error)):
        find_intents(graph, 'Corp', BITLOCKER, [])
    assert len(graph.calls) == 1


def test_plan_records_the_fallback_warning(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER)
    graph.filter_refusal = 500
    plan = plan_intent(graph, params())
    assert any('refused the displayName filter' in w for w in plan.warnings)


def test_duplicate_intents_fail_naming_their_ids_without_writing(graph):
    first = graph.add_intent('Corp - BitLocker', BITLOCKER)
    second = graph.add_intent('Corp - BitLocker', BITLOCKER)
    for state in ('present', 'absent'):
        with pytest.raises(IntentError) as raised:
            plan_intent(graph, params(state=state, description='new'))
        assert first['id'] in str(raised.value) and second['id'] in str(raised.value)
    assert graph.writes() == []


def test_migrating_intent_gives_a_warning(graph):
    intent = graph.add_intent('Corp - BitLocker', BITLOCKER, isMigratingToConfigurationPolicy=True)
    plan = plan_intent(graph, params())
    assert len(plan.warnings) == 1 and intent['id'] in plan.warnings[0] and 'Settings Catalog' in plan.warnings[0]


def test_intents_are_matched_on_the_effective_template(graph):
    graph.add_intent('Corp - Baseline', OLD_BASELINE)
    on_target = graph.add_intent('Corp - Baseline', NEW_BASELINE)
    plan = plan_intent(graph, params(template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp - Baseline'))
    assert plan.intent == on_target
    assert plan.actions == []


def test_absent_with_migrate_to_deletes_the_intent_on_the_target(graph):
    on_source = graph.add_intent('Corp - Baseline', OLD_BASELINE)
    on_target = graph.add_intent('Corp - Baseline', NEW_BASELINE)
    run(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp - Baseline', state='absent')
    assert list(graph.intents) == [on_source['id']]
    assert graph.writes() == [('DELETE', 'deviceManagement/intents/%s' % on_target['id'], None)]


# ---------------------------------------------------------------------------------------------------------------------
# 5. Create


def test_create_instance_body_exact_shape():
    settings = [DesiredSetting(ENCRYPT, True, BOOL), DesiredSetting(OPTIONS, {'a': [1, 2], 'b': 'é'}, COMPLEX),
                DesiredSetting(LABEL, None, STRING)]
    assert build_create_instance_body('Corp', 'Managed', settings, ['0', '5']) == {
        'displayName': 'Corp',
        'description': 'Managed',
        'settingsDelta': [
            {'@odata.type': BOOL, 'definitionId': ENCRYPT, 'valueJson': 'true'},
            {'@odata.type': COMPLEX, 'definitionId': OPTIONS, 'valueJson': '{"a":[1,2],"b":"\\u00e9"}'},
            {'@odata.type': STRING, 'definitionId': LABEL, 'valueJson': 'null'},
        ],
        'roleScopeTagIds': ['0', '5'],
    }
    assert build_create_instance_body('Corp', None, [], None) == {'displayName': 'Corp', 'settingsDelta': []}


def test_create_posts_once_and_returns_the_intent_as_read_back(graph):
    plan, intent = run(graph, description='Managed', role_scope_tag_ids=['0'],
                       settings_delta=[item(ENCRYPT, True), item(PIN_LENGTH, value_json='6')])
    assert plan.changed and plan.actions == ['create']
    posts = graph.requests('POST')
    assert posts == [('POST', 'deviceManagement/templates/%s/createInstance' % BITLOCKER, {
        'displayName': 'Corp - BitLocker', 'description': 'Managed',
        'settingsDelta': [{'@odata.type': BOOL, 'definitionId': ENCRYPT, 'valueJson': 'true'},
                          {'@odata.type': INT, 'definitionId': PIN_LENGTH, 'valueJson': '6'}],
        'roleScopeTagIds': ['0']}, False)]
    assert intent['id'] in graph.intents and intent['templateId'] == BITLOCKER
    assert [(s['definitionId'], s['valueJson']) for s in intent['settings']] == [(ENCRYPT, 'true'), (PIN_LENGTH, '6')]
    # The created intent comes from createInstance's response: only its settings are read back.
    assert graph.calls[-1] == ('GET', 'deviceManagement/intents/%s/settings' % intent['id'], None)
    assert ('GET', 'deviceManagement/intents/%s' % intent['id'], None) not in graph.calls


def test_create_plan_predicts_the_intent_and_diff(graph):
    plan = plan_intent(graph, params(description='Managed', settings_delta=[item(ENCRYPT, True), item(RULES, ['a'])]))
    assert plan.predicted_intent == {
        'displayName': 'Corp - BitLocker', 'description': 'Managed', 'templateId': BITLOCKER, 'roleScopeTagIds': [],
        'settings': [{'@odata.type': BOOL, 'definitionId': ENCRYPT, 'valueJson': 'true', 'value': True},
                     {'@odata.type': COLLECTION, 'definitionId': RULES, 'valueJson': '["a"]'}],
    }
    assert plan.before == {}
    assert plan.after == {'displayName': 'Corp - BitLocker', 'description': 'Managed', 'roleScopeTagIds': [],
                          'templateId': BITLOCKER, 'settings': {ENCRYPT: True, RULES: ['a']}}
    assert graph.writes() == []


def test_create_through_the_migration_path(graph):
    plan, intent = run(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp - Baseline',
                       settings_delta=[item(ENCRYPT, False)])
    assert graph.requests('POST')[0][1] == (
        'deviceManagement/templates/%s/migratableTo/%s/createInstance' % (OLD_BASELINE, NEW_BASELINE))
    assert intent['templateId'] == NEW_BASELINE
    # Definitions are those of the effective template.
    assert graph.requests('GET', 'deviceManagement/templates/%s/categories' % NEW_BASELINE)


def test_wrapped_create_response_is_unwrapped(graph):
    graph.wrap_create_response = True
    plan, intent = run(graph)
    assert intent['displayName'] == 'Corp - BitLocker'


@pytest.mark.parametrize('response, entity', [
    ({'id': 'a', 'displayName': 'x'}, {'id': 'a', 'displayName': 'x'}),
    ({'value': {'id': 'a'}}, {'id': 'a'}),
    ({'id': 'a', 'value': {'id': 'b'}}, {'id': 'a', 'value': {'id': 'b'}}),
    (None, None),
])
def test_unwrap_entity(response, entity):
    assert unwrap_entity(response) == entity


@pytest.mark.parametrize('error', [transport_error(), graph_error(504, method='POST', code='GatewayTimeout')])
def test_lost_create_response_is_reconciled_without_a_second_create(graph, error):
    graph.fail('POST', '/createInstance', error, after_effect=True)
    plan, intent = run(graph)
    assert len(graph.requests('POST', '/createInstance')) == 1
    assert len(graph.intents) == 1 and intent['id'] in graph.intents
    assert plan.changed


def test_create_refused_by_a_transport_error_is_tried_again_once(graph):
    graph.fail('POST', '/createInstance', transport_error())
    plan, intent = run(graph)
    assert len(graph.requests('POST', '/createInstance')) == 2
    assert len(graph.intents) == 1 and intent['id'] in graph.intents


def test_create_gives_up_after_max_retries_plus_one_attempts(graph):
    last = graph_error(500, method='POST', code='InternalServerError', message='last')
    graph.fail('POST', '/createInstance', graph_error(503, method='POST'), times=2)
    graph.fail('POST', '/createInstance', last)
    with pytest.raises(type(last)) as raised:
        run(graph)
    assert raised.value is last
    assert len(graph.requests('POST', '/createInstance')) == 3
    assert len(graph.requests('GET', 'deviceManagement/intents')) == 1 + 3
    assert graph.intents == {}


def test_create_refused_with_a_client_error_is_not_retried(graph):
    graph.fail('POST', '/createInstance', graph_error(400, method='POST'))
    with pytest.raises(GraphError):
        run(graph)
    assert len(graph.requests('POST')) == 1
    assert len(graph.requests('GET', 'deviceManagement/intents')) == 1


# ---------------------------------------------------------------------------------------------------------------------
# 6. Update


@pytest.fixture
def existing(graph):
    return graph.add_intent('Corp - BitLocker', BITLOCKER, description='Managed', role_scope_tag_ids=['0', '5'], settings=[
        instance(BOOL, ENCRYPT, True, id='s-encrypt', value=True),
        instance(STRING, ROTATION, 'disabled', id='s-rotation', value='disabled'),
        instance(INT, PIN_LENGTH, 6, id='s-pin', value=6),
        instance(COMPLEX, OPTIONS, {'a': 1, 'b': [1, 2]}, id='s-options'),
    ])


def test_update_sends_only_the_changed_settings_with_their_ids(graph, existing):
    plan, intent = run(graph, settings_delta=[
        item(ENCRYPT, True), item(ROTATION, 'enabledForAzureAd'), item(PIN_LENGTH, value_json='6'),
        item(OPTIONS, {'b': [1, 2], 'a': 1.0}), item(LABEL, 'Call IT')])
    assert plan.actions == ['update_settings']
    assert graph.writes() == [('POST', 'deviceManagement/intents/%s/updateSettings' % existing['id'], {'settings': [
        {'@odata.type': STRING, 'id': 's-rotation', 'definitionId': ROTATION, 'valueJson': '"enabledForAzureAd"'},
        {'@odata.type': STRING, 'definitionId': LABEL, 'valueJson': '"Call IT"'},
    ]}, True)]
    values = dict((s['definitionId'], decode_setting_value(s)) for s in intent['settings'])
    assert values[ROTATION] == 'enabledForAzureAd' and values[LABEL] == 'Call IT'


def test_update_diff_shows_only_the_changed_lines(graph, existing):
    plan = plan_intent(graph, params(description='Changed', settings_delta=[item(ENCRYPT, False), item(LABEL, 'Hi')]))
    common = {'displayName': 'Corp - BitLocker', 'roleScopeTagIds': ['0', '5'], 'templateId': BITLOCKER}
    context = {ROTATION: 'disabled', PIN_LENGTH: 6, OPTIONS: {'a': 1, 'b': [1, 2]}}
    assert plan.before == dict(common, description='Managed', settings=dict(context, **{ENCRYPT: True}))
    assert plan.after == dict(common, description='Changed', settings=dict(context, **{ENCRYPT: False, LABEL: 'Hi'}))
    predicted = dict((s['definitionId'], s) for s in plan.predicted_intent['settings'])
    assert predicted[ENCRYPT] == {'@odata.type': BOOL, 'id': 's-encrypt', 'definitionId': ENCRYPT, 'valueJson': 'false',
                                  'value': False}
    assert predicted[LABEL] == {'@odata.type': STRING, 'definitionId': LABEL, 'valueJson': '"Hi"', 'value': 'Hi'}
    assert plan.predicted_intent['description'] == 'Changed' and plan.predicted_intent['id'] == existing['id']
    assert graph.writes() == []


def test_a_bad_definition_id_fails_before_any_write(graph, existing):
    with pytest.raises(IntentInputError, match='closest valid ids: %s' % ROTATION):
        plan_intent(graph, params(description='Changed',
                                  settings_delta=[item(ENCRYPT, True), item(ROTATION + 'x', 'disabled')]))
    assert graph.writes() == []


def test_a_bad_definition_id_fails_before_create(graph):
    with pytest.raises(IntentInputError) as raised:
        plan_intent(graph, params(settings_delta=[item(LABEL, 'ok'), item('deviceConfiguration--bitLockerEncryptDevic', True)]))
    assert raised.value.field == 'settings_delta[1].definition_id'
    assert ENCRYPT in str(raised.value)
    assert graph.writes() == []


def test_no_drift_means_no_writes_and_no_definition_reads(graph, existing):
    plan, intent = run(graph, description='Managed', role_scope_tag_ids=['5', '0'],
                       settings_delta=[item(ENCRYPT, value_json='true'), item(PIN_LENGTH, 6)])
    assert not plan.changed and plan.actions == []
    assert graph.writes() == []
    assert [c[1] for c in graph.calls] == ['deviceManagement/templates/%s' % BITLOCKER, 'deviceManagement/intents',
                                           'deviceManagement/intents/%s/settings' % existing['id']]
    assert plan.before == plan.after
    assert intent['id'] == existing['id'] and len(intent['settings']) == 4


def test_drift_loads_definitions_only_when_asked(graph, existing):
    plan_intent(graph, params(settings_delta=[item(ENCRYPT, False)]), check_definitions=True)
    assert graph.requests('GET', '/categories')
    graph.calls = []
    plan = plan_intent(graph, params(settings_delta=[item(ENCRYPT, False), item(ROTATION, value_json='null')]),
                       check_definitions=False)
    assert not graph.requests('GET', '/categories')
    # Without definitions the existing instance's type is kept (a null value has no Python type).
    assert [s['@odata.type'] for s in plan.settings_update] == [BOOL, STRING]


@pytest.mark.parametrize('overrides, patch', [
    (dict(role_scope_tag_ids=['5', '0']), None),
    (dict(role_scope_tag_ids=['5']), {'roleScopeTagIds': ['5']}),
    (dict(description='Managed'), None),
    (dict(description='Other'), {'description': 'Other'}),
    (dict(description='Other', role_scope_tag_ids=['0', '5', '7']), {'description': 'Other', 'roleScopeTagIds': ['0', '5', '7']}),
])
def test_description_and_tags_are_patched_only_when_they_differ(graph, existing, overrides, patch):
    plan, intent = run(graph, **overrides)
    if patch is None:
        assert graph.writes() == []
        assert plan.actions == []
    else:
        assert graph.writes() == [('PATCH', 'deviceManagement/intents/%s' % existing['id'], patch)]
        assert plan.actions == ['patch']
        for key, value in patch.items():
            assert intent[key] == value


def test_empty_description_equals_a_missing_one(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER, description=None)
    plan = plan_intent(graph, params(description=''))
    assert plan.actions == []


def test_settings_and_patch_together(graph, existing):
    plan, intent = run(graph, description='Other', settings_delta=[item(PIN_LENGTH, 8)])
    assert plan.actions == ['update_settings', 'patch']
    assert [c[0] for c in graph.writes()] == ['POST', 'PATCH']
    assert 'templateId' not in graph.writes()[1][2] and 'displayName' not in graph.writes()[1][2]


def test_settings_without_value_json_compare_by_value(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER, settings=[
        {'@odata.type': BOOL, 'id': 's1', 'definitionId': ENCRYPT, 'value': True}])
    assert plan_intent(graph, params(settings_delta=[item(ENCRYPT, True)])).actions == []


# ---------------------------------------------------------------------------------------------------------------------
# 7. Absent


def test_absent_deletes_the_intent(graph, existing):
    plan, result = run(graph, state='absent')
    assert plan.actions == ['delete'] and plan.changed
    assert plan.before['settings'][ENCRYPT] is True and plan.after == {}
    assert graph.writes() == [('DELETE', 'deviceManagement/intents/%s' % existing['id'], None)]
    assert result == {} and graph.intents == {}


def test_absent_counts_a_404_on_delete_as_gone(graph, existing):
    graph.fail('DELETE', existing['id'], graph_error(404, method='DELETE', code='ResourceNotFound'))
    plan, result = run(graph, state='absent')
    assert result == {}


def test_absent_raises_other_delete_errors(graph, existing):
    graph.fail('DELETE', existing['id'], graph_error(403, method='DELETE', code='Forbidden'))
    with pytest.raises(GraphError):
        run(graph, state='absent')


def test_absent_without_an_intent_changes_nothing(graph):
    plan, result = run(graph, state='absent', template_id=OLD_BASELINE)
    assert not plan.changed and result == {} and plan.before == plan.after == {}
    assert graph.writes() == []


# ---------------------------------------------------------------------------------------------------------------------
# Values


@pytest.mark.parametrize('one, other, equal', [
    (1, 1.0, True),
    (True, 1, False),
    (False, 0, False),
    (0, 0.0, True),
    (1, 2, False),
    ('1', 1, False),
    (None, None, True),
    (None, 0, False),
    (None, '', False),
    ([1, 2], [1, 2], True),
    ([1, 2], [2, 1], False),
    ([1], [1, 1], False),
    ({'a': 1, 'b': [1.0]}, {'b': [1], 'a': 1.0}, True),
    ({'a': 1}, {'a': 1, 'b': None}, False),
    ({'a': True}, {'a': 1}, False),
    ([], {}, False),
    ('é', 'é', True),
])
def test_setting_values_equal_is_symmetric(one, other, equal):
    assert setting_values_equal(one, other) is equal
    assert setting_values_equal(other, one) is equal


JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20)


@given(JSON_LIKE)
def test_setting_values_equal_is_reflexive(value):
    assert setting_values_equal(value, value)


@given(JSON_LIKE)
def test_setting_values_equal_survives_a_json_round_trip(value):
    assert setting_values_equal(value, json.loads(json.dumps(value)))


@pytest.mark.parametrize('setting, value', [
    ({'valueJson': '{"a":[1]}', 'value': None}, {'a': [1]}),
    ({'valueJson': 'null', 'value': 'x'}, None),
    ({'value': 5}, 5),
    ({'valueJson': None, 'value': False}, False),
    ({'valueJson': 'not json'}, 'not json'),
])
def test_decode_setting_value(setting, value):
    assert setting_values_equal(decode_setting_value(setting), value)
