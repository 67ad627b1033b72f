"""Seed of the settings catalog: configuration policy templates, their setting templates and setting definitions.

Template ids and setting definition ids are Microsoft's (docs/graph-settings-catalog.md, "Seed data", gives the
source of each); option lists, limits and defaults are kept small. Setting instance template ids and value template
ids are stable uuid5 values (Microsoft's own are GUIDs that no public source lists).

`build_catalog()` returns (templates, definitions):
- templates: {template id: {'entity': template entity, 'settingTemplates': [{'id', 'settingInstanceTemplate',
  'definitionIds'}]}};
- definitions: {definition id: definition entity as Graph sends it (with @odata.type)}.
"""
import copy

from .seed import stable_id

NS = '#microsoft.graph.'
AV = 'device_vendor_msft_policy_config_defender_'
FW = 'vendor_msft_firewall_mdmstore_'
RULE = FW + 'firewallrules_{firewallrulename}'
ATP = 'device_vendor_msft_windowsadvancedthreatprotection_'

ANTIVIRUS_BASE_ID = '804339ad-1553-4478-a742-138fb5807418'
FIREWALL_BASE_ID = '6078910e-d808-4a9f-a51d-1b8a7bacb7c0'
FIREWALL_RULES_BASE_ID = '19c8aa67-f286-4861-9aa0-f23541d31680'
EDR_BASE_ID = '0385b795-0f2f-44ac-8602-9f65bf6adede'
BASELINE_BASE_ID = '66df8dce-0166-4b82-92f7-1f74e3ca17a3'
ANTIVIRUS_TEMPLATE_ID = ANTIVIRUS_BASE_ID + '_1'
FIREWALL_TEMPLATE_ID = FIREWALL_BASE_ID + '_1'
FIREWALL_RULES_TEMPLATE_ID = FIREWALL_RULES_BASE_ID + '_1'
EDR_TEMPLATE_ID = EDR_BASE_ID + '_1'
BASELINE_DEPRECATED_ID = BASELINE_BASE_ID + '_1'
BASELINE_SUPERSEDED_ID = BASELINE_BASE_ID + '_3'
BASELINE_ACTIVE_ID = BASELINE_BASE_ID + '_4'

# Kind (as the emulator names it) -> definition type.
DEFINITION_TYPES = {'Choice': 'ChoiceSettingDefinition', 'ChoiceCollection': 'ChoiceSettingCollectionDefinition',
                    'Simple': 'SimpleSettingDefinition', 'SimpleCollection': 'SimpleSettingCollectionDefinition',
                    'SettingGroupCollection': 'SettingGroupCollectionDefinition'}
_WINDOWS_SKUS = ['windowsProfessional', 'windowsEnterprise', 'windowsEducation', 'windowsMultiSession']


def _applicability(technologies):
    return {'@odata.type': NS + 'deviceManagementConfigurationWindowsSettingApplicability', 'description': None,
            'deviceMode': 'none', 'platform': 'windows10', 'technologies': technologies,
            'configurationServiceProviderVersion': '1.0', 'maximumSupportedVersion': None,
            'minimumSupportedVersion': '10.0.17763', 'requiredAzureAdTrustType': 'none', 'requiresAzureAd': False,
            'windowsSkus': list(_WINDOWS_SKUS)}


def _definition(kind, def_id, display, uri, root=None, required=False, parent=None, technologies='mdm', **extra):
    """Common members of every definition. `parent` = (parent definition id, option item id or the parent id):
    the dependentOn entry of a child. `required`: the child must be present (minDeviceOccurrence 1)."""
    base_uri, _sep, offset_uri = uri.partition('|')
    entity = {'@odata.type': NS + 'deviceManagementConfiguration' + DEFINITION_TYPES[kind], 'id': def_id,
              'name': def_id.rsplit('_', 1)[-1], 'displayName': display, 'description': display, 'helpText': display,
              'keywords': [], 'infoUrls': [], 'baseUri': base_uri, 'offsetUri': offset_uri,
              'rootDefinitionId': root or def_id, 'categoryId': stable_id('catalog-category', base_uri),
              'settingUsage': 'configuration', 'uxBehavior': 'default', 'visibility': 'settingsCatalog,template',
              'accessTypes': 'add,copy,delete,get,replace', 'riskLevel': 'low', 'version': '1',
              'applicability': _applicability(technologies), 'referredSettingInformationList': [],
              'occurrence': {'minDeviceOccurrence': 1 if required else 0, 'maxDeviceOccurrence': 1}}
    dependent_on = [{'dependentOn': parent[1], 'parentSettingId': parent[0]}] if parent else []
    if kind in ('ChoiceCollection', 'Choice'):
        # A choice definition has no dependentOn of its own (CSDL): each of its options carries the parent.
        for option in extra['options']:
            option['dependentOn'] = list(dependent_on)
    else:
        entity.update(dependentOn=dependent_on, dependedOnBy=[])
    entity.update(extra)
    return entity


def _integer_value(value):
    return {'@odata.type': NS + 'deviceManagementConfigurationIntegerSettingValue',
            'settingValueTemplateReference': None, 'value': value}


def choice(def_id, display, uri, options, default=None, **common):
    """options: [(item suffix, display name, [child definition ids])]; the option's value is its position."""
    items = []
    for index, (suffix, option_display, children) in enumerate(options):
        items.append({'itemId': def_id + '_' + suffix, 'name': suffix, 'displayName': option_display,
                      'description': None, 'helpText': None, 'optionValue': _integer_value(index),
                      'dependentOn': [], 'dependedOnBy': [{'dependedOnBy': c, 'required': False} for c in children]})
    entity = _definition('Choice', def_id, display, uri, options=items, **common)
    entity['defaultOptionId'] = def_id + '_' + default if default else None
    return entity


def integer(def_id, display, uri, low, high, default, **common):
    return _definition('Simple', def_id, display, uri, defaultValue=_integer_value(default), valueDefinition={
        '@odata.type': NS + 'deviceManagementConfigurationIntegerSettingValueDefinition',
        'minimumValue': low, 'maximumValue': high}, **common)


def _string_definition(low, high, regex=None, secret=False):
    return {'@odata.type': NS + 'deviceManagementConfigurationStringSettingValueDefinition', 'fileTypes': [],
            'format': 'none', 'inputValidationSchema': regex, 'isSecret': secret,
            'minimumLength': low, 'maximumLength': high}


def string(def_id, display, uri, low=0, high=87516, regex=None, secret=False, **common):
    return _definition('Simple', def_id, display, uri, defaultValue=None,
                       valueDefinition=_string_definition(low, high, regex, secret), **common)


def string_collection(def_id, display, uri, max_count, high=260, regex=None, **common):
    return _definition('SimpleCollection', def_id, display, uri, defaultValue=None, minimumCount=0,
                       maximumCount=max_count, valueDefinition=_string_definition(0, high, regex), **common)


def group_collection(def_id, display, uri, child_ids, low, high, **common):
    entity = _definition('SettingGroupCollection', def_id, display, uri, childIds=list(child_ids), minimumCount=low,
                         maximumCount=high, **common)
    entity['dependedOnBy'] = [{'dependedOnBy': child, 'required': False} for child in child_ids]
    return entity


# -- definitions -----------------------------------------------------------------------------------------------------
_POLICY = './Device/Vendor/MSFT/Policy|/Config/Defender/'
_FIREWALL = './Vendor/MSFT/Firewall|/MdmStore/'
_ATP = './Device/Vendor/MSFT/WindowsAdvancedThreatProtection|/'
_SENSE = 'mdm,microsoftSense'


def _defender():
    return [
        choice(AV + 'allowrealtimemonitoring', 'Allow Realtime Monitoring', _POLICY + 'AllowRealtimeMonitoring',
               [('0', 'Not allowed. Turns off Real-time Monitoring.', []),
                ('1', 'Allowed. Turns on and runs the real-time monitoring service.', [])], default='1',
               technologies=_SENSE),
        choice(AV + 'cloudblocklevel', 'Cloud Block Level', _POLICY + 'CloudBlockLevel',
               [('0', 'Not Configured', []), ('2', 'High', []), ('4', 'High Plus', []), ('6', 'Zero Tolerance', [])],
               default='0', technologies=_SENSE),
        integer(AV + 'avgcpuloadfactor', 'Avg CPU Load Factor', _POLICY + 'AvgCPULoadFactor', 0, 100, 50,
                technologies=_SENSE),
        string_collection(AV + 'excludedextensions', 'Excluded Extensions', _POLICY + 'ExcludedExtensions', 1000,
                          technologies=_SENSE),
    ]


def _firewall():
    profile = FW + 'domainprofile_'
    enable = profile + 'enablefirewall'
    children = [profile + 'defaultinboundaction', profile + 'defaultoutboundaction',
                profile + 'disableinboundnotifications']
    under_true = (enable, enable + '_true')
    action_options = [('0', 'Allow', []), ('1', 'Block', [])]
    return [
        choice(enable, 'Enable Domain Network Firewall', _FIREWALL + 'DomainProfile/EnableFirewall',
               [('false', 'False', []), ('true', 'True', children)], default='true', technologies=_SENSE),
        choice(children[0], 'Default Inbound Action for Domain Profile', _FIREWALL + 'DomainProfile/DefaultInboundAction',
               action_options, default='1', root=enable, parent=under_true, technologies=_SENSE),
        choice(children[1], 'Default Outbound Action', _FIREWALL + 'DomainProfile/DefaultOutboundAction',
               action_options, default='0', root=enable, parent=under_true, technologies=_SENSE),
        choice(children[2], 'Disable Inbound Notifications', _FIREWALL + 'DomainProfile/DisableInboundNotifications',
               [('false', 'False', []), ('true', 'True', [])], default='false', root=enable, parent=under_true,
               technologies=_SENSE),
        integer(FW + 'global_saidletime', 'Security association idle time', _FIREWALL + 'Global/SaIdleTime',
                300, 3600, 300, technologies=_SENSE),
    ]


RULE_CHILDREN = [RULE + '_name', RULE + '_direction', RULE + '_action_type', RULE + '_localportranges',
                 RULE + '_enabled']
PORT_RANGE_REGEX = r'^\d{1,5}(-\d{1,5})?$'


def _firewall_rules():
    parent = (RULE, RULE)
    uri = _FIREWALL + 'FirewallRules/{FirewallRuleName}'
    common = dict(root=RULE, parent=parent, technologies=_SENSE)
    return [
        group_collection(RULE, 'Firewall Rule Name', uri, RULE_CHILDREN, 1, 150, technologies=_SENSE),
        string(RULE_CHILDREN[0], 'Name', uri + '/Name', low=1, high=255, required=True, **common),
        choice(RULE_CHILDREN[1], 'Direction', uri + '/Direction',
               [('in', 'The rule applies to inbound traffic.', []), ('out', 'The rule applies to outbound traffic.', [])],
               default='out', required=True, **common),
        choice(RULE_CHILDREN[2], 'Action', uri + '/Action/Type', [('0', 'Block', []), ('1', 'Allow', [])],
               default='1', required=True, **common),
        string_collection(RULE_CHILDREN[3], 'Local Port Ranges', uri + '/LocalPortRanges', 1000, high=11,
                          regex=PORT_RANGE_REGEX, **common),
        choice(RULE_CHILDREN[4], 'Enabled', uri + '/Enabled', [('0', 'Disabled', []), ('1', 'Enabled', [])],
               default='1', **common),
    ]


def _edr():
    configuration = ATP + 'configurationtype'
    blobs = [ATP + 'onboarding', ATP + 'offboarding', ATP + 'onboarding_fromconnector']
    options = [('onboard', 'Onboard', [blobs[0]]), ('offboard', 'Offboard', [blobs[1]]),
               ('autofromconnector', 'Auto from connector', [blobs[2]])]
    result = [choice(configuration, 'Microsoft Defender for Endpoint client configuration package type',
                     _ATP + 'ConfigurationType', options, technologies=_SENSE)]
    for blob, (suffix, _display, _children) in zip(blobs, options):
        result.append(string(blob, 'Onboarding blob' if 'on' in suffix else 'Offboarding blob', _ATP + 'Onboarding',
                             low=0, high=175032, secret=True, root=configuration,
                             parent=(configuration, configuration + '_' + suffix), technologies=_SENSE))
    result.append(choice(ATP + 'configuration_samplesharing', 'Sample Sharing', _ATP + 'Configuration/SampleSharing',
                         [('0', 'None', []), ('1', 'All', [])], default='1', technologies=_SENSE))
    return result


# -- templates -------------------------------------------------------------------------------------------------------
_TEMPLATES = [
    # (id, display name, description, displayVersion, lifecycle, family, technologies, [(root id, required,
    #  default option suffix or value or None)])
    (ANTIVIRUS_TEMPLATE_ID, 'Microsoft Defender Antivirus',
     'Next-generation protection settings of Microsoft Defender for Endpoint for Windows devices.', 'Version 1',
     'active', 'endpointSecurityAntivirus', _SENSE,
     [(AV + 'allowrealtimemonitoring', False, None), (AV + 'cloudblocklevel', False, None),
      (AV + 'avgcpuloadfactor', False, None), (AV + 'excludedextensions', False, None)]),
    (FIREWALL_TEMPLATE_ID, 'Windows Firewall', 'Windows Firewall settings for the domain profile and global settings.',
     'Version 1', 'active', 'endpointSecurityFirewall', _SENSE,
     [(FW + 'domainprofile_enablefirewall', False, None), (FW + 'global_saidletime', False, None)]),
    (FIREWALL_RULES_TEMPLATE_ID, 'Windows Firewall Rules', 'Firewall rules for Windows devices.', 'Version 1',
     'active', 'endpointSecurityFirewall', _SENSE, [(RULE, True, None)]),
    (EDR_TEMPLATE_ID, 'Endpoint detection and response', 'Endpoint detection and response settings for Windows.',
     'Version 1', 'active', 'endpointSecurityEndpointDetectionAndResponse', _SENSE,
     [(ATP + 'configurationtype', False, None), (ATP + 'configuration_samplesharing', False, None)]),
    (BASELINE_DEPRECATED_ID, 'Security Baseline for Windows 10 and later', 'Security baseline for Windows.',
     'November 2021', 'deprecated', 'baseline', 'mdm', [(AV + 'allowrealtimemonitoring', False, '1')]),
    (BASELINE_SUPERSEDED_ID, 'Security Baseline for Windows 10 and later', 'Security baseline for Windows.',
     'Version 23H2', 'superseded', 'baseline', 'mdm',
     [(AV + 'allowrealtimemonitoring', False, '1'), (AV + 'cloudblocklevel', False, '2')]),
    (BASELINE_ACTIVE_ID, 'Security Baseline for Windows 10 and later', 'Security baseline for Windows.',
     'Version 24H2', 'active', 'baseline', 'mdm',
     [(AV + 'allowrealtimemonitoring', False, '1'), (AV + 'cloudblocklevel', False, '4'),
      (AV + 'avgcpuloadfactor', False, 50)]),
]

_INSTANCE_TEMPLATE_KIND = {'Choice': 'ChoiceSettingInstanceTemplate', 'Simple': 'SimpleSettingInstanceTemplate',
                           'SimpleCollection': 'SimpleSettingCollectionInstanceTemplate',
                           'ChoiceCollection': 'ChoiceSettingCollectionInstanceTemplate',
                           'SettingGroupCollection': 'GroupSettingCollectionInstanceTemplate'}


def definition_kind(definition):
    """'Choice', 'Simple', 'SimpleCollection', 'ChoiceCollection' or 'SettingGroupCollection'."""
    type_name = definition['@odata.type'][len(NS + 'deviceManagementConfiguration'):]
    return next(kind for kind, name in DEFINITION_TYPES.items() if name == type_name)


def _instance_template(template_id, definition, required, default):
    kind = definition_kind(definition)
    key = (template_id, definition['id'])
    template = {'@odata.type': NS + 'deviceManagementConfiguration' + _INSTANCE_TEMPLATE_KIND[kind],
                'settingDefinitionId': definition['id'], 'isRequired': required,
                'settingInstanceTemplateId': stable_id('catalog-instance-template', *key)}
    value_template_id = stable_id('catalog-value-template', *key)
    if kind == 'Choice':
        constant = None if default is None else {
            '@odata.type': NS + 'deviceManagementConfigurationChoiceSettingValueConstantDefaultTemplate',
            'settingDefinitionOptionId': definition['id'] + '_' + default, 'children': []}
        template['choiceSettingValueTemplate'] = {'settingValueTemplateId': value_template_id, 'defaultValue': constant,
                                                  'recommendedValueDefinition': None, 'requiredValueDefinition': None}
    elif kind == 'Simple' and definition['valueDefinition']['@odata.type'].endswith('IntegerSettingValueDefinition'):
        constant = None if default is None else {
            '@odata.type': NS + 'deviceManagementConfigurationIntegerSettingValueConstantDefaultTemplate',
            'constantValue': default}
        template['simpleSettingValueTemplate'] = {
            '@odata.type': NS + 'deviceManagementConfigurationIntegerSettingValueTemplate',
            'settingValueTemplateId': value_template_id, 'defaultValue': constant,
            'recommendedValueDefinition': None, 'requiredValueDefinition': None}
    elif kind == 'Simple':
        template['simpleSettingValueTemplate'] = {
            '@odata.type': NS + 'deviceManagementConfigurationStringSettingValueTemplate',
            'settingValueTemplateId': value_template_id, 'defaultValue': None}
    elif kind == 'SimpleCollection':
        template.update(allowUnmanagedValues=False, simpleSettingCollectionValueTemplate=[])
    elif kind == 'SettingGroupCollection':
        template.update(allowUnmanagedValues=False, groupSettingCollectionValueTemplate=[])
    return template


def descendants(definitions, root_id):
    """The definition ids of a root and every definition below it (option children, group children), root first."""
    result, pending = [], [root_id]
    while pending:
        def_id = pending.pop(0)
        if def_id in result:
            continue
        result.append(def_id)
        definition = definitions[def_id]
        for option in definition.get('options') or []:
            pending.extend(d['dependedOnBy'] for d in option['dependedOnBy'])
        pending.extend(definition.get('childIds') or [])
    return result


def build_catalog():
    definitions = {}
    for definition in _defender() + _firewall() + _firewall_rules() + _edr():
        definitions[definition['id']] = definition
    templates = {}
    for template_id, display, description, display_version, lifecycle, family, technologies, roots in _TEMPLATES:
        base_id, _sep, version = template_id.rpartition('_')
        setting_templates = [{'id': stable_id('catalog-setting-template', template_id, root),
                              'settingInstanceTemplate': _instance_template(template_id, definitions[root], required,
                                                                            default),
                              'definitionIds': descendants(definitions, root)}
                             for root, required, default in roots]
        entity = {'@odata.type': NS + 'deviceManagementConfigurationPolicyTemplate', 'id': template_id,
                  'baseId': base_id, 'version': int(version), 'displayName': display, 'description': description,
                  'displayVersion': display_version, 'lifecycleState': lifecycle, 'platforms': 'windows10',
                  'technologies': technologies, 'templateFamily': family, 'allowUnmanagedSettings': False,
                  'settingTemplateCount': len(setting_templates), 'disableEntraGroupPolicyAssignment': False}
        templates[template_id] = {'entity': entity, 'settingTemplates': setting_templates}
    return templates, definitions


def definition_copy(definitions, def_id):
    return copy.deepcopy(definitions[def_id])
