# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ad-hoc calls that fail, as a new user makes them (``ansible localhost -m ... -a '{...}'`` with the credentials in
the arguments): every kind of failure is reported cleanly and no secret is printed, at any verbosity, on every
execution path. run_adhoc checks stdout and stderr for the client secret and the emulator's tokens."""

import pytest
from graph_emulator.catalog_seed import ANTIVIRUS_TEMPLATE_ID as POLICY_TEMPLATE_ID
from graph_emulator.seed import BITLOCKER_TEMPLATE_ID

pytestmark = pytest.mark.every_path

INTENT = 'msgraph.intune.intune_template_instance'
POLICY = 'msgraph.intune.intune_configuration_policy'
BLOB = 'ADHOC-ONBOARDING-BLOB-%s' % ('y' * 30)
ATP = 'device_vendor_msft_windowsadvancedthreatprotection_'
TASKS = {
    INTENT: {'template_id': BITLOCKER_TEMPLATE_ID, 'display_name': 'Ad hoc'},
    POLICY: {'template_id': POLICY_TEMPLATE_ID, 'name': 'Ad hoc'},
}
FAILURES = {
    'unsupported option': {'bogus': 1},
    'wrong type': {'state': ['present']},
    'undefined variable': {'description': '{{ not_defined }}'},
    'wrong client secret': {'client_secret': 'wrong-secret-%s' % ('z' * 20)},
}


# At -vvv, which prints the most (the task's arguments among it); -v0 prints a subset of it.
@pytest.mark.parametrize('module', [INTENT, POLICY])
@pytest.mark.parametrize('failure', sorted(FAILURES))
def test_a_failing_adhoc_call_prints_no_secret(intune, graph_log, module, failure):
    args = dict(TASKS[module], **FAILURES[failure])
    rc, stdout, stderr = intune.adhoc(args, module=module, verbosity=3)
    assert rc != 0 and 'FAILED' in stdout + stderr, (stdout, stderr)
    assert 'Traceback' not in stdout + stderr
    assert graph_log.writes() == []
    if failure == 'wrong client secret':
        assert args['client_secret'] not in stdout + stderr


def test_a_refused_policy_create_prints_neither_the_credentials_nor_a_secret_setting(intune, graph):
    graph.control.add_fault('deviceManagement/configurationPolicies$', method='POST', status=400)
    args = {'template_family': 'endpointSecurityEndpointDetectionAndResponse', 'name': 'Ad hoc EDR', 'settings': [
        {'definition_id': ATP + 'configurationtype', 'value': 'Onboard', 'children': [
            {'definition_id': ATP + 'onboarding', 'value': BLOB}]}]}
    rc, stdout, stderr = intune.adhoc(args, module=POLICY, verbosity=3)
    assert rc != 0 and 'POST /deviceManagement/configurationPolicies failed: 400' in stdout, (stdout, stderr)
    assert BLOB not in stdout + stderr
