# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many forks at once under Intune's (scaled) request limits, and two runs racing to create the same intent."""

import time

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from conftest import MODULE, while_held
from playbook_runner import run_play_on_hosts

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

INTENTS = r'^/beta/deviceManagement/intents$'
CREATE_INSTANCE = r'/createInstance$'
RACE_NAME = 'Race - BitLocker'

# 60 intents from 10 forks; Intune's limits divided by 25 in 2 s windows: 4 writes and 40 requests per 2 s for the
# one app, so the first wave of creates is throttled.
FLEET_SIZE = 60
FLEET_FORKS = 10
FLEET_THROTTLE = {'throttle_scale': 25, 'throttle_window_s': 2}
FLEET_MAX_RETRIES = 10


def fleet(size):
    return dict(('host%02d' % index, {'profile_name': 'Fleet %02d - BitLocker' % index}) for index in range(size))


def run_on_hosts(graph, connection, tmp_path, host_vars, forks, extra_args=None):
    args = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': '{{ profile_name }}'}
    args.update(extra_args or {})
    workdir = tmp_path / ('hosts%d' % len(list(tmp_path.iterdir())))
    workdir.mkdir()
    return run_play_on_hosts({MODULE: args}, host_vars, forks, workdir=str(workdir),
                             module_defaults={'group/msgraph.intune.intune': connection})


def graph_writes(graph):
    return [entry for entry in graph.control.requests(kind='graph') if entry['method'] != 'GET']


@pytest.mark.slow
@pytest.mark.reliability('concurrency', '%d forks manage %d different intents under the enforced limits (scale %d, '
                                        '%d s windows): all created exactly once, the 429s absorbed, a rerun writes '
                                        'nothing' % (FLEET_FORKS, FLEET_SIZE, FLEET_THROTTLE['throttle_scale'],
                                                     FLEET_THROTTLE['throttle_window_s']))
def test_many_forks_create_each_intent_once_under_the_limits(graph, connection, tmp_path):
    graph.control.config(**FLEET_THROTTLE)
    hosts = fleet(FLEET_SIZE)
    connection = dict(connection, max_retries=FLEET_MAX_RETRIES)

    started = time.monotonic()
    run, results = run_on_hosts(graph, connection, tmp_path, hosts, FLEET_FORKS)
    elapsed = time.monotonic() - started

    assert run.rc == 0, run
    assert sorted(results) == sorted(hosts)
    assert all(result['changed'] and not result.get('failed') for result in results.values()), run
    intents = graph.control.intents()
    assert sorted(intent['displayName'] for intent in intents) == sorted(v['profile_name'] for v in hosts.values())
    creates = [entry for entry in graph_writes(graph) if entry['path'].endswith('/createInstance')]
    assert [entry['status'] for entry in creates if entry['status'] != 429] == [200] * FLEET_SIZE
    throttled = [entry for entry in graph.control.requests(kind='graph') if entry['throttled']]
    assert throttled, 'the limits never refused a request: the test did not test throttling'
    assert all(entry['status'] == 429 for entry in throttled)
    print('fleet: %d intents, %d requests refused with 429 (%d writes), %.0f s'
          % (len(intents), len(throttled), sum(1 for e in throttled if e['method'] != 'GET'), elapsed))

    graph.control.clear_requests()
    rerun, rerun_results = run_on_hosts(graph, connection, tmp_path, hosts, FLEET_FORKS)
    assert rerun.rc == 0, rerun
    assert not any(result['changed'] or result.get('failed') for result in rerun_results.values()), rerun
    assert graph_writes(graph) == []
    assert len(graph.control.intents()) == FLEET_SIZE


@pytest.mark.reliability('concurrency', 'Two forks create the same intent at the same moment: the copy created '
                                        'second is deleted by the run that made it; one intent remains, and a warning '
                                        'says so')
def test_two_forks_racing_converge_on_one_intent(graph, connection, tmp_path):
    # The forks' lookups and near-miss scans pass (both find nothing); their creates are held, so that neither is
    # committed before both lookups are answered; the re-queries after the creates are held until both creates are
    # committed, so that each run sees the other's copy. (The emulator routes a held request when its delay ends.)
    # The holds leave room for the forks to start up to about 3 s apart on a loaded machine.
    graph.control.add_fault(INTENTS, method='GET', count=4, action='delay', delay_ms=0)
    graph.control.add_fault(CREATE_INSTANCE, method='POST', count=2, action='delay', delay_ms=3000)
    graph.control.add_fault(INTENTS, method='GET', count=2, action='delay', delay_ms=3500)
    hosts = {'racer1': {'profile_name': RACE_NAME}, 'racer2': {'profile_name': RACE_NAME}}

    run, results = run_on_hosts(graph, connection, tmp_path, hosts, forks=2)

    assert run.rc == 0, run
    creates = [entry for entry in graph_writes(graph) if entry['path'].endswith('/createInstance')]
    assert [entry['status'] for entry in creates] == [200, 200], 'both forks must have created: %r' % creates
    (survivor,) = graph.control.intents()
    deletes = [entry for entry in graph_writes(graph) if entry['method'] == 'DELETE']
    assert len(deletes) == 1 and deletes[0]['status'] == 204
    deleted_id = deletes[0]['path'].rsplit('/', 1)[1]
    assert deleted_id != survivor['id']
    assert all(result['changed'] and not result.get('failed') for result in results.values()), run
    assert [result['intent']['id'] for result in results.values()] == [survivor['id'], survivor['id']]
    warnings = [warning for result in results.values() for warning in result.get('warnings', [])]
    # The run whose copy survives also warns when its re-query saw the other copy; on a loaded machine it may have
    # finished first, so only the deleting run's warning is certain (tests/unit/.../_intents/test_create.py has both).
    assert any('first (%s); this run deleted its own copy %s' % (survivor['id'], deleted_id) in w for w in warnings), warnings


@pytest.mark.reliability('concurrency', 'A copy created while this run\'s create is under way (created first, whatever '
                                        'its id): this run deletes only its own copy and reports the kept one')
def test_copy_made_meanwhile_wins(graph, intune):
    graph.control.add_fault(CREATE_INSTANCE, method='POST', action='delay', delay_ms=1500)
    smaller_id = '00000000-0000-4000-8000-000000000001'

    with while_held(graph, lambda: graph.control.seed_intent(RACE_NAME, BITLOCKER_TEMPLATE_ID, intent_id=smaller_id)):
        run = intune.run(args={'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': RACE_NAME})
    assert run.rc == 0 and run.changed and not run.failed, run
    assert [intent['id'] for intent in graph.control.intents()] == [smaller_id]
    assert run.result['intent']['id'] == smaller_id
    (delete,) = [entry for entry in graph_writes(graph) if entry['method'] == 'DELETE']
    assert delete['path'] != '/beta/deviceManagement/intents/' + smaller_id
    assert any('first (%s)' % smaller_id in warning for warning in run.warnings), run
