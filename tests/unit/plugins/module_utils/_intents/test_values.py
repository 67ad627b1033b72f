# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Setting values: equality, decoding, for listed cases and for any JSON (hypothesis)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest
from hypothesis import given, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    decode_setting_value,
    setting_values_equal,
)
from ansible_collections.msgraph.intune.tests.unit.utils.json_strategies import ANY_JSON


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


def test_nan_and_non_text_value_json_compare_equal_to_themselves():
    for instance in ({'valueJson': 'NaN'}, {'valueJson': ['not', 'text']}):
        assert setting_values_equal(decode_setting_value(instance), decode_setting_value(instance))


def test_a_stored_value_too_deep_to_compare_is_kept_as_text():
    deep = '[' * 5000 + ']' * 5000
    assert decode_setting_value({'valueJson': deep}) == deep
    assert setting_values_equal(decode_setting_value({'valueJson': deep}), decode_setting_value({'valueJson': deep}))
