#!/usr/bin/env bash
# Demonstrates msgraph.intune end to end on this machine, with no Microsoft tenant:
#   1. sets up (or reuses) the cached ansible-core 2.19 virtualenv of the test sessions (scripts/venvs.py),
#   2. builds the collection with `ansible-galaxy collection build` and installs the tarball into a temporary
#      collections path,
#   3. starts the bundled Graph + identity platform emulator on 127.0.0.1 (HTTPS, throw-away CA),
#   4. runs examples/demo_playbook.yml twice with --diff: the first run creates the BitLocker profile (changed),
#      the second finds it as declared (ok) and shows the profile as the emulator stores it,
#   5. stops the emulator and removes the temporary files.
#
# Usage: scripts/demo.sh
# Environment: MSGRAPH_INTUNE_TEST_HOME (see scripts/venvs.py) locates the cached virtualenv.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv=$(ensure_venv core)

demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/msgraph-intune-demo.XXXXXX")
emulator_pid=
cleanup() {
    if [[ -n $emulator_pid ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill "$emulator_pid"
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -rf "$demo_dir"
}
trap cleanup EXIT

# The demo talks to 127.0.0.1 only: drop credentials, cloud settings and proxies inherited from the caller.
while IFS= read -r name; do
    unset "$name"
done < <(compgen -e | grep -E '^(AZURE_|MSGRAPH_|IDENTITY_|MSI_|ANSIBLE_)|^REQUESTS_CA_BUNDLE$|^(https?|all)_proxy$|^(HTTPS?|ALL)_PROXY$' || true)
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$demo_dir/collections" ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
export ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_INVENTORY_UNPARSED_WARNING=False
# The emulator's tokens and template data stay in the demo's own directory, never in the user's cache.
export MSGRAPH_INTUNE_CACHE_DIR="$demo_dir/cache"

log "building and installing the collection"
ansible-galaxy collection build --output-path "$demo_dir/dist" "$REPO_ROOT" >/dev/null
ansible-galaxy collection install -p "$demo_dir/collections" "$demo_dir"/dist/msgraph-intune-*.tar.gz
# A playbook inside an ansible_collections tree would also see the checkout; run a copy next to nothing.
cp "$REPO_ROOT/examples/demo_playbook.yml" "$demo_dir/demo_playbook.yml"

log "starting the Graph emulator"
state_dir="$demo_dir/emulator"
mkdir -p "$state_dir"
PYTHONPATH="$REPO_ROOT/tests/emulator" python -m graph_emulator serve --state-dir "$state_dir" --port 0 --lifetime 600 \
    --vars-file "$demo_dir/connection.json" >"$demo_dir/emulator.log" 2>&1 &
emulator_pid=$!
emulator_ready() {
    python -c 'import json, sys; json.load(open(sys.argv[1]))' "$demo_dir/connection.json" 2>/dev/null
}
for _ in $(seq 100); do
    emulator_ready && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$demo_dir/emulator.log" >&2; die "the emulator exited"; }
    sleep 0.2
done
emulator_ready || { cat "$demo_dir/emulator.log" >&2; die "the emulator did not start within 20 s"; }

# The connection goes to the playbook as an extra-vars file (written by the emulator, mode 0600), so the emulator's
# client secret is never on a command line.
log "emulator listening on $(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$state_dir/emulator.json")"

# run_demo LABEL EXPECTED_CHANGED_COUNT [ansible-playbook args...]
run_demo() {
    local label=$1 expected_changed=$2
    shift 2
    printf '\n===== %s: ansible-playbook examples/demo_playbook.yml --diff %s =====\n' "$label" "$*"
    ansible-playbook -i localhost, -c local "$demo_dir/demo_playbook.yml" --diff -e "@$demo_dir/connection.json" "$@" |
        tee "$demo_dir/run.log"
    grep -Eq "^localhost +: ok=[0-9]+ +changed=$expected_changed +unreachable=0 +failed=0" "$demo_dir/run.log" ||
        die "$label: expected changed=$expected_changed and failed=0 in the play recap"
}

run_demo "first run (creates the profile)" 1
run_demo "second run (nothing to change)" 0 -e show_intent=true
log "demo finished: the first run changed the profile, the second found it as declared"
log "the demo's files are removed; its tools stay in $venv (shared with the test sessions of noxfile.py, replaced when a requirements file changes; delete it to reclaim the space)"
