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

CONCURRENCY_TEXT = """Writes that can race are createInstance calls for the same name and template. After every successful
createInstance the module looks the name up again (one extra GET per create). When it finds two or more intents
with the name on the template, the one with the smallest id is kept: a run whose own copy is not the smallest
deletes that copy (and only that one) and returns the kept intent; a run whose copy is the smallest keeps it and
leaves the other copies to the runs that created them. Both runs warn. Limit: when one run's re-query comes before
the other run's create, the first run has finished before the second sees both copies; if the second copy has the
smaller id, the second run keeps it and two intents remain, which the next run reports as duplicates naming both
(nothing is deleted blindly). The deterministic race test holds both re-queries until both creates are committed,
the case of two forks started together."""

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
        raise SystemExit('run this file through the .../ansible_collections/msgraph/intune layout (scripts/test.sh '
                         'arranges it); found %s' % COLLECTION_ROOT)
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
        '(`scripts/test.sh`); the Graph emulator is described in `tests/emulator/README.md`.',
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
