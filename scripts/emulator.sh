#!/usr/bin/env bash
# Runs the bundled Graph + identity platform emulator on 127.0.0.1 for trying the collection by hand, with example
# profiles seeded, and prints what to export (or pass with -e) to point playbooks at it.
#
# Usage: scripts/emulator.sh [--lifetime SECONDS] [--port N] [--no-seed]
#   --lifetime  stop after this many seconds (default 3600); Ctrl-C stops it earlier
#   --port      TCP port on 127.0.0.1 (default: any free port)
#   --no-seed   start without the example profiles (a BitLocker intent, an antivirus settings catalog policy)
# Environment: MSGRAPH_INTUNE_TEST_HOME (see scripts/venvs.py) locates the cached virtualenv it runs in.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lifetime=3600 port=0 seed=(--seed-examples)
while (($#)); do
    case $1 in
        --lifetime) lifetime=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --no-seed) seed=(); shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

venv=$(ensure_venv core)
state_dir=$(mktemp -d "${TMPDIR:-/tmp}/msgraph-intune-emulator.XXXXXX")
trap 'rm -rf "$state_dir"' EXIT
vars_file="$state_dir/intune-vars.json"

PYTHONPATH="$REPO_ROOT/tests/emulator" "$venv/bin/python" -m graph_emulator serve --state-dir "$state_dir" \
    --port "$port" --lifetime "$lifetime" --vars-file "$vars_file" "${seed[@]}" &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; rm -rf "$state_dir"' EXIT INT TERM
for _ in $(seq 100); do
    [[ -s $vars_file ]] && break
    kill -0 "$emulator_pid" 2>/dev/null || die "the emulator exited"
    sleep 0.2
done
[[ -s $vars_file ]] || die "the emulator did not start within 20 s"

"$venv/bin/python" - "$state_dir/emulator.json" "$vars_file" "$lifetime" <<'PY'
import json
import sys

info = json.load(open(sys.argv[1]))
print('''
The emulator runs at %(url)s for %(lifetime)s s (Ctrl-C stops it). Its CA is %(ca_path)s.

Credentials and endpoints as environment variables (the modules read them for options a task leaves unset):

export AZURE_TENANT_ID=%(tenant_id)s
export AZURE_CLIENT_ID=%(client_id)s
export AZURE_CLIENT_SECRET=%(client_secret)s
export AZURE_AUTHORITY_HOST=%(authority_host)s
export MSGRAPH_ENDPOINT=%(graph_endpoint)s
export NO_PROXY=127.0.0.1,localhost

The CA has no environment variable: give ca_path in module_defaults, or run the example playbooks with the
intune_* variables of this file, which include it:

ansible-playbook examples/endpoint_security_policies.yml -e @%(vars_file)s --check --diff
''' % dict(info, lifetime=sys.argv[3], vars_file=sys.argv[2]))
PY
wait "$emulator_pid"
