#!/usr/bin/env bash
# Runs the whole msgraph.intune test suite for each tested ansible-core series. Stages:
#   sanity       ansible-test sanity (no ignore files)
#   units        ansible-test units (tests/unit)
#   emulator     pytest tests/emulator/tests (the Graph emulator's own tests; they do not use ansible-core, so
#                they run once, with the first series)
#   integration  pytest tests/integration (real ansible-playbook runs against the emulator); with the first series
#                the tests marked every_path run again on the module path and through a non-local connection
#                (MSGRAPH_INTUNE_IT_PATH=module and =remote, see tests/integration/playbook_runner.py)
#   lint         scripts/lint.sh: the collection quality gates (antsibull-changelog, antsibull-docs, ansible-doc,
#                ansible-lint, galaxy-importer, ansible-builder, ansible-runner); once, with the first series
#
#   ansible-core 2.19 on Python 3.11   all stages; sanity without the style checks
#   ansible-core 2.21 on Python 3.12   all of sanity, units, integration without the tests marked slow (newest)
#   ansible-core 2.16 on Python 3.11   sanity without the style checks, units, integration without the tests marked
#                                      slow (floor)
#   The style checks (pylint, pep8, yamllint, changelog) run with the newest series only: their verdict hardly depends
#   on the ansible-core version, and each costs a virtualenv of its own on a fresh machine.
#
# Usage: scripts/test.sh [--quick] [--matrix SERIES]... [--only STAGE]... [--keep] [-- PYTEST_ARGS...]
#   --quick           ansible-core 2.19 only and no sanity (same as: --matrix 2.19 --only units,emulator,integration)
#   --matrix SERIES   run only these ansible-core series (2.16, 2.19, 2.21); repeatable or comma-separated
#   --only STAGE      run only these stages (sanity, units, emulator, integration, lint); repeatable or comma-separated
#   --keep            keep the staged copies of the collection (their directory is printed)
#   -- PYTEST_ARGS    passed on to every pytest run, e.g.
#                     `scripts/test.sh --matrix 2.19 --only integration -- -k lifecycle -x`
#                     (a stage in which pytest selects no test fails, so pick the stage that has the tests)
#
# Environment:
#   MSGRAPH_INTUNE_TEST_HOME     cache of the virtualenvs, one per series (default ~/.cache/msgraph-intune-tests);
#                                a venv is reused until the interpreter or a requirements file changes
#   MSGRAPH_INTUNE_TEST_WORKERS  pytest-xdist worker count (default: the number of cores, twice that for the
#                                integration stage; 0 runs pytest in a single process)
#
# Two phases keep both cores busy. Phase 1 builds every series' venv and runs its sanity and units stages, and runs
# the lint gates; the series after the first and the lint gates run in the background, and their output is printed
# when phase 2 reaches them. Phase 2 runs the emulator and integration stages one series at a time.
#
# Each series runs in a fresh copy of the working tree (uncommitted files included) at
# <tmp>/<series>/ansible_collections/msgraph/intune, with ANSIBLE_COLLECTIONS_PATH=<tmp>/<series>.
# The exit status is 0 only if every selected stage passed; the last line reads "N passed, N failed".
set -uo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL_SERIES=(2.19 2.21 2.16)
# pytest -m expression per series: the floor skips the slow tests to keep the whole run short.
declare -A CORE_MARKERS=([2.16]='not slow' [2.21]='not slow')
# ansible-test sanity tests that only the newest series runs (see above).
STYLE_SANITY_TESTS=(pylint pep8 yamllint changelog)
NEWEST_CORE=2.21
ALL_STAGES=(sanity units emulator integration lint)

usage() {
    sed -n '2,/^set -uo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

# Appends the comma-separated words of $2 to the array named $1, checking each against the rest of the arguments.
add_choices() {
    local -n target=$1
    local word
    local -a words
    IFS=, read -r -a words <<<"$2"
    shift 2
    for word in "${words[@]}"; do
        [[ " $* " == *" $word "* ]] || die "unknown value '$word' (choose from: $*)"
        target+=("$word")
    done
}

# Selection, from the command line.
series=()
stages=()
keep=false
pytest_args=()
# Outcome, accumulated by the stages.
total_passed=0
total_failed=0
total_skipped=0
summary_lines=()
declare -A background_pids=()

# record SERIES STAGE SECONDS STATUS [DETAIL]
record() {
    summary_lines+=("$(printf '%-6s %-12s %5ss  %-4s %s' "$1" "$2" "$3" "$4" "${5:-}")")
}

# Adds the outcome of one pytest run to the totals from its JUnit XML file; prints "P passed, F failed, S skipped".
count_junit() {
    "$1" - "${@:2}" <<'EOF'
import sys
import xml.etree.ElementTree as ET

suites = []
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    suites.extend([root] if root.tag == 'testsuite' else root.iter('testsuite'))
total = {key: sum(int(suite.get(key, 0)) for suite in suites) for key in ('tests', 'failures', 'errors', 'skipped')}
failed = total['failures'] + total['errors']
print(total['tests'] - failed - total['skipped'], failed, total['skipped'])
EOF
}

# run_pytest SERIES STAGE VENV STAGE_ROOT TEST_DIR (relative to the collection root)
# A stage integration-<path> runs the integration tests marked every_path with MSGRAPH_INTUNE_IT_PATH=<path>.
run_pytest() {
    local core=$1 stage=$2 venv=$3 stage_root=$4 test_dir=$5
    local path="ansible_collections/msgraph/intune/$test_dir"
    local execution_path=worker
    local -a marker_args=()
    if [[ ! -d $stage_root/$path ]]; then
        log "$core $stage: $test_dir does not exist; every stage must run tests"
        record "$core" "$stage" 0 FAIL "$test_dir missing"
        total_failed=$((total_failed + 1))
        return
    fi
    [[ -n ${CORE_MARKERS[$core]:-} ]] && marker_args=(-m "${CORE_MARKERS[$core]}")
    if [[ $stage == integration-* ]]; then
        execution_path=${stage#integration-}
        marker_args=(-m "every_path${CORE_MARKERS[$core]:+ and (${CORE_MARKERS[$core]})}")
    fi
    local junit="$stage_root/junit-$stage.xml" started=$SECONDS rc workers=${MSGRAPH_INTUNE_TEST_WORKERS:-auto}
    # Integration tests mostly wait (ansible-playbook start-up, emulator round trips, Retry-After sleeps), so they
    # get twice as many workers as there are cores.
    [[ -n ${MSGRAPH_INTUNE_TEST_WORKERS:-} || $stage != integration* ]] || workers=$(($(nproc) * 2))
    local -a junits=("$junit")
    if [[ $stage == units ]]; then
        # Unit tests run through ansible-test, as for any collection (it writes one junit file per test group).
        log "$core units: ansible-test units --local --python ${CORE_PYTHON[$core]}"
        (
            cd "$stage_root/$path/../.." &&
                PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$stage_root" \
                    "$venv/bin/ansible-test" units --local --python "${CORE_PYTHON[$core]}" 2>&1
        )
        rc=$?
        junits=("$stage_root"/ansible_collections/msgraph/intune/tests/output/junit/*units.xml)
    else
        log "$core $stage: pytest $path ${marker_args[*]}"
        (
            # The integration suite runs every playbook at -vvvv --diff, so that its secret-leak check (applied to
            # every run by tests/integration/playbook_runner.py) sees everything Ansible can print.
            [[ $stage != integration* ]] || export MSGRAPH_INTUNE_IT_VERBOSE=4 MSGRAPH_INTUNE_IT_PATH=$execution_path
            cd "$stage_root" &&
                PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$stage_root" \
                    "$venv/bin/python" -m pytest -p no:cacheprovider -n "$workers" \
                    --basetemp="$stage_root/pytest-$stage" --junitxml="$junit" "${marker_args[@]}" \
                    "${pytest_args[@]}" "$path"
        )
        rc=$?
    fi
    local elapsed=$((SECONDS - started)) passed=0 failed=0 skipped=0 counts
    if [[ -f ${junits[0]} ]] && counts=$(count_junit "$venv/bin/python" "${junits[@]}"); then
        read -r passed failed skipped <<<"$counts"
    fi
    if [[ $stage == integration-* && ${#pytest_args[@]} -gt 0 ]] && ((rc == 5 || (rc == 0 && passed == 0))); then
        # Arguments given after -- may select no test marked every_path: that is the caller's choice, not a failure.
        record "$core" "$stage" $((SECONDS - started)) ok "no test selected by the pytest arguments"
        return
    fi
    if ((rc == 0 && passed == 0)); then
        # This suite always has tests: a stage that ran none has failed, whatever its exit code says.
        log "$core $stage: no test ran"
        failed=$((failed + 1))
        rc=5
    fi
    if ((rc == 5)); then
        # pytest exit code 5 means nothing was collected; this suite always has tests, so that is a failure.
        log "$core $stage: pytest collected no tests"
        failed=$((failed + 1))
    elif ((rc != 0 && failed == 0)); then
        # Interrupted, usage error or internal error: no test result tells the story, the exit code does.
        failed=1
    fi
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))
    local status=ok
    ((rc == 0)) || status=FAIL
    record "$core" "$stage" "$elapsed" "$status" "$passed passed, $failed failed, $skipped skipped (pytest rc=$rc)"
}

# The collection quality gates (docs, changelog, ansible-lint, galaxy-importer, EE, AWX) run once, with the first series.
run_lint() {
    local started=$SECONDS
    if bash "$REPO_ROOT/scripts/lint.sh"; then
        total_passed=$((total_passed + 1)); record "$1" lint $((SECONDS - started)) ok "scripts/lint.sh (quality gates)"
    else
        total_failed=$((total_failed + 1)); record "$1" lint $((SECONDS - started)) FAIL "scripts/lint.sh (quality gates)"
    fi
}

run_sanity() {
    local core=$1 venv=$2 stage_root=$3 python_version=${CORE_PYTHON[$1]}
    local started=$SECONDS rc test
    local -a skips=()
    if [[ $core != "$NEWEST_CORE" ]]; then
        for test in "${STYLE_SANITY_TESTS[@]}"; do skips+=(--skip-test "$test"); done
    fi
    if ! ensure_get_pip_stand_in "$venv"; then
        total_failed=$((total_failed + 1))
        record "$core" sanity 0 FAIL "no get-pip stand-in"
        return
    fi
    log "$core sanity: ansible-test sanity --venv --python $python_version ${skips[*]}"
    # A pip.conf naming absent local indexes makes every pip call in ansible-test's venvs warn once per package.
    # Series of the same Python share ansible-test's venvs (~/.ansible/test/venv), and ansible-test does not lock
    # them while it builds them: their sanity runs take turns.
    (
        cd "$stage_root/ansible_collections/msgraph/intune" &&
            PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$stage_root" \
                with_lock "$MSGRAPH_INTUNE_TEST_HOME/ansible-test-sanity-py$python_version.lock" \
                "$venv/bin/ansible-test" sanity --venv --python "$python_version" "${skips[@]}" 2>&1
    ) | sed -u '/is ignored: it is neither a file nor a directory/d'
    rc=${PIPESTATUS[0]}
    if ((rc == 0)); then
        total_passed=$((total_passed + 1))
        record "$core" sanity $((SECONDS - started)) ok "ansible-test sanity --python $python_version${skips[*]:+ (style checks with $NEWEST_CORE)}"
    else
        total_failed=$((total_failed + 1))
        record "$core" sanity $((SECONDS - started)) FAIL "ansible-test sanity --python $python_version (rc=$rc)"
    fi
}

# Phase 1 of a series: its venv, its copy of the collection, sanity and units. Leaves the file <series>.ready when
# the venv and the copy exist.
prepare_series() {
    local core=$1 started=$SECONDS venv stage_root="$work_root/$1"
    log "=== ansible-core $core on Python ${CORE_PYTHON[$core]} ==="
    if ! venv=$(ensure_venv "$core"); then
        record "$core" venv $((SECONDS - started)) FAIL "see the error above"
        total_failed=$((total_failed + 1))
        return
    fi
    record "$core" venv $((SECONDS - started)) ok "$("$venv/bin/python" -c 'import platform; from ansible.release import __version__; print("ansible-core %s, Python %s" % (__version__, platform.python_version()))')"
    mkdir -p "$stage_root/ansible_collections/msgraph"
    cp -a "$snapshot" "$stage_root/ansible_collections/msgraph/intune"
    touch "$work_root/$core.ready"
    wants_stage sanity && run_sanity "$core" "$venv" "$stage_root"
    # One pytest run per test tree: the trees have no __init__.py files, so equal test file basenames in two
    # trees would collide in a single run.
    wants_stage units && run_pytest "$core" units "$venv" "$stage_root" tests/unit
}

# Phase 2 of a series: the emulator's tests (first series only) and the integration tests.
test_series() {
    local core=$1 venv stage_root="$work_root/$1"
    [[ -f $work_root/$core.ready ]] || return 0
    venv=$(ensure_venv "$core" 2>/dev/null) || return 0
    [[ $core == "${series[0]}" ]] && wants_stage emulator &&
        run_pytest "$core" emulator "$venv" "$stage_root" tests/emulator/tests
    wants_stage integration || return 0
    run_pytest "$core" integration "$venv" "$stage_root" tests/integration
    if [[ $core == "${series[0]}" ]]; then
        run_pytest "$core" integration-module "$venv" "$stage_root" tests/integration
        run_pytest "$core" integration-remote "$venv" "$stage_root" tests/integration
    fi
}

# in_background NAME COMMAND...: runs COMMAND in a background subshell with empty totals; its output goes to
# <NAME>.log and its totals and summary lines to <NAME>.outcome, which collect_background adds to this shell's.
in_background() {
    local name=$1
    shift
    (
        summary_lines=()
        total_passed=0 total_failed=0 total_skipped=0
        "$@"
        { echo "$total_passed $total_failed $total_skipped"; printf '%s\n' "${summary_lines[@]}"; } >"$work_root/$name.outcome"
    ) >"$work_root/$name.log" 2>&1 &
    background_pids[$name]=$!
    log "$name: started in the background (output follows when it is done)"
}

collect_background() {
    local name=$1 passed failed skipped line
    wait "${background_pids[$name]}"
    printf '\n===== output of the background job "%s" =====\n' "$name"
    cat "$work_root/$name.log"
    printf '===== end of the background job "%s" =====\n\n' "$name"
    if [[ ! -f $work_root/$name.outcome ]]; then
        record "$name" background 0 FAIL "the background job ended without an outcome"
        total_failed=$((total_failed + 1))
        return
    fi
    {
        read -r passed failed skipped
        while IFS= read -r line; do
            [[ -n $line ]] && summary_lines+=("$line")
        done
    } <"$work_root/$name.outcome"
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))
}

# with_lock FILE COMMAND...: runs COMMAND holding an exclusive lock on FILE (without one where flock is missing).
with_lock() {
    local lock=$1
    shift
    if command -v flock >/dev/null 2>&1; then
        flock "$lock" "$@"
    else
        "$@"
    fi
}

wants_stage() {
    [[ " ${stages[*]} " == *" $1 "* ]]
}

# Everything runs inside main so that bash has parsed the whole script before it starts: editing this file while
# a run is in progress cannot change what the run does.
main() {
    while (($#)); do
        case $1 in
            --quick) series+=("$DEFAULT_CORE"); stages+=(units emulator integration) ;;
            --matrix) [[ $# -ge 2 ]] || die "--matrix needs a value"; add_choices series "$2" "${ALL_SERIES[@]}"; shift ;;
            --matrix=*) add_choices series "${1#*=}" "${ALL_SERIES[@]}" ;;
            --only) [[ $# -ge 2 ]] || die "--only needs a value"; add_choices stages "$2" "${ALL_STAGES[@]}"; shift ;;
            --only=*) add_choices stages "${1#*=}" "${ALL_STAGES[@]}" ;;
            --keep) keep=true ;;
            -h | --help) usage; exit 0 ;;
            --) shift; pytest_args=("$@"); break ;;
            *) usage >&2; die "unknown argument '$1'" ;;
        esac
        shift
    done
    ((${#series[@]})) || series=("${ALL_SERIES[@]}")
    ((${#stages[@]})) || stages=("${ALL_STAGES[@]}")

    make_work_root msgraph-intune-tests "$keep"
    # One snapshot of the working tree at start; every series gets a fresh copy of it, so all of them test the
    # same code even if files change during the run.
    snapshot=$(stage_collection "$work_root/snapshot") || exit 1

    suite_started=$SECONDS
    # Phase 1: venv, sanity and units of every series, and the lint gates. Much of it leaves a core idle (pip
    # installs, one sanity test at a time), so the series after the first and the lint gates run in the background,
    # their output kept in a log that is printed when they are waited for.
    local core first=${series[0]}
    local -a background=()
    for core in "${series[@]:1}"; do
        in_background "$core" prepare_series "$core"
        background+=("$core")
    done
    if wants_stage lint; then
        in_background lint run_lint "$first"
        background+=(lint)
    fi
    prepare_series "$first"
    # Phase 2: the emulator and integration tests, one series at a time (pytest-xdist keeps every core busy).
    test_series "$first"
    for core in "${background[@]}"; do
        collect_background "$core"
        [[ $core == lint ]] || test_series "$core"
    done

    printf '\n== msgraph.intune test summary (series, stage, wall time, status) ==\n'
    # In series order, then stage order (the two phases record them out of order); anything else last.
    printf '%s\n' "${summary_lines[@]}" |
        awk -v series="${series[*]}" -v stages="venv ${ALL_STAGES[*]}" '
            BEGIN { n = split(series, s, " "); for (i = 1; i <= n; i++) rank[s[i]] = i
                    n = split(stages, t, " "); for (i = 1; i <= n; i++) order[t[i]] = i }
            { printf "%03d %03d %05d\t%s\n", ($1 in rank) ? rank[$1] : 999, ($2 in order) ? order[$2] : 999, NR, $0 }' |
        sort | cut -f2-
    printf 'total wall time: %ss; counts are pytest cases plus one per ansible-test sanity run\n' $((SECONDS - suite_started))
    printf '%d passed, %d failed, %d skipped\n' "$total_passed" "$total_failed" "$total_skipped"
    ((total_failed == 0))
}

# exit on the same line: bash must not read past it after main returns, whatever the file holds by then.
main "$@"; exit
