# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bodies sent to Graph, and createInstance's answer."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.definitions import derive_setting_types
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import (
    DesiredSetting,
    normalise_settings_delta,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.payloads import (
    build_create_instance_body,
    build_setting_instance,
    unwrap_entity,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.values import (
    decode_setting_value,
    setting_values_equal,
)
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BOOL,
    COMPLEX,
    ENCRYPT,
    LABEL,
    OPTIONS,
    STRING,
)
from ansible_collections.msgraph.intune.tests.unit.utils.json_strategies import SETTING_ITEMS


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
    # The description is always sent, so that Graph holds what check mode predicts.
    assert build_create_instance_body('Corp', None, [], None) == {'displayName': 'Corp', 'description': '',
                                                                  'settingsDelta': []}


@pytest.mark.parametrize('response, entity', [
    ({'id': 'a', 'displayName': 'x'}, {'id': 'a', 'displayName': 'x'}),
    ({'value': {'id': 'a'}}, {'id': 'a'}),
    ({'id': 'a', 'value': {'id': 'b'}}, {'id': 'a', 'value': {'id': 'b'}}),
    (None, None),
])
def test_unwrap_entity(response, entity):
    assert unwrap_entity(response) == entity


@settings(max_examples=200)
@given(st.lists(SETTING_ITEMS, max_size=4), st.text(max_size=30), st.none() | st.text(max_size=30),
       st.none() | st.lists(st.text(max_size=5), max_size=3))
@pytest.mark.reliability('properties', 'Payload building: valid JSON whose values compare equal to the desired ones')
def test_payloads_are_valid_json_and_their_values_compare_equal_after_a_round_trip(items, name, description, tags):
    try:
        desired = derive_setting_types(normalise_settings_delta(items))
    except InputError:
        return
    body = build_create_instance_body(name, description, desired, tags)
    decoded = json.loads(json.dumps(body, allow_nan=False))
    assert decoded['displayName'] == name
    for setting, instance in zip(desired, decoded['settingsDelta']):
        assert instance == build_setting_instance(setting)
        assert setting_values_equal(decode_setting_value(instance), setting.value)
