# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The settings option into Graph setting instances, checked against the template's setting definitions."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import SettingCatalog
from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_input import (
    build_instance,
    build_settings,
    option_id,
    simple_value,
)
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    ANTIVIRUS,
    ANTIVIRUS_SETTINGS,
    CLOUD,
    CLOUD_LEVEL,
    CLOUD_LEVEL_DEFINITION,
    CPU,
    EXTENSIONS,
    PREFIX,
    PROXY_PASSWORD,
    REALTIME,
    REALTIME_DEFINITION,
    REDIRECT,
    RULE_COMMENT,
    RULE_PATH,
    RULES,
    choice,
    integer,
    rules,
    string,
    strings,
)

TOP_LEVEL_REFERENCE = {'settingInstanceTemplateId': 'f0790e28-9231-4d37-8f44-84bb47ca1b3e'}


def one(catalog, item):
    (instance,) = build_settings(catalog, [item])
    return instance


def refused(catalog, *items):
    with pytest.raises(InputError) as raised:
        build_settings(catalog, list(items))
    return raised.value


# --- the instances built -----------------------------------------------------------------------------------------


def test_a_choice_by_option_id_is_the_graph_instance_with_both_template_references(catalog):
    assert one(catalog, {'definition_id': REALTIME, 'value': REALTIME + '_1'}) == {
        '@odata.type': PREFIX + 'ChoiceSettingInstance',
        'settingDefinitionId': REALTIME,
        'settingInstanceTemplateReference': TOP_LEVEL_REFERENCE,
        'choiceSettingValue': {
            '@odata.type': PREFIX + 'ChoiceSettingValue', 'value': REALTIME + '_1', 'children': [],
            'settingValueTemplateReference': {'settingValueTemplateId': '0492c452-1069-4b91-9363-93b8e006ab12',
                                              'useTemplateDefault': False}},
    }
    assert one(catalog, {'definition_id': REALTIME, 'value': REALTIME + '_1'}) == choice(REALTIME, '1')


@pytest.mark.parametrize('given', [REALTIME.upper() + '_1', 'Allowed', 'ALLOWED',
                                   'Allowed. Turns on and runs the real-time monitoring service.'])
def test_an_option_is_named_by_its_id_its_name_or_its_display_name(catalog, given):
    instance = one(catalog, {'definition_id': REALTIME.upper(), 'value': given})
    # The canonical ids of the definition and the option, whatever the case given.
    assert instance['settingDefinitionId'] == REALTIME
    assert instance['choiceSettingValue']['value'] == REALTIME + '_1'


def test_a_child_of_an_option_carries_no_template_reference(catalog):
    instance = one(catalog, {'definition_id': CLOUD, 'value': 'Allowed',
                             'children': [{'definition_id': CLOUD_LEVEL, 'value': 'High Plus'}]})
    child = {'@odata.type': PREFIX + 'ChoiceSettingInstance', 'settingDefinitionId': CLOUD_LEVEL,
             'choiceSettingValue': {'@odata.type': PREFIX + 'ChoiceSettingValue', 'value': CLOUD_LEVEL + '_4',
                                    'children': []}}
    assert instance == choice(CLOUD, '1', children=[child])
    assert instance['settingInstanceTemplateReference'] == {'settingInstanceTemplateId': '7da139f1-9b7e-407d-853a-c2e5037cdc70'}


def test_integer_and_integer_like_string(catalog):
    assert one(catalog, {'definition_id': CPU, 'value': 0}) == integer(CPU, 0)
    assert one(catalog, {'definition_id': CPU, 'value': ' 42 '}) == integer(CPU, 42)
    assert one(catalog, {'definition_id': CPU, 'value': '100'})['simpleSettingValue']['value'] == 100


def test_a_simple_collection_is_a_list_of_typed_values_without_a_value_template(catalog):
    assert one(catalog, {'definition_id': EXTENSIONS, 'value': ['.log', '.tmp']}) == strings(EXTENSIONS, ['.log', '.tmp'])
    assert one(catalog, {'definition_id': EXTENSIONS, 'value': []})['simpleSettingCollectionValue'] == []


def test_a_group_collection_is_a_list_of_groups_of_child_settings(catalog):
    instance = one(catalog, {'definition_id': RULES, 'value': [
        [{'definition_id': RULE_PATH, 'value': 'C:\\Temp'}, {'definition_id': RULE_COMMENT, 'value': 'scratch'}],
        [{'definition_id': RULE_PATH, 'value': 'D:\\Builds'}]]})
    expected = rules(('C:\\Temp', 'scratch'), ('D:\\Builds', None))
    # The builder does not add the GroupSettingValue type to each group; Graph accepts both.
    for group in expected['groupSettingCollectionValue']:
        del group['@odata.type']
    assert instance == expected


def test_a_secret_is_sent_in_clear_marked_not_encrypted(catalog):
    assert one(catalog, {'definition_id': PROXY_PASSWORD, 'value': 'S3cret!'}) == {
        '@odata.type': PREFIX + 'SimpleSettingInstance', 'settingDefinitionId': PROXY_PASSWORD,
        'settingInstanceTemplateReference': {'settingInstanceTemplateId': '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8'},
        'simpleSettingValue': {'@odata.type': PREFIX + 'SecretSettingValue', 'value': 'S3cret!',
                               'valueState': 'notEncrypted',
                               'settingValueTemplateReference': {
                                   'settingValueTemplateId': '5f6a7b8c-9d0e-4f1a-b2c3-d4e5f6a7b8c9',
                                   'useTemplateDefault': False}}}
    assert string(PROXY_PASSWORD, 'x', top_level=True, secret=True)['simpleSettingValue']['valueState'] == 'notEncrypted'


def test_settings_keep_the_order_given(catalog):
    built = build_settings(catalog, [{'definition_id': CPU, 'value': 5}, {'definition_id': REALTIME, 'value': 'Allowed'}])
    assert [instance['settingDefinitionId'] for instance in built] == [CPU, REALTIME]
    assert build_settings(catalog, []) == [] and build_settings(catalog, None) == []


def test_a_raw_setting_instance_gets_its_template_reference(catalog):
    raw = {'@odata.type': PREFIX + 'ChoiceSettingInstance', 'settingDefinitionId': REALTIME,
           'choiceSettingValue': {'@odata.type': PREFIX + 'ChoiceSettingValue', 'value': REALTIME + '_0', 'children': []}}
    instance = one(catalog, {'setting_instance': copy.deepcopy(raw)})
    assert instance == dict(raw, settingInstanceTemplateReference=TOP_LEVEL_REFERENCE)
    # One that names its reference keeps it.
    own = dict(raw, settingInstanceTemplateReference={'settingInstanceTemplateId': 'mine'})
    assert one(catalog, {'setting_instance': own}) == own


def test_a_raw_instance_expresses_a_setting_the_form_cannot(catalog):
    raw = {'@odata.type': PREFIX + 'SettingInstance', 'settingDefinitionId': REDIRECT}
    assert one(catalog, {'setting_instance': raw}) == dict(
        raw, settingInstanceTemplateReference={'settingInstanceTemplateId': '6a7b8c9d-0e1f-4a2b-c3d4-e5f6a7b8c9d0'})


# --- every refusal: the field and the setting ---------------------------------------------------------------------


def test_unknown_definition(catalog):
    error = refused(catalog, {'definition_id': 'device_vendor_msft_policy_config_defender_nosuch', 'value': 1})
    assert error.field == 'settings[0].definition_id'
    assert error.definition_id == 'device_vendor_msft_policy_config_defender_nosuch'
    assert 'is not a setting of template %s' % ANTIVIRUS in str(error)


def test_a_child_setting_at_top_level(catalog):
    error = refused(catalog, {'definition_id': CPU, 'value': 1}, {'definition_id': CLOUD_LEVEL, 'value': 'High Plus'})
    assert (error.field, error.definition_id) == ('settings[1].definition_id', CLOUD_LEVEL)
    assert 'is not a top-level setting of template %s' % ANTIVIRUS in error.message


@pytest.mark.parametrize('item, field, fragment', [
    ({'value': 1}, 'settings[0].definition_id', 'must name the setting'),
    ({'definition_id': '  ', 'value': 1}, 'settings[0].definition_id', 'must name the setting'),
    ({'definition_id': 5, 'value': 1}, 'settings[0].definition_id', 'must name the setting'),
])
def test_a_setting_without_a_definition_id(catalog, item, field, fragment):
    error = refused(catalog, item)
    assert (error.field, error.definition_id) == (field, None) and fragment in error.message


def test_an_element_that_is_no_dictionary(catalog):
    error = refused(catalog, 'allowrealtimemonitoring')
    assert (error.field, error.definition_id) == ('settings[0]', None)
    assert error.message == 'must be a dictionary with definition_id and value, got a string'


def test_unknown_keys(catalog):
    error = refused(catalog, {'definition_id': CPU, 'valu': 1})
    assert (error.field, error.definition_id) == ('settings[0]', CPU)
    assert error.message == 'has unknown keys valu; a setting takes definition_id, value, children, setting_instance'


def test_the_same_setting_twice(catalog):
    error = refused(catalog, {'definition_id': CPU, 'value': 1}, {'definition_id': REALTIME, 'value': 'Allowed'},
                    {'definition_id': CPU.upper(), 'value': 2})
    assert (error.field, error.definition_id) == ('settings[2]', CPU)
    assert error.message == 'sets the same setting as settings[0]'


def test_a_definition_type_the_form_cannot_express(catalog):
    error = refused(catalog, {'definition_id': REDIRECT, 'value': 'x'})
    assert (error.field, error.definition_id) == ('settings[0]', REDIRECT)
    assert 'is a RedirectSettingDefinition, which this form cannot express: give it as setting_instance' == error.message


def test_an_unknown_option(catalog):
    error = refused(catalog, {'definition_id': REALTIME, 'value': 'Sometimes'})
    assert (error.field, error.definition_id) == ('settings[0].value', REALTIME)
    assert error.message == (
        "'Sometimes' is not an option of this setting; options: %s_0 (Not allowed. Turns off the real-time monitoring "
        "service.), %s_1 (Allowed. Turns on and runs the real-time monitoring service.)" % (REALTIME, REALTIME))


def test_an_option_name_that_matches_two_options_is_ambiguous(catalog):
    error = refused(catalog, {'definition_id': CLOUD, 'value': CLOUD + '_1',
                              'children': [{'definition_id': CLOUD_LEVEL, 'value': 'high'}]})
    assert (error.field, error.definition_id) == ('settings[0].children[0].value', CLOUD_LEVEL)
    assert error.message.startswith("'high' names 2 options; give the option id: %s_0 (Default State)" % CLOUD_LEVEL)


@pytest.mark.parametrize('value, kind', [(None, 'null'), (['Allowed'], 'a JSON array'), (1.0, 'a number')])
def test_an_option_must_be_named_by_text(catalog, value, kind):
    error = refused(catalog, {'definition_id': REALTIME, 'value': value})
    assert (error.field, error.definition_id) == ('settings[0].value', REALTIME)
    assert error.message == 'must name an option (its id or name), got %s' % kind


def test_a_yaml_boolean_names_the_option_true_or_false():
    definition = {'options': [{'itemId': 'x_false', 'name': 'false'}, {'itemId': 'x_true', 'name': 'true'}]}
    assert option_id(definition, True, 'f') == 'x_true' and option_id(definition, False, 'f') == 'x_false'
    with pytest.raises(InputError) as raised:
        option_id(REALTIME_DEFINITION, True, 'f')
    assert raised.value.message.startswith("True is not an option of this setting")


def test_option_id_takes_an_integer_naming_an_option():
    definition = dict(REALTIME_DEFINITION, options=[dict(REALTIME_DEFINITION['options'][0], name='0')])
    assert option_id(definition, 0, 'f') == REALTIME + '_0'


@pytest.mark.parametrize('value', [101, -1, '101'])
def test_an_integer_out_of_range(catalog, value):
    error = refused(catalog, {'definition_id': CPU, 'value': value})
    assert (error.field, error.definition_id) == ('settings[0].value', CPU)
    assert error.message == '%s is out of range: the setting takes 0 to 100' % int(value)


@pytest.mark.parametrize('value, kind', [(True, 'a boolean'), (False, 'a boolean'), (1.5, 'a number'),
                                         ('4 2', 'a string'), ('forty', 'a string'), (None, 'null')])
def test_an_integer_setting_refuses_what_is_no_integer(catalog, value, kind):
    error = refused(catalog, {'definition_id': CPU, 'value': value})
    assert (error.field, error.definition_id) == ('settings[0].value', CPU)
    assert error.message == ('must be an integer, got a boolean' if kind == 'a boolean'
                             else 'must be an integer (or a string of digits), got %s' % kind)


def test_a_simple_setting_has_no_children(catalog):
    error = refused(catalog, {'definition_id': CPU, 'value': 1, 'children': [{'definition_id': CLOUD_LEVEL}]})
    assert (error.field, error.definition_id) == ('settings[0].children', CPU)
    assert error.message == 'a simple setting has no children'


def group(*children):
    return list(children)


def path(text):
    return {'definition_id': RULE_PATH, 'value': text}


@pytest.mark.parametrize('text, fragment', [
    ('C:', 'is 2 characters long; at least 3 are needed'),
    ('C:\\' + 'x' * 38, 'is 41 characters long; at most 40 are allowed'),
    ('Temp\\x', "'Temp\\\\x' does not match the pattern [A-Za-z]:\\\\.*"),
])
def test_string_length_and_pattern_of_a_group_child(catalog, text, fragment):
    error = refused(catalog, {'definition_id': RULES, 'value': [group(path('C:\\ok')), group(path(text))]})
    assert (error.field, error.definition_id) == ('settings[0].value[1][0].value', RULE_PATH)
    assert error.message == fragment


def test_a_string_setting_refuses_a_number(catalog):
    error = refused(catalog, {'definition_id': RULES, 'value': [
        group(path('C:\\ok'), {'definition_id': RULE_COMMENT, 'value': 5})]})
    assert (error.field, error.definition_id) == ('settings[0].value[0][1].value', RULE_COMMENT)
    assert error.message == 'must be a string, got an integer'


def test_a_pattern_python_cannot_compile_is_left_to_intune():
    definition = {'@odata.type': PREFIX + 'SimpleSettingDefinition', 'id': 'x',
                  'valueDefinition': {'@odata.type': PREFIX + 'StringSettingValueDefinition', 'format': 'none',
                                      'inputValidationSchema': '(?<name>a)'}}
    assert simple_value(definition, 'zzz', 'f') == {'@odata.type': PREFIX + 'StringSettingValue', 'value': 'zzz'}


def test_a_pattern_of_a_non_regex_format_is_not_applied():
    definition = {'@odata.type': PREFIX + 'SimpleSettingDefinition', 'id': 'x',
                  'valueDefinition': {'@odata.type': PREFIX + 'StringSettingValueDefinition', 'format': 'xml',
                                      'inputValidationSchema': '^a$'}}
    assert simple_value(definition, '<b/>', 'f')['value'] == '<b/>'


def test_graph_regex_format_is_checked():
    # Graph's deviceManagementConfigurationStringFormat names it regEx (found as a bug: 'regexString' was listed).
    definition = {'@odata.type': PREFIX + 'SimpleSettingDefinition', 'id': 'x',
                  'valueDefinition': {'@odata.type': PREFIX + 'StringSettingValueDefinition', 'format': 'regEx',
                                      'inputValidationSchema': '^[0-9]+$'}}
    with pytest.raises(InputError) as raised:
        simple_value(definition, 'abc', 'f')
    assert 'does not match the pattern' in raised.value.message


def test_a_mandatory_child_of_the_chosen_option_is_missing(catalog):
    error = refused(catalog, {'definition_id': CLOUD, 'value': 'Allowed'})
    assert (error.field, error.definition_id) == ('settings[0].children', CLOUD)
    assert error.message == 'option %s_1 needs the settings %s' % (CLOUD, CLOUD_LEVEL)


def test_a_required_child_of_a_group_is_missing(catalog):
    error = refused(catalog, {'definition_id': RULES, 'value': [
        group(path('C:\\a')), group({'definition_id': RULE_COMMENT, 'value': 'no path'})]})
    assert (error.field, error.definition_id) == ('settings[0].value[1]', RULES)
    assert error.message == 'each group needs the settings %s' % RULE_PATH


def test_a_child_the_option_does_not_allow(catalog):
    error = refused(catalog, {'definition_id': CLOUD, 'value': 'Not allowed',
                              'children': [{'definition_id': CLOUD_LEVEL, 'value': 'High Plus'}]})
    assert (error.field, error.definition_id) == ('settings[0].children[0].definition_id', CLOUD_LEVEL)
    assert error.message == 'is not a setting of option %s_0; allowed: none' % CLOUD


def test_a_child_the_group_does_not_allow(catalog):
    error = refused(catalog, {'definition_id': RULES, 'value': [group(path('C:\\a'), {'definition_id': CPU, 'value': 1})]})
    assert (error.field, error.definition_id) == ('settings[0].value[0][1].definition_id', CPU)
    assert error.message == 'is not a setting of each group; allowed: %s, %s' % (RULE_COMMENT, RULE_PATH)


def test_children_must_be_a_list(catalog):
    error = refused(catalog, {'definition_id': CLOUD, 'value': 'Allowed', 'children': {'definition_id': CLOUD_LEVEL}})
    assert (error.field, error.definition_id) == ('settings[0].children', CLOUD)
    assert error.message == 'must be a list of settings, got a JSON object'


def test_a_raw_child_the_option_does_not_allow_is_refused(catalog):
    # Found as a bug: a child given as setting_instance skipped the check.
    raw_child = choice(CLOUD_LEVEL, '2', top_level=False)
    error = refused(catalog, {'definition_id': CLOUD, 'value': 'Not allowed', 'children': [{'setting_instance': raw_child}]})
    assert (error.field, error.definition_id) == ('settings[0].children[0].setting_instance.settingDefinitionId', CLOUD_LEVEL)
    assert error.message == 'is not a setting of option %s_0; allowed: none' % CLOUD


def test_a_raw_child_the_option_allows_is_taken(catalog):
    raw_child = choice(CLOUD_LEVEL, '2', top_level=False)
    instance = one(catalog, {'definition_id': CLOUD, 'value': 'Allowed', 'children': [{'setting_instance': raw_child}]})
    assert instance == choice(CLOUD, '1', children=[raw_child])


@pytest.mark.parametrize('setting, value, field, message', [
    (EXTENSIONS, ['.a', '.b', '.c', '.d', '.e', '.f'], 'settings[0].value', 'has 6 items; at most 5 are allowed'),
    (EXTENSIONS, '.log', 'settings[0].value', 'must be a list, got a string'),
    (RULES, [], 'settings[0].value', 'has 0 items; at least 1 are needed'),
    (RULES, [[path('C:\\a')]] * 4, 'settings[0].value', 'has 4 items; at most 3 are allowed'),
    (RULES, [path('C:\\a')], 'settings[0].value[0]', 'must be a list of settings, got a JSON object'),
])
def test_collection_counts_and_shapes(catalog, setting, value, field, message):
    error = refused(catalog, {'definition_id': setting, 'value': value})
    assert (error.field, error.definition_id) == (field, setting) and error.message == message


def test_an_item_of_a_simple_collection_is_checked(catalog):
    error = refused(catalog, {'definition_id': EXTENSIONS, 'value': ['.log', 7]})
    assert (error.field, error.definition_id) == ('settings[0].value[1]', EXTENSIONS)
    assert error.message == 'must be a string, got an integer'


def test_a_secret_is_checked_like_any_string(catalog):
    error = refused(catalog, {'definition_id': PROXY_PASSWORD, 'value': ''})
    assert (error.field, error.definition_id) == ('settings[0].value', PROXY_PASSWORD)
    assert error.message == 'is 0 characters long; at least 1 are needed'


@pytest.mark.parametrize('raw, field, fragment', [
    ({'settingDefinitionId': REALTIME}, 'settings[0].setting_instance', 'must be a Graph settingInstance'),
    ('text', 'settings[0].setting_instance', 'must be a Graph settingInstance'),
    ({'@odata.type': PREFIX + 'ChoiceSettingInstance', 'settingDefinitionId': CLOUD_LEVEL},
     'settings[0].setting_instance.settingDefinitionId', 'is not a top-level setting of template %s' % ANTIVIRUS),
])
def test_a_raw_instance_is_checked(catalog, raw, field, fragment):
    error = refused(catalog, {'setting_instance': raw})
    assert error.field == field and fragment in error.message
    assert error.definition_id == (CLOUD_LEVEL if field.endswith('settingDefinitionId') else None)


def test_a_raw_instance_of_the_wrong_type_for_its_setting_is_refused(catalog):
    raw = {'@odata.type': PREFIX + 'SimpleSettingInstance', 'settingDefinitionId': REALTIME,
           'simpleSettingValue': {'@odata.type': PREFIX + 'IntegerSettingValue', 'value': 1}}
    error = refused(catalog, {'setting_instance': raw})
    assert (error.field, error.definition_id) == ('settings[0].setting_instance.@odata.type', REALTIME)
    assert error.message == ('is %sSimpleSettingInstance, but the setting is a ChoiceSettingDefinition: give a '
                             '%sChoiceSettingInstance' % (PREFIX, PREFIX))


def test_a_raw_instance_with_a_value_is_refused(catalog):
    error = refused(catalog, {'setting_instance': choice(REALTIME, '1'), 'value': 'Allowed'})
    assert (error.field, error.definition_id) == ('settings[0]', REALTIME)
    assert error.message == 'give either setting_instance or definition_id/value/children'


def test_a_template_without_value_templates_gives_no_value_reference():
    setting_templates = copy.deepcopy(ANTIVIRUS_SETTINGS)
    del setting_templates[0]['settingInstanceTemplate']['choiceSettingValueTemplate']
    catalog = SettingCatalog(ANTIVIRUS, setting_templates)
    instance = build_instance(catalog, {'definition_id': REALTIME, 'value': 'Allowed'}, 'f', top_level=True)
    assert instance['settingInstanceTemplateReference'] == TOP_LEVEL_REFERENCE
    assert 'settingValueTemplateReference' not in instance['choiceSettingValue']


def test_build_instance_of_a_child_has_no_reference(catalog):
    instance = build_instance(catalog, {'definition_id': CLOUD_LEVEL, 'value': CLOUD_LEVEL_DEFINITION['options'][1]['itemId']}, 'f')
    assert instance == choice(CLOUD_LEVEL, '2', top_level=False)
