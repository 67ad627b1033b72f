# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cached virtualenvs of the test sessions (noxfile.py), the demo and the benchmark.

Usage: python3 scripts/venvs.py NAME   (NAME: core2.16, core2.19, core2.21, lint, galaxy-importer, nox, or core:
                                        the default series)
prints the directory of that virtualenv, after creating it if needed; progress goes to stderr.

Each virtualenv lives in ${MSGRAPH_INTUNE_TEST_HOME:-~/.cache/msgraph-intune-tests}/venvs/NAME-pyX.Y-FINGERPRINT.
The fingerprint covers the interpreter (path and full version), the pip arguments and the requirements files they
name (comments and blank lines left out), so a changed interpreter or requirements file makes a new virtualenv,
and checkouts with the same requirements share one. A virtualenv is built under a file lock, so sessions that
start at once wait for the first one to build it; one that is never completed (an interrupted pip install) is
built again. Virtualenvs of the same NAME unused for PRUNE_DAYS are removed when a new one is built.

Standard library only: it runs with whatever python3 is on PATH, before any virtualenv exists.
"""

import fcntl
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_HOME = os.environ.get('MSGRAPH_INTUNE_TEST_HOME') or os.path.join(os.path.expanduser('~'), '.cache', 'msgraph-intune-tests')

# Supported ansible-core series and the controller Python each one is tested with. 2.16 is the floor
# (meta/runtime.yml requires_ansible); 2.20 and later need Python >= 3.12 on the controller.
SERIES_PYTHON = {'2.19': '3.11', '2.21': '3.12', '2.16': '3.11'}
# The series of the demo, the benchmark, the emulator's tests, the every_path reruns, the tests marked slow and
# the lint tools; it is tested first.
DEFAULT_SERIES = '2.19'
# The series that runs the sanity style checks (pylint, pep8, yamllint, changelog).
NEWEST_SERIES = '2.21'
PRUNE_DAYS = 14
# A pip.conf naming absent local indexes makes pip print this once per package; it says nothing about the install.
PIP_NOISE = 'is ignored: it is neither a file nor a directory'


def log(message):
    sys.stderr.write('[%s] %s\n' % (time.strftime('%H:%M:%S'), message))
    sys.stderr.flush()


class VenvError(Exception):
    pass


def core_requirement(series):
    major, minor = series.split('.')
    return 'ansible-core>=%s.0,<%s.%d' % (series, major, int(minor) + 1)


def venv_spec(name):
    """Returns (Python MAJOR.MINOR, pip install arguments) of the virtualenv NAME."""
    core = ['-r', 'requirements.txt', '-r', 'tests/requirements-test.txt']
    if name.startswith('core') and name[4:] in SERIES_PYTHON:
        return SERIES_PYTHON[name[4:]], [core_requirement(name[4:])] + core
    default_python = SERIES_PYTHON[DEFAULT_SERIES]
    if name == 'lint':
        return default_python, [core_requirement(DEFAULT_SERIES)] + core + [
            '-r', 'tests/requirements-lint.txt', '-r', 'docs/preview/requirements.txt']
    if name == 'galaxy-importer':
        # galaxy-importer pins versions of ansible-lint and ansible-builder that conflict with the lint tools.
        return default_python, ['-r', 'tests/requirements-galaxy-importer.txt']
    if name == 'nox':
        return default_python, ['-r', 'tests/requirements-nox.txt']
    raise VenvError('unknown virtualenv %r (known: %s, lint, galaxy-importer, nox)'
                    % (name, ', '.join('core' + series for series in SERIES_PYTHON)))


def _version_key(path):
    version = re.search(r'/versions/(\d+)\.(\d+)\.(\d+)', path)
    return tuple(int(part) for part in version.groups()) if version else (0, 0, 0)


def find_python(version):
    """The path of an interpreter for Python MAJOR.MINOR: the newest pyenv install of it (pyenv shims only
    resolve the active version, and ansible-test strips PYENV_VERSION), else python3 when it is that version,
    else pythonMAJOR.MINOR on PATH."""
    candidates = []
    if shutil.which('pyenv'):
        try:
            root = subprocess.check_output(['pyenv', 'root'], universal_newlines=True).strip()
        except (OSError, subprocess.CalledProcessError):
            root = None
        if root:
            installs = glob.glob(os.path.join(root, 'versions', version + '.*', 'bin', 'python' + version))
            candidates.extend(sorted(installs, key=_version_key, reverse=True))
    candidates.extend(['python3', 'python' + version])
    check = "import sys; sys.exit(0 if '%%d.%%d' %% sys.version_info[:2] == '%s' else 1)" % version
    for candidate in candidates:
        path = shutil.which(candidate)
        if path and subprocess.call([path, '-c', check], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
            return path
    raise VenvError('Python %s was not found (looked for <pyenv root>/versions/%s.*/bin/python%s, python3 and python%s)'
                    % (version, version, version, version))


def requirement_lines(path):
    with open(path) as requirements:
        return [line.rstrip() for line in requirements if line.strip() and not line.lstrip().startswith('#')]


def fingerprint(python, pip_args):
    digest = hashlib.sha256()
    digest.update(subprocess.check_output([python, '-c', 'import sys; print(sys.version)']))
    digest.update(python.encode('utf-8'))
    previous = None
    for arg in pip_args:
        digest.update(b'\0' + arg.encode('utf-8'))
        if previous == '-r':
            digest.update('\n'.join(requirement_lines(os.path.join(REPO_ROOT, arg))).encode('utf-8'))
        previous = arg
    return digest.hexdigest()[:12]


def _last_used(venv):
    marker = os.path.join(venv, '.last-used')
    return os.path.getmtime(marker if os.path.exists(marker) else venv)


def _prune(prefix, keep):
    """Removes the other virtualenvs PREFIX-* unused for PRUNE_DAYS, unless someone holds their lock."""
    for venv in glob.glob(prefix + '-' + '[0-9a-f]' * 12):
        if venv == keep or time.time() - _last_used(venv) < PRUNE_DAYS * 86400:
            continue
        with open(venv + '.lock', 'a') as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue
            log('removing %s (unused for more than %d days)' % (venv, PRUNE_DAYS))
            shutil.rmtree(venv, ignore_errors=True)
            for leftover in (venv + '.pip.log', venv + '.lock'):
                if os.path.exists(leftover):
                    os.remove(leftover)


def _build(venv, python, pip_args):
    version = subprocess.check_output([python, '--version'], universal_newlines=True, stderr=subprocess.STDOUT)
    log('creating %s (%s)' % (venv, version.strip()))
    shutil.rmtree(venv, ignore_errors=True)
    if subprocess.call([python, '-m', 'venv', venv]) != 0:
        raise VenvError('could not create %s' % venv)
    pip_log = venv + '.pip.log'
    with open(pip_log, 'w') as output:
        rc = subprocess.call([os.path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '--disable-pip-version-check',
                              '-q'] + pip_args, cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT)
    if rc != 0:
        with open(pip_log) as output:
            lines = [line for line in output if PIP_NOISE not in line]
        sys.stderr.write(''.join(lines[-20:]))
        shutil.rmtree(venv, ignore_errors=True)
        raise VenvError('pip install into %s failed (full log: %s)' % (venv, pip_log))


def ensure_venv(name):
    """Sets up (or reuses) the virtualenv NAME and returns its directory."""
    if name == 'core':
        name = 'core' + DEFAULT_SERIES
    python_version, pip_args = venv_spec(name)
    python = find_python(python_version)
    prefix = os.path.join(TEST_HOME, 'venvs', '%s-py%s' % (name, python_version))
    venv = '%s-%s' % (prefix, fingerprint(python, pip_args))
    complete = os.path.join(venv, '.complete')
    built = False
    if not os.path.exists(complete):
        os.makedirs(os.path.dirname(venv), exist_ok=True)
        with open(venv + '.lock', 'a') as lock:
            # Whoever holds the lock is building this virtualenv: wait for it, then use what it built.
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not os.path.exists(complete):
                _build(venv, python, pip_args)
                with open(complete, 'w') as stamp:
                    stamp.write('%s\npip install %s\n' % (python, ' '.join(pip_args)))
                _prune(prefix, venv)
                built = True
    if not built:
        log('reusing %s' % venv)
    # Pruning goes by this file's age: every use keeps the virtualenv.
    with open(os.path.join(venv, '.last-used'), 'w'):
        pass
    return venv


def main(args):
    if len(args) != 1 or args[0] in ('-h', '--help'):
        sys.stderr.write(__doc__.split('\n\n')[1] + '\n')
        return 2
    try:
        print(ensure_venv(args[0]))
    except (VenvError, OSError, subprocess.CalledProcessError) as error:
        log('ERROR: %s' % error)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
