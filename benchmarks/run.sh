#!/usr/bin/env bash
# The benchmark in one command, from a fresh clone: benchmarks/run.sh [--count N] [--latency-ms MS] [...]
# Runs benchmarks/run.py with the virtualenv that the test sessions use for the default ansible-core series (created
# on first use, then reused); every option is passed on (benchmarks/run.py --help lists them).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

venv=$(ensure_venv core)
exec "$venv/bin/python" "$REPO_ROOT/benchmarks/run.py" "$@"
