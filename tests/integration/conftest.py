# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the integration tests: one Graph emulator per test session, reset before every test."""

import contextlib
import threading
import time

import pytest
import requests

from graph_emulator import Emulator

import playbook_runner
from playbook_runner import run_adhoc, run_playbook

MODULE = 'msgraph.intune.intune_template_instance'


@pytest.fixture(scope='session')
def emulator(tmp_path_factory):
    emu = Emulator(str(tmp_path_factory.mktemp('graph-emulator')), port=0).start()
    # Every run of every integration test is checked for these (playbook_runner.assert_no_leak).
    playbook_runner.emulator_secrets = lambda: [emu.info['client_secret'], emu.info['cert_password'],
                                                emu.info['identity_header']] + list(emu.store.tokens)
    yield emu
    playbook_runner.emulator_secrets = None
    emu.stop()


@pytest.fixture
def graph(emulator):
    """The emulator, back at its seed state with an empty request log."""
    emulator.control.reset()
    return emulator


@pytest.fixture
def connection(graph):
    """Connection options for a client-secret app registered in the emulator."""
    info = graph.info
    return {
        'tenant_id': info['tenant_id'],
        'client_id': info['client_id'],
        'client_secret': info['client_secret'],
        'authority_host': graph.url,
        'graph_endpoint': graph.url,
        'ca_path': graph.ca_path,
    }


@pytest.fixture
def endpoints(graph):
    """Connection options that point at the emulator and trust its CA, without any credential."""
    return {'authority_host': graph.url, 'graph_endpoint': graph.url, 'ca_path': graph.ca_path}


class IntuneRunner:
    """Runs the module under test through ansible-playbook with the emulator's connection as module_defaults."""

    def __init__(self, connection, tmp_path):
        self.connection = connection
        self.tmp_path = tmp_path
        self._runs = 0

    def _workdir(self):
        self._runs += 1
        path = self.tmp_path / ('run%d' % self._runs)
        path.mkdir()
        return str(path)

    def run(self, module=MODULE, connection=None, task=None, **kwargs):
        """``task``: extra keywords for the task under test, e.g. ``{'loop': [...]}`` (the result then has ``results``)."""
        args = kwargs.pop('args', {})
        conn = self.connection if connection is None else connection
        task_under_test = {module: args}
        task_under_test.update(task or {})
        return run_playbook(task_under_test, module_defaults={'group/msgraph.intune.intune': conn},
                            workdir=self._workdir(), **kwargs)

    def adhoc(self, args, module=MODULE, **kwargs):
        merged = dict(self.connection)
        merged.update(args)
        return run_adhoc(module, merged, **kwargs)


@pytest.fixture
def intune(connection, tmp_path):
    return IntuneRunner(connection, tmp_path)


GRAPH_PREFIX = '/beta/'
GET_BY_IDS = 'directoryObjects/getByIds'


class GraphLog:
    """The emulator's request log as the module's Graph traffic; Graph paths are relative to /beta."""

    def __init__(self, control):
        self.control = control

    def everything(self):
        """Every request the emulator received (discovery, token and Graph), as logged."""
        return self.control.requests()

    def graph(self):
        entries = []
        for entry in self.control.requests(kind='graph'):
            path = entry['path']
            entries.append(dict(entry, path=path[len(GRAPH_PREFIX):] if path.startswith(GRAPH_PREFIX) else path))
        return entries

    def writes(self):
        """Graph requests that may change something: a run without change, or in check mode, sends none. Not the GETs,
        nor directoryObjects/getByIds, a read that Graph takes as a POST (group names for a diff or an export)."""
        return [entry for entry in self.graph() if entry['method'] != 'GET' and entry['path'] != GET_BY_IDS]

    def name_reads(self):
        """The directoryObjects/getByIds requests: group names, read once per task at most."""
        return self.calls('POST', GET_BY_IDS)

    def calls(self, method, path):
        """Graph requests with this method and exact path, e.g. ``calls('GET', 'deviceManagement/intents')``."""
        return [entry for entry in self.graph() if entry['method'] == method and entry['path'] == path]

    def clear(self):
        self.control.clear_requests()


@pytest.fixture
def graph_log(graph):
    """The request log of the freshly reset emulator (see GraphLog)."""
    return GraphLog(graph.control)


@pytest.fixture
def issue_token(graph):
    """Returns a function that gets a Graph token for the secret app straight from the emulator's token endpoint.

    The token request is removed from the request log, so that tests see only what the module sent.
    """
    def issue():
        info = graph.info
        session = requests.Session()
        session.trust_env = False
        response = session.post('%s/%s/oauth2/v2.0/token' % (graph.url, info['tenant_id']), verify=graph.ca_path, timeout=10,
                                data={'grant_type': 'client_credentials', 'client_id': info['client_id'],
                                      'client_secret': info['client_secret'], 'scope': graph.url + '/.default'})
        response.raise_for_status()
        graph.control.clear_requests()
        return response.json()['access_token']
    return issue


@contextlib.contextmanager
def while_held(graph, action, timeout=120):
    """Runs ``action()`` in a thread as soon as the emulator's first fault rule has held a request (a ``delay``
    rule), for "something happens meanwhile" tests; the block runs the module, and the thread is joined after it."""
    def wait_then_act():
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if graph.control.faults()[0]['hits']:
                action()
                return
            time.sleep(0.05)

    thread = threading.Thread(target=wait_then_act)
    thread.start()
    try:
        yield
    finally:
        thread.join()
