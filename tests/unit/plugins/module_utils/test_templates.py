# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Template selection for intune_template_info (plugins/module_utils/_templates.py)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, InputError
from ansible_collections.msgraph.intune.plugins.module_utils._templates import select_templates
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import FakeGraph, graph_error

BITLOCKER = 'd1174162-1dd2-4976-affc-6667049ab0ae'
OLD_BASELINE = '034ccd46-190c-4afc-adf1-ad7cc11262eb'
NEW_BASELINE = '2b6fae4c-a98b-4e45-a3c1-d9eb4f3c1e2b'
RETIRED_BASELINE = '7d7a4f1e-0c6b-4a7e-9f3b-2b8e5b0c9a11'
UNKNOWN = '11111111-2222-3333-4444-555555555555'
TEMPLATES_PATH = 'deviceManagement/templates'


def definition(definition_id, value_type):
    return {'id': definition_id, 'displayName': definition_id, 'valueType': value_type, 'constraints': []}


ENCRYPT = definition('deviceConfiguration--bitLockerEncryptDevice', 'boolean')
ROTATION = definition('deviceConfiguration--bitLockerRecoveryPasswordRotation', 'string')
RULES = definition('deviceConfiguration--firewallRules', 'collection')


@pytest.fixture
def graph():
    fake = FakeGraph()
    fake.add_template(BITLOCKER, 'BitLocker', categories={'encryption': [ENCRYPT, ROTATION], 'rules': [RULES]})
    fake.add_template(OLD_BASELINE, 'MDM Security Baseline', version='1', deprecated=True,
                      migratable_to=[NEW_BASELINE, RETIRED_BASELINE])['templateType'] = 'securityBaseline'
    fake.add_template(NEW_BASELINE, 'MDM Security Baseline', version='2')['templateType'] = 'securityBaseline'
    fake.add_template(RETIRED_BASELINE, 'Retired baseline', deprecated=True)['templateType'] = 'securityBaseline'
    return fake


def ids(templates):
    return [template['id'] for template in templates]


def test_without_filters_every_current_template_in_one_request(graph):
    assert ids(select_templates(graph)) == [BITLOCKER, NEW_BASELINE]
    assert [call[1] for call in graph.calls] == [TEMPLATES_PATH]


def test_include_deprecated_adds_the_deprecated_templates(graph):
    assert ids(select_templates(graph, include_deprecated=True)) == [BITLOCKER, OLD_BASELINE, NEW_BASELINE,
                                                                     RETIRED_BASELINE]


@pytest.mark.parametrize('name', ['MDM Security Baseline', 'mdm security baseline', '  MDM SECURITY BASELINE '])
def test_template_name_matches_every_version_case_insensitively(graph, name):
    assert ids(select_templates(graph, template_name=name)) == [NEW_BASELINE]
    assert ids(select_templates(graph, template_name=name, include_deprecated=True)) == [OLD_BASELINE, NEW_BASELINE]


def test_template_name_does_not_match_a_part_of_a_name(graph):
    assert select_templates(graph, template_name='Baseline') == []


@pytest.mark.parametrize('template_type', ['securityBaseline', 'SECURITYBASELINE'])
def test_template_type_matches_case_insensitively(graph, template_type):
    assert ids(select_templates(graph, template_type=template_type)) == [NEW_BASELINE]


def test_filters_combine(graph):
    assert select_templates(graph, template_name='BitLocker', template_type='securityBaseline') == []
    assert ids(select_templates(graph, template_name='bitlocker', template_type='securityTemplate')) == [BITLOCKER]


def test_template_id_reads_only_that_template_even_when_deprecated(graph):
    assert ids(select_templates(graph, template_id=OLD_BASELINE)) == [OLD_BASELINE]
    assert [call[1] for call in graph.calls] == ['%s/%s' % (TEMPLATES_PATH, OLD_BASELINE)]


def test_template_id_with_another_filter_that_does_not_match_gives_nothing(graph):
    assert select_templates(graph, template_id=BITLOCKER, template_type='securityBaseline') == []


def test_unknown_template_id_gives_nothing(graph):
    assert select_templates(graph, template_id=UNKNOWN) == []


def test_other_errors_reading_a_template_are_raised(graph):
    graph.fail('GET', BITLOCKER, graph_error(500, code='InternalServerError'))
    with pytest.raises(GraphError):
        select_templates(graph, template_id=BITLOCKER)


def test_migratable_from_lists_the_current_targets(graph):
    assert ids(select_templates(graph, migratable_from=OLD_BASELINE)) == [NEW_BASELINE]
    assert [call[1] for call in graph.calls] == ['%s/%s/migratableTo' % (TEMPLATES_PATH, OLD_BASELINE)]


def test_migratable_from_with_include_deprecated_and_template_id(graph):
    assert ids(select_templates(graph, migratable_from=OLD_BASELINE, include_deprecated=True)) == [NEW_BASELINE,
                                                                                                   RETIRED_BASELINE]
    assert ids(select_templates(graph, migratable_from=OLD_BASELINE, template_id=RETIRED_BASELINE)) == [RETIRED_BASELINE]
    assert select_templates(graph, migratable_from=OLD_BASELINE, template_id=BITLOCKER) == []


def test_a_template_without_targets_migrates_to_nothing(graph):
    assert select_templates(graph, migratable_from=BITLOCKER) == []


def test_unknown_migratable_from_is_an_input_error(graph):
    with pytest.raises(InputError) as caught:
        select_templates(graph, migratable_from=UNKNOWN)
    assert caught.value.field == 'migratable_from'
    assert UNKNOWN in str(caught.value)


def test_other_errors_reading_migration_targets_are_raised(graph):
    graph.fail('GET', 'migratableTo', graph_error(403, code='Forbidden'))
    with pytest.raises(GraphError):
        select_templates(graph, migratable_from=OLD_BASELINE)
