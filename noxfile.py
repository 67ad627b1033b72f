# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The test sessions of msgraph.intune. Run them with scripts/nox.sh (it installs nox first) or any nox >= 2024.4.15:

    scripts/nox.sh                                       # the session "all": every session below, with a summary
    scripts/nox.sh -l                                    # lists the sessions
    scripts/nox.sh -s units-2.19                         # one session (-s A B runs several, one after the other)
    scripts/nox.sh -t 2.21                               # the sessions tagged 2.21 (or sanity, units, integration)
    scripts/nox.sh -s integration-2.19 -- -k lifecycle -x    # arguments after -- go to the session's tool
    scripts/nox.sh -- units-2.19 emulator integration-2.19   # "all" for these sessions only (two lanes, summary)

Sessions, per tested ansible-core series (scripts/venvs.py SERIES_PYTHON: 2.19 on Python 3.11, the default series;
2.21 on Python 3.12, the newest; 2.16 on Python 3.11, the floor):
  sanity-S             ansible-test sanity --venv, no ignore files; the style checks (pylint, pep8, yamllint,
                       changelog) with the newest series only. After --: ansible-test sanity arguments (--test pep8).
  units-S              ansible-test units --local over tests/unit. After --: ansible-test units arguments (targets).
  integration-S        pytest tests/integration: real ansible-playbook runs against the Graph emulator, at -vvvv
                       --diff; the series other than the default one leave out the tests marked slow.
  integration_module-2.19, integration_remote-2.19
                       the tests marked every_path again, on the forced module path and through a non-local
                       connection (MSGRAPH_INTUNE_IT_PATH=module|remote, see tests/integration/playbook_runner.py).
  emulator             pytest tests/emulator/tests (the emulator's own tests; no ansible-core, so once).
  lint, docs           the quality gates (scripts/_nox/gates.py); after --: gate names.
After -- the pytest sessions take pytest arguments. A session in which pytest selects no test fails.

Each session tests a copy of the working tree (uncommitted files included) at
<tmp>/<session>/ansible_collections/msgraph/intune, the only layout ansible-test accepts; MSGRAPH_INTUNE_TEST_KEEP=1
keeps it. The tools come from cached virtualenvs (scripts/venvs.py; MSGRAPH_INTUNE_TEST_HOME, default
~/.cache/msgraph-intune-tests): one per series shared by its sessions, lint (for lint and docs) and galaxy-importer.
So the sessions use nox's venv_backend "none": nox's own per-session virtualenvs would install the same packages
once per session. MSGRAPH_INTUNE_TEST_WORKERS sets the pytest-xdist worker count (default: the number of cores, twice
that for the integration sessions; 0 runs pytest in one process).
"""

import os
import sys

import nox

REPO_ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(REPO_ROOT, 'scripts'))

import venvs
from _nox import gates, schedule, session as harness, stages

nox.needs_version = '>=2024.4.15'

SERIES = list(venvs.SERIES_PYTHON)  # the default series first
DEFAULT = venvs.DEFAULT_SERIES
SESSIONS = []


def define(name, body, tags, description):
    """Registers the nox session NAME that runs BODY(session, outcome) and records its outcome."""
    def run_session(session):
        outcome = harness.Outcome(session)
        try:
            body(session, outcome)
        except BaseException as error:
            outcome.finish(error)
            raise
        outcome.finish()
    run_session.__doc__ = description
    run_session.__name__ = name
    nox.session(name=name, venv_backend='none', default=False, tags=tags)(run_session)
    SESSIONS.append(name)


def define_series(series):
    python = 'ansible-core %s on Python %s' % (series, venvs.SERIES_PYTHON[series])
    tags = [series]
    define('sanity-%s' % series, lambda session, outcome: stages.sanity(session, outcome, series),
           tags + ['sanity'], 'ansible-test sanity, %s' % python)
    define('units-%s' % series, lambda session, outcome: stages.units(session, outcome, series),
           tags + ['units'], 'ansible-test units, %s' % python)
    if series == DEFAULT:
        define('emulator', lambda session, outcome: stages.pytest(session, outcome, series, 'tests/emulator/tests'),
               ['emulator'], "pytest tests/emulator/tests (the Graph emulator's own tests)")
    define('integration-%s' % series,
           lambda session, outcome: stages.pytest(session, outcome, series, 'tests/integration', 'worker'),
           tags + ['integration'], 'pytest tests/integration, %s%s' % (python, '' if series == DEFAULT else ', not slow'))
    if series == DEFAULT:
        for path in ('module', 'remote'):
            define('integration_%s-%s' % (path, series),
                   lambda session, outcome, path=path: stages.pytest(session, outcome, series, 'tests/integration', path),
                   tags + ['integration'], 'pytest tests/integration -m every_path, MSGRAPH_INTUNE_IT_PATH=%s' % path)


for each_series in SERIES:
    define_series(each_series)
define('lint', lambda session, outcome: gates.check(session, outcome, gates.LINT_GATES, 'lint'), ['lint'],
       'quality gates: %s' % ', '.join(gates.LINT_GATES))
define('docs', lambda session, outcome: gates.check(session, outcome, gates.DOCS_GATES, 'docs'), ['docs'],
       'documentation gates: %s' % ', '.join(gates.DOCS_GATES))

# The lanes of the session "all" (scripts/_nox/schedule.py). On two cores, the first lane runs the default series
# and then the integration sessions of the others, one at a time (pytest-xdist fills the cores); meanwhile the
# sanity and units sessions of the other series and the quality gates (much of it single-threaded or waiting for pip)
# run in the background.
LANES = {'main': [name for name in SESSIONS if name.endswith('-' + DEFAULT) or name == 'emulator']
         + ['integration-%s' % series for series in SERIES[1:]]}
LANES.update((series, ['sanity-%s' % series, 'units-%s' % series]) for series in SERIES[1:])
LANES['gates'] = ['lint', 'docs']
WAIT_FOR = dict(('integration-%s' % series, series) for series in SERIES[1:])


@nox.session(name='all', venv_backend='none', default=True)
def run_all(session):
    """every session above, in lanes (two cores busy), then one summary; after --: only these sessions"""
    unknown = [name for name in session.posargs if name not in SESSIONS]
    if unknown:
        session.error('unknown session(s) %s (choose from: %s)' % (', '.join(unknown), ', '.join(SESSIONS)))
    scheduler = schedule.Scheduler(session, os.path.abspath(__file__), LANES, WAIT_FOR, SESSIONS)
    if not scheduler.run(session.posargs or SESSIONS):
        session.error('some sessions failed (see the summary above)')
