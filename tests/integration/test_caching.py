# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reuse across module runs: msal's token cache and the template cache in a shared cache directory.

Every run here passes the same ``cache_dir``, as the tasks of one playbook on one host share the user's cache.
"""

import json
import os
import stat

import pytest

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

BITLOCKER_TEMPLATE_ID = 'd1174162-1dd2-4976-affc-6667049ab0ae'
ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'


def profile_args(name, encrypt=True):
    return {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': name,
            'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': encrypt}]}


@pytest.fixture
def cache_dir(tmp_path):
    return str(tmp_path / 'shared-cache')


def logged(graph, kind):
    return graph.control.requests(kind=kind)


def fresh_log(graph):
    graph.control.clear_requests()


def token_files(cache_dir):
    return sorted(name for name in os.listdir(cache_dir) if name.startswith('token-'))


def test_warm_cache_run_makes_no_token_request_and_two_graph_requests(graph, intune, cache_dir):
    first = intune.run(args=profile_args('Cache - warm'), cache_dir=cache_dir)
    assert first.changed and not first.failed, first
    assert len(logged(graph, 'token')) == 1
    fresh_log(graph)
    second = intune.run(args=profile_args('Cache - warm'), cache_dir=cache_dir)
    assert not second.changed and not second.failed, second
    assert logged(graph, 'token') == [] and logged(graph, 'discovery') == []
    graph_calls = logged(graph, 'graph')
    # The filtered lookup and the settings read; the template came from the cache.
    assert [call['path'].rsplit('/', 1)[-1] for call in graph_calls] == ['intents', 'settings'], graph_calls
    assert graph_calls[0]['query'].get('$filter')


def test_drift_on_a_warm_cache_reads_no_template_data(graph, intune, cache_dir):
    assert intune.run(args=profile_args('Cache - drift'), cache_dir=cache_dir).changed
    fresh_log(graph)
    run = intune.run(args=profile_args('Cache - drift', encrypt=False), cache_dir=cache_dir)
    assert run.changed and run.result['actions'] == ['update_settings'], run
    assert not [call for call in logged(graph, 'graph') if '/templates/' in call['path']]
    assert logged(graph, 'token') == []


@pytest.mark.reliability('secrets', 'The token cache is created 0600 in a 0700 directory and holds no client secret')
def test_cache_files_are_private_and_hold_no_secret(graph, intune, cache_dir):
    assert intune.run(args=profile_args('Cache - files'), cache_dir=cache_dir).changed
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700
    names = os.listdir(cache_dir)
    assert token_files(cache_dir) and any(name.startswith('graph-') for name in names)
    secret = graph.info['client_secret']
    for name in names:
        path = os.path.join(cache_dir, name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, name
        with open(path) as handle:
            assert secret not in handle.read(), name


def test_another_secret_does_not_reuse_the_token_of_the_first(graph, intune, connection, cache_dir):
    assert intune.run(args=profile_args('Cache - secret'), cache_dir=cache_dir).changed
    fresh_log(graph)
    wrong = dict(connection, client_secret='not-the-registered-secret-4f1d2c')
    run = intune.run(args=profile_args('Cache - secret'), connection=wrong, cache_dir=cache_dir)
    assert run.failed and 'AADSTS7000215' in run.result['msg'], run
    tokens = logged(graph, 'token')
    assert len(tokens) == 1 and tokens[0]['status'] == 401
    assert not logged(graph, 'graph')


def test_corrupted_cache_files_are_ignored_and_rewritten(graph, intune, cache_dir):
    assert intune.run(args=profile_args('Cache - corrupt'), cache_dir=cache_dir).changed
    for name in os.listdir(cache_dir):
        with open(os.path.join(cache_dir, name), 'w') as handle:
            handle.write('{"AccessToken": {"x": {"secret": 1, "expires_on": "soon"}')
    fresh_log(graph)
    run = intune.run(args=profile_args('Cache - corrupt'), cache_dir=cache_dir)
    assert not run.failed and not run.changed, run
    assert len(logged(graph, 'token')) == 1
    fresh_log(graph)
    assert not intune.run(args=profile_args('Cache - corrupt'), cache_dir=cache_dir).failed
    assert logged(graph, 'token') == []


def test_token_close_to_expiry_is_not_reused(graph, intune, cache_dir):
    # 120 s of lifetime is inside the five minutes a reused token must still have.
    graph.control.config(token_lifetime=120)
    assert intune.run(args=profile_args('Cache - expiry'), cache_dir=cache_dir).changed
    fresh_log(graph)
    assert not intune.run(args=profile_args('Cache - expiry'), cache_dir=cache_dir).failed
    assert len(logged(graph, 'token')) == 1


def test_cached_token_rejected_by_graph_is_replaced(graph, intune, cache_dir):
    assert intune.run(args=profile_args('Cache - rejected'), cache_dir=cache_dir).changed
    graph.control.expire_tokens()
    fresh_log(graph)
    run = intune.run(args=profile_args('Cache - rejected'), cache_dir=cache_dir)
    assert not run.failed and not run.changed, run
    assert [call['status'] for call in logged(graph, 'graph')][0] == 401
    assert len(logged(graph, 'token')) == 1
    fresh_log(graph)
    assert not intune.run(args=profile_args('Cache - rejected'), cache_dir=cache_dir).failed
    assert logged(graph, 'token') == []


def test_token_cache_false_asks_for_a_token_every_run(graph, intune, connection, cache_dir):
    no_cache = dict(connection, token_cache=False)
    for run_number in range(2):
        fresh_log(graph)
        assert not intune.run(args=profile_args('Cache - off'), connection=no_cache, cache_dir=cache_dir).failed
        assert len(logged(graph, 'token')) == 1, run_number
    assert token_files(cache_dir) == []


@pytest.mark.reliability('secrets', 'A token read from the cache never appears in the output')
def test_cached_token_never_appears_in_output(graph, intune, cache_dir):
    assert intune.run(args=profile_args('Cache - masked'), cache_dir=cache_dir).changed
    with open(os.path.join(cache_dir, token_files(cache_dir)[0])) as handle:
        tokens = [entry['secret'] for entry in json.load(handle)['AccessToken'].values()]
    run = intune.run(args=profile_args('Cache - masked'), cache_dir=cache_dir, verbosity=3)
    assert not run.failed, run
    for token in tokens:
        assert token not in run.output and token not in json.dumps(run.result)
