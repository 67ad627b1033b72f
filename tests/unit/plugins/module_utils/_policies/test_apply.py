# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applying a policy plan: the writes in order, then the policy read back; what a failure had already done."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._policies.apply import apply_policy_plan
from ansible_collections.msgraph.intune.plugins.module_utils._policies.plan import describe_policy_result
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error, transport_error
from ansible_collections.msgraph.intune.tests.unit.utils.policy_data import (
    ANTIVIRUS,
    CPU,
    EXTENSIONS,
    REALTIME,
    choice,
    existing_policy,
    integer,
    plan_for,
    run,
    strings,
)

POLICIES = 'deviceManagement/configurationPolicies'
ALLOW = {'definition_id': REALTIME, 'value': 'Allowed'}
NAME_LOOKUP = ('GET', POLICIES, {'$filter': "name eq 'Corp - Antivirus'"})


def test_create_posts_once_and_its_settings_come_with_the_lookup_for_a_copy(graph):
    plan = plan_for(graph, settings=[ALLOW, {'definition_id': CPU, 'value': 20}])
    before = len(graph.calls)
    policy = apply_policy_plan(graph, plan)
    assert graph.calls[before:] == [
        ('POST', POLICIES, plan.create_body, False),
        ('GET', POLICIES, dict(NAME_LOOKUP[2], **{'$expand': 'settings'})),
    ]
    assert list(graph.policies) == [policy['id']] and plan.actions == ['create']
    stored = graph.policies[policy['id']]
    assert policy == dict(stored, settings=[{'id': '0', 'settingInstance': choice(REALTIME, '1')},
                                            {'id': '1', 'settingInstance': integer(CPU, 20)}])
    assert '@odata.context' not in policy and graph.pauses == []
    # What check mode predicted is what the run shows.
    assert describe_policy_result(plan, policy) == plan.after


def test_where_graph_refuses_to_expand_settings_the_created_policys_are_read_back(graph):
    graph.expand_refusal = 501
    plan = plan_for(graph, settings=[ALLOW])
    before = len(graph.calls)
    policy = apply_policy_plan(graph, plan)
    assert graph.calls[before:] == [
        ('POST', POLICIES, plan.create_body, False),
        ('GET', POLICIES, dict(NAME_LOOKUP[2], **{'$expand': 'settings'})),
        NAME_LOOKUP,
        ('GET', '%s/%s/settings' % (POLICIES, policy['id']), None),
    ]
    assert policy['settings'] == [{'id': '0', 'settingInstance': choice(REALTIME, '1')}]
    assert describe_policy_result(plan, policy) == plan.after


def test_create_with_assignments_assigns_without_a_second_look(graph):
    # A policy's createdDateTime never moves, so unlike an intent the run need not look again before it assigns.
    plan, policy = run(graph, settings=[ALLOW], assignments=[{'all_devices': True}])
    assert plan.actions == ['create', 'assign']
    assert graph.pauses == []
    post_at = graph.calls.index(graph.requests('POST', POLICIES)[0])
    assert [call[:2] for call in graph.calls[post_at + 1:]] == [
        ('GET', POLICIES),
        ('POST', '%s/%s/assign' % (POLICIES, policy['id'])),
        ('GET', '%s/%s' % (POLICIES, policy['id'])),
        ('GET', '%s/%s/settings' % (POLICIES, policy['id'])),
        ('GET', '%s/%s/assignments' % (POLICIES, policy['id']))]
    assert [a['target']['@odata.type'] for a in policy['assignments']] == ['#microsoft.graph.allDevicesAssignmentTarget']
    assert describe_policy_result(plan, policy) == plan.after


def test_put_then_the_policy_is_read_back(graph):
    existing = existing_policy(graph)
    plan, policy = run(graph, description='New', settings=[{'definition_id': CPU, 'value': 45}])
    assert plan.actions == ['put']
    assert graph.policy_writes() == [('PUT', '%s/%s' % (POLICIES, existing['id']))]
    assert graph.writes()[0][2] == plan.put_body
    assert policy['description'] == 'New' and policy['lastModifiedDateTime'] > existing['lastModifiedDateTime']
    assert [entry['settingInstance'] for entry in policy['settings']] == [
        choice(REALTIME, '1'), integer(CPU, 45), strings(EXTENSIONS, ['.log', '.tmp'])]
    assert describe_policy_result(plan, policy) == plan.after
    assert graph.calls[-2:] == [('GET', '%s/%s' % (POLICIES, existing['id']), None),
                                ('GET', '%s/%s/settings' % (POLICIES, existing['id']), None)]


def test_patch_only(graph):
    existing = existing_policy(graph)
    plan, policy = run(graph, name='Corp - Antivirus', description='Other')
    assert graph.writes() == [('PATCH', '%s/%s' % (POLICIES, existing['id']), {'description': 'Other'})]
    assert policy['description'] == 'Other' and plan.actions == ['patch']


def test_delete(graph):
    existing = existing_policy(graph)
    plan, policy = run(graph, state='absent')
    assert policy == {} and graph.policies == {} and plan.actions == ['delete']
    assert graph.writes() == [('DELETE', '%s/%s' % (POLICIES, existing['id']), None)]


def test_delete_of_a_policy_gone_meanwhile_counts_as_deleted(graph):
    existing = existing_policy(graph)
    plan = plan_for(graph, state='absent')
    del graph.policies[existing['id']]
    assert apply_policy_plan(graph, plan) == {} and plan.actions == ['delete']


def test_nothing_to_do_returns_the_prediction_without_a_request(graph):
    existing_policy(graph)
    plan = plan_for(graph)
    calls = len(graph.calls)
    assert apply_policy_plan(graph, plan) is plan.predicted_policy
    assert len(graph.calls) == calls


def test_a_failure_after_a_write_reports_what_was_done(graph):
    existing = existing_policy(graph)
    plan = plan_for(graph, settings=[{'definition_id': CPU, 'value': 45}], assignments=[{'all_devices': True}])
    assert plan.actions == ['put', 'assign']
    error = graph_error(400, method='POST', code='BadRequest', message='assign refused')
    graph.fail('POST', '/assign', error)
    with pytest.raises(GraphError) as raised:
        apply_policy_plan(graph, plan)
    assert raised.value is error
    assert error.done == {'changed': True, 'actions': ['put'], 'policy': dict(
        (key, existing[key]) for key in ('id', 'name', 'description', 'templateReference', 'roleScopeTagIds',
                                         'createdDateTime', 'lastModifiedDateTime'))}
    assert error.user_message() == str(error) + '; already done before this failure: put of %s' % existing['id']
    assert 'already done' in error.user_message()
    assert error.result_fields()['actions'] == ['put'] and error.result_fields()['changed'] is True
    assert plan.actions == ['put']
    assert graph.policy_settings[existing['id']][1] == integer(CPU, 45)


def test_a_failure_after_the_create_reports_the_created_policy(graph):
    plan = plan_for(graph, settings=[ALLOW], assignments=[{'all_devices': True}])
    graph.fail('POST', '/assign', graph_error(403, method='POST', code='Forbidden'))
    with pytest.raises(GraphError) as raised:
        apply_policy_plan(graph, plan)
    (policy_id,) = list(graph.policies)
    assert raised.value.done['actions'] == ['create'] and raised.value.done['policy']['id'] == policy_id
    assert raised.value.done['policy']['templateReference']['templateId'] == ANTIVIRUS
    assert raised.value.user_message().endswith('; already done before this failure: create of %s' % policy_id)


def test_a_failure_of_the_first_write_reports_nothing_done(graph):
    existing_policy(graph)
    plan = plan_for(graph, description='x')
    error = graph_error(400, method='PATCH')
    graph.fail('PATCH', '', error)
    with pytest.raises(GraphError):
        apply_policy_plan(graph, plan)
    assert error.done == {} and error.user_message() == str(error) and plan.actions == ['patch']


@pytest.mark.parametrize('error', [transport_error(), graph_error(504, method='POST', code='GatewayTimeout')])
def test_a_lost_create_response_is_found_without_a_second_post(graph, error):
    graph.fail('POST', POLICIES, error, after_effect=True)
    plan, policy = run(graph, settings=[ALLOW])
    assert len(graph.requests('POST', POLICIES)) == 1
    assert list(graph.policies) == [policy['id']] and plan.actions == ['create']
    assert policy['settings'] == [{'id': '0', 'settingInstance': choice(REALTIME, '1')}]


def test_an_older_concurrent_copy_is_adopted_and_brought_to_the_options(graph):
    plan = plan_for(graph, settings=[ALLOW, {'definition_id': CPU, 'value': 20}])
    original = graph._create_policy
    older = {}

    def create_during_race(body):
        created = original(body)
        earlier = (graph.clock - datetime.timedelta(seconds=1)).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
        older.update(graph.add_policy(body['name'], ANTIVIRUS, settings=[choice(REALTIME, '0')], created=earlier))
        return created

    graph._create_policy = create_during_race
    policy = apply_policy_plan(graph, plan)
    assert list(graph.policies) == [older['id']] and policy['id'] == older['id']
    own_id = graph.requests('DELETE')[0][1].rpartition('/')[2]
    assert own_id != older['id']
    assert graph.policy_writes() == [('POST', POLICIES), ('DELETE', '%s/%s' % (POLICIES, own_id)),
                                     ('PUT', '%s/%s' % (POLICIES, older['id']))]
    assert plan.actions == ['create', 'delete_own_copy', 'put']
    assert [entry['settingInstance'] for entry in policy['settings']] == [choice(REALTIME, '1'), integer(CPU, 20)]
    (warning,) = plan.warnings
    assert 'this run deleted its own copy %s' % own_id in warning
