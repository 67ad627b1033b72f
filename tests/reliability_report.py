# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renders docs/reliability.md from the tests themselves, so that the report cannot drift from the code.

- Every row of the fault matrix, the concurrency, secrets and property sections is a test function carrying
  ``@pytest.mark.reliability(section, row)``; the row names that test.
- The bad-input table is test_input_validation.py's BAD_INPUT and BATCHED_BAD_INPUT.
- The concurrency figures are test_concurrency.py's constants (its tests assert them).

    python .../ansible_collections/msgraph/intune/tests/reliability_report.py          # rewrite the report
    python .../ansible_collections/msgraph/intune/tests/reliability_report.py --check  # exit 1 when it differs

tests/integration/test_reliability_report.py runs the check with the suite.
"""

import glob
import importlib.util
import itertools
import os
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.dirname(TESTS_DIR)
REPORT_PATH = os.path.join(COLLECTION_ROOT, 'docs', 'reliability.md')
TEST_GLOBS = ('integration/test_*.py', 'unit/**/test_*.py')
SECTIONS = (
    ('fault', 'Fault matrix',
     'Faults injected with the emulator\'s rules (`respond`, `drop` = connection reset, `commit_then_drop` = the '
     'server committed and the response was lost, `delay` beyond the `timeout` option = read timeout) and its '
     'enforced limits. Each test runs the module through ansible-playbook, then checks the emulator\'s state (exactly '
     'one intent, in the desired state, or none after a clean failure) and its request log (which request failed, '
     'that it was repeated, that createInstance was never repeated blindly).'),
    ('concurrency', 'Concurrency', None),
    ('bad input', 'Bad input', None),
    ('secrets', 'Secrets', None),
    ('properties', 'Properties of the pure functions (hypothesis)', None),
)

CONCURRENCY_TEXT = """createInstance is the one write that is not idempotent. Three rules keep it exactly-once in spirit.
(1) After a createInstance whose outcome is unknown (a timeout, a dropped connection, a 503 or 504), no second
createInstance is sent while the first may still commit: the name is looked up again and again over a settle window of
three times the timeout option (at least 10 s; 90 s with the default timeout of 30 s), the first wait no shorter than
the Retry-After of a 5xx, the later ones growing; only when nothing appeared in that window is the create sent again.
Any other 5xx (500, say) is an answer: Graph processed the request, so a profile it made anyway (Intune can leave a
half-made one) is visible at once; the name is looked up for 10 s only, a profile found is kept and brought to the
task's options, and otherwise the error is reported without a second createInstance, as no request is repeated after
such a status. A connection that was never made (refused, or a connect timeout) carried no request and is retried at
once; a 429 is retried as any request is. (2) After every create the name is looked up once more, and every run applies one rule
to what it sees: the copy created first is kept, by creation time (for the run's own copy the lastModifiedDateTime of
the createInstance answer, for the others their lastModifiedDateTime, which is the creation time until a copy is
changed; intents have no createdDateTime), then by id. A run deletes only its own copy, when it is not the first,
and then adopts the first and applies its own options to it (one updateSettings, one PATCH, one assign, reported in
actions after create and delete_own_copy). A younger copy is left to the run that made it: that run's own look-up
comes after its create, so it sees the older copy and yields. (3) The same rule settles a create whose answer was
lost: a copy whose creation time is not earlier than the createInstance request (1 s allowed for clock skew) is
taken for the run's own; only an unambiguous own copy is deleted, and when the run cannot tell (two copies created
after its request) it keeps the first, deletes nothing and warns. Covered: two runs in any order of their lookups
and creates, one run's create landing long after the other run has finished, a lost answer beside another run's
copy, a commit up to the settle window late. Remaining: a commit later than the settle window (two intents then
exist; the next run fails naming both ids, never silently); a copy changed (assigned, say)
before a racing run's create lands, whose lastModifiedDateTime then looks younger; to narrow that, a run that will
change its new copy looks once more after 2 s before it does. Two runs whose creates answer in the same millisecond
are ordered by id."""

SECRETS_TEXT = """Every ansible-playbook and ansible run of the integration suite is checked by the harness
(`playbook_runner.assert_no_leak`): stdout, stderr and every registered result must not contain the emulator's
client secret, certificate password or managed-identity header, any token the emulator issued, any secret option or
secret environment variable the test passed (wrong ones included), `PRIVATE KEY`, or anything shaped like an
emulator token. With `MSGRAPH_INTUNE_IT_VERBOSE=4` every run of the suite is made at `-vvvv --diff`. The tests
below add the cases where secrets are most at risk."""

BAD_INPUT_TEXT = """Each row fails with a message that names the option or field, before any request reaches the
emulator (not even a token request: the test asserts an empty request log). BAD_INPUT rows run one playbook each;
BATCHED_BAD_INPUT rows run as the tasks of one playbook."""


def _load(path):
    """Import a test file under a name of its own (unit and integration files share base names)."""
    relative = os.path.relpath(path, TESTS_DIR)
    name = 'reliability_' + relative[:-3].replace(os.sep, '_')
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _import_paths():
    if COLLECTION_ROOT.replace(os.sep, '/').split('/')[-3:] != ['ansible_collections', 'msgraph', 'intune']:
        raise SystemExit('run this file through the .../ansible_collections/msgraph/intune layout (the test sessions '
                         'of noxfile.py arrange it); found %s' % COLLECTION_ROOT)
    collections_root = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT)))
    for path in (collections_root, os.path.join(TESTS_DIR, 'emulator'), os.path.join(TESTS_DIR, 'integration')):
        if path not in sys.path:
            sys.path.insert(0, path)


def _marks(function, name):
    return [mark for mark in getattr(function, 'pytestmark', []) if mark.name == name]


def _cases(function):
    cases = 1
    for mark in _marks(function, 'parametrize'):
        cases *= len(mark.args[1])
    return cases


def collect():
    """{'rows': {section: [(row, test id, cases)]}, 'modules': {relative path: module}}."""
    _import_paths()
    rows = dict((section, []) for section, _title, _text in SECTIONS)
    modules = {}
    paths = sorted(itertools.chain.from_iterable(glob.glob(os.path.join(TESTS_DIR, pattern), recursive=True) for pattern in TEST_GLOBS))
    for path in paths:
        with open(path) as handle:
            if 'pytest.mark.reliability(' not in handle.read():
                continue  # only files with rows are imported (others may need optional packages)
        module = _load(path)
        relative = os.path.relpath(path, COLLECTION_ROOT).replace(os.sep, '/')
        modules[relative] = module
        for name, function in list(vars(module).items()):  # definition order
            if not name.startswith('test_') or not callable(function):
                continue
            for mark in reversed(_marks(function, 'reliability')):
                section, row = mark.args
                if section not in rows:
                    raise ValueError('%s::%s: unknown reliability section %r' % (relative, name, section))
                rows[section].append((row, '%s::%s' % (relative, name), _cases(function)))
    return {'rows': rows, 'modules': modules}


def _cell(text):
    return str(text).replace('|', '\\|').replace('\n', ' ')


def _row_table(rows):
    lines = ['| # | Row | Proved by | Cases |', '|---|---|---|---|']
    for number, (row, test_id, cases) in enumerate(rows, 1):
        lines.append('| %d | %s | `%s` | %d |' % (number, _cell(row), test_id, cases))
    return lines


def _bad_input_table(module):
    lines = ['| # | Input | Named in the message | Table |', '|---|---|---|---|']
    entries = [(row, field or ' / '.join(fragments), 'BAD_INPUT')
               for row, (_args, field, fragments) in module.BAD_INPUT.items()]
    entries += [(row, fragments[0], 'BATCHED_BAD_INPUT') for row, (_args, fragments) in module.BATCHED_BAD_INPUT.items()]
    for number, (row, field, table) in enumerate(entries, 1):
        lines.append('| %d | %s | `%s` | %s |' % (number, _cell(row), _cell(field), table))
    return len(entries), lines


def render():
    collected = collect()
    rows, modules = collected['rows'], collected['modules']
    validation = modules['tests/integration/test_input_validation.py']
    concurrency = modules['tests/integration/test_concurrency.py']
    bad_input_count, bad_input_lines = _bad_input_table(validation)
    fault_cases = sum(cases for _row, _test, cases in rows['fault'])
    out = [
        '# Reliability of intune_template_instance',
        '',
        '<!-- Generated by tests/reliability_report.py from the test suite; do not edit. '
        'tests/integration/test_reliability_report.py fails when this file is out of date. -->',
        '',
        'What is proven, and by which test: the module never duplicates an intent, never loses a change and never '
        'leaks a secret, under faults, load and bad input. Every test named here runs in the suite '
        '(`scripts/nox.sh`); the Graph emulator is described in `tests/emulator/README.md`.',
        '',
        '| Figure | Value |',
        '|---|---|',
        '| Fault matrix rows (test cases) | %d (%d) |' % (len(rows['fault']), fault_cases),
        '| Bad inputs refused before any request | %d |' % bad_input_count,
        '| Concurrency: intents / forks | %d / %d |' % (concurrency.FLEET_SIZE, concurrency.FLEET_FORKS),
        '| Concurrency: enforced limits | Intune\'s divided by %d, %d s windows: %s |' % (
            concurrency.FLEET_THROTTLE['throttle_scale'], concurrency.FLEET_THROTTLE['throttle_window_s'],
            ', '.join('%d %s' % (count, name) for name, count in
                      _throttle_counts(concurrency.FLEET_THROTTLE['throttle_scale']).items())),
        '| Concurrency: max_retries | %d |' % concurrency.FLEET_MAX_RETRIES,
        '| Secret-leak checks | every run of the integration suite, plus %d targeted tests |' % len(rows['secrets']),
        '| Property tests | %d |' % len(rows['properties']),
        '',
    ]
    for section, title, text in SECTIONS:
        out.extend(['## ' + title, ''])
        text = {'concurrency': CONCURRENCY_TEXT, 'secrets': SECRETS_TEXT, 'bad input': BAD_INPUT_TEXT}.get(section, text)
        if text:
            out.extend([' '.join(text.split()), ''])
        out.extend(_row_table(rows[section]))
        out.append('')
        if section == 'bad input':
            out.extend(bad_input_lines)
            out.append('')
    return '\n'.join(out)


def _throttle_counts(scale):
    from graph_emulator.throttle import IntuneLimits
    return IntuneLimits.counts(scale)


def main(argv):
    text = render()
    if '--check' in argv:
        with open(REPORT_PATH) as handle:
            if handle.read() != text:
                sys.stderr.write('docs/reliability.md is out of date: run python tests/reliability_report.py\n')
                return 1
        return 0
    with open(REPORT_PATH, 'w') as handle:
        handle.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
