# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The intent module and Intune's move of endpoint security profiles to settings catalog policies: a migrated profile
is never created again in the old format, a refused intent write says what to use instead, a profile being migrated
gets a warning. Also what a failure after a write reports."""

import pytest
from graph_emulator.seed import ANTIVIRUS_TEMPLATE_ID, WINDOWS_BASELINE_ID

pytestmark = pytest.mark.every_path

NAME = 'Corp - Antivirus'
TASK = {'template_id': ANTIVIRUS_TEMPLATE_ID, 'display_name': NAME}


def test_a_migrated_profile_is_not_created_again_as_an_intent(intune, graph, graph_log):
    intent = graph.control.seed_intent(NAME, ANTIVIRUS_TEMPLATE_ID)
    policy = graph.control.migrate_intent(intent['id'])
    assert graph.control.intents() == []
    graph_log.clear()

    refused = intune.run(args=TASK)

    assert refused.failed, refused
    message = refused.result['msg']
    assert policy['id'] in message and 'msgraph.intune.intune_configuration_policy' in message, message
    assert 'endpointSecurityAntivirus' in message and 'allow_beside_policy' in message
    assert graph_log.writes() == [] and graph.control.intents() == []

    beside = intune.run(args=dict(TASK, allow_beside_policy=True))
    assert beside.changed and beside.result['actions'] == ['create'], beside
    assert len(graph.control.intents()) == 1 and len(graph.control.policies()) == 1


def test_a_policy_of_another_family_does_not_stop_the_create(intune, graph):
    graph.control.seed_policy(NAME, technologies='mdm', template_id='66df8dce-0166-4b82-92f7-1f74e3ca17a3_4')
    created = intune.run(args=TASK)
    assert created.changed and created.result['actions'] == ['create'], created


def test_a_refused_intent_write_says_what_to_use_instead(intune, graph):
    graph.control.config(refuse_windows_security_intents=True)
    refused = intune.run(args=TASK)
    assert refused.failed, refused
    message = refused.result['msg']
    assert 'createInstance' in message and refused.result['error']['request_id'], refused
    assert 'msgraph.intune.intune_configuration_policy (template_family: endpointSecurityAntivirus)' in message
    assert graph.control.intents() == []


def test_a_profile_being_migrated_gets_a_warning_naming_the_new_module(intune, graph):
    intent = graph.control.seed_intent(NAME, ANTIVIRUS_TEMPLATE_ID)
    graph.control.set_intent_migrating(intent['id'])
    run = intune.run(args=TASK)
    assert not run.failed, run
    assert any(intent['id'] in w and 'msgraph.intune.intune_configuration_policy' in w for w in run.warnings), run


def test_a_baseline_intent_may_stand_beside_a_baseline_policy_of_its_name(intune, graph):
    # Security baselines are exempt from the move: both forms of one baseline are normal during a transition.
    graph.control.seed_policy('Corp - Baseline', technologies='mdm', template_id='66df8dce-0166-4b82-92f7-1f74e3ca17a3_4')
    created = intune.run(args={'template_id': WINDOWS_BASELINE_ID, 'display_name': 'Corp - Baseline'})
    assert created.changed and created.result['actions'] == ['create'], created


def test_a_failure_after_a_write_says_what_was_already_written(intune, graph):
    graph.control.add_fault('deviceManagement/intents/[^/]+/assign$', method='POST', status=400)
    failed = intune.run(args=dict(TASK, assignments=[{'all_devices': True}]))
    assert failed.failed and failed.result['changed'] is True and failed.result['actions'] == ['create'], failed
    [stored] = graph.control.intents()
    assert 'already done before this failure: create of %s' % stored['id'] in failed.result['msg'], failed
