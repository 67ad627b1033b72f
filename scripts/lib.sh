# shellcheck shell=bash
# Shared shell functions of scripts/demo.sh, scripts/emulator.sh, scripts/nox.sh and benchmarks/run.sh (sourced,
# never run).
#
# Environment:
#   MSGRAPH_INTUNE_TEST_HOME  where the cached virtualenvs live (default: ~/.cache/msgraph-intune-tests)

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() {
    printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
    log "ERROR: $*"
    exit 1
}

# ensure_venv NAME: sets up (or reuses) the cached virtualenv NAME (core<series>, core for the default series, lint,
# galaxy-importer or nox) and prints its directory; scripts/venvs.py says how they are cached. The test sessions of
# noxfile.py use the same virtualenvs.
ensure_venv() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not on PATH"
    python3 "$REPO_ROOT/scripts/venvs.py" "$1" || die "could not set up the virtualenv $1"
}
