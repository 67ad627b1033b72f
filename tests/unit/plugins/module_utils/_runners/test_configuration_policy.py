# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The runner of intune_configuration_policy: inputs checked before it connects, the result it returns."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._runners import configuration_policy
from ansible_collections.msgraph.intune.tests.unit.utils.module_runs import validated_params
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    ANTIVIRUS,
    CPU,
    REALTIME,
    existing_policy,
    policy_graph,
)


class Connect(object):
    """A connect() for the runner that counts its calls."""

    def __init__(self, client):
        self.client = client
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.client


def params(**args):
    args.setdefault('template_id', ANTIVIRUS)
    args.setdefault('name', 'Corp - Antivirus')
    return validated_params(configuration_policy.ARGUMENT_SPEC, args)


@pytest.fixture
def graph():
    return policy_graph()


def test_the_argspec_defaults():
    validated = params()
    assert (validated['settings_mode'], validated['state'], validated['remove_unsupported_targets']) == (
        'delta', 'present', False)
    assert validated['settings'] is None and validated['assignments'] is None


@pytest.mark.parametrize('args, field', [
    (dict(template_id='804339ad-1553-4478-a742-138fb5807418'), 'template_id'),
    (dict(policy_id='not-a-guid'), 'policy_id'),
    (dict(name=['a list']), 'name'),
    (dict(name=''), 'name'),
    (dict(description=3), 'description'),
    (dict(role_scope_tag_ids=['0', '']), 'role_scope_tag_ids[1]'),
    (dict(template_version='2'), 'template_version'),
    (dict(assignments=[{'group_id': 'nope'}]), 'assignments[0].group_id'),
    (dict(assignments=[{'all_devices': True, 'all_users': True}]), 'assignments[0].all_users'),
])
def test_bad_input_fails_before_the_runner_connects(graph, args, field):
    connect = Connect(graph)
    with pytest.raises(InputError) as raised:
        configuration_policy.run(params(**args), connect)
    assert raised.value.field == field
    assert connect.calls == 0 and graph.calls == []


@pytest.mark.parametrize('args, fragment', [
    (dict(template_id=ANTIVIRUS, template_name='X', name='P'), 'mutually exclusive'),
    (dict(template_id=ANTIVIRUS, template_family='baseline', name='P'), 'mutually exclusive'),
    (dict(name='P'), 'one of the following is required'),
    (dict(template_id=ANTIVIRUS), 'one of the following is required'),
    (dict(template_family='antivirus', name='P'), 'value of template_family must be one of'),
    (dict(template_id=ANTIVIRUS, name='P', settings_mode='merge'), 'value of settings_mode must be one of'),
])
def test_the_module_kwargs_refuse_contradictions(args, fragment):
    kwargs = dict((key, value) for key, value in configuration_policy.MODULE_KWARGS.items()
                  if key in ('mutually_exclusive', 'required_one_of'))
    result = ArgumentSpecValidator(configuration_policy.ARGUMENT_SPEC, **kwargs).validate(args)
    assert any(fragment in message for message in result.error_messages), result.error_messages
    assert configuration_policy.MODULE_KWARGS['supports_check_mode'] is True


def test_a_setting_refused_by_its_definition_fails_before_any_write(graph):
    connect = Connect(graph)
    with pytest.raises(InputError) as raised:
        configuration_policy.run(params(settings=[{'definition_id': REALTIME, 'value': 'Allowed'},
                                                  {'definition_id': CPU, 'value': 500}]), connect)
    assert (raised.value.field, raised.value.definition_id) == ('settings[1].value', CPU)
    assert connect.calls == 1 and graph.writes() == []


def test_check_mode_predicts_what_a_real_run_does(graph):
    options = params(settings=[{'definition_id': REALTIME, 'value': 'Allowed'}], description='Managed')
    checked = configuration_policy.run(options, Connect(graph), check_mode=True, diff=True)
    assert checked['changed'] is True and checked['actions'] == ['create'] and graph.writes() == []
    assert 'id' not in checked['policy'] and checked['warnings'] == []
    result = configuration_policy.run(options, Connect(graph), diff=True)
    assert result['changed'] is True and result['actions'] == ['create']
    assert result['policy']['id'] in graph.policies
    assert result['diff'] == checked['diff'] == {'before': {}, 'after': {
        'name': 'Corp - Antivirus', 'description': 'Managed', 'roleScopeTagIds': ['0'], 'templateId': ANTIVIRUS,
        'settings': {REALTIME: REALTIME + '_1'}},
        'before_header': "configuration policy 'Corp - Antivirus'", 'after_header': "configuration policy 'Corp - Antivirus'"}
    again = configuration_policy.run(options, Connect(graph), diff=True)
    assert again['changed'] is False and again['actions'] == [] and again['diff']['before'] == again['diff']['after']


def test_a_run_without_diff_has_no_diff_and_reports_warnings(graph):
    existing_policy(graph)
    graph.refuse_name_filter = 400
    result = configuration_policy.run(params(), Connect(graph))
    assert 'diff' not in result and result['changed'] is False
    assert result['warnings'] == ['Graph refused the name filter on deviceManagement/configurationPolicies (HTTP 400); '
                                  'all configuration policies were listed and matched locally instead']


LAPTOPS = '4c1f0b9e-8a2d-4e5f-b6c7-d8e9f0a1b2c3'
GET_BY_IDS = 'directoryObjects/getByIds'


def assigned_policy(graph):
    policy = existing_policy(graph)
    graph.policy_assignments[policy['id']] = [{'id': 'a', 'target': {
        '@odata.type': '#microsoft.graph.groupAssignmentTarget', 'groupId': LAPTOPS}}]
    return policy


def test_without_drift_a_group_label_costs_no_request(graph):
    assigned_policy(graph)
    result = configuration_policy.run(params(assignments=[{'group_id': LAPTOPS, 'group_name': 'Old name'}]), Connect(graph))
    assert result['changed'] is False and result['warnings'] == []
    assert not graph.requests('POST', GET_BY_IDS)


def test_a_diff_names_the_groups_and_a_stale_label_is_a_warning(graph):
    assigned_policy(graph)
    result = configuration_policy.run(params(assignments=[{'group_id': LAPTOPS, 'group_name': 'Old name'}]), Connect(graph),
                                      check_mode=True, diff=True)
    assert result['changed'] is False and len(graph.requests('POST', GET_BY_IDS)) == 1
    named = [{'group_id': LAPTOPS, 'group_name': 'Corp Laptops', 'mode': 'include'}]
    assert result['diff']['before']['assignments'] == result['diff']['after']['assignments'] == named
    assert result['warnings'] == ["assignments[0].group_name: group 'Old name' (%s) is now named 'Corp Laptops'; group_id "
                                  "decides which group is assigned, so only the label is out of date" % LAPTOPS]
