# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SettingCatalog: a template's setting templates and definitions, indexed."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._policies.catalog import (
    VALUE_PROPERTIES,
    SettingCatalog,
    graph_type,
    short_type,
)
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    ANTIVIRUS,
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
)


def test_short_and_graph_types():
    assert short_type(PREFIX + 'ChoiceSettingInstance') == 'ChoiceSettingInstance'
    assert short_type('#microsoft.graph.somethingElse') == 'somethingElse'
    assert short_type(None) == '' and short_type('') == ''
    assert graph_type('ChoiceSettingValue') == PREFIX + 'ChoiceSettingValue'
    assert VALUE_PROPERTIES == {
        'ChoiceSettingInstance': 'choiceSettingValue', 'ChoiceSettingCollectionInstance': 'choiceSettingCollectionValue',
        'SimpleSettingInstance': 'simpleSettingValue', 'SimpleSettingCollectionInstance': 'simpleSettingCollectionValue',
        'GroupSettingCollectionInstance': 'groupSettingCollectionValue', 'GroupSettingInstance': 'groupSettingValue'}


def test_every_definition_is_indexed_case_insensitively(catalog):
    assert catalog.template_id == ANTIVIRUS
    assert sorted(catalog.definitions) == sorted([REALTIME, CPU, EXTENSIONS, CLOUD, CLOUD_LEVEL, RULES, RULE_PATH,
                                                  RULE_COMMENT, PROXY_PASSWORD, REDIRECT])
    assert catalog.definition(CPU.upper())['id'] == CPU
    assert catalog.definition('nosuch') is None


def test_roots_are_the_setting_templates_settings_in_order(catalog):
    assert catalog.root_order == [REALTIME, CPU, EXTENSIONS, CLOUD, RULES, PROXY_PASSWORD, REDIRECT]
    assert catalog.is_root(CLOUD.upper()) and not catalog.is_root(CLOUD_LEVEL) and not catalog.is_root(RULE_PATH)
    assert catalog.required_roots() == [REALTIME]


@pytest.mark.parametrize('definition_id, kind', [
    (REALTIME, ('choice', 'ChoiceSettingInstance', 'choiceSettingValue')),
    (CPU, ('simple', 'SimpleSettingInstance', 'simpleSettingValue')),
    (EXTENSIONS, ('simple_collection', 'SimpleSettingCollectionInstance', 'simpleSettingCollectionValue')),
    (RULES, ('group_collection', 'GroupSettingCollectionInstance', 'groupSettingCollectionValue')),
    (REDIRECT, None),
])
def test_kind_of_a_definition(catalog, definition_id, kind):
    assert catalog.kind(catalog.definition(definition_id)) == kind


def test_template_references_of_top_level_settings_only(catalog):
    assert catalog.instance_template_reference(REALTIME) == {'settingInstanceTemplateId': 'f0790e28-9231-4d37-8f44-84bb47ca1b3e'}
    assert catalog.value_template_reference(REALTIME.upper()) == {
        'settingValueTemplateId': '0492c452-1069-4b91-9363-93b8e006ab12', 'useTemplateDefault': False}
    assert catalog.value_template_reference(CPU) == {'settingValueTemplateId': '37195fb1-3743-4c8e-a0ce-b6fae6fa3acd',
                                                     'useTemplateDefault': False}
    # A collection's value template is a list: no reference; a child has none at all.
    assert catalog.value_template_reference(EXTENSIONS) is None
    assert catalog.instance_template_reference(CLOUD_LEVEL) is None
    assert catalog.value_template_reference(CLOUD_LEVEL) is None


def test_children_of_an_option_with_whether_they_are_required(catalog):
    definition = catalog.definition(CLOUD)
    assert catalog.children_of_option(definition, CLOUD + '_1') == {CLOUD_LEVEL: True}
    assert catalog.children_of_option(definition, (CLOUD + '_1').upper()) == {CLOUD_LEVEL: True}
    assert catalog.children_of_option(definition, CLOUD + '_0') == {}
    assert catalog.children_of_option(definition, 'nosuch') == {}


def test_an_optional_child_of_an_option():
    definition = {'id': 'p', 'options': [{'itemId': 'p_1', 'dependedOnBy': [
        {'dependedOnBy': 'Child_A', 'required': False}, {'dependedOnBy': None}, {'dependedOnBy': 'child_b'}]}]}
    assert SettingCatalog('t', []).children_of_option(definition, 'p_1') == {'child_a': False, 'child_b': False}


def test_children_of_a_group_are_required_by_their_occurrence(catalog):
    assert catalog.children_of_group(catalog.definition(RULES)) == {RULE_PATH: True, RULE_COMMENT: False}


def test_a_child_id_without_definition_is_optional():
    catalog = SettingCatalog('t', [{'settingDefinitions': [{'id': 'g', 'childIds': ['Missing']}]}])
    assert catalog.children_of_group(catalog.definition('g')) == {'missing': False}
    assert catalog.roots == {} and catalog.required_roots() == []
