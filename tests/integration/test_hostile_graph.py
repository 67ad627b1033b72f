# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile answers and a hostile host: echoed tokens, redirects, absurd nesting, a poisoned or planted cache."""

import glob
import json
import os
import socket
import stat
import threading

import pytest
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

from playbook_runner import assert_clean_failure

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
NAME = 'Hostile - BitLocker'
ARGS = {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': NAME,
        'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': True}]}
TOKEN = r'/oauth2/v2\.0/token$'
CATEGORIES = r'^/beta/deviceManagement/templates/%s/categories$' % BITLOCKER_TEMPLATE_ID


class Listener(object):
    """A plain TCP listener on 127.0.0.1 that records whatever connects to it (nothing should)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(('127.0.0.1', 0))
        self.socket.listen(5)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.received = []
        self.running = True
        self.thread = threading.Thread(target=self._serve)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, dummy = self.socket.accept()
            except socket.timeout:
                continue
            connection.settimeout(1)
            try:
                self.received.append(connection.recv(65536))
            except socket.timeout:
                self.received.append(b'')
            connection.close()

    def stop(self):
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.mark.reliability('secrets', 'A Graph error message and a gateway\'s HTML page that echo the bearer token: the '
                                    'token is masked in msg, error.message and the whole output')
@pytest.mark.parametrize('body', [
    {'error': {'code': 'Forbidden', 'message': 'Refused the request with Authorization: {authorization}'}},
    '<html><body><h1>502 Bad Gateway</h1><pre>Authorization: {authorization}</pre></body></html>',
], ids=['graph_error', 'html_page'])
@pytest.mark.reliability('fault', 'A response that echoes the bearer token: masked by value in the result')
def test_a_token_echoed_back_is_masked_everywhere(graph, intune, body):
    # 403 and 502: neither is a refused $filter (which would be retried without it).
    graph.control.add_fault(r'^/beta/deviceManagement/intents$', method='GET', status=403 if isinstance(body, dict) else 502,
                            body=body, count=10)
    run = intune.run(args=dict(ARGS, max_retries=0), verbosity=4)
    assert_clean_failure(run, 'Bearer ********')
    assert 'Bearer ********' in run.result['error']['message']
    # The harness also scans the whole output for every token the emulator issued (playbook_runner.assert_no_leak).
    assert graph.store.tokens and not any(token in run.output for token in graph.store.tokens)


@pytest.mark.reliability('secrets', 'A 307 from the token endpoint to an http:// port: nothing is sent there (the '
                                    'client secret never leaves in clear text); the failure names 307 and the location')
@pytest.mark.reliability('fault', 'A redirect from the token endpoint: not followed, a clean failure naming it')
def test_a_redirect_from_the_token_endpoint_is_never_followed(graph, intune):
    listener = Listener()
    try:
        location = 'http://127.0.0.1:%d/collect?client_secret=yes' % listener.port
        graph.control.add_fault(TOKEN, method='POST', status=307, headers={'Location': location}, body='')
        run = intune.run(args=ARGS)
    finally:
        listener.stop()
    message = assert_clean_failure(run, 'HTTP 307 redirect to http://127.0.0.1:%d/collect refused' % listener.port)
    assert 'client_secret=yes' not in message
    assert listener.received == []
    assert graph.control.intents() == []


@pytest.mark.reliability('fault', 'A value_json nested 100,000 deep: a clean failure naming the field and the '
                                  'definition id, nothing sent')
def test_a_deeply_nested_value_fails_cleanly(graph, intune, graph_log):
    deep = {'definition_id': ENCRYPT_DEVICE, 'value_json': '[' * 100000 + ']' * 100000}
    run = intune.run(args=dict(ARGS, settings_delta=[deep]))
    assert_clean_failure(run, 'settings_delta[0].value_json', 'nests deeper than 100 levels')
    assert graph_log.everything() == []


@pytest.mark.reliability('fault', 'A token cache file with "expires_on": Infinity (or not JSON at all): ignored, a new '
                                  'token is requested, no traceback')
@pytest.mark.parametrize('poison', ['infinity', 'garbage'])
def test_a_poisoned_token_cache_is_ignored(graph, intune, tmp_path, poison):
    cache = str(tmp_path / 'cache')
    assert not intune.run(args=ARGS, cache_dir=cache).failed
    (token_file,) = glob.glob(os.path.join(cache, 'token-*.json'))
    with open(token_file) as handle:
        text = handle.read()
    if poison == 'infinity':
        document = json.loads(text)
        for entry in document['AccessToken'].values():
            entry['expires_on'] = 'INFINITY'
        text = json.dumps(document).replace('"INFINITY"', 'Infinity')
    else:
        text = '[' * 100000
    with open(token_file, 'w') as handle:
        handle.write(text)
    graph.control.clear_requests()
    run = intune.run(args=ARGS, cache_dir=cache)
    assert run.rc == 0 and not run.failed, run
    assert len(graph.control.requests(kind='token')) == 1


@pytest.mark.reliability('fault', 'One empty answer for the template\'s categories (200, "value": []): not cached, the '
                                  'task and the next ones succeed; template_cache: false keeps no template data on disk')
def test_an_empty_categories_answer_poisons_nothing(graph, intune, tmp_path):
    cache = str(tmp_path / 'cache')
    graph.control.add_fault(CATEGORIES, method='GET', status=200, body={'value': []})
    first = intune.run(args=ARGS, cache_dir=cache)
    assert first.rc == 0 and first.changed and not first.failed, first
    second = intune.run(args=dict(ARGS, settings_delta=[{'definition_id': ENCRYPT_DEVICE, 'value': False}]),
                        cache_dir=cache)
    assert second.rc == 0 and second.changed and not second.failed, second
    other_cache = str(tmp_path / 'other-cache')
    assert not intune.run(args=dict(ARGS, template_cache=False), cache_dir=other_cache).failed
    assert [name for name in os.listdir(other_cache) if name.startswith('graph-')] == []


@pytest.mark.reliability('secrets', 'A cache directory that is a symlink planted in a shared folder: not followed, its '
                                    'target neither changed nor written; one warning, the task succeeds')
@pytest.mark.reliability('fault', 'A symlinked cache directory: not followed, not modified, one warning')
def test_a_symlinked_cache_directory_is_not_followed(graph, intune, tmp_path):
    target = tmp_path / 'someone-elses'
    target.mkdir()
    target.chmod(0o755)
    link = tmp_path / 'cache'
    link.symlink_to(target)
    run = intune.run(args=ARGS, cache_dir=str(link))
    assert run.rc == 0 and run.changed and not run.failed, run
    assert os.listdir(str(target)) == [] and stat.S_IMODE(target.stat().st_mode) == 0o755
    warnings = [warning for warning in run.warnings if 'cache directory' in str(warning)]
    assert len(warnings) == 1 and 'symbolic link' in str(warnings[0])


def test_a_world_writable_cache_directory_is_left_alone(graph, intune, tmp_path):
    shared = tmp_path / 'shared'
    shared.mkdir()
    shared.chmod(0o777)
    run = intune.run(args=ARGS, cache_dir=str(shared))
    assert run.rc == 0 and not run.failed, run
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777 and os.listdir(str(shared)) == []
    assert any('other users can write to it' in str(warning) for warning in run.warnings)
