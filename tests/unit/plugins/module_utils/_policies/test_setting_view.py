# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Setting instances compared, shown and exported, whatever Graph adds around the values."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_input import build_instance
from ansible_collections.msgraph.intune.plugins.module_utils._policies.setting_view import (
    MASK,
    definition_key,
    root_settings,
    same_settings,
    setting_key,
    setting_option,
    setting_view,
    settings_view,
)
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    CLOUD,
    CLOUD_LEVEL,
    CPU,
    EXTENSIONS,
    PREFIX,
    PROXY_PASSWORD,
    REALTIME,
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
from ansible_collections.msgraph.intune.tests.unit.utils.policy_graph import encrypted

CLOUD_ON = choice(CLOUD, '1', children=[choice(CLOUD_LEVEL, '2', top_level=False)])
PASSWORD = string(PROXY_PASSWORD, 'S3cret!', top_level=True, secret=True)


def test_root_settings_and_definition_key():
    listed = [{'id': '0', 'settingInstance': integer(CPU, 5)}, {'id': '1', 'settingInstance': choice(REALTIME, '0')}]
    assert root_settings(listed) == [integer(CPU, 5), choice(REALTIME, '0')]
    assert root_settings(None) == [] and root_settings([{'id': '0'}]) == [{}]
    assert definition_key({'settingDefinitionId': CPU.upper()}) == CPU and definition_key({}) == ''


def test_order_of_settings_and_of_collections_does_not_matter():
    left = [strings(EXTENSIONS, ['.log', '.tmp']), integer(CPU, 5),
            rules(('C:\\a', 'x'), ('D:\\b', None))]
    right = [rules(('D:\\b', None), ('C:\\a', 'x')), integer(CPU, 5), strings(EXTENSIONS, ['.tmp', '.log'])]
    # The children inside a group in another order, too.
    right[0]['groupSettingCollectionValue'][1]['children'].reverse()
    assert same_settings(left, right)
    assert setting_key(left[0]) == setting_key(right[2])


def test_ids_and_template_references_do_not_matter_but_case_of_ids_does_not_either():
    plain = integer(CPU, 5, top_level=False)
    with_ids = dict(integer(CPU, 5), id='7')
    assert setting_key(plain) == setting_key(with_ids)
    shouting = copy.deepcopy(CLOUD_ON)
    shouting['settingDefinitionId'] = CLOUD.upper()
    shouting['choiceSettingValue']['value'] = (CLOUD + '_1').upper()
    assert same_settings([shouting], [CLOUD_ON])


@pytest.mark.parametrize('changed', [
    [integer(CPU, 6)],
    [choice(REALTIME, '0')],
    [strings(EXTENSIONS, ['.log'])],
    [strings(EXTENSIONS, ['.log', '.tmp', '.bak'])],
    [choice(CLOUD, '1', children=[choice(CLOUD_LEVEL, '4', top_level=False)])],
    [rules(('C:\\a', 'other'))],
])
def test_a_different_value_is_a_difference(changed):
    base = {CPU: integer(CPU, 5), REALTIME: choice(REALTIME, '1'), EXTENSIONS: strings(EXTENSIONS, ['.log', '.tmp']),
            CLOUD: CLOUD_ON, RULES: rules(('C:\\a', 'x'))}
    other = dict(base, **dict((instance['settingDefinitionId'], instance) for instance in changed))
    assert not same_settings(list(base.values()), list(other.values()))


def test_a_missing_or_an_extra_setting_is_a_difference():
    assert not same_settings([integer(CPU, 5)], [integer(CPU, 5), choice(REALTIME, '1')])
    assert not same_settings([integer(CPU, 5)], [])
    # The same setting twice is not the same as once.
    assert not same_settings([integer(CPU, 5), integer(CPU, 5)], [integer(CPU, 5), choice(REALTIME, '1')])


def test_an_integer_is_not_the_same_as_its_string():
    as_string = integer(CPU, 5)
    as_string['simpleSettingValue'] = {'@odata.type': PREFIX + 'StringSettingValue', 'value': '5'}
    assert not same_settings([as_string], [integer(CPU, 5)])


def test_a_secret_compares_by_presence():
    stored = encrypted(PASSWORD)
    assert stored['simpleSettingValue']['valueState'] == 'encryptedValueToken'
    assert stored['simpleSettingValue']['value'] != 'S3cret!'
    assert same_settings([stored], [string(PROXY_PASSWORD, 'another', top_level=True, secret=True)])
    assert not same_settings([stored], [])
    # A clear string is no secret.
    assert not same_settings([stored], [string(PROXY_PASSWORD, 'S3cret!', top_level=True)])


def test_an_unknown_instance_type_compares_as_graph_gives_it():
    raw = {'@odata.type': PREFIX + 'SettingInstance', 'settingDefinitionId': REDIRECT, 'extra': {'a': 1}}
    assert same_settings([dict(raw, id='3', settingInstanceTemplateReference={'x': 1})], [raw])
    assert not same_settings([dict(raw, extra={'a': 2})], [raw])


def test_views_of_every_kind():
    assert settings_view([choice(REALTIME, '1'), integer(CPU, 5), strings(EXTENSIONS, ['.log']), CLOUD_ON,
                          rules(('C:\\a', 'x')), encrypted(PASSWORD)]) == {
        REALTIME: REALTIME + '_1',
        CPU: 5,
        EXTENSIONS: ['.log'],
        CLOUD: {'value': CLOUD + '_1', 'children': {CLOUD_LEVEL: CLOUD_LEVEL + '_2'}},
        RULES: [{RULE_PATH: 'C:\\a', RULE_COMMENT: 'x'}],
        PROXY_PASSWORD: MASK,
    }
    raw = {'@odata.type': PREFIX + 'SettingInstance', 'settingDefinitionId': REDIRECT, 'id': '1',
           'settingInstanceTemplateReference': {}, 'extra': 1}
    assert setting_view(raw) == {'@odata.type': PREFIX + 'SettingInstance', 'settingDefinitionId': REDIRECT, 'extra': 1}


def test_options_of_every_kind():
    assert setting_option(CLOUD_ON) == {'definition_id': CLOUD, 'value': CLOUD + '_1',
                                        'children': [{'definition_id': CLOUD_LEVEL, 'value': CLOUD_LEVEL + '_2'}]}
    assert setting_option(choice(REALTIME, '0')) == {'definition_id': REALTIME, 'value': REALTIME + '_0'}
    assert setting_option(integer(CPU, 5)) == {'definition_id': CPU, 'value': 5}
    assert setting_option(strings(EXTENSIONS, ['.a', '.b'])) == {'definition_id': EXTENSIONS, 'value': ['.a', '.b']}
    assert setting_option(rules(('C:\\a', None))) == {
        'definition_id': RULES, 'value': [[{'definition_id': RULE_PATH, 'value': 'C:\\a'}]]}
    # A secret is exported as the raw instance with its encrypted token (never in clear, never the mask).
    stored = dict(encrypted(PASSWORD), id='4')
    assert setting_option(stored) == {'setting_instance': encrypted(PASSWORD)}
    assert MASK not in str(setting_option(stored)) and 'S3cret!' not in str(setting_option(stored))
    # So is a setting with a secret anywhere among its children.
    group = rules(('C:\\a', None))
    group['groupSettingCollectionValue'][0]['children'].append(encrypted(string(RULE_COMMENT, 'x', secret=True)))
    assert setting_option(group) == {'setting_instance': group}
    raw = {'@odata.type': PREFIX + 'SettingInstance', 'settingDefinitionId': REDIRECT, 'id': '1'}
    assert setting_option(raw) == {'setting_instance': {'@odata.type': PREFIX + 'SettingInstance',
                                                        'settingDefinitionId': REDIRECT}}


@pytest.mark.parametrize('instance', [
    choice(REALTIME, '1'), integer(CPU, 0), strings(EXTENSIONS, ['.log', '.tmp']), CLOUD_ON,
    rules(('C:\\a', 'x'), ('D:\\b', None)), encrypted(PASSWORD),
    {'@odata.type': PREFIX + 'SettingInstance', 'settingDefinitionId': REDIRECT,
     'settingInstanceTemplateReference': {'settingInstanceTemplateId': '6a7b8c9d-0e1f-4a2b-c3d4-e5f6a7b8c9d0'}},
], ids=['choice', 'integer', 'collection', 'choice-with-child', 'group-collection', 'secret', 'raw'])
def test_an_exported_setting_builds_the_same_setting_again(catalog, instance):
    rebuilt = build_instance(catalog, setting_option(instance), 'settings[0]', top_level=True)
    assert setting_key(rebuilt) == setting_key(instance)
    assert rebuilt.get('settingInstanceTemplateReference') == instance.get('settingInstanceTemplateReference')
