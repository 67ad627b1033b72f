import json
import os
import subprocess
import sys
import time

import pytest
import requests

from graph_emulator import EmulatorControl, seed


def _create(graph, name='Faulty'):
    return graph.post(graph.beta('deviceManagement/templates/%s/createInstance' % seed.BITLOCKER_TEMPLATE_ID),
                      json={'displayName': name})


def test_429_with_retry_after_for_the_next_n_requests(emulator, graph):
    emulator.control.add_fault(r'/deviceManagement/intents$', method='GET', count=2, status=429,
                               headers={'Retry-After': '2.128'})
    url = graph.beta('deviceManagement/intents')
    for dummy in range(2):
        response = graph.get(url)
        assert response.status_code == 429 and response.headers['Retry-After'] == '2.128'
        assert response.json()['error']['code'] == 'TooManyRequests'
    assert graph.get(url).status_code == 200
    assert [e['fault'] for e in emulator.control.requests('graph')] == ['respond', 'respond', None]
    assert emulator.control.faults()[0]['remaining'] == 0
    emulator.control.clear_faults()
    assert emulator.control.faults() == []


def test_commit_then_drop_creates_the_intent_but_sends_nothing(emulator, graph):
    emulator.control.add_fault('createInstance$', method='POST', action='commit_then_drop')
    with pytest.raises(requests.ConnectionError):
        _create(graph, 'Committed')
    assert [i['displayName'] for i in emulator.control.intents()] == ['Committed']
    [entry] = emulator.control.requests('graph')
    assert entry['status'] == 200 and entry['fault'] == 'commit_then_drop'


def test_drop_does_not_process(emulator, graph):
    emulator.control.add_fault('createInstance$', action='drop')
    with pytest.raises(requests.ConnectionError):
        _create(graph, 'Dropped')
    assert emulator.control.intents() == []
    assert _create(graph, 'Second try').status_code == 200


def test_delay_and_latency(emulator, graph):
    emulator.control.add_fault('intents$', action='delay', delay_ms=300)
    started = time.monotonic()
    assert graph.get(graph.beta('deviceManagement/intents')).status_code == 200
    assert time.monotonic() - started >= 0.3
    emulator.control.config(latency_ms=150)
    started = time.monotonic()
    graph.get(graph.beta('deviceManagement/intents'))
    assert time.monotonic() - started >= 0.15


def test_request_log_records_bodies_status_and_client_request_id(emulator, graph):
    _create(graph, 'Logged')
    graph.get(graph.beta('deviceManagement/intents'), params={'$top': '1'}, headers={'client-request-id': 'c-1'})
    create, listing = emulator.control.requests('graph')
    assert create['method'] == 'POST' and create['body'] == {'displayName': 'Logged'} and create['status'] == 200
    assert listing['query'] == {'$top': '1'} and listing['client_request_id'] == 'c-1' and listing['auth'] is True
    emulator.control.clear_requests()
    assert emulator.control.requests() == []


def test_reset_returns_to_seed(emulator, graph):
    emulator.control.seed_intent('extra', seed.BITLOCKER_TEMPLATE_ID)
    emulator.control.config(page_size=2)
    emulator.control.add_fault('x', status=500)
    emulator.control.reset()
    state = emulator.control.state()
    assert state['intents'] == [] and state['config']['page_size'] == 25 and emulator.control.faults() == []


def test_bad_control_input_is_refused(emulator):
    with pytest.raises(requests.HTTPError):
        emulator.control.config(filter_failure='sometimes')
    with pytest.raises(requests.HTTPError):
        emulator.control.add_fault('(', status=500)
    with pytest.raises(requests.HTTPError):
        emulator.control.seed_intent('x', seed.BITLOCKER_TEMPLATE_ID, settings={'nope': 1})


def test_invalid_response_is_a_recorded_violation(emulator, graph):
    intent = emulator.control.seed_intent('Corrupted', seed.BITLOCKER_TEMPLATE_ID)
    emulator.store.intents[intent['id']]['isAssigned'] = 'no'  # simulate an emulator bug
    response = graph.get(graph.beta('deviceManagement/intents/%s' % intent['id']))
    assert response.status_code == 500
    [violation] = emulator.control.violations()
    assert 'isAssigned' in violation['error']
    emulator.control.reset()  # the deliberate violation must not fail the fixture's check
    assert emulator.control.violations() == []


def test_cli_serves_writes_state_and_shuts_down(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    process = subprocess.Popen([sys.executable, '-m', 'graph_emulator', 'serve', '--state-dir', str(tmp_path),
                                '--lifetime', '30'], stdout=subprocess.PIPE, env=env, text=True)
    try:
        url = process.stdout.readline().strip()
        info = json.loads((tmp_path / 'emulator.json').read_text())
        assert url == info['url'] and url.startswith('https://127.0.0.1:')
        assert os.path.exists(info['ca_path']) and os.path.exists(info['cert_path'])
        EmulatorControl(url, info['ca_path']).shutdown()
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
