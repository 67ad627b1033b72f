# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs real ``ansible-playbook`` (and ad-hoc ``ansible``) against the collection in this checkout.

The integration tests use it to drive the modules exactly as a user does: a playbook on localhost, the collection
found through ANSIBLE_COLLECTIONS_PATH, the module executed by the same Python as the tests (which has msal and
requests). The registered result of the task under test is written to a JSON file and read back.
"""

import json
import os
import subprocess
import sys
import tempfile

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS_PATH = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT)))

# Variables that would leak the developer's real identity or proxy into a hermetic run.
_SCRUBBED_ENV_PREFIXES = ('AZURE_', 'MSGRAPH_', 'IDENTITY_', 'MSI_', 'ANSIBLE_', 'REQUESTS_CA_BUNDLE')
_SCRUBBED_ENV_NAMES = {'http_proxy', 'https_proxy', 'all_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'}


def _check_layout():
    parts = COLLECTION_ROOT.replace('\\', '/').rstrip('/').split('/')
    if parts[-3:] != ['ansible_collections', 'msgraph', 'intune']:
        raise RuntimeError('the collection must be checked out as .../ansible_collections/msgraph/intune to run the '
                           'integration tests (scripts/test.sh arranges that); found %s' % COLLECTION_ROOT)


class PlaybookRun:
    """Outcome of one ansible-playbook run: exit code, output, and the registered result of the task under test."""

    def __init__(self, rc, stdout, stderr, result):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.result = result

    @property
    def output(self):
        return self.stdout + self.stderr

    @property
    def failed(self):
        return bool(self.result.get('failed'))

    @property
    def changed(self):
        return bool(self.result.get('changed'))

    @property
    def warnings(self):
        """The warnings the task under test returned (module.warn), as texts."""
        return list(self.result.get('warnings') or [])

    def __repr__(self):
        return 'PlaybookRun(rc=%r, result=%s)\n--- stdout ---\n%s\n--- stderr ---\n%s' % (
            self.rc, json.dumps(self.result, indent=1, sort_keys=True)[:4000], self.stdout[-4000:], self.stderr[-2000:])


def assert_clean_failure(run, *fragments):
    """The task under test failed through fail_json with a message holding every fragment, and no traceback."""
    assert run.failed, run
    message = run.result.get('msg') or ''
    for fragment in fragments:
        assert fragment in message, (fragment, run)
    assert 'MODULE FAILURE' not in run.output, run
    assert 'Traceback' not in run.output and 'Traceback' not in json.dumps(run.result), run
    return message


def hermetic_env(extra=None, cache_dir=None):
    """The environment of a hermetic run. ``cache_dir`` is the collection's cache directory (token and template
    caches); by default a new empty one, so that every run starts cold (one token request per run). Pass the same
    directory to several runs to test reuse across runs."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(_SCRUBBED_ENV_PREFIXES) and k not in _SCRUBBED_ENV_NAMES}
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS_PATH,
        'ANSIBLE_HOST_KEY_CHECKING': 'False',
        'ANSIBLE_RETRY_FILES_ENABLED': 'False',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_LOCALHOST_WARNING': 'False',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'False',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'NO_PROXY': '127.0.0.1,localhost',
        'no_proxy': '127.0.0.1,localhost',
        'PYTHONDONTWRITEBYTECODE': '1',
        'MSGRAPH_INTUNE_CACHE_DIR': cache_dir or tempfile.mkdtemp(prefix='msgraph-intune-cache-'),
    })
    env.update(extra or {})
    return env


def _bin(name):
    return os.path.join(os.path.dirname(sys.executable), name)


def run_playbook(tasks_yaml_objects, check=False, diff=False, verbosity=0, env=None, workdir=None, module_defaults=None,
                 extra_args=(), cache_dir=None):
    """Run a one-play playbook whose first task is the task under test; returns a PlaybookRun.

    ``tasks_yaml_objects``: the task under test as a dict (module FQCN -> args, plus task keywords).
    ``module_defaults``: dict for the play's ``module_defaults`` (e.g. the connection options for the action group).
    ``cache_dir``: the collection's cache directory; default a new one in the work directory (see hermetic_env).
    """
    _check_layout()
    workdir = workdir or tempfile.mkdtemp(prefix='msgraph-intune-it-')
    result_path = os.path.join(workdir, 'result.json')
    task = dict(tasks_yaml_objects)
    task.setdefault('name', 'task under test')
    task['register'] = 'task_under_test'
    task['ignore_errors'] = True
    play = {
        'hosts': 'localhost',
        'gather_facts': False,
        'module_defaults': module_defaults or {},
        'tasks': [
            task,
            {
                'name': 'save the registered result',
                'ansible.builtin.copy': {'content': '{{ task_under_test | to_json }}', 'dest': result_path, 'mode': '0600'},
                'check_mode': False,
                'diff': False,
                'no_log': True,
            },
        ],
    }
    playbook_path = os.path.join(workdir, 'playbook.yml')
    with open(playbook_path, 'w') as handle:
        json.dump([play], handle, indent=1)  # JSON is YAML
    cmd = [_bin('ansible-playbook'), '-i', 'localhost,', '-c', 'local', playbook_path]
    if check:
        cmd.append('--check')
    if diff:
        cmd.append('--diff')
    if verbosity:
        cmd.append('-' + 'v' * verbosity)
    cmd.extend(extra_args)
    env = hermetic_env(env, cache_dir=cache_dir or os.path.join(workdir, 'cache'))
    proc = subprocess.run(cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600, check=False)
    result = {}
    if os.path.exists(result_path):
        with open(result_path) as handle:
            result = json.load(handle)
    return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, result)


def run_adhoc(module, args, check=False, diff=False, env=None, verbosity=0, cache_dir=None):
    """Run ``ansible localhost -m MODULE -a JSON`` and return (rc, stdout, stderr)."""
    _check_layout()
    cmd = [_bin('ansible'), 'localhost', '-i', 'localhost,', '-c', 'local', '-m', module, '-a', json.dumps(args)]
    if check:
        cmd.append('--check')
    if diff:
        cmd.append('--diff')
    if verbosity:
        cmd.append('-' + 'v' * verbosity)
    proc = subprocess.run(cmd, env=hermetic_env(env, cache_dir=cache_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600, check=False)
    return proc.returncode, proc.stdout, proc.stderr
