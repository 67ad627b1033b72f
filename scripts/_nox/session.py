# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every session of noxfile.py shares: its outcome, its staged copy of the collection, running commands.

The sessions run with nox's venv_backend "none": their tools come from the cached virtualenvs of scripts/venvs.py,
one per ansible-core series shared by that series' sanity, units and integration sessions, so that a fresh machine
builds five virtualenvs (three series, lint, galaxy-importer) rather than one per session, and keeps them across
runs and checkouts.
"""

import contextlib
import fcntl
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from nox.command import CommandFailed

import venvs

COLLECTION = os.path.join('ansible_collections', 'msgraph', 'intune')
# Set by the session "all" for the sessions it starts (see schedule.py): where each one stages its copy of the
# collection, the copy of the working tree to stage from, and where each one writes its outcome.
ENV_WORK = 'MSGRAPH_INTUNE_NOX_WORK'
ENV_SNAPSHOT = 'MSGRAPH_INTUNE_NOX_SNAPSHOT'
ENV_RESULTS = 'MSGRAPH_INTUNE_NOX_RESULTS'
# Set (to anything but empty) to keep the staged copies; their directory is printed.
ENV_KEEP = 'MSGRAPH_INTUNE_TEST_KEEP'

# Copied neither into a staged collection nor into the snapshot: VCS data, generated output, local virtualenvs.
TOP_LEVEL_EXCLUDES = ('.git', '.nox', '.venv', 'venv', os.path.join('tests', 'output'),
                      os.path.join('tests', 'integration', 'inventory'))
EVERYWHERE_EXCLUDES = ('.pytest_cache', '.hypothesis', '__pycache__')


def keep_staged():
    return bool(os.environ.get(ENV_KEEP))


def _ignore(source_root):
    def ignore(directory, names):
        relative = os.path.relpath(directory, source_root)
        ignored = set()
        for name in names:
            path = os.path.normpath(os.path.join(relative, name))
            if (path in TOP_LEVEL_EXCLUDES or name in EVERYWHERE_EXCLUDES or name.endswith('.pyc')
                    or (relative == '.' and name.endswith('.tar.gz'))):
                ignored.add(name)
        return ignored
    return ignore


def copy_working_tree(dest):
    """Copies the working tree (uncommitted files included) to DEST, which must not exist."""
    shutil.copytree(venvs.REPO_ROOT, dest, symlinks=True, ignore=_ignore(venvs.REPO_ROOT))


class Outcome:
    """What a session found: counts of passed, failed and skipped tests (or checks), and a one-line detail."""

    def __init__(self, session):
        self.session = session
        self.name = session.name
        self.passed = self.failed = self.skipped = 0
        self.details = []
        self.started = time.time()
        self.work_root = None

    def add(self, passed=0, failed=0, skipped=0, detail=None):
        self.passed += passed
        self.failed += failed
        self.skipped += skipped
        if detail:
            self.details.append(detail)

    def fail(self, message):
        self.session.warn(message)
        self.add(failed=1, detail=message)

    def stage(self):
        """Returns a new directory holding ansible_collections/msgraph/intune, a copy of the working tree (of the
        snapshot taken by the session "all" when this session is one of its)."""
        base = os.environ.get(ENV_WORK)
        if base:
            self.work_root = os.path.join(base, self.name)
            os.makedirs(self.work_root)
        else:
            self.work_root = tempfile.mkdtemp(prefix='msgraph-intune-%s.' % self.name)
        collection = os.path.join(self.work_root, COLLECTION)
        snapshot = os.environ.get(ENV_SNAPSHOT)
        if snapshot:
            shutil.copytree(snapshot, collection, symlinks=True)
        else:
            copy_working_tree(collection)
        return self.work_root

    def finish(self, error=None):
        """Records the outcome (for the session "all"), removes the staged copy and fails the session if
        anything failed."""
        if error is not None and not self.failed:
            self.add(failed=1, detail='session error: %s' % (error or type(error).__name__))
        seconds = time.time() - self.started
        counts = '%d passed, %d failed, %d skipped' % (self.passed, self.failed, self.skipped)
        results = os.environ.get(ENV_RESULTS)
        if results:
            with open(os.path.join(results, self.name + '.json'), 'w') as result:
                json.dump({'session': self.name, 'passed': self.passed, 'failed': self.failed, 'skipped': self.skipped,
                           'seconds': seconds, 'detail': '; '.join(self.details)}, result)
        if self.work_root and not os.environ.get(ENV_WORK):
            if keep_staged():
                self.session.log('the staged copy is kept in %s' % self.work_root)
            else:
                shutil.rmtree(self.work_root, ignore_errors=True)
        self.session.log('%s: %s in %.0f s%s' % (self.name, counts, seconds,
                                                 ' (%s)' % '; '.join(self.details) if self.details else ''))
        if error is None and self.failed:
            # As a failed command does: nox reports the session as failed (session.error() says "aborted").
            raise CommandFailed(counts)


def tool_env(venv, work_root, **extra):
    """The environment of a tool of VENV run on the collection staged in WORK_ROOT."""
    env = {'PATH': os.path.join(venv, 'bin') + os.pathsep + os.environ.get('PATH', ''),
           'ANSIBLE_COLLECTIONS_PATH': work_root}
    env.update(extra)
    return env


def run(session, args, cwd, env=None, output=None):
    """Runs ARGS in CWD with ENV added to the environment and returns its exit code. Its output goes to OUTPUT
    (a file) if given, else to this session's output, without the pip noise of venvs.PIP_NOISE."""
    session.log('%s$ %s' % (cwd, ' '.join(args)))
    full_env = dict(os.environ)
    full_env.update(env or {})
    sys.stdout.flush()
    process = subprocess.Popen(args, cwd=cwd, env=full_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        for line in process.stdout:
            if venvs.PIP_NOISE.encode() in line:
                continue
            if output is not None:
                output.write(line)
            else:
                sys.stdout.buffer.write(line)
                sys.stdout.flush()
    finally:
        process.stdout.close()
        rc = process.wait()
    return rc


@contextlib.contextmanager
def file_lock(path):
    """Holds an exclusive lock on PATH (created if missing)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'a') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def count_junit(paths):
    """(passed, failed, skipped) of the pytest runs that wrote the JUnit XML files PATHS."""
    total = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0}
    for path in paths:
        root = ET.parse(path).getroot()
        for suite in [root] if root.tag == 'testsuite' else root.iter('testsuite'):
            for key in total:
                total[key] += int(suite.get(key, 0))
    failed = total['failures'] + total['errors']
    return total['tests'] - failed - total['skipped'], failed, total['skipped']


def find_junit(pattern):
    return sorted(glob.glob(pattern))
