# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test data of the configuration policy domain: configuration policy templates (Microsoft Defender Antivirus, two
versions of a baseline, a deprecated firewall template) and their setting templates with the setting definitions
expanded, in Graph beta's shapes; helpers that build setting instances, module options, and run a plan."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.msgraph.intune.plugins.module_utils._policies.apply import apply_policy_plan
from ansible_collections.msgraph.intune.plugins.module_utils._policies.inputs import parse_policy_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._policies.plan import plan_policy
from ansible_collections.msgraph.intune.tests.unit.utils.assignment_data import GROUPS
from ansible_collections.msgraph.intune.tests.unit.utils.policy_graph import PolicyGraph

PREFIX = '#microsoft.graph.deviceManagementConfiguration'

# --- templates ----------------------------------------------------------------------------------------------------

ANTIVIRUS_BASE = '804339ad-1553-4478-a742-138fb5807418'
ANTIVIRUS = ANTIVIRUS_BASE + '_1'
MAC_ANTIVIRUS = '2d345ec2-c817-49e5-9156-9ed416dc972a_1'
BASELINE_BASE = '66df8dce-0166-4b82-92f7-1f74e3ca17a3'
BASELINE_1 = BASELINE_BASE + '_1'
BASELINE_2 = BASELINE_BASE + '_2'
FIREWALL = '6078910e-d808-4a9f-a51d-1b8a7bacb7c0_1'
UNKNOWN_TEMPLATE = '00000000-1111-2222-3333-444444444444_1'


def template(template_id, display_name, family, version=1, state='active', platforms='windows10',
             technologies='mdm,microsoftSense', description=''):
    return {
        '@odata.type': '#microsoft.graph.deviceManagementConfigurationPolicyTemplate',
        'id': template_id, 'baseId': template_id.rpartition('_')[0], 'version': version,
        'displayName': display_name, 'description': description, 'displayVersion': 'Version %d' % version,
        'lifecycleState': state, 'platforms': platforms, 'technologies': technologies, 'templateFamily': family,
        'allowUnmanagedSettings': False, 'settingTemplateCount': 0,
    }


ANTIVIRUS_TEMPLATE = template(ANTIVIRUS, 'Microsoft Defender Antivirus', 'endpointSecurityAntivirus',
                              description='Windows Defender Antivirus is the next-generation protection component')
MAC_ANTIVIRUS_TEMPLATE = template(MAC_ANTIVIRUS, 'Microsoft Defender Antivirus', 'endpointSecurityAntivirus',
                                  platforms='macOS', technologies='mdm,microsoftSense')
BASELINE_1_TEMPLATE = template(BASELINE_1, 'Security Baseline for Windows 10 and later', 'baseline', version=1,
                               state='superseded', technologies='mdm')
BASELINE_2_TEMPLATE = template(BASELINE_2, 'Security Baseline for Windows 10 and later', 'baseline', version=2,
                               technologies='mdm')
FIREWALL_TEMPLATE = template(FIREWALL, 'Windows Firewall Rules (legacy)', 'endpointSecurityFirewall',
                             state='deprecated', technologies='mdm,microsoftSense')

# --- setting definitions -------------------------------------------------------------------------------------------

DEFENDER = 'device_vendor_msft_policy_config_defender_'
REALTIME = DEFENDER + 'allowrealtimemonitoring'
CPU = DEFENDER + 'avgcpuloadfactor'
EXTENSIONS = DEFENDER + 'excludedextensions'
CLOUD = DEFENDER + 'allowcloudprotection'
CLOUD_LEVEL = DEFENDER + 'cloudblocklevel'
RULES = DEFENDER + 'exclusionrules'
RULE_PATH = DEFENDER + 'exclusionrules_path'
RULE_COMMENT = DEFENDER + 'exclusionrules_comment'
PROXY_PASSWORD = DEFENDER + 'proxypassword'
REDIRECT = DEFENDER + 'securitycenterredirect'
PASSWORD_MANAGER = 'device_vendor_msft_policy_config_browser_allowpasswordmanager'


def option(definition_id, suffix, display_name, depended_on_by=()):
    # Graph's option name is a short form of its display name.
    return {'itemId': '%s_%s' % (definition_id, suffix), 'name': display_name.split('.')[0],
            'displayName': display_name, 'description': None, 'helpText': None,
            'optionValue': {'@odata.type': PREFIX + 'IntegerSettingValue', 'value': int(suffix)},
            'dependentOn': [], 'dependedOnBy': [{'dependedOnBy': child, 'required': required}
                                                for child, required in depended_on_by]}


def base_definition(odata_type, definition_id, display_name, **extra):
    return dict({'@odata.type': PREFIX + odata_type, 'id': definition_id, 'name': definition_id.rpartition('_')[2],
                 'displayName': display_name, 'description': '', 'helpText': '', 'baseUri': './Device/Vendor/MSFT',
                 'offsetUri': '/Policy/Config/Defender/' + definition_id.rpartition('_')[2], 'version': '1',
                 'categoryId': 'b6a4a8f9-9f0d-4b8d-b1b0-8b7b2e1e8d11', 'settingUsage': 'configuration',
                 'uxBehavior': 'default', 'visibility': 'settingsCatalog,template', 'keywords': [],
                 'occurrence': {'minDeviceOccurrence': 0, 'maxDeviceOccurrence': 1},
                 'dependentOn': [], 'dependedOnBy': []}, **extra)


def choice_definition(definition_id, display_name, options, **extra):
    return base_definition('ChoiceSettingDefinition', definition_id, display_name, options=options,
                           defaultOptionId=options[0]['itemId'], **extra)


def integer_value(minimum, maximum):
    return {'@odata.type': PREFIX + 'IntegerSettingValueDefinition', 'minimumValue': minimum, 'maximumValue': maximum}


def string_value(minimum=0, maximum=87516, schema=None, string_format='none', secret=False):
    return {'@odata.type': PREFIX + 'StringSettingValueDefinition', 'format': string_format,
            'inputValidationSchema': schema, 'minimumLength': minimum, 'maximumLength': maximum, 'isSecret': secret,
            'fileTypes': []}


REALTIME_DEFINITION = choice_definition(REALTIME, 'Allow Realtime Monitoring', [
    option(REALTIME, '0', 'Not allowed. Turns off the real-time monitoring service.'),
    option(REALTIME, '1', 'Allowed. Turns on and runs the real-time monitoring service.')])
CPU_DEFINITION = base_definition(
    'SimpleSettingDefinition', CPU, 'Avg CPU Load Factor', valueDefinition=integer_value(0, 100),
    defaultValue={'@odata.type': PREFIX + 'IntegerSettingValue', 'value': 50})
EXTENSIONS_DEFINITION = base_definition(
    'SimpleSettingCollectionDefinition', EXTENSIONS, 'Excluded Extensions', minimumCount=0, maximumCount=5,
    valueDefinition=string_value(), defaultValue={'@odata.type': PREFIX + 'StringSettingValue', 'value': ''})
CLOUD_DEFINITION = choice_definition(CLOUD, 'Allow Cloud Protection', [
    option(CLOUD, '0', 'Not allowed. Turns off Cloud Protection.'),
    option(CLOUD, '1', 'Allowed. Turns on Cloud Protection.', depended_on_by=[(CLOUD_LEVEL, True)])])
CLOUD_LEVEL_DEFINITION = choice_definition(CLOUD_LEVEL, 'Cloud Block Level', [
    option(CLOUD_LEVEL, '0', 'Default State'), option(CLOUD_LEVEL, '2', 'High'),
    option(CLOUD_LEVEL, '4', 'High Plus'), option(CLOUD_LEVEL, '6', 'Zero Tolerance'),
    # Two options share one display name: a name that matches both is ambiguous.
    option(CLOUD_LEVEL, '9', 'High')],
    dependentOn=[{'dependentOn': CLOUD + '_1', 'parentSettingId': CLOUD}])
RULES_DEFINITION = base_definition(
    'SettingGroupCollectionDefinition', RULES, 'Exclusion Rules', childIds=[RULE_PATH, RULE_COMMENT],
    minimumCount=1, maximumCount=3)
# The path: required in each group, 3 to 40 characters, a drive letter path (format none: the schema is a
# regular expression).
RULE_PATH_DEFINITION = base_definition(
    'SimpleSettingDefinition', RULE_PATH, 'Path', occurrence={'minDeviceOccurrence': 1, 'maxDeviceOccurrence': 1},
    valueDefinition=string_value(3, 40, schema=r'[A-Za-z]:\\.*'))
RULE_COMMENT_DEFINITION = base_definition('SimpleSettingDefinition', RULE_COMMENT, 'Comment',
                                          valueDefinition=string_value(0, 100))
PROXY_PASSWORD_DEFINITION = base_definition('SimpleSettingDefinition', PROXY_PASSWORD, 'Proxy Password',
                                            valueDefinition=string_value(1, 128, secret=True))
REDIRECT_DEFINITION = base_definition('RedirectSettingDefinition', REDIRECT, 'Security Center',
                                      deepLink='https://security.microsoft.com', redirectMessage='Configure it there')
PASSWORD_MANAGER_DEFINITION = choice_definition(PASSWORD_MANAGER, 'Allow Password Manager', [
    option(PASSWORD_MANAGER, '0', 'Block'), option(PASSWORD_MANAGER, '1', 'Allow')])

# Per root definition id: (instance template type, value template key, instance template id, value template id).
INSTANCE_TEMPLATE_IDS = {
    REALTIME: ('ChoiceSettingInstanceTemplate', 'choiceSettingValueTemplate',
               'f0790e28-9231-4d37-8f44-84bb47ca1b3e', '0492c452-1069-4b91-9363-93b8e006ab12'),
    CPU: ('SimpleSettingInstanceTemplate', 'simpleSettingValueTemplate',
          '816cc03e-8f96-4cba-b14f-2658cefdc4e7', '37195fb1-3743-4c8e-a0ce-b6fae6fa3acd'),
    EXTENSIONS: ('SimpleSettingCollectionInstanceTemplate', 'simpleSettingCollectionValueTemplate',
                 'c203725b-17dc-427b-9470-673a2ce9cd5e', None),
    CLOUD: ('ChoiceSettingInstanceTemplate', 'choiceSettingValueTemplate',
            '7da139f1-9b7e-407d-853a-c2e5037cdc70', '16fe8afd-67be-4c50-8619-d535451a500c'),
    RULES: ('GroupSettingCollectionInstanceTemplate', 'groupSettingCollectionValueTemplate',
            '2cd1b4a3-9cce-4fbb-8a1c-6fb3d8e5b0f2', None),
    PROXY_PASSWORD: ('SimpleSettingInstanceTemplate', 'simpleSettingValueTemplate',
                     '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', '5f6a7b8c-9d0e-4f1a-b2c3-d4e5f6a7b8c9'),
    REDIRECT: ('SettingInstanceTemplate', None, '6a7b8c9d-0e1f-4a2b-c3d4-e5f6a7b8c9d0', None),
    PASSWORD_MANAGER: ('ChoiceSettingInstanceTemplate', 'choiceSettingValueTemplate',
                       '7b8c9d0e-1f2a-4b3c-d4e5-f6a7b8c9d0e1', '8c9d0e1f-2a3b-4c4d-e5f6-a7b8c9d0e1f2'),
}


def setting_template(definition_id, definitions, required=False):
    """A setting template in Graph's shape: its settingInstanceTemplate and, expanded, its settingDefinitions."""
    instance_type, value_key, instance_template_id, value_template_id = INSTANCE_TEMPLATE_IDS[definition_id]
    instance_template = {'@odata.type': PREFIX + instance_type, 'settingDefinitionId': definition_id,
                         'settingInstanceTemplateId': instance_template_id, 'isRequired': required}
    if value_key is not None and value_template_id is not None:
        instance_template[value_key] = {'settingValueTemplateId': value_template_id, 'defaultValue': None}
    elif value_key is not None:
        instance_template[value_key] = []
    return {'id': '%s_%s' % (instance_template_id, definition_id), 'settingInstanceTemplate': instance_template,
            'settingDefinitions': list(definitions)}


ANTIVIRUS_SETTINGS = [
    setting_template(REALTIME, [REALTIME_DEFINITION], required=True),
    setting_template(CPU, [CPU_DEFINITION]),
    setting_template(EXTENSIONS, [EXTENSIONS_DEFINITION]),
    setting_template(CLOUD, [CLOUD_DEFINITION, CLOUD_LEVEL_DEFINITION]),
    setting_template(RULES, [RULES_DEFINITION, RULE_PATH_DEFINITION, RULE_COMMENT_DEFINITION]),
    setting_template(PROXY_PASSWORD, [PROXY_PASSWORD_DEFINITION]),
    setting_template(REDIRECT, [REDIRECT_DEFINITION]),
]
SMALL_SETTINGS = [setting_template(PASSWORD_MANAGER, [PASSWORD_MANAGER_DEFINITION])]

# --- setting instances as Graph holds them ----------------------------------------------------------------------------


def reference(definition_id):
    """(settingInstanceTemplateReference, settingValueTemplateReference or None) of a top-level setting."""
    _type, _key, instance_template_id, value_template_id = INSTANCE_TEMPLATE_IDS[definition_id]
    value_reference = None
    if value_template_id is not None:
        value_reference = {'settingValueTemplateId': value_template_id, 'useTemplateDefault': False}
    return {'settingInstanceTemplateId': instance_template_id}, value_reference


def choice(definition_id, suffix, children=(), top_level=True):
    value = {'@odata.type': PREFIX + 'ChoiceSettingValue', 'value': '%s_%s' % (definition_id, suffix),
             'children': list(children)}
    result = {'@odata.type': PREFIX + 'ChoiceSettingInstance', 'settingDefinitionId': definition_id,
              'choiceSettingValue': value}
    if top_level:
        result['settingInstanceTemplateReference'], value_reference = reference(definition_id)
        if value_reference is not None:
            value['settingValueTemplateReference'] = value_reference
    return result


def integer(definition_id, number, top_level=True):
    value = {'@odata.type': PREFIX + 'IntegerSettingValue', 'value': number}
    result = {'@odata.type': PREFIX + 'SimpleSettingInstance', 'settingDefinitionId': definition_id,
              'simpleSettingValue': value}
    if top_level:
        result['settingInstanceTemplateReference'], value_reference = reference(definition_id)
        if value_reference is not None:
            value['settingValueTemplateReference'] = value_reference
    return result


def string(definition_id, text, top_level=False, secret=False):
    if secret:
        value = {'@odata.type': PREFIX + 'SecretSettingValue', 'value': text, 'valueState': 'notEncrypted'}
    else:
        value = {'@odata.type': PREFIX + 'StringSettingValue', 'value': text}
    result = {'@odata.type': PREFIX + 'SimpleSettingInstance', 'settingDefinitionId': definition_id,
              'simpleSettingValue': value}
    if top_level:
        result['settingInstanceTemplateReference'], value_reference = reference(definition_id)
        if value_reference is not None:
            value['settingValueTemplateReference'] = value_reference
    return result


def strings(definition_id, texts):
    return {'@odata.type': PREFIX + 'SimpleSettingCollectionInstance', 'settingDefinitionId': definition_id,
            'settingInstanceTemplateReference': reference(definition_id)[0],
            'simpleSettingCollectionValue': [{'@odata.type': PREFIX + 'StringSettingValue', 'value': text}
                                             for text in texts]}


def rules(*groups):
    """An exclusionrules group collection: each group a (path, comment or None) pair."""
    values = []
    for path, comment in groups:
        children = [string(RULE_PATH, path)]
        if comment is not None:
            children.append(string(RULE_COMMENT, comment))
        values.append({'@odata.type': PREFIX + 'GroupSettingValue', 'children': children})
    return {'@odata.type': PREFIX + 'GroupSettingCollectionInstance', 'settingDefinitionId': RULES,
            'settingInstanceTemplateReference': reference(RULES)[0], 'groupSettingCollectionValue': values}


# --- the fake, options, runs ------------------------------------------------------------------------------------------


def policy_graph():
    """A PolicyGraph with the templates above and the assignment tests' groups."""
    fake = PolicyGraph(GROUPS)
    fake.add_policy_template(ANTIVIRUS_TEMPLATE, ANTIVIRUS_SETTINGS)
    fake.add_policy_template(MAC_ANTIVIRUS_TEMPLATE, SMALL_SETTINGS)
    fake.add_policy_template(BASELINE_1_TEMPLATE, SMALL_SETTINGS)
    fake.add_policy_template(BASELINE_2_TEMPLATE, SMALL_SETTINGS)
    fake.add_policy_template(FIREWALL_TEMPLATE, SMALL_SETTINGS)
    return fake


def existing_policy(graph, name='Corp - Antivirus', **extra):
    """An antivirus policy with realtime monitoring allowed, CPU load 30 and two excluded extensions."""
    extra.setdefault('description', 'Managed')
    return graph.add_policy(name, ANTIVIRUS, settings=[
        choice(REALTIME, '1'), integer(CPU, 30), strings(EXTENSIONS, ['.log', '.tmp'])], **extra)


def params(**overrides):
    base = dict(policy_id=None, name='Corp - Antivirus', description=None, template_id=ANTIVIRUS,
                template_family=None, template_name=None, template_version=None, template_platform=None,
                settings=None, settings_mode='delta', role_scope_tag_ids=None, assignments=None,
                remove_unsupported_targets=False, state='present')
    base.update(overrides)
    return base


def plan_for(graph, **overrides):
    return plan_policy(graph, parse_policy_inputs(params(**overrides)))


def run(graph, **overrides):
    plan = plan_for(graph, **overrides)
    return plan, apply_policy_plan(graph, plan)
