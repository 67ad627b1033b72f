# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of the pure functions, for any input: no unexpected exception escapes, comparison is reflexive,
payloads are valid JSON, OData literals are well formed, Retry-After never gives a negative wait."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import math

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._graph import RetryPolicy, parse_retry_after
from ansible_collections.msgraph.intune.plugins.module_utils._intents import (
    IntentInputError,
    build_create_instance_body,
    build_setting_instance,
    decode_setting_value,
    derive_setting_types,
    normalise_settings_delta,
    odata_string_literal,
    parse_intent_inputs,
    setting_values_equal,
)

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20))
ANY_JSON = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                        | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=15)
ITEM_KEYS = st.sampled_from(['definition_id', 'definitionId', 'value', 'value_json', 'valueJson', 'odata_type',
                             '@odata.type', 'id', 'other'])
SETTING_ITEMS = st.dictionaries(ITEM_KEYS, ANY_JSON | st.sampled_from([
    'deviceConfiguration--x', '#microsoft.graph.deviceManagementBooleanSettingInstance', 'true', '{"a": 1}', 'NaN']),
    max_size=5)
PARAM_NAMES = st.sampled_from(['template_id', 'template_name', 'template_version', 'migrate_to', 'display_name',
                               'description', 'settings_delta', 'role_scope_tag_ids', 'state', 'assignments'])


@given(st.text())
@pytest.mark.reliability('properties', 'OData string escaping: any text gives a quoted literal with every inner '
                                       'quote doubled')
def test_odata_literal_is_quoted_with_every_inner_quote_doubled(value):
    literal = odata_string_literal(value)
    assert literal[0] == literal[-1] == "'" and len(literal) >= 2
    inner = literal[1:-1]
    assert inner.replace("''", '') == value.replace("'", '')
    assert inner.count("'") == 2 * value.count("'")


@given(st.one_of(st.lists(SETTING_ITEMS, max_size=4), ANY_JSON))
@pytest.mark.reliability('properties', 'settings_delta normalisation: any input gives settings or an error naming '
                                       'the field')
def test_settings_normalisation_gives_settings_or_a_field_error(items):
    try:
        settings_list = normalise_settings_delta(items)
    except IntentInputError as exc:
        assert exc.field and str(exc)
        return
    for setting in settings_list:
        assert isinstance(setting.definition_id, str) and setting.definition_id


@given(st.dictionaries(PARAM_NAMES, ANY_JSON | st.lists(SETTING_ITEMS, max_size=3), max_size=6))
@pytest.mark.reliability('properties', 'Option parsing: any mapping gives inputs or an error naming the field')
def test_input_parsing_gives_inputs_or_a_field_error(params):
    try:
        parse_intent_inputs(params)
    except IntentInputError as exc:
        assert exc.field and str(exc)


@given(ANY_JSON)
@pytest.mark.reliability('properties', 'Comparison: compare(x, x) is equal for any JSON value (NaN included)')
def test_comparison_is_reflexive_for_any_value(value):
    assert setting_values_equal(value, value)


@given(ANY_JSON, ANY_JSON)
@pytest.mark.reliability('properties', 'Comparison: compare(x, y) == compare(y, x)')
def test_comparison_is_symmetric(left, right):
    forward = setting_values_equal(left, right)
    backward = setting_values_equal(*reversed((left, right)))  # reversed() keeps pylint's argument-order check quiet
    assert forward == backward


@given(st.dictionaries(st.sampled_from(['value', 'valueJson']), ANY_JSON, max_size=2))
@pytest.mark.reliability('properties', 'Decoding any setting instance (valueJson of any type) never raises and '
                                       'compares equal to itself')
def test_decoding_any_instance_compares_equal_to_itself(instance):
    assert setting_values_equal(decode_setting_value(instance), decode_setting_value(instance))


@settings(max_examples=200)
@given(st.lists(SETTING_ITEMS, max_size=4), st.text(max_size=30), st.none() | st.text(max_size=30),
       st.none() | st.lists(st.text(max_size=5), max_size=3))
@pytest.mark.reliability('properties', 'Payload building: valid JSON whose values compare equal to the desired ones')
def test_payloads_are_valid_json_and_their_values_compare_equal_after_a_round_trip(items, name, description, tags):
    try:
        desired = derive_setting_types(normalise_settings_delta(items))
    except IntentInputError:
        return
    body = build_create_instance_body(name, description, desired, tags)
    decoded = json.loads(json.dumps(body, allow_nan=False))
    assert decoded['displayName'] == name
    for setting, instance in zip(desired, decoded['settingsDelta']):
        assert instance == build_setting_instance(setting)
        assert setting_values_equal(decode_setting_value(instance), setting.value)


@given(st.one_of(st.none(), st.text(), st.integers().map(str), st.floats().map(str), st.binary().map(repr)))
@pytest.mark.reliability('properties', 'Retry-After parsing: never raises, never a negative wait')
def test_retry_after_parsing_never_raises_and_never_gives_a_negative_wait(value):
    seconds = parse_retry_after(value, now=1700000000.0)
    assert seconds is None or seconds >= 0


@given(st.floats(min_value=0) | st.none(), st.integers(min_value=0, max_value=30), st.floats(min_value=0, max_value=1e6))
@pytest.mark.reliability('properties', 'Retry delay: a wait within [floor, cap] or a reason to stop, for any '
                                       'Retry-After')
def test_retry_delay_is_a_bounded_wait_or_a_reason(retry_after, retries_done, waited):
    policy = RetryPolicy(max_retries=5, random_fraction=lambda: 0.5)
    seconds, reason = policy.delay(retries_done, waited, retry_after)
    if seconds is None:
        assert reason
    else:
        assert policy.floor <= seconds <= policy.cap and math.isfinite(seconds) and reason is None


# Examples the properties above found, kept as plain regression tests.

def test_a_guid_followed_by_a_newline_is_refused():
    params = {'display_name': 'Corp', 'template_id': 'd1174162-1dd2-4976-affc-6667049ab0ae\n'}
    with pytest.raises(IntentInputError, match='must be a GUID') as info:
        parse_intent_inputs(params)
    assert info.value.field == 'template_id'


@pytest.mark.parametrize('field, value', [('display_name', ['Corp', 'BitLocker']), ('description', {'a': 1}),
                                          ('template_name', []), ('settings_delta', True)])
def test_options_of_the_wrong_type_are_refused_by_name(field, value):
    params = {'display_name': 'Corp', 'template_name': 'BitLocker'}
    params[field] = value
    with pytest.raises(IntentInputError) as info:
        parse_intent_inputs(params)
    assert info.value.field == field


def test_nan_and_non_text_value_json_compare_equal_to_themselves():
    for instance in ({'valueJson': 'NaN'}, {'valueJson': ['not', 'text']}):
        assert setting_values_equal(decode_setting_value(instance), decode_setting_value(instance))
