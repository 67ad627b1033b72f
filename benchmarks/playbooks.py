# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The jobs benchmarks/run.py compares, each a playbook over a loop of profiles: the module on the in-process path
(the default on the controller), the same playbook on the module path (MSGRAPH_INTUNE_EXECUTION=module), the same
job as a hand-made ansible.builtin.uri playbook, and ansible.builtin.ping (the floor of Ansible's per-task cost)."""

from harness import TEMPLATE_ID

ENCRYPT_DEVICE = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerEncryptDevice'
MODULE = 'msgraph.intune.intune_template_instance'
# The settings catalog job: one choice setting of Microsoft Defender Antivirus, on or off as the scenario wants.
POLICY_MODULE = 'msgraph.intune.intune_configuration_policy'
REAL_TIME = 'device_vendor_msft_policy_config_defender_allowrealtimemonitoring'
# What a task of the module imports: the module (on the module path, in every module process) and its action plugin
# (in-process: once, in ansible-playbook's main process).
MODULE_IMPORT = 'ansible_collections.msgraph.intune.plugins.modules.intune_template_instance'
ACTION_IMPORT = 'ansible_collections.msgraph.intune.plugins.action.intune_template_instance'
# What ansible-playbook's main process has imported before it loads an action plugin.
ANSIBLE_PLAYBOOK_IMPORTS = 'ansible.cli.playbook, ansible.executor.task_executor, ansible.plugins.action'
# The start-up table: (key, label, module imported, what is imported first, untimed).
STARTUP_IMPORTS = (
    ('ping', 'floor: ansible.module_utils.basic (ping; every module process)', 'ansible.modules.ping', None),
    ('uri', 'ansible.builtin.uri (every module process)', 'ansible.modules.uri', None),
    ('requests', 'ping + requests (what any Graph call needs)', 'ansible.modules.ping, requests', None),
    ('module', 'module path: the module intune_template_instance (every module process)', MODULE_IMPORT, None),
    ('action', 'in-process: the action plugin intune_template_instance, in a bare interpreter', ACTION_IMPORT, None),
    ('action_in_ansible', 'in-process: the action plugin, beyond what ansible-playbook has imported (once per run)',
     ACTION_IMPORT, ANSIBLE_PLAYBOOK_IMPORTS),
)
# The scenarios of a phase, in the order they run on the same profiles: (key, label, value of the managed setting).
SCENARIOS = (('create', 'create (1st run)', True), ('steady', 'no drift (2nd run)', True),
             ('drift', '1 drifted setting (3rd run)', False))


class Job(object):
    """A playbook and how it runs: `environment` is added to ansible-playbook's, `path_marker` is what its -vvv
    output says when the collection's task takes the intended path, `floor` jobs run in the no-drift phase only."""

    def __init__(self, key, label, plays, prefix, environment=None, path_marker=None, floor=False):
        self.key = key
        self.label = label
        self.plays = plays
        self.prefix = prefix
        self.environment = environment or {}
        self.path_marker = path_marker
        self.floor = floor

    def profile_prefix(self, round_number, latency):
        """The names of this job's profiles in one round and latency: no two jobs or phases share a profile."""
        return '%s r%d %dms' % (self.prefix, round_number, latency)


def jobs(connection):
    """The compared jobs, in the order every phase runs them."""
    module = module_play(connection)
    return [
        Job('inproc', 'in-process', module, 'Inproc', path_marker='%s runs in the worker process' % MODULE),
        Job('module', 'module path', module, 'Module', {'MSGRAPH_INTUNE_EXECUTION': 'module'},
            path_marker='%s runs as a module: MSGRAPH_INTUNE_EXECUTION=module' % MODULE),
        Job('policy', 'settings catalog, in-process', policy_play(connection), 'Policy',
            path_marker='%s runs in the worker process' % POLICY_MODULE),
        Job('uri', 'uri playbook', uri_play(connection), 'Uri'),
        Job('ping', 'ansible.builtin.ping', ping_play(), 'Ping', floor=True),
    ]


def module_play(connection):
    return [{
        'hosts': 'localhost', 'gather_facts': False,
        'module_defaults': {'group/msgraph.intune.intune': connection},
        'tasks': [{
            'name': 'profiles',
            MODULE: {'template_id': TEMPLATE_ID, 'display_name': '{{ item.name }}',
                     'settings_delta': [{'definition_id': ENCRYPT_DEVICE, 'value': '{{ item.encrypt }}'}]},
            'loop': '{{ profiles }}',
        }],
    }]


def policy_play(connection):
    return [{
        'hosts': 'localhost', 'gather_facts': False,
        'module_defaults': {'group/msgraph.intune.intune': connection},
        'tasks': [{
            'name': 'policies',
            POLICY_MODULE: {'template_family': 'endpointSecurityAntivirus', 'template_name': 'Microsoft Defender Antivirus',
                            'name': '{{ item.name }}', 'settings': [{
                                'definition_id': REAL_TIME,
                                'value': "%s_{{ item.encrypt | ternary('1', '0') }}" % REAL_TIME}]},
            'loop': '{{ profiles }}',
        }],
    }]


def uri_play(connection):
    """The same job as an Ansible user writes it with ansible.builtin.uri: token, filtered list, compare, create."""
    graph = connection['graph_endpoint'] + '/beta'
    auth = {'Authorization': 'Bearer {{ token.json.access_token }}'}
    common = {'ca_path': connection['ca_path'], 'headers': auth}
    lookup_url = (graph + '/deviceManagement/intents?$filter='
                  "{{ (\"displayName eq '\" ~ (item.name | replace(\"'\", \"''\")) ~ \"'\") | urlencode }}")
    setting = "(item.2.json.value | selectattr('definitionId', 'equalto', '%s') | first)" % ENCRYPT_DEVICE
    return [{
        'hosts': 'localhost', 'gather_facts': False,
        'tasks': [
            {'name': 'token', 'no_log': True, 'ansible.builtin.uri': {
                'url': '%s/%s/oauth2/v2.0/token' % (connection['authority_host'], connection['tenant_id']),
                'method': 'POST', 'body_format': 'form-urlencoded', 'ca_path': connection['ca_path'],
                'body': {'grant_type': 'client_credentials', 'client_id': connection['client_id'],
                         'client_secret': connection['client_secret'], 'scope': connection['graph_endpoint'] + '/.default'}},
             'register': 'token'},
            {'name': 'look up', 'ansible.builtin.uri': dict(common, url=lookup_url), 'loop': '{{ profiles }}',
             'register': 'lookups'},
            {'name': 'existing', 'ansible.builtin.set_fact': {'existing': (
                "{{ lookups.results | map(attribute='json.value') | map('selectattr', 'templateId', 'equalto', '%s') "
                "| map('list') | list }}" % TEMPLATE_ID)}},
            {'name': 'read settings', 'ansible.builtin.uri': dict(
                common, url=graph + '/deviceManagement/intents/{{ item.1[0].id }}/settings'),
             'loop': '{{ profiles | zip(existing) | list }}', 'when': 'item.1 | length > 0', 'register': 'current'},
            {'name': 'create', 'ansible.builtin.uri': dict(
                common, url=graph + '/deviceManagement/templates/%s/createInstance' % TEMPLATE_ID, method='POST',
                body_format='json', body={'displayName': '{{ item.0.name }}', 'settingsDelta': [{
                    '@odata.type': '#microsoft.graph.deviceManagementBooleanSettingInstance',
                    'definitionId': ENCRYPT_DEVICE, 'valueJson': '{{ item.0.encrypt | to_json }}'}]}),
             'loop': '{{ profiles | zip(existing) | list }}', 'when': 'item.1 | length == 0'},
            {'name': 'update drifted', 'ansible.builtin.uri': dict(
                common, url=graph + '/deviceManagement/intents/{{ item.1[0].id }}/updateSettings', method='POST',
                body_format='json', status_code=204, body={'settings': [{
                    '@odata.type': '#microsoft.graph.deviceManagementBooleanSettingInstance',
                    'id': '{{ %s.id }}' % setting, 'definitionId': ENCRYPT_DEVICE,
                    'valueJson': '{{ item.0.encrypt | to_json }}'}]}),
             'loop': '{{ profiles | zip(existing, current.results) | list }}',
             'when': 'item.1 | length > 0 and (%s.valueJson | from_json) != item.0.encrypt' % setting},
        ],
    }]


def ping_play():
    return [{'hosts': 'localhost', 'gather_facts': False,
             'tasks': [{'name': 'ping', 'ansible.builtin.ping': {}, 'loop': '{{ profiles }}'}]}]
