# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The documentation runs: every playbook under examples/ and the EXAMPLES of every module, against the emulator.

The example playbooks take their connection from the intune_* variables through module_defaults, so the tests
pass the emulator's connection as an extra-vars file, exactly as a user passes a vault file. The module EXAMPLES
are task lists; each runs as one play whose module_defaults (group/msgraph.intune.intune) carry the connection.
"""

import ast
import glob
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from playbook_runner import COLLECTION_ROOT, hermetic_env

# Runs with the full series only (noxfile.py deselects "slow" on the other ansible-core series).
pytestmark = pytest.mark.slow

EXAMPLES_DIR = os.path.join(COLLECTION_ROOT, 'examples')
MODULES_DIR = os.path.join(COLLECTION_ROOT, 'plugins', 'modules')
EXAMPLE_PLAYBOOKS = sorted(os.path.basename(path) for path in glob.glob(os.path.join(EXAMPLES_DIR, '*.yml')))
MODULES = sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(MODULES_DIR, 'intune_*.py')))
RECAP = re.compile(r'^localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.MULTILINE)

# The connection variables every example playbook reads (see examples/disk_encryption.yml).
CONNECTION_VARIABLES = {
    'intune_tenant_id': 'tenant_id',
    'intune_client_id': 'client_id',
    'intune_client_secret': 'client_secret',
    'intune_authority_host': 'authority_host',
    'intune_graph_endpoint': 'graph_endpoint',
    'intune_ca_path': 'ca_path',
}


# A setting of a policy seeded as if made in the Intune portal (Microsoft Defender Antivirus: real-time monitoring on).
PORTAL_SETTING = {'@odata.type': '#microsoft.graph.deviceManagementConfigurationSetting', 'settingInstance': {
    '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance',
    'settingDefinitionId': 'device_vendor_msft_policy_config_defender_allowrealtimemonitoring',
    'choiceSettingValue': {'value': 'device_vendor_msft_policy_config_defender_allowrealtimemonitoring_1',
                           'children': []}}}


class Recap:
    """The outcome of one ansible-playbook run."""

    def __init__(self, proc):
        self.rc = proc.returncode
        self.output = proc.stdout + proc.stderr
        match = RECAP.search(proc.stdout)
        self.ok, self.changed, self.unreachable, self.failed = (int(n) for n in match.groups()) if match else (None,) * 4

    def __repr__(self):
        return 'Recap(rc=%r, ok=%r, changed=%r, failed=%r)\n%s' % (
            self.rc, self.ok, self.changed, self.failed, self.output[-6000:])


def module_examples(module):
    """The task list of a module's EXAMPLES string, read without importing the module."""
    with open(os.path.join(MODULES_DIR, module + '.py')) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ['EXAMPLES']:
            return yaml.safe_load(node.value.value)
    raise AssertionError('%s has no EXAMPLES' % module)


@pytest.fixture
def connection_vars(connection, tmp_path):
    """An extra-vars file with the emulator's connection under the variable names the examples read."""
    path = tmp_path / 'connection.json'
    path.write_text(json.dumps({name: connection[option] for name, option in CONNECTION_VARIABLES.items()}))
    path.chmod(0o600)
    return '@' + str(path)


def run_playbook_file(playbook, workdir, *args):
    """ansible-playbook PLAYBOOK from workdir, in the hermetic environment of the other integration tests."""
    cmd = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
           str(playbook)] + list(args)
    env = hermetic_env(cache_dir=str(workdir / 'cache'))
    proc = subprocess.run(cmd, cwd=str(workdir), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600, check=False)
    return Recap(proc)


def test_every_module_has_examples():
    assert MODULES == ['intune_configuration_policy', 'intune_configuration_policy_info',
                       'intune_configuration_policy_template_info', 'intune_intent_info', 'intune_template_info',
                       'intune_template_instance']
    assert {'antivirus.yml', 'disk_encryption.yml', 'firewall.yml', 'security_baseline.yml',
            'endpoint_security_policies.yml'} <= set(EXAMPLE_PLAYBOOKS)


@pytest.mark.parametrize('playbook', EXAMPLE_PLAYBOOKS)
def test_example_playbook_converges(playbook, connection_vars, graph, graph_log, tmp_path):
    """--check --diff writes nothing, the first run changes the tenant, the second run finds nothing to change."""
    path = os.path.join(EXAMPLES_DIR, playbook)
    check = run_playbook_file(path, tmp_path, '-e', connection_vars, '--check', '--diff')
    assert check.rc == 0 and check.failed == 0 and check.changed >= 1, check
    assert graph_log.writes() == [] and graph.control.intents() == [] and graph.control.policies() == []

    first = run_playbook_file(path, tmp_path, '-e', connection_vars)
    assert first.rc == 0 and first.failed == 0 and first.changed >= 1, first
    profiles = graph.control.intents() + graph.control.policies()
    assert profiles, 'the example created no profile'

    second = run_playbook_file(path, tmp_path, '-e', connection_vars, '--diff')
    assert second.rc == 0 and second.failed == 0 and second.changed == 0, second
    assert graph.control.intents() + graph.control.policies() == profiles


@pytest.mark.parametrize('module', MODULES)
def test_module_examples_run(module, connection, graph, tmp_path):
    """The EXAMPLES of the module, as documented, with the connection from module_defaults and the variables that
    the examples name (intune_tenant_id etc.)."""
    play = {
        'name': 'EXAMPLES of msgraph.intune.%s' % module,
        'hosts': 'localhost',
        'gather_facts': False,
        'module_defaults': {'group/msgraph.intune.intune': connection},
        'vars': {name: connection[option] for name, option in CONNECTION_VARIABLES.items()},
        'tasks': module_examples(module),
    }
    if module == 'intune_intent_info':
        # The export examples need profiles to export.
        graph.control.seed_intent('Corp - BitLocker', 'd1174162-1dd2-4976-affc-6667049ab0ae',
                                  description='Built in the portal',
                                  settings={'deviceConfiguration--windows10EndpointProtectionConfiguration_'
                                            'bitLockerEncryptDevice': True})
    if module == 'intune_configuration_policy_info':
        # The export example needs a policy to export, built "in the portal".
        graph.control.seed_policy('Corp - Defender Antivirus', technologies='mdm,microsoftSense',
                                  template_id='804339ad-1553-4478-a742-138fb5807418_1', settings=[PORTAL_SETTING],
                                  assignments=[{'@odata.type': '#microsoft.graph.allDevicesAssignmentTarget'}])
    if module == 'intune_template_instance':
        # The profile the intent_id example renames.
        graph.control.seed_intent('Corp - BitLocker (duplicate)', 'd1174162-1dd2-4976-affc-6667049ab0ae',
                                  intent_id='8b2b6b0a-4a5e-4a55-8d1c-0f6f3f0a9c11')
    playbook = tmp_path / 'examples.yml'
    playbook.write_text(json.dumps([play], indent=1))  # JSON is YAML
    run = run_playbook_file(playbook, tmp_path)
    assert run.rc == 0 and run.failed == 0, run
    if module == 'intune_template_instance':
        # Created, assigned, unassigned, created by migration (then already on the target, so not moved), reset to
        # the defaults (exact), renamed by ID, assigned to a collection, removed: what is left is the migrated
        # baseline and the renamed profile.
        assert run.changed == 8, run
        assert sorted((i['displayName'], i['templateId']) for i in graph.control.intents()) == [
            ('Corp - BitLocker (old)', 'd1174162-1dd2-4976-affc-6667049ab0ae'),
            ('Corp - Windows baseline', 'cef15778-c3b9-4d53-a00a-042929f0aad0')]
    if module == 'intune_configuration_policy':
        # Antivirus (created and assigned), firewall, baseline; the delete by ID finds nothing to delete.
        assert run.changed == 3, run
        assert sorted(p['name'] for p in graph.control.policies()) == [
            'Corp - Defender Antivirus', 'Corp - Firewall', 'Corp - Windows baseline']
    if module == 'intune_configuration_policy_info':
        # The export applied again changes nothing.
        assert run.changed == 0 and len(graph.control.policies()) == 1, run
    if module == 'intune_intent_info':
        exported = yaml.safe_load((tmp_path / 'group_vars' / 'all' / 'intune_profiles.yml').read_text())
        assert [p['display_name'] for p in exported['intune_profiles']] == ['Corp - BitLocker']


def readme_example():
    """The play of the README's "Example" section."""
    with open(os.path.join(COLLECTION_ROOT, 'README.md')) as handle:
        text = handle.read()
    section = text[text.index('## Example'):]
    block = section[section.index('```yaml') + len('```yaml'):]
    return yaml.safe_load(block[:block.index('```')])


def test_the_readme_example_runs_with_credentials_from_the_environment(connection, graph, tmp_path):
    """As the README says, environment variables work: no intune_* variable is defined, the credentials come from
    AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET. Only where a real tenant needs nothing (the emulator's
    endpoints and CA) is module_defaults extended."""
    [play] = readme_example()
    play['module_defaults']['group/msgraph.intune.intune'].update(
        dict((option, connection[option]) for option in ('authority_host', 'graph_endpoint', 'ca_path')))
    playbook = tmp_path / 'readme.yml'
    playbook.write_text(json.dumps([play], indent=1))
    env = {'AZURE_TENANT_ID': connection['tenant_id'], 'AZURE_CLIENT_ID': connection['client_id'],
           'AZURE_CLIENT_SECRET': connection['client_secret']}
    cmd = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
           str(playbook)]
    proc = subprocess.run(cmd, cwd=str(tmp_path), env=hermetic_env(env, cache_dir=str(tmp_path / 'cache')),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=600, check=False)
    run = Recap(proc)
    assert 'is undefined' not in run.output, run
    assert run.rc == 0 and run.failed == 0 and run.changed == 1, run
