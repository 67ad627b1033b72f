# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs real ``ansible-playbook`` (and ad-hoc ``ansible``) against the collection in this checkout.

The integration tests use it to drive the modules exactly as a user does: a playbook on localhost, the collection
found through ANSIBLE_COLLECTIONS_PATH, the module executed by the same Python as the tests (which has msal and
requests). The registered result of the task under test is written to a JSON file and read back.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS_PATH = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT)))
CALLBACK_PLUGINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'callback_plugins')

# Variables that would leak the developer's real identity or proxy into a hermetic run.
_SCRUBBED_ENV_PREFIXES = ('AZURE_', 'MSGRAPH_', 'IDENTITY_', 'MSI_', 'ANSIBLE_', 'REQUESTS_CA_BUNDLE')
_SCRUBBED_ENV_NAMES = {'http_proxy', 'https_proxy', 'all_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'}


# MSGRAPH_INTUNE_IT_PATH chooses where the collection's tasks run (noxfile.py runs the tests marked every_path on
# each of them):
#   worker  the default: on localhost the action plugins run the modules in Ansible's worker process
#   module  MSGRAPH_INTUNE_EXECUTION=module: the action plugins run each module as a module process
#   remote  the test connection plugin connection_plugins/msgraph_it_remote.py, whose transport is not local, so
#           that the action plugins run the modules as for a remote host (a module process)
EXECUTION_PATHS = ('worker', 'module', 'remote')
EXECUTION_PATH = os.environ.get('MSGRAPH_INTUNE_IT_PATH') or 'worker'
if EXECUTION_PATH not in EXECUTION_PATHS:
    raise RuntimeError('MSGRAPH_INTUNE_IT_PATH must be one of %s, got %r' % (', '.join(EXECUTION_PATHS), EXECUTION_PATH))
CONNECTION = 'msgraph_it_remote' if EXECUTION_PATH == 'remote' else 'local'
CONNECTION_PLUGINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'connection_plugins')

# MSGRAPH_INTUNE_IT_VERBOSE=4 runs every playbook and ad-hoc command of the suite at -vvvv with --diff, so that
# the leak check below sees everything Ansible can print (noxfile.py's integration sessions run it like that).
FORCED_VERBOSITY = int(os.environ.get('MSGRAPH_INTUNE_IT_VERBOSE') or 0)
# Options and environment variables whose values are secrets; whatever a test passes in them is searched for.
SECRET_OPTIONS = ('client_secret', 'client_certificate_password', 'access_token')
SECRET_ENV_VARS = ('AZURE_SECRET', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'MSGRAPH_ACCESS_TOKEN',
                   'IDENTITY_HEADER')
# The emulator's tokens are 'emu.' plus 64 URL-safe characters.
TOKEN_SHAPE = re.compile(r'emu\.[A-Za-z0-9_-]{20,}')
# Set by the integration conftest: returns the secrets of the running emulator (credentials and every token it issued).
emulator_secrets = None


def _check_layout():
    parts = COLLECTION_ROOT.replace('\\', '/').rstrip('/').split('/')
    if parts[-3:] != ['ansible_collections', 'msgraph', 'intune']:
        raise RuntimeError('the collection must be checked out as .../ansible_collections/msgraph/intune to run the '
                           'integration tests (the sessions of noxfile.py arrange that); found %s' % COLLECTION_ROOT)


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


def _secret_values(value):
    """The values of secret options anywhere in a task's arguments or module_defaults."""
    if isinstance(value, dict):
        found = [item for key, item in value.items() if key in SECRET_OPTIONS and isinstance(item, str)]
        return found + [secret for item in value.values() for secret in _secret_values(item)]
    if isinstance(value, (list, tuple)):
        return [secret for item in value for secret in _secret_values(item)]
    return []


def assert_no_leak(outputs, passed=(), env=None):
    """No secret is in any of ``outputs`` ({where: text}): neither the secrets passed to the run (``passed``, the
    secret variables of ``env``), nor the emulator's credentials and issued tokens, nor private key PEM text."""
    secrets = set(item for item in passed if item)
    secrets.update(value for name, value in (env or {}).items() if name in SECRET_ENV_VARS and value)
    if emulator_secrets is not None:
        secrets.update(emulator_secrets())
    for where, text in outputs.items():
        for secret in secrets:
            # The message names where, never the secret itself (pytest would print it).
            assert secret not in text, 'a secret (%d characters) is in the %s of the run' % (len(secret), where)
        assert 'PRIVATE KEY' not in text, 'private key text is in the %s of the run' % where
        assert not TOKEN_SHAPE.search(text), 'a bearer token is in the %s of the run' % where


def _verbosity_args(check, diff, verbosity):
    args = ['--check'] if check else []
    if diff or FORCED_VERBOSITY:
        args.append('--diff')
    verbosity = max(verbosity, FORCED_VERBOSITY)
    if verbosity:
        args.append('-' + 'v' * verbosity)
    return args


def assert_clean_failure(run, *fragments):
    """The task under test failed through fail_json with a message holding every fragment, and no traceback."""
    assert run.failed, run
    message = run.result.get('msg') or ''
    for fragment in fragments:
        assert fragment in message, (fragment, run)
    assert 'MODULE FAILURE' not in run.output, run
    assert 'Traceback' not in run.output and 'Traceback' not in json.dumps(run.result), run
    return message


def hermetic_env(extra=None, cache_dir=None, async_dir=None):
    """The environment of a hermetic run. ``cache_dir`` is the collection's cache directory (token and template
    caches); by default a new empty one, so that every run starts cold (one token request per run). Pass the same
    directory to several runs to test reuse across runs.

    ``async_dir`` is ansible-core's async job directory (ANSIBLE_ASYNC_DIR), by default a new empty one. It is an
    absolute path because ansible-core resolves its default, ``~/.ansible_async``, in two ways that agree only when
    $HOME is the user's home directory in the password database: async_wrapper writes the job file under $HOME
    (os.path.expanduser), async_status reads it under ``echo ~<user>`` (ActionBase._remote_expand_user). With a
    $HOME of its own (CI, ``HOME=$(mktemp -d)``, some containers) every async task would fail with "could not find
    job", for ansible.builtin.command as much as for this collection (ansible/ansible#81805)."""
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
        'ANSIBLE_ASYNC_DIR': os.path.abspath(async_dir or tempfile.mkdtemp(prefix='msgraph-intune-async-')),
        'ANSIBLE_CONNECTION_PLUGINS': CONNECTION_PLUGINS,
    })
    if EXECUTION_PATH == 'module':
        env['MSGRAPH_INTUNE_EXECUTION'] = 'module'
    env.update(extra or {})
    return env


def _collect_registered_results(env, workdir):
    """Enables the registered_results callback (callback_plugins/) in ``env``; returns the directory it writes to.
    A callback reads the registered variables at the end of the run, so no extra task (and module process) is
    needed to save them."""
    results_dir = tempfile.mkdtemp(prefix='registered-', dir=workdir)
    env.update({'ANSIBLE_CALLBACK_PLUGINS': CALLBACK_PLUGINS, 'ANSIBLE_CALLBACKS_ENABLED': 'registered_results',
                'MSGRAPH_INTUNE_IT_RESULTS_DIR': results_dir})
    return results_dir


def _registered_results(results_dir):
    """{host: {registered variable: value}} as written by the registered_results callback."""
    results = {}
    for name in os.listdir(results_dir):
        with open(os.path.join(results_dir, name)) as handle:
            results[name[:-len('.json')]] = json.load(handle)
    return results


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
    task = dict(tasks_yaml_objects)
    task.setdefault('name', 'task under test')
    task['register'] = 'task_under_test'
    task['ignore_errors'] = True
    play = {'hosts': 'localhost', 'gather_facts': False, 'module_defaults': module_defaults or {}, 'tasks': [task]}
    playbook_path = os.path.join(workdir, 'playbook.yml')
    with open(playbook_path, 'w') as handle:
        json.dump([play], handle, indent=1)  # JSON is YAML
    cmd = [_bin('ansible-playbook'), '-i', 'localhost,', '-c', CONNECTION, playbook_path]
    cmd.extend(_verbosity_args(check, diff, verbosity))
    cmd.extend(extra_args)
    full_env = hermetic_env(env, cache_dir=cache_dir or os.path.join(workdir, 'cache'),
                            async_dir=os.path.join(workdir, 'async'))
    results_dir = _collect_registered_results(full_env, workdir)
    proc = subprocess.run(cmd, cwd=workdir, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600, check=False)
    result = _registered_results(results_dir).get('localhost', {}).get('task_under_test', {})
    run = PlaybookRun(proc.returncode, proc.stdout, proc.stderr, result)
    assert_no_leak({'stdout': run.stdout, 'stderr': run.stderr, 'result': json.dumps(result)},
                   _secret_values([task, module_defaults]), env)
    return run


def run_tasks(tasks, module_defaults=None, workdir=None, env=None):
    """Run several tasks under test in one playbook on localhost (each with ignore_errors); returns
    ``(PlaybookRun without result, [registered result of each task, in order])``."""
    _check_layout()
    workdir = workdir or tempfile.mkdtemp(prefix='msgraph-intune-it-')
    play_tasks = []
    for index, task in enumerate(tasks):
        task = dict(task, register='task_under_test_%d' % index, ignore_errors=True)
        task.setdefault('name', 'task under test %d' % index)
        play_tasks.append(task)
    play = {'hosts': 'localhost', 'gather_facts': False, 'module_defaults': module_defaults or {}, 'tasks': play_tasks}
    playbook_path = os.path.join(workdir, 'playbook.yml')
    with open(playbook_path, 'w') as handle:
        json.dump([play], handle, indent=1)
    cmd = [_bin('ansible-playbook'), '-i', 'localhost,', '-c', CONNECTION, playbook_path] + _verbosity_args(False, False, 0)
    full_env = hermetic_env(env, cache_dir=os.path.join(workdir, 'cache'), async_dir=os.path.join(workdir, 'async'))
    results_dir = _collect_registered_results(full_env, workdir)
    proc = subprocess.run(cmd, cwd=workdir, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=1200, check=False)
    registered = _registered_results(results_dir).get('localhost', {})
    results = [registered['task_under_test_%d' % index] for index in range(len(tasks))
               if 'task_under_test_%d' % index in registered] if registered else []
    run = PlaybookRun(proc.returncode, proc.stdout, proc.stderr, {})
    assert_no_leak({'stdout': run.stdout, 'stderr': run.stderr, 'results': json.dumps(results)},
                   _secret_values([tasks, module_defaults]), env)
    return run, results


def run_play_on_hosts(task, host_vars, forks, module_defaults=None, workdir=None, env=None, verbosity=0, diff=False):
    """Run the task on one local host per entry of ``host_vars`` ({host name: {variable: value}}) with ``forks``
    workers; returns ``(PlaybookRun without result, {host: registered result})``."""
    _check_layout()
    workdir = workdir or tempfile.mkdtemp(prefix='msgraph-intune-it-')
    inventory = {'all': {'hosts': dict((host, dict(variables, ansible_connection=CONNECTION))
                                       for host, variables in host_vars.items())}}
    inventory_path = os.path.join(workdir, 'inventory.json')
    with open(inventory_path, 'w') as handle:
        json.dump(inventory, handle)
    task = dict(task, register='task_under_test', ignore_errors=True)
    task.setdefault('name', 'task under test')
    play = {'hosts': 'all', 'gather_facts': False, 'module_defaults': module_defaults or {}, 'tasks': [task]}
    playbook_path = os.path.join(workdir, 'playbook.yml')
    with open(playbook_path, 'w') as handle:
        json.dump([play], handle, indent=1)
    cmd = [_bin('ansible-playbook'), '-i', inventory_path, '--forks', str(forks), playbook_path]
    cmd.extend(_verbosity_args(False, diff, verbosity))
    full_env = hermetic_env(env, cache_dir=os.path.join(workdir, 'cache'), async_dir=os.path.join(workdir, 'async'))
    results_dir = _collect_registered_results(full_env, workdir)
    proc = subprocess.run(cmd, cwd=workdir, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=1200, check=False)
    results = dict((host, registered['task_under_test'])
                   for host, registered in _registered_results(results_dir).items() if 'task_under_test' in registered)
    run = PlaybookRun(proc.returncode, proc.stdout, proc.stderr, {})
    assert_no_leak({'stdout': run.stdout, 'stderr': run.stderr, 'results': json.dumps(results)},
                   _secret_values([task, module_defaults, host_vars]), env)
    return run, results


def run_adhoc(module, args, check=False, diff=False, env=None, verbosity=0, cache_dir=None):
    """Run ``ansible localhost -m MODULE -a JSON`` and return (rc, stdout, stderr)."""
    _check_layout()
    cmd = [_bin('ansible'), 'localhost', '-i', 'localhost,', '-c', CONNECTION, '-m', module, '-a', json.dumps(args)]
    cmd.extend(_verbosity_args(check, diff, verbosity))
    proc = subprocess.run(cmd, env=hermetic_env(env, cache_dir=cache_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600, check=False)
    assert_no_leak({'stdout': proc.stdout, 'stderr': proc.stderr}, _secret_values(args), env)
    return proc.returncode, proc.stdout, proc.stderr
