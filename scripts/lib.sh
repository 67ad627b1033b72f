# shellcheck shell=bash
# Shared shell functions of scripts/test.sh and scripts/demo.sh (sourced, never run).
#
# Environment:
#   MSGRAPH_INTUNE_TEST_HOME  where the cached virtualenvs live (default: ~/.cache/msgraph-intune-tests)

MSGRAPH_INTUNE_TEST_HOME=${MSGRAPH_INTUNE_TEST_HOME:-$HOME/.cache/msgraph-intune-tests}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Supported ansible-core series and the controller Python each one is tested with.
# 2.16 is the floor (meta/runtime.yml requires_ansible); 2.20 and later need Python >= 3.12 on the controller.
declare -A CORE_PYTHON=([2.16]=3.11 [2.19]=3.11 [2.21]=3.12)
# shellcheck disable=SC2034  # read by the scripts that source this file
DEFAULT_CORE=2.19

log() {
    printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
    log "ERROR: $*"
    exit 1
}

# Prints the path of an interpreter for Python MAJOR.MINOR: the real binary of the newest pyenv install of it
# (pyenv shims only resolve the active version, and ansible-test strips PYENV_VERSION), else python3 when it
# is that version, else pythonMAJOR.MINOR on PATH.
find_python() {
    local version=$1 candidate
    local -a candidates=(python3)
    if command -v pyenv >/dev/null 2>&1; then
        # sort -V lists the newest patch release last; prepending puts it first.
        while IFS= read -r candidate; do
            candidates=("$candidate" "${candidates[@]}")
        done < <(printf '%s\n' "$(pyenv root)"/versions/"$version".*/bin/python"$version" | sort -V)
    fi
    candidates+=("python$version")
    for candidate in "${candidates[@]}"; do
        if "$candidate" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$version' else 1)" >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Sets up (or reuses) the virtualenv VENV with the interpreter PYTHON and `pip install PIP_ARGS...`, and prints its
# directory. The venv is rebuilt whenever the interpreter, the pip arguments or a requirements file named in them
# (-r FILE) changes.
ensure_requirements_venv() {
    local venv=$1 python=$2
    shift 2
    local arg previous='' stamp
    stamp=$( {
        "$python" -c 'import sys; print(sys.version)'
        # Paths relative to the checkout, so that every checkout of the same requirements shares the cached venv.
        echo "$python" "${@//"$REPO_ROOT"/.}"
        for arg in "$@"; do
            [[ $previous == -r ]] && cat "$arg"
            previous=$arg
        done
    } | sha256sum | cut -d' ' -f1)

    if [[ -x $venv/bin/python && -f $venv/.stamp && $(cat "$venv/.stamp") == "$stamp" ]]; then
        log "reusing $venv"
    else
        log "creating $venv ($($python --version 2>&1))"
        rm -rf "$venv"
        mkdir -p "$(dirname "$venv")"
        "$python" -m venv "$venv" || die "could not create $venv"
        if ! "$venv/bin/python" -m pip install --disable-pip-version-check -q "$@" >"$venv.pip.log" 2>&1; then
            grep -v 'is ignored: it is neither a file nor a directory' "$venv.pip.log" | tail -20 >&2
            rm -rf "$venv"
            die "pip install into $venv failed (full log: $venv.pip.log)"
        fi
        echo "$stamp" >"$venv/.stamp"
    fi
    printf '%s\n' "$venv"
}

# Sets up (or reuses) the virtualenv for one ansible-core series and prints its directory.
ensure_venv() {
    local core=$1 python_version=${CORE_PYTHON[$1]:-}
    [[ -n $python_version ]] || die "unknown ansible-core series '$core' (known: ${!CORE_PYTHON[*]})"
    local python
    python=$(find_python "$python_version") ||
        die "ansible-core $core is tested on Python $python_version, which was not found (looked for python3, $(pyenv root 2>/dev/null || echo '<pyenv root>')/versions/$python_version.*/bin/python$python_version and python$python_version)"
    ensure_requirements_venv "$MSGRAPH_INTUNE_TEST_HOME/venvs/core$core-py$python_version" "$python" \
        "ansible-core>=$core.0,<${core%.*}.$(( ${core#*.} + 1 ))" \
        -r "$REPO_ROOT/requirements.txt" -r "$REPO_ROOT/tests/requirements-test.txt"
}

# ansible-test --venv bootstraps pip in each venv it creates with a get-pip script downloaded from
# ci-files.testing.ansible.com, and only downloads it when ~/.ansible/test/cache lacks it. That host is not
# reachable from every machine, so install a stand-in that does the same job with pip from the package index.
# The file name depends on the pip version the installed ansible-test pins.
ensure_get_pip_stand_in() {
    local venv=$1 pip_version cache_path
    pip_version=$("$venv/bin/python" - <<'EOF'
import sys
from ansible_test._internal.python_requirements import get_venv_packages


class Python:
    version = '%d.%d' % sys.version_info[:2]


print(get_venv_packages(Python())['pip'])
EOF
    ) || { log "ERROR: could not read the pip version pinned by ansible-test in $venv"; return 1; }
    cache_path="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
    mkdir -p "$(dirname "$cache_path")"
    # Rewritten on every run: it names the pip of this run's venv, which a later run may have removed.
    cat >"$cache_path" <<EOF
# Stand-in for https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py written by
# msgraph.intune's scripts/test.sh: install the requested pip into the new environment with the pip of
# $venv (pip --python, half the time of an ensurepip bootstrap), or with ensurepip when that venv is gone.
import os
import subprocess
import sys

OUTER_PYTHON = '$venv/bin/python'
args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
if not os.path.exists(OUTER_PYTHON) or subprocess.call(
        [OUTER_PYTHON, '-m', 'pip', '--python', sys.executable, 'install', '-q'] + args) != 0:
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'], stdout=subprocess.DEVNULL)
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '-q'] + args)
EOF
}

# make_work_root NAME KEEP: sets work_root to a new scratch directory <tmp>/NAME.XXXXXX, removed when the script
# exits unless KEEP is true (--keep), in which case its path is logged.
make_work_root() {
    work_root=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || die "mktemp failed"
    if $2; then
        log "the staged copies are kept in $work_root"
    else
        trap 'rm -rf "$work_root"' EXIT
    fi
}

# Copies the working tree (uncommitted files included; VCS data and generated output excluded) to
# DEST/ansible_collections/msgraph/intune, the only layout ansible-test accepts, and prints that directory.
stage_collection() {
    local dest=$1
    local collection="$dest/ansible_collections/msgraph/intune"
    mkdir -p "$collection"
    tar -C "$REPO_ROOT" -cf - \
        --exclude=./.git --exclude=./tests/output --exclude=./tests/integration/inventory \
        --exclude=.pytest_cache --exclude=.hypothesis --exclude=__pycache__ --exclude='*.pyc' \
        --exclude=./.venv --exclude=./venv --exclude='./*.tar.gz' . |
        tar -C "$collection" -xf - || die "could not copy $REPO_ROOT to $collection"
    printf '%s\n' "$collection"
}
