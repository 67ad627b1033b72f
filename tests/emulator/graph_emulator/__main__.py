"""`python -m graph_emulator serve --state-dir DIR [--port N] [--lifetime SECONDS] [--seed-examples]
[--vars-file PATH]`."""
import argparse
import json
import os
import signal
import sys
import time

from .catalog_seed import ANTIVIRUS_TEMPLATE_ID as ANTIVIRUS_POLICY_TEMPLATE_ID
from .seed import BITLOCKER_TEMPLATE_ID
from .server import Emulator

# Profiles as an admin would have built them in the portal, for --seed-examples.
EXAMPLE_REALTIME = {'@odata.type': '#microsoft.graph.deviceManagementConfigurationSetting', 'settingInstance': {
    '@odata.type': '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance',
    'settingDefinitionId': 'device_vendor_msft_policy_config_defender_allowrealtimemonitoring',
    'choiceSettingValue': {'value': 'device_vendor_msft_policy_config_defender_allowrealtimemonitoring_1',
                           'children': []}}}


def seed_examples(control):
    control.seed_intent('Portal - BitLocker', BITLOCKER_TEMPLATE_ID, description='Built in the portal', settings={
        'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice': True})
    control.seed_policy('Portal - Defender Antivirus', technologies='mdm,microsoftSense',
                        template_id=ANTIVIRUS_POLICY_TEMPLATE_ID, settings=[EXAMPLE_REALTIME],
                        description='Built in the portal')


def connection_vars(info):
    """The intune_* variables the example playbooks read (a file for ansible-playbook -e @FILE)."""
    return {'intune_tenant_id': info['tenant_id'], 'intune_client_id': info['client_id'],
            'intune_client_secret': info['client_secret'], 'intune_authority_host': info['authority_host'],
            'intune_graph_endpoint': info['graph_endpoint'], 'intune_ca_path': info['ca_path']}


def main(argv=None):
    parser = argparse.ArgumentParser(prog='graph_emulator', description='Graph beta + identity platform emulator')
    commands = parser.add_subparsers(dest='command', required=True)
    serve = commands.add_parser('serve', help='run the HTTPS emulator on 127.0.0.1')
    serve.add_argument('--state-dir', required=True, help='where ca.pem, emulator.json and certificates go')
    serve.add_argument('--port', type=int, default=0, help='TCP port (0 = any free port)')
    serve.add_argument('--lifetime', type=float, default=900, help='stop after this many seconds (default 900)')
    serve.add_argument('--seed-examples', action='store_true',
                       help='store a BitLocker intent and an antivirus settings catalog policy, as built in the portal')
    serve.add_argument('--vars-file', help='write the intune_* variables of the example playbooks here (0600)')
    args = parser.parse_args(argv)
    emulator = Emulator(args.state_dir, port=args.port, lifetime=args.lifetime).start()
    signal.signal(signal.SIGTERM, lambda *_: emulator.stop())
    if args.seed_examples:
        seed_examples(emulator.control)
    if args.vars_file:
        descriptor = os.open(args.vars_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, 'w') as handle:
            json.dump(connection_vars(emulator.info), handle, indent=1)
    print(emulator.url, flush=True)
    started = time.monotonic()
    try:
        emulator.stopped.wait()
    except KeyboardInterrupt:
        emulator.stop()
        return 0
    if time.monotonic() - started >= args.lifetime - 1:
        print('graph_emulator: stopped after its lifetime of %d s (--lifetime)' % args.lifetime, file=sys.stderr,
              flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
