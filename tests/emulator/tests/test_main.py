"""`python -m graph_emulator serve`: what a user starting it by hand gets (scripts/emulator.sh runs it)."""
import json
import os
import stat
import subprocess
import sys

import graph_emulator
from graph_emulator.control import EmulatorControl


def test_serve_seeds_examples_writes_the_playbook_variables_and_says_when_it_stops(tmp_path):
    state_dir, vars_file = tmp_path / 'state', tmp_path / 'vars.json'
    package_root = os.path.dirname(os.path.dirname(graph_emulator.__file__))
    proc = subprocess.Popen([sys.executable, '-m', 'graph_emulator', 'serve', '--state-dir', str(state_dir),
                             '--lifetime', '6', '--seed-examples', '--vars-file', str(vars_file)],
                            env=dict(os.environ, PYTHONPATH=package_root), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith('https://127.0.0.1:'), url
        info = json.loads((state_dir / 'emulator.json').read_text())
        variables = json.loads(vars_file.read_text())
        assert stat.S_IMODE(os.stat(str(vars_file)).st_mode) == 0o600
        assert variables == {'intune_tenant_id': info['tenant_id'], 'intune_client_id': info['client_id'],
                             'intune_client_secret': info['client_secret'], 'intune_authority_host': url,
                             'intune_graph_endpoint': url, 'intune_ca_path': info['ca_path']}
        control = EmulatorControl(url, info['ca_path'])
        assert [intent['displayName'] for intent in control.intents()] == ['Portal - BitLocker']
        assert [policy['name'] for policy in control.policies()] == ['Portal - Defender Antivirus']
        dummy, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert 'stopped after its lifetime of 6 s' in stderr
