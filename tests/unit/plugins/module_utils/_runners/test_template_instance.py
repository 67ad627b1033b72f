# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The runner of intune_template_instance: the result the module and the action plugin return."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import InputError
from ansible_collections.msgraph.intune.plugins.module_utils._runners import template_instance
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER,
    ENCRYPT,
    existing_intent,
    template_graph,
)
from ansible_collections.msgraph.intune.tests.unit.utils.module_runs import validated_params


class Connect(object):
    """A connect() for the runner that counts its calls."""

    def __init__(self, client):
        self.client = client
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.client


def params(**args):
    args.setdefault('template_id', BITLOCKER)
    args.setdefault('display_name', 'Corp - BitLocker')
    return validated_params(template_instance.ARGUMENT_SPEC, args)


@pytest.fixture
def graph():
    return template_graph()


def test_bad_input_fails_before_the_runner_connects(graph):
    connect = Connect(graph)
    with pytest.raises(InputError) as raised:
        template_instance.run(params(settings_delta=[{'definition_id': ENCRYPT}]), connect)
    assert raised.value.field == 'settings_delta[0]'
    assert connect.calls == 0 and graph.calls == []


def test_check_mode_reports_the_plan_without_writing(graph):
    result = template_instance.run(params(settings_delta=[{'definition_id': ENCRYPT, 'value': True}]), Connect(graph),
                                   check_mode=True)
    assert result['changed'] is True and result['actions'] == ['create']
    assert result['intent']['displayName'] == 'Corp - BitLocker' and 'id' not in result['intent']
    assert 'diff' not in result and result['warnings'] == []
    assert graph.writes() == []


def test_a_real_run_writes_and_returns_the_intent_and_the_diff(graph):
    checked = template_instance.run(params(settings_delta=[{'definition_id': ENCRYPT, 'value': True}]), Connect(graph),
                                    check_mode=True, diff=True)
    result = template_instance.run(params(settings_delta=[{'definition_id': ENCRYPT, 'value': True}]), Connect(graph),
                                   diff=True)
    assert result['changed'] is True and result['actions'] == ['create']
    assert result['intent']['id'] in graph.intents
    assert result['diff'] == {'before': {}, 'after': {
        'displayName': 'Corp - BitLocker', 'description': '', 'roleScopeTagIds': ['0'], 'templateId': BITLOCKER,
        'settings': {ENCRYPT: True}},
        # The headers name the profile (the diff of a loop item says which one it is).
        'before_header': "intent 'Corp - BitLocker'", 'after_header': "intent 'Corp - BitLocker'"}
    # Check mode predicted exactly that.
    assert checked['diff'] == result['diff']


def test_the_after_of_a_real_run_is_what_graph_holds(graph):
    existing = existing_intent(graph)
    # Graph drops a tag the caller may not use: the diff shows what it kept, not what was asked.
    original = graph._route_patch
    graph._route_patch = lambda path, body: original(path, dict(body, roleScopeTagIds=['0']))
    result = template_instance.run(params(description='New', role_scope_tag_ids=['0', '9']), Connect(graph), diff=True)
    assert result['actions'] == ['patch']
    assert result['diff']['after']['roleScopeTagIds'] == ['0'] and result['diff']['after']['description'] == 'New'
    assert result['intent']['id'] == existing['id']


def test_no_drift_is_no_change_and_returns_the_intent_as_read(graph):
    existing = existing_intent(graph)
    result = template_instance.run(params(description='Managed', settings_delta=[{'definition_id': ENCRYPT, 'value': True}]),
                                   Connect(graph))
    assert result['changed'] is False and result['actions'] == []
    assert result['intent']['id'] == existing['id'] and len(result['intent']['settings']) == 4
    assert graph.writes() == []


def test_validate_settings_false_reads_no_definitions(graph):
    existing_intent(graph)
    template_instance.run(params(validate_settings=False, settings_delta=[{'definition_id': ENCRYPT, 'value': False}]),
                          Connect(graph), check_mode=True)
    assert not graph.requests('GET', '/categories')


def test_warnings_are_part_of_the_result(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER, isMigratingToConfigurationPolicy=True)
    result = template_instance.run(params(), Connect(graph), check_mode=True)
    assert len(result['warnings']) == 1 and 'settings catalog' in result['warnings'][0]


def test_a_failure_after_a_warning_carries_the_warning(graph):
    graph.add_intent('Corp - BitLocker', BITLOCKER, isMigratingToConfigurationPolicy=True)
    with pytest.raises(InputError) as raised:
        template_instance.run(params(settings_delta=[{'definition_id': ENCRYPT + 'Typo', 'value': True}]), Connect(graph))
    assert 'not a setting of template %s' % BITLOCKER in str(raised.value)
    (warning,) = raised.value.warnings
    assert 'settings catalog' in warning and raised.value.result_fields()['warnings'] == [warning]
