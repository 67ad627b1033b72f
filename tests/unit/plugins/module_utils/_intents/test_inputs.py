# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure validation of the options of intune_template_instance (no request)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest
from hypothesis import given, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import (
    DesiredSetting,
    normalise_settings_delta,
    parse_intent_inputs,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
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
    NEW_BASELINE,
    OPTIONS,
    PIN_LENGTH,
    RULES,
    STRING,
    item,
    params,
)
from ansible_collections.msgraph.intune.tests.unit.utils.json_strategies import ANY_JSON, SETTING_ITEMS


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
    with pytest.raises(InputError) as raised:
        plan_intent(graph, parse_intent_inputs(params(**overrides)))
    assert raised.value.field == field
    where = field if raised.value.definition_id is None else '%s (definition_id %s)' % (field, raised.value.definition_id)
    assert str(raised.value).startswith(where + ': ')
    assert fragment in str(raised.value)
    assert graph.calls == []


def test_a_message_about_a_setting_names_its_definition_id():
    with pytest.raises(InputError) as raised:
        parse_intent_inputs(params(settings_delta=[dict(definition_id=ENCRYPT, value=True),
                                                   dict(definition_id=PIN_LENGTH, value=2 ** 31)]))
    assert str(raised.value).startswith('settings_delta[1].value (definition_id %s): ' % PIN_LENGTH)
    assert raised.value.details() == {'field': 'settings_delta[1].value', 'definition_id': PIN_LENGTH}


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


PARAM_NAMES = st.sampled_from(['template_id', 'template_name', 'template_version', 'migrate_to', 'display_name',
                               'description', 'settings_delta', 'role_scope_tag_ids', 'state', 'assignments'])


@given(st.one_of(st.lists(SETTING_ITEMS, max_size=4), ANY_JSON))
@pytest.mark.reliability('properties', 'settings_delta normalisation: any input gives settings or an error naming '
                                       'the field')
def test_settings_normalisation_gives_settings_or_a_field_error(items):
    try:
        settings_list = normalise_settings_delta(items)
    except InputError as exc:
        assert exc.field and str(exc)
        return
    for setting in settings_list:
        assert isinstance(setting.definition_id, str) and setting.definition_id


@given(st.dictionaries(PARAM_NAMES, ANY_JSON | st.lists(SETTING_ITEMS, max_size=3), max_size=6))
@pytest.mark.reliability('properties', 'Option parsing: any mapping gives inputs or an error naming the field')
def test_input_parsing_gives_inputs_or_a_field_error(params):
    try:
        parse_intent_inputs(params)
    except InputError as exc:
        assert exc.field and str(exc)


def test_a_guid_followed_by_a_newline_is_refused():
    params = {'display_name': 'Corp', 'template_id': 'd1174162-1dd2-4976-affc-6667049ab0ae\n'}
    with pytest.raises(InputError, match='must be a GUID') as info:
        parse_intent_inputs(params)
    assert info.value.field == 'template_id'


@pytest.mark.parametrize('field, value', [('display_name', ['Corp', 'BitLocker']), ('description', {'a': 1}),
                                          ('template_name', []), ('settings_delta', True)])
def test_options_of_the_wrong_type_are_refused_by_name(field, value):
    params = {'display_name': 'Corp', 'template_name': 'BitLocker'}
    params[field] = value
    with pytest.raises(InputError) as info:
        parse_intent_inputs(params)
    assert info.value.field == field


@pytest.mark.parametrize('setting, field', [
    (item(OPTIONS, value_json='[' * 100000 + ']' * 100000), 'settings_delta[0].value_json'),
    (item(OPTIONS, value_json='[' * 101 + ']' * 101), 'settings_delta[0].value_json'),
], ids=['100000_deep', '101_deep'])
@pytest.mark.reliability('fault', 'A value_json nested 100,000 deep (or deeper than 100): a clean error naming the '
                                  'field, never a traceback')
def test_deeply_nested_values_fail_naming_the_field(setting, field):
    with pytest.raises(InputError) as raised:
        normalise_settings_delta([setting])
    assert raised.value.field == field and 'nests deeper than 100 levels' in str(raised.value)


def test_a_value_nested_deeper_than_100_is_refused_and_100_is_fine():
    deep = []
    for dummy in range(150):
        deep = [deep]
    with pytest.raises(InputError, match='settings_delta\\[0\\].value \\(definition_id %s\\): nests deeper than 100 levels' % OPTIONS):
        normalise_settings_delta([item(OPTIONS, deep)])
    assert normalise_settings_delta([item(OPTIONS, value_json='[' * 100 + ']' * 100)])
