# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes that stay exactly-once when Graph is slow or throttled, or another run creates the same profile, and a
failure after a write that still reports it: real ansible-playbook runs against the emulator."""

import time

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from conftest import MODULE, while_held
from playbook_runner import assert_clean_failure, run_play_on_hosts

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
NAME = 'Exactly once - BitLocker'
CREATE_INSTANCE = r'/createInstance$'
INTENTS = r'^/beta/deviceManagement/intents$'
ASSIGN = r'/assign$'
ARGS = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME, 'description': 'desired',
        'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': True}]}


def creates(graph):
    return [entry for entry in graph.control.requests(kind='graph') if entry['path'].endswith('/createInstance')]


def lookups(graph):
    return [entry for entry in graph.control.requests(kind='graph')
            if entry['path'] == '/beta/deviceManagement/intents' and entry['method'] == 'GET']


@pytest.mark.reliability('fault', 'A createInstance that Graph commits 4 s after it was sent, with timeout 2: the '
                                  'profile is looked up over the settle window and found; no second createInstance')
def test_a_create_committed_after_the_timeout_is_never_sent_twice(graph, intune):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', action='delay', delay_ms=4000)
    run = intune.run(args=dict(ARGS, timeout=2))
    assert run.rc == 0 and run.changed and not run.failed, run
    assert len(creates(graph)) == 1
    (intent,) = graph.control.intents()
    assert run.result['intent']['id'] == intent['id'] and run.result['actions'] == ['create']
    # The lookups waited for the commit (the log records a request when it is answered): the last one came after it.
    assert lookups(graph)[-1]['time'] >= creates(graph)[0]['time']


@pytest.mark.reliability('fault', 'createInstance refused with 503 and Retry-After 8: the lookup before the second '
                                  'createInstance comes no earlier than 8 s later')
def test_retry_after_is_honoured_on_the_create_path(graph, intune):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', status=503, headers={'Retry-After': '8'})
    run = intune.run(args=dict(ARGS, timeout=2))
    assert run.rc == 0 and run.changed and not run.failed, run
    first, second = creates(graph)
    assert first['status'] == 503 and second['status'] == 200
    after_refusal = [entry for entry in lookups(graph) if entry['time'] > first['time']]
    assert after_refusal[0]['time'] - first['time'] >= 8
    assert len(graph.control.intents()) == 1


@pytest.mark.reliability('fault', 'A failure after a write (the create succeeded, assign answered 500): the failed '
                                  'task reports changed, the writes made and the profile\'s id')
def test_a_failure_after_the_create_still_reports_the_change(graph, intune):
    graph.control.add_fault(ASSIGN, method='POST', count=20, status=500)
    run = intune.run(args=dict(ARGS, max_retries=1, assignments=[{'all_devices': True}]))
    assert_clean_failure(run, 'assign', '500')
    (intent,) = graph.control.intents()
    assert run.result['changed'] is True and run.result['actions'] == ['create']
    assert run.result['intent']['id'] == intent['id'] and run.result['intent']['displayName'] == NAME


@pytest.mark.reliability('concurrency', 'Two runs create the same profile and the second run\'s create lands after '
                                        'the first run has settled: the second run deletes its own copy, keeps the '
                                        'first and applies its own options to it')
@pytest.mark.reliability('fault', 'Two runs race to create one profile, the second run\'s create landing after the '
                                  'first run settled: one profile remains')
def test_a_create_that_lands_after_the_other_run_settled_converges(graph, intune):
    # This run's createInstance is held; meanwhile "another run" creates the same profile and is done with it.
    graph.control.add_fault(CREATE_INSTANCE, method='POST', action='delay', delay_ms=1500)

    with while_held(graph, lambda: graph.control.seed_intent(NAME, BITLOCKER_TEMPLATE_ID, description='the other run')):
        run = intune.run(args=ARGS)
    assert run.rc == 0 and run.changed and not run.failed, run
    (intent,) = graph.control.intents()
    assert run.result['intent']['id'] == intent['id'] and intent['description'] == 'desired'
    assert run.result['actions'][:2] == ['create', 'delete_own_copy'] and 'patch' in run.result['actions']
    assert any('this run deleted its own copy' in warning for warning in run.warnings), run


@pytest.mark.reliability('concurrency', 'A lost createInstance answer while another run created the same profile '
                                        'first: this run finds both, deletes its own copy and reports the change')
@pytest.mark.reliability('fault', 'A lost createInstance answer plus a concurrent copy: settled like any create, '
                                  'changed reported, one profile remains')
def test_a_lost_create_answer_beside_another_runs_copy(graph, intune):
    other = graph.control.seed_intent(NAME, BITLOCKER_TEMPLATE_ID, description='the other run')
    time.sleep(3)  # so that the other run's copy is clearly older than this run's createInstance
    # This run's lookup before creating is made to miss the other copy.
    graph.control.add_fault(INTENTS, method='GET', status=200, body={'value': []})
    graph.control.add_fault(CREATE_INSTANCE, method='POST', action='commit_then_drop')
    run = intune.run(args=ARGS)
    assert run.rc == 0 and run.changed and not run.failed, run
    assert 'nothing was changed' not in str(run.result)
    (intent,) = graph.control.intents()
    assert intent['id'] == other['id'] and intent['description'] == 'desired'
    assert run.result['actions'][:2] == ['create', 'delete_own_copy'] and 'patch' in run.result['actions']
    assert len(creates(graph)) == 1


@pytest.mark.reliability('fault', '20 forks creating 2 profiles each under the enforced limits (scale 25, 2 s '
                                  'windows) with default options: every task succeeds, each profile exists once')
def test_twenty_throttled_forks_with_default_options_all_succeed(graph, connection, tmp_path):
    graph.control.config(throttle_scale=25, throttle_window_s=2)
    hosts = dict(('fork%02d' % index, {'names': ['Forks %02d-%d' % (index, item) for item in (1, 2)]})
                 for index in range(20))
    task = {MODULE: {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': '{{ item }}'}, 'loop': '{{ names }}'}
    run, results = run_play_on_hosts(task, hosts, 20, module_defaults={'group/msgraph.intune.intune': connection},
                                     workdir=str(tmp_path))
    assert run.rc == 0, run
    failed = [item.get('msg') for result in results.values() for item in result['results'] if item.get('failed')]
    assert failed == [], failed
    names = sorted(intent['displayName'] for intent in graph.control.intents())
    assert names == sorted(name for variables in hosts.values() for name in variables['names'])
    assert [entry for entry in graph.control.requests(kind='graph') if entry['throttled']], 'nothing was throttled'
