# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PolicyInputs: the options of intune_configuration_policy, checked before any request."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._assignments.inputs import AssignmentSpec
from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._policies.inputs import (
    TEMPLATE_FAMILIES,
    PolicyInputs,
    parse_policy_inputs,
)
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import ANTIVIRUS, CPU, params

POLICY_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'


def refused(**overrides):
    with pytest.raises(InputError) as raised:
        parse_policy_inputs(params(**overrides))
    return raised.value


def test_the_options_of_a_create():
    settings = [{'definition_id': CPU, 'value': 5}]
    inputs = parse_policy_inputs(params(template_id=ANTIVIRUS.upper(), description='d', settings=settings,
                                        role_scope_tag_ids=['0', 5, '0'], settings_mode='exact'))
    assert inputs == PolicyInputs(name='Corp - Antivirus', template_id=ANTIVIRUS, description='d', settings=settings,
                                  settings_mode='exact', role_scope_tag_ids=['0', '5'])
    assert inputs.names_template


def test_defaults_when_options_are_left_out():
    inputs = parse_policy_inputs({'name': 'P', 'template_family': 'baseline'})
    assert (inputs.state, inputs.settings_mode, inputs.settings, inputs.assignments) == ('present', 'delta', None, None)
    assert inputs.remove_unsupported_targets is False and inputs.description is None


def test_a_policy_by_id_needs_neither_name_nor_template():
    inputs = parse_policy_inputs(params(policy_id=POLICY_ID.upper(), name=None, template_id=None))
    assert inputs.policy_id == POLICY_ID and inputs.name is None and not inputs.names_template


def test_a_template_version_is_text():
    assert parse_policy_inputs(params(template_id=None, template_name='X', template_version=2)).template_version == '2'


def test_assignments_are_validated_into_specs():
    inputs = parse_policy_inputs(params(assignments=[{'all_devices': True}]))
    assert inputs.assignments == [AssignmentSpec(field='assignments[0]', subject='all_devices')]


@pytest.mark.parametrize('overrides, field, message', [
    (dict(policy_id='nope'), 'policy_id', None),
    (dict(name=None), 'name', 'must be a non-empty string (quote it in YAML), got null'),
    (dict(name='  '), 'name', 'must be a non-empty string'),
    (dict(name=['a']), 'name', 'must be a non-empty string (quote it in YAML), got a JSON array'),
    (dict(template_id='804339ad-1553-4478-a742-138fb5807418'), 'template_id',
     "'804339ad-1553-4478-a742-138fb5807418' is not a configuration policy template id (<baseId>_<version>, for "
     "example 804339ad-1553-4478-a742-138fb5807418_1)"),
    (dict(template_id=None, template_family='antivirus'), 'template_family', None),
    (dict(template_id=None, template_name=' '), 'template_name', 'must be a non-empty string'),
    (dict(template_family='baseline'), 'template_family',
     'is not used with template_id, which names one template version already'),
    (dict(template_version='1'), 'template_version',
     'is not used with template_id, which names one template version already'),
    (dict(template_platform='windows10'), 'template_platform',
     'is not used with template_id, which names one template version already'),
    (dict(template_id=None), 'template_id',
     'give the template: template_id, or template_family and/or template_name (or policy_id for an existing policy)'),
    (dict(template_id=None, policy_id=POLICY_ID, template_version='2'), 'template_version',
     'needs template_family or template_name'),
    (dict(template_id=None, policy_id=POLICY_ID, template_platform='macOS'), 'template_platform',
     'needs template_family or template_name'),
    (dict(state='gone'), 'state', "must be 'present' or 'absent', not 'gone'"),
    (dict(settings_mode='merge'), 'settings_mode', "must be one of delta, exact, not 'merge'"),
    (dict(settings={'definition_id': CPU}), 'settings', 'must be a list of settings, got a JSON object'),
    (dict(settings=[{'definition_id': CPU}, 'cpu=5']), 'settings[1]',
     'must be a dictionary with definition_id and value, got a string'),
    (dict(description=5), 'description', 'must be a string (quote it in YAML), got an integer'),
    (dict(role_scope_tag_ids=['0', '']), 'role_scope_tag_ids[1]', 'must be a non-empty string'),
    (dict(assignments=[{'group': 'x'}]), 'assignments[0].group', None),
])
def test_every_refusal_names_its_field(overrides, field, message):
    error = refused(**overrides)
    assert error.field == field
    if message is not None:
        assert error.message == message


def test_every_family_the_argspec_offers_is_accepted():
    for family in TEMPLATE_FAMILIES:
        assert parse_policy_inputs(params(template_id=None, template_family=family)).template_family == family
