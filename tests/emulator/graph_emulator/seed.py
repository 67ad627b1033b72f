"""Deterministic seed: templates with categories, setting definitions and defaults; tenant, apps, managed identity.

Ids are fixed GUIDs so tests and playbooks can name them. Definition ids follow Intune's
`deviceConfiguration--<configurationType>_<property>` naming.
"""
import json
import uuid

TENANT_ID = '5f1c6a4e-8d2b-4c7a-9e3f-1b2d3c4e5f60'
SECRET_APP_ID = 'a3c1e2f4-6b7d-4e8f-9a0b-1c2d3e4f5a6b'
CERT_APP_ID = 'b4d2f3a5-7c8e-4f90-ab1c-2d3e4f5a6b7c'
# Long, unique values: Ansible's no_log masking replaces substrings, so short secrets would mangle output.
CLIENT_SECRET = 'Emu8Q~kZr4vW9xPq2LmN7sT1uY6bH3cJ0dF5gA8eRiVoXw_MsC2nB4'
CERT_PASSWORD = 'EmuCertPass-7Hq2Vx9Lm4Zr8Tb1Ny6Kc3Wd0Fs5Gj-Unlock'
MANAGED_IDENTITY_HEADER = 'EmuIdentityHeader-3f9a7c1e5b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d'
SYSTEM_MI_CLIENT_ID = 'c5e3a4b6-8d9f-4a01-bc2d-3e4f5a6b7c8d'
USER_MI_CLIENT_ID = 'd6f4b5c7-9e0a-4b12-8d3e-4f5a6b7c8d9e'

_NS = uuid.UUID('0b6f3a52-6b2e-4b7e-9d51-8f1f0c3e2a10')
_EP = 'deviceConfiguration--windows10EndpointProtectionConfiguration_'
_GEN = 'deviceConfiguration--windows10GeneralConfiguration_'
_BL = 'deviceConfiguration--bitLockerSystemDrivePolicy_'
_FW = 'deviceConfiguration--windowsFirewallNetworkProfile_'

_SCALAR_TYPES = {'integer': 'Integer', 'boolean': 'Boolean', 'string': 'String'}
INSTANCE_TYPE_BY_VALUE_TYPE = {
    'integer': 'deviceManagementIntegerSettingInstance',
    'boolean': 'deviceManagementBooleanSettingInstance',
    'string': 'deviceManagementStringSettingInstance',
    'complex': 'deviceManagementComplexSettingInstance',
    'collection': 'deviceManagementCollectionSettingInstance',
    'abstractComplex': 'deviceManagementAbstractComplexSettingInstance',
}
DEFINITION_TYPE_BY_VALUE_TYPE = {
    'complex': 'deviceManagementComplexSettingDefinition',
    'collection': 'deviceManagementCollectionSettingDefinition',
    'abstractComplex': 'deviceManagementAbstractComplexSettingDefinition',
}


def stable_id(*parts):
    return str(uuid.uuid5(_NS, '/'.join(parts)))


def _enum(*values):
    return {'@odata.type': '#microsoft.graph.deviceManagementEnumConstraint',
            'values': [{'displayName': display, 'value': value} for value, display in values]}


def _int_range(low, high):
    return {'@odata.type': '#microsoft.graph.deviceManagementSettingIntegerConstraint',
            'minimumValue': low, 'maximumValue': high}


def _length(low, high):
    return {'@odata.type': '#microsoft.graph.deviceManagementSettingStringLengthConstraint',
            'minimumLength': low, 'maximumLength': high}


def _definition(def_id, display, value_type, default, constraints=(), top_level=True, **extra):
    """A setting definition plus its template default (`default` is the Python value, None = not configured)."""
    return {'id': def_id, 'displayName': display, 'valueType': value_type, 'isTopLevel': top_level,
            'constraints': list(constraints), 'default': default, 'extra': extra}


_ENCRYPTION_METHODS = _enum(('aesCbc128', 'AES-CBC 128-bit'), ('aesCbc256', 'AES-CBC 256-bit'),
                            ('xtsAes128', 'XTS-AES 128-bit'), ('xtsAes256', 'XTS-AES 256-bit'))
_CLOUD_BLOCK = _enum(('notConfigured', 'Not configured'), ('high', 'High'), ('highPlus', 'High plus'),
                     ('zeroTolerance', 'Zero tolerance'))
_PASSWORD_TYPE = _enum(('deviceDefault', 'Device default'), ('alphanumeric', 'Alphanumeric'), ('numeric', 'Numeric'))

# Sub-definitions referenced by complex/collection/abstract-complex definitions (not top level).
_PROPERTY_DEFINITIONS = [
    _definition(_BL + 'encryptionMethod', 'Configure encryption method for Operating System drives', 'string',
                'xtsAes256', [_ENCRYPTION_METHODS], top_level=False),
    _definition(_BL + 'startupAuthenticationRequired', 'Additional authentication at startup', 'boolean', True,
                top_level=False),
    _definition(_BL + 'minimumPinLength', 'Minimum PIN length for startup', 'integer', 6, [_int_range(4, 20)],
                top_level=False),
    _definition(_FW + 'firewallEnabled', 'Microsoft Defender Firewall', 'string', 'allowed',
                [_enum(('notConfigured', 'Not configured'), ('blocked', 'Blocked'), ('allowed', 'Allowed'))],
                top_level=False),
    _definition(_FW + 'inboundConnectionsBlocked', 'Block inbound connections', 'boolean', True, top_level=False),
    _definition(_GEN + 'defenderFileExtensionsToExclude_item', 'File extension', 'string', None,
                [_length(1, 32)], top_level=False),
    # The one implementation of the abstract complex firewallProfileDomain: a complex definition of its own.
    _definition(_FW[:-1], 'Firewall network profile', 'complex', None, top_level=False,
                propertyDefinitionIds=[_FW + 'firewallEnabled', _FW + 'inboundConnectionsBlocked']),
]

_CATEGORIES = {
    'bitlocker': ('BitLocker - Base Settings', [
        _definition(_EP + 'bitLockerEncryptDevice', 'Enable full disk encryption for OS and fixed data drives',
                    'boolean', True),
        _definition(_EP + 'bitLockerDisableWarningForOtherDiskEncryption',
                    'Hide prompt about third-party encryption', 'boolean', False),
        _definition(_EP + 'bitLockerRecoveryPasswordRotation', 'Client-driven recovery password rotation', 'string',
                    'notConfigured', [_enum(('notConfigured', 'Not configured'), ('disabled', 'Disabled'),
                                            ('enabledForAzureAd', 'Key rotation enabled for Azure AD-joined devices'),
                                            ('enabledForAzureAdAndHybrid',
                                             'Key rotation enabled for Azure AD and Hybrid-joined devices'))]),
    ]),
    'bitlocker_os': ('BitLocker - OS Drive Settings', [
        _definition(_EP + 'bitLockerSystemDrivePolicy', 'BitLocker system drive policy', 'complex',
                    {'encryptionMethod': 'xtsAes256', 'startupAuthenticationRequired': True, 'minimumPinLength': 6},
                    propertyDefinitionIds=[_BL + 'encryptionMethod', _BL + 'startupAuthenticationRequired',
                                           _BL + 'minimumPinLength']),
    ]),
    'antivirus': ('Microsoft Defender Antivirus', [
        _definition(_GEN + 'defenderRequireRealTimeMonitoring', 'Turn on real-time protection', 'boolean', True),
        _definition(_GEN + 'defenderScanMaxCpu', 'Defender scan maximum CPU usage (%)', 'integer', 50,
                    [_int_range(0, 100)]),
        _definition(_GEN + 'defenderCloudBlockLevel', 'Cloud-delivered protection level', 'string', 'notConfigured',
                    [_CLOUD_BLOCK]),
    ]),
    'antivirus_exclusions': ('Microsoft Defender Antivirus Exclusions', [
        _definition(_GEN + 'defenderFileExtensionsToExclude', 'Defender file extensions to exclude', 'collection',
                    [], [{'@odata.type': '#microsoft.graph.deviceManagementSettingCollectionConstraint',
                          'minimumLength': 0, 'maximumLength': 500}],
                    elementDefinitionId=_GEN + 'defenderFileExtensionsToExclude_item'),
    ]),
    'firewall': ('Microsoft Defender Firewall', [
        _definition(_EP + 'firewallBlockStatefulFTP', 'Stateful File Transfer Protocol (FTP)', 'boolean', False),
        _definition(_EP + 'firewallIdleTimeoutForSecurityAssociationInSeconds',
                    'Number of seconds a security association can be idle before it is deleted', 'integer', 300,
                    [_int_range(300, 3600)]),
        _definition(_EP + 'firewallPreSharedKeyEncodingMethod', 'Preshared key encoding', 'string', 'deviceDefault',
                    [_enum(('deviceDefault', 'Not configured'), ('none', 'None'), ('utF8', 'UTF8'))]),
        _definition(_EP + 'firewallProfileDomain', 'Firewall profile for domain (workplace) networks',
                    'abstractComplex', {'firewallEnabled': 'allowed', 'inboundConnectionsBlocked': True},
                    implementations=[_FW[:-1]]),
    ]),
    'lock': ('Device Lock', [
        _definition(_GEN + 'passwordRequiredType', 'Required password type', 'string', 'alphanumeric',
                    [_PASSWORD_TYPE]),
        _definition(_GEN + 'passwordMinimumLength', 'Minimum password length', 'integer', 8, [_int_range(4, 16)]),
        _definition(_GEN + 'lockScreenBlockToastNotifications', 'Block toast notifications on lock screen',
                    'boolean', True),
    ]),
    'logon': ('Local Policies Security Options', [
        _definition(_EP + 'localSecurityOptionsLogOnMessageTitle', 'Message title for users attempting to log in',
                    'string', None, [_length(0, 256)]),
        _definition(_EP + 'localSecurityOptionsBlockUsersInstallingPrinterDrivers',
                    'Block users from installing printer drivers', 'boolean', True),
    ]),
    'smartscreen': ('SmartScreen', [
        _definition(_EP + 'smartScreenBlockOverrideForFiles', 'Block users from ignoring SmartScreen warnings',
                    'boolean', True),
        _definition(_GEN + 'smartScreenEnableAppInstallControl', 'Require apps from store only', 'boolean', False),
    ]),
    'mde': ('Attack Surface Reduction Rules', [
        _definition(_EP + 'defenderSecurityCenterBlockExploitProtectionOverride',
                    'Block exploit protection override', 'boolean', True),
        _definition(_EP + 'defenderAttackSurfaceReductionExcludedPaths',
                    'Attack surface reduction only exclusions', 'collection', [],
                    elementDefinitionId=_GEN + 'defenderFileExtensionsToExclude_item'),
        _definition(_GEN + 'defenderCloudExtendedTimeoutInSeconds', 'Extended cloud check (seconds)', 'integer', 0,
                    [_int_range(0, 50)]),
    ]),
    # Only in the November 2021 Windows baseline (the seeded December 2022 version has no Edge Legacy settings), so a
    # migration between the two drops this setting.
    'edge_legacy': ('Microsoft Edge Legacy', [
        _definition(_GEN + 'edgeBlockPopups', 'Block pop-ups', 'boolean', True),
    ]),
    'edge': ('Microsoft Edge', [
        _definition(_GEN + 'edgeBlockPasswordManager', 'Block password manager', 'boolean', True),
        _definition(_GEN + 'edgeSmartScreenEnabled', 'Require SmartScreen for Microsoft Edge', 'boolean', True),
        _definition(_GEN + 'edgeAuthenticationSchemes', 'Supported authentication schemes', 'string',
                    'ntlm,negotiate', [_length(0, 200)]),
    ]),
}

WINDOWS_BASELINE_OLD_ID = '034ccd46-190c-4afc-adf1-ad7cc11262eb'
WINDOWS_BASELINE_ID = 'cef15778-c3b9-4d53-a00a-042929f0aad0'
MDE_BASELINE_ID = '2f5e5c4c-9a77-4d1f-8a3c-0b1c2d3e4f51'
EDGE_BASELINE_ID = 'a8d6fa0e-1e66-455b-bb51-8ce0dde1559e'
BITLOCKER_TEMPLATE_ID = 'd1174162-1dd2-4976-affc-6667049ab0ae'
ANTIVIRUS_TEMPLATE_ID = '804339ad-1553-4478-a742-138fb5807418'
FIREWALL_TEMPLATE_ID = '4356d05c-a4ab-4a07-9ece-739f7c792910'

# Microsoft Entra groups for assignments. Two share a display name (ambiguous by name); one has a quote in its name.
GROUP_LAPTOPS_ID = '4c1f0b9e-8a2d-4e5f-b6c7-d8e9f0a1b2c3'
GROUP_KIOSKS_ID = '5d2a1c0f-9b3e-4f60-a7d8-e9f0a1b2c3d4'
GROUP_PILOT_ID = '6e3b2d1a-0c4f-4a71-b8e9-f0a1b2c3d4e5'
GROUP_FINANCE_ID = '7f4c3e2b-1d5a-4b82-89fa-0b1c2d3e4f56'
GROUP_FINANCE_TWIN_ID = '80a5d4f3-2e6b-4c93-9a0b-1c2d3e4f5a67'
GROUP_OBRIEN_ID = '91b6e5a4-3f7c-4da4-8b1c-2d3e4f5a6b78'
GROUPS = [
    {'id': GROUP_LAPTOPS_ID, 'displayName': 'Corp Laptops', 'description': 'Windows laptops'},
    {'id': GROUP_KIOSKS_ID, 'displayName': 'Corp Kiosks', 'description': 'Shared kiosk devices'},
    {'id': GROUP_PILOT_ID, 'displayName': 'Pilot Ring', 'description': 'Early adopters'},
    {'id': GROUP_FINANCE_ID, 'displayName': 'Finance', 'description': 'Finance department'},
    {'id': GROUP_FINANCE_TWIN_ID, 'displayName': 'Finance', 'description': 'Finance (legacy copy)'},
    {'id': GROUP_OBRIEN_ID, 'displayName': "O'Brien Team", 'description': 'A name that needs OData quoting'},
]

# A Configuration Manager collection id (site code + five hex digits) for configurationManagerCollectionAssignmentTarget
# (co-managed devices). The emulator accepts any non-empty collectionId: it serves no collection list.
COLLECTION_ID = 'MEM00001'


def build_groups():
    """The wire form of the seeded groups (the properties the emulator serves)."""
    return [dict(group, securityEnabled=True, mailEnabled=False, groupTypes=[]) for group in GROUPS]


_BASELINE = '#microsoft.graph.securityBaselineTemplate'
_TEMPLATE = '#microsoft.graph.deviceManagementTemplate'

_TEMPLATES = [
    dict(id=WINDOWS_BASELINE_OLD_ID, odata=_BASELINE, displayName='Security Baseline for Windows 10 and later',
         description='Security Baseline for Windows 10 and later', versionInfo='November 2021',
         isDeprecated=True, templateType='securityBaseline', templateSubtype='none',
         platformType='windows10AndLater', publishedDateTime='2021-11-03T00:00:00Z',
         categories=['lock', 'smartscreen', 'bitlocker', 'edge_legacy'], migratableTo=[WINDOWS_BASELINE_ID]),
    dict(id=WINDOWS_BASELINE_ID, odata=_BASELINE, displayName='Security Baseline for Windows 10 and later',
         description='Security Baseline for Windows 10 and later', versionInfo='December 2022',
         isDeprecated=False, templateType='securityBaseline', templateSubtype='none',
         platformType='windows10AndLater', publishedDateTime='2022-12-14T00:00:00Z',
         categories=['lock', 'logon', 'smartscreen', 'bitlocker', 'firewall'], migratableTo=[],
         # A newer baseline version changes some recommendations: its defaults differ from the definition's.
         defaults={_EP + 'bitLockerRecoveryPasswordRotation': 'enabledForAzureAdAndHybrid'}),
    dict(id=MDE_BASELINE_ID, odata=_BASELINE, displayName='Microsoft Defender for Endpoint baseline',
         description='Microsoft Defender for Endpoint baseline', versionInfo='Version 6', isDeprecated=False,
         templateType='advancedThreatProtectionSecurityBaseline', templateSubtype='none',
         platformType='windows10AndLater', publishedDateTime='2020-12-01T00:00:00Z',
         categories=['mde', 'antivirus', 'firewall'], migratableTo=[]),
    dict(id=EDGE_BASELINE_ID, odata=_BASELINE, displayName='Microsoft Edge baseline',
         description='Microsoft Edge baseline', versionInfo='September 2020 (Edge version 85 and later)',
         isDeprecated=False, templateType='microsoftEdgeSecurityBaseline', templateSubtype='none',
         platformType='windows10AndLater', publishedDateTime='2020-09-29T00:00:00Z',
         categories=['edge'], migratableTo=[]),
    dict(id=BITLOCKER_TEMPLATE_ID, odata=_TEMPLATE, displayName='BitLocker', description='BitLocker disk encryption',
         versionInfo='1', isDeprecated=False, templateType='securityTemplate', templateSubtype='diskEncryption',
         platformType='windows10AndLater', publishedDateTime='2020-05-19T00:00:00Z',
         categories=['bitlocker', 'bitlocker_os'], migratableTo=[]),
    dict(id=ANTIVIRUS_TEMPLATE_ID, odata=_TEMPLATE, displayName='Microsoft Defender Antivirus',
         description='Microsoft Defender Antivirus', versionInfo='1', isDeprecated=False,
         templateType='securityTemplate', templateSubtype='antivirus', platformType='windows10AndLater',
         publishedDateTime='2020-05-19T00:00:00Z', categories=['antivirus', 'antivirus_exclusions'],
         migratableTo=[]),
    dict(id=FIREWALL_TEMPLATE_ID, odata=_TEMPLATE, displayName='Microsoft Defender Firewall',
         description='Microsoft Defender Firewall', versionInfo='1', isDeprecated=False,
         templateType='securityTemplate', templateSubtype='firewall', platformType='windows10AndLater',
         publishedDateTime='2020-05-19T00:00:00Z', categories=['firewall'], migratableTo=[]),
]


def definition_entity(definition):
    """The wire form of a setting definition."""
    value_type = definition['valueType']
    entity = {'@odata.type': '#microsoft.graph.' + DEFINITION_TYPE_BY_VALUE_TYPE.get(
        value_type, 'deviceManagementSettingDefinition'), 'id': definition['id'],
        'valueType': value_type, 'displayName': definition['displayName'],
        'description': definition['displayName'] + '.', 'placeholderText': None,
        'documentationUrl': 'https://go.microsoft.com/fwlink/?linkid=2067026', 'headerTitle': None,
        'headerSubtitle': None, 'keywords': [], 'isTopLevel': definition['isTopLevel'],
        'constraints': definition['constraints'], 'dependencies': []}
    entity.update(definition['extra'])
    return entity


def setting_instance(instance_id, definition, value):
    """A setting instance on the wire: valueJson always, typed `value` for the scalar kinds."""
    value_type = definition['valueType']
    instance = {'@odata.type': '#microsoft.graph.' + INSTANCE_TYPE_BY_VALUE_TYPE[value_type], 'id': instance_id,
                'definitionId': definition['id'], 'valueJson': json.dumps(value)}
    if value_type in _SCALAR_TYPES:
        instance['value'] = value
    if value_type == 'abstractComplex':
        instance['implementationId'] = definition['extra']['implementations'][0] if value is not None else None
    return instance


def build_catalog():
    """Templates (wire form minus counts), per-template categories, definitions by id and default settings.

    A template's default for a definition is the definition's `default`, unless the template's `defaults` names
    another value for it.
    """
    definitions = {d['id']: d for d in _PROPERTY_DEFINITIONS}
    for _name, defs in _CATEGORIES.values():
        for definition in defs:
            definitions[definition['id']] = definition
    templates = {}
    for spec in _TEMPLATES:
        categories = []
        defaults = []
        for key in spec['categories']:
            display, defs = _CATEGORIES[key]
            category_id = stable_id(spec['id'], 'category', key)
            categories.append({'id': category_id, 'displayName': display, 'hasRequiredSetting': False,
                               'definitionIds': [d['id'] for d in defs]})
            for definition in defs:
                value = spec.get('defaults', {}).get(definition['id'], definition['default'])
                defaults.append(setting_instance(stable_id(spec['id'], 'setting', definition['id']), definition, value))
        entity = {'@odata.type': spec['odata'], 'id': spec['id']}
        entity.update({k: spec[k] for k in ('displayName', 'description', 'versionInfo', 'isDeprecated',
                                            'templateType', 'templateSubtype', 'platformType', 'publishedDateTime')})
        templates[spec['id']] = {'entity': entity, 'categories': categories, 'settings': defaults,
                                 'migratableTo': list(spec['migratableTo'])}
    return templates, definitions
