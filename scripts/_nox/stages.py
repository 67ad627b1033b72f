# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sanity, units, emulator and integration sessions: ansible-test and pytest on a staged collection."""

import os
import subprocess

import venvs
from _nox.session import COLLECTION, count_junit, file_lock, find_junit, run, tool_env

# ansible-test sanity tests that only the newest series runs: their verdict hardly depends on the ansible-core
# version, and each costs a virtualenv of its own per series on a fresh machine.
STYLE_SANITY_TESTS = ('pylint', 'pep8', 'yamllint', 'changelog')
# pytest -m expression per series: the series other than the default one leave out the tests marked slow, which
# exercise the collection's own code paths (they do not depend on the ansible-core version).
SERIES_MARKERS = {'2.16': 'not slow', '2.21': 'not slow'}


def cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _versions(venv):
    return subprocess.check_output([os.path.join(venv, 'bin', 'python'), '-c',
                                    'import platform; from ansible.release import __version__; '
                                    'print("ansible-core %s, Python %s" % (__version__, platform.python_version()))'],
                                   universal_newlines=True).strip()


# Stand-in for https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py; see write_get_pip_stand_in.
GET_PIP_STAND_IN = '''\
# Stand-in for https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py written by msgraph.intune's
# noxfile.py (scripts/_nox/stages.py): install the requested pip into the new environment with the pip of
# %(venv)s (pip --python, half the time of an ensurepip bootstrap), or with ensurepip when that venv is gone.
import os
import subprocess
import sys

OUTER_PYTHON = %(python)r
args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
if not os.path.exists(OUTER_PYTHON) or subprocess.call(
        [OUTER_PYTHON, '-m', 'pip', '--python', sys.executable, 'install', '-q'] + args) != 0:
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'], stdout=subprocess.DEVNULL)
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '-q'] + args)
'''

PIP_PIN = '''\
import sys
from ansible_test._internal.python_requirements import get_venv_packages


class Python:
    version = '%d.%d' % sys.version_info[:2]


print(get_venv_packages(Python())['pip'])
'''


def write_get_pip_stand_in(venv):
    """ansible-test --venv bootstraps pip in each venv it creates with a get-pip script downloaded from
    ci-files.testing.ansible.com, and only downloads it when ~/.ansible/test/cache lacks it. That host is not
    reachable from every machine, so this writes a stand-in that does the same job with pip from the package
    index. Its file name depends on the pip version that the installed ansible-test pins."""
    python = os.path.join(venv, 'bin', 'python')
    pip_version = subprocess.check_output([python, '-c', PIP_PIN], universal_newlines=True).strip()
    path = os.path.join(os.path.expanduser('~'), '.ansible', 'test', 'cache', 'get_pip_%s.py' % pip_version.replace('.', '_'))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Rewritten on every run (it names the pip of this run's venv, which may be gone since), atomically: a sanity
    # run of another Python may be reading it.
    with open(path + '.%d' % os.getpid(), 'w') as stand_in:
        stand_in.write(GET_PIP_STAND_IN % {'venv': venv, 'python': python})
    os.rename(path + '.%d' % os.getpid(), path)


def sanity(session, outcome, series):
    python_version = venvs.SERIES_PYTHON[series]
    venv = venvs.ensure_venv('core' + series)
    work_root = outcome.stage()
    skips = []
    if series != venvs.NEWEST_SERIES and '--test' not in session.posargs:
        for test in STYLE_SANITY_TESTS:
            skips += ['--skip-test', test]
    # Series of the same Python share ansible-test's venvs (~/.ansible/test/venv), and ansible-test does not lock
    # them while it builds them: their sanity runs take turns (with any other checkout's).
    with file_lock(os.path.join(venvs.TEST_HOME, 'ansible-test-sanity-py%s.lock' % python_version)):
        write_get_pip_stand_in(venv)
        rc = run(session, [os.path.join(venv, 'bin', 'ansible-test'), 'sanity', '--venv', '--python', python_version]
                 + skips + session.posargs, cwd=os.path.join(work_root, COLLECTION), env=tool_env(venv, work_root))
    detail = _versions(venv) + ('; style checks with %s' % venvs.NEWEST_SERIES if skips else '')
    if rc == 0:
        outcome.add(passed=1, detail=detail)
    else:
        outcome.add(failed=1, detail='%s; ansible-test rc=%d' % (detail, rc))


def units(session, outcome, series):
    """ansible-test units, as for any collection; it writes one JUnit file per test group."""
    venv = venvs.ensure_venv('core' + series)
    work_root = outcome.stage()
    collection = os.path.join(work_root, COLLECTION)
    rc = run(session, [os.path.join(venv, 'bin', 'ansible-test'), 'units', '--local', '--python',
                       venvs.SERIES_PYTHON[series]] + session.posargs, cwd=collection, env=tool_env(venv, work_root))
    _judge(outcome, rc, find_junit(os.path.join(collection, 'tests', 'output', 'junit', '*units.xml')),
           tool='ansible-test')


def pytest(session, outcome, series, test_dir, execution_path=None):
    """pytest on TEST_DIR (relative to the collection root), from the directory that contains ansible_collections/.
    EXECUTION_PATH (integration only): worker, module or remote (MSGRAPH_INTUNE_IT_PATH); module and remote run the
    tests marked every_path only."""
    venv = venvs.ensure_venv('core' + series)
    work_root = outcome.stage()
    path = os.path.join(COLLECTION, test_dir)
    if not os.path.isdir(os.path.join(work_root, path)):
        outcome.fail('%s does not exist; every session must run tests' % test_dir)
        return
    markers = SERIES_MARKERS.get(series)
    env = tool_env(venv, work_root)
    workers = os.environ.get('MSGRAPH_INTUNE_TEST_WORKERS', 'auto')
    if execution_path:
        if execution_path != 'worker':
            markers = 'every_path and (%s)' % markers if markers else 'every_path'
        # The integration suite runs every playbook at -vvvv --diff, so that its secret-leak check (applied to every
        # run by tests/integration/playbook_runner.py) sees everything Ansible can print. Its tests mostly wait
        # (ansible-playbook start-up, emulator round trips, Retry-After sleeps): twice as many workers as cores.
        env.update(MSGRAPH_INTUNE_IT_VERBOSE='4', MSGRAPH_INTUNE_IT_PATH=execution_path)
        if 'MSGRAPH_INTUNE_TEST_WORKERS' not in os.environ:
            workers = str(cpu_count() * 2)
    junit = os.path.join(work_root, 'junit.xml')
    args = [os.path.join(venv, 'bin', 'python'), '-m', 'pytest', '-p', 'no:cacheprovider', '-n', workers,
            '--basetemp=%s' % os.path.join(work_root, 'pytest'), '--junitxml=%s' % junit]
    args += ['-m', markers] if markers else []
    rc = run(session, args + session.posargs + [path], cwd=work_root, env=env)
    junits = find_junit(junit)
    passed = count_junit(junits)[0] if junits else 0
    if execution_path in ('module', 'remote') and session.posargs and (rc == 5 or (rc == 0 and passed == 0)):
        # Arguments given after -- may select no test marked every_path: that is the caller's choice, not a failure.
        outcome.add(detail='no test marked every_path selected by the pytest arguments')
        return
    _judge(outcome, rc, junits, tool='pytest')


def _judge(outcome, rc, junits, tool):
    passed, failed, skipped = count_junit(junits) if junits else (0, 0, 0)
    notes = []
    if rc == 5:
        # pytest's exit code 5: nothing was collected. This suite always has tests, so that is a failure.
        failed += 1
        notes.append('no test collected')
    elif rc == 0 and passed == 0:
        # A session that ran no test has failed, whatever the exit code says.
        failed += 1
        notes.append('no test ran')
    elif rc != 0 and failed == 0:
        # Interrupted, usage error or internal error: no test result tells the story, the exit code does.
        failed = 1
    notes.append('%s rc=%d' % (tool, rc))
    outcome.add(passed, failed, skipped, detail=', '.join(notes))
    if rc != 0 or failed:
        outcome.session.warn('%s exited with %d' % (tool, rc))
