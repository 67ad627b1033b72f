#!/usr/bin/env bash
# Runs nox on this repository's noxfile.py from a cached virtualenv, installing nox there first if needed (the
# version pinned in tests/requirements-nox.txt), so that a fresh clone needs nothing but Python and pyenv's or
# PATH's interpreters of the tested series. Every argument goes to nox:
#   scripts/nox.sh                               every session, two at a time, with a summary (the session "all")
#   scripts/nox.sh -l                            lists the sessions
#   scripts/nox.sh -s units-2.19                 one session
#   scripts/nox.sh -s integration-2.19 -- -k lifecycle -x   arguments after -- go to the session's tool
# Environment: MSGRAPH_INTUNE_TEST_HOME (see scripts/venvs.py) locates the cached virtualenvs.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv=$(ensure_venv nox)
exec "$venv/bin/nox" --noxfile "$REPO_ROOT/noxfile.py" "$@"
