import json

from graph_emulator import seed

BASELINE = '#microsoft.graph.securityBaselineTemplate'


def _values(graph, path, **params):
    response = graph.get(graph.beta(path), params=params)
    assert response.status_code == 200, response.text
    return response.json()['value']


def test_template_list_types_and_versions(emulator, graph):
    templates = _values(graph, 'deviceManagement/templates')
    by_id = {t['id']: t for t in templates}
    old, new = by_id[seed.WINDOWS_BASELINE_OLD_ID], by_id[seed.WINDOWS_BASELINE_ID]
    assert old['displayName'] == new['displayName']
    assert old['isDeprecated'] is True and new['isDeprecated'] is False
    assert old['@odata.type'] == BASELINE and old['templateType'] == 'securityBaseline'
    assert by_id[seed.BITLOCKER_TEMPLATE_ID]['@odata.type'] == '#microsoft.graph.deviceManagementTemplate'
    assert {t['templateType'] for t in templates} >= {'securityBaseline', 'advancedThreatProtectionSecurityBaseline',
                                                      'microsoftEdgeSecurityBaseline', 'securityTemplate'}


def test_template_filters(emulator, graph):
    baselines = _values(graph, 'deviceManagement/templates',
                        **{'$filter': "(isof('microsoft.graph.securityBaselineTemplate'))"})
    assert baselines and all(t['@odata.type'] == BASELINE for t in baselines)
    security = _values(graph, 'deviceManagement/templates', **{'$filter': "templateType eq 'securityTemplate'"})
    assert {t['templateSubtype'] for t in security} == {'diskEncryption', 'antivirus', 'firewall'}
    named = _values(graph, 'deviceManagement/templates',
                    **{'$filter': "displayName eq 'Security Baseline for Windows 10 and later'"})
    assert {t['id'] for t in named} == {seed.WINDOWS_BASELINE_OLD_ID, seed.WINDOWS_BASELINE_ID}
    response = graph.get(graph.beta('deviceManagement/templates'), params={'$filter': "versionInfo eq '1'"})
    assert response.status_code == 400
    assert json.loads(response.json()['error']['message'])['_version'] == 3


def test_template_get_migratable_to(emulator, graph):
    response = graph.get(graph.beta('deviceManagement/templates/%s' % seed.WINDOWS_BASELINE_OLD_ID))
    assert response.status_code == 200 and response.json()['versionInfo'] == 'November 2021'
    targets = _values(graph, 'deviceManagement/templates/%s/migratableTo' % seed.WINDOWS_BASELINE_OLD_ID)
    assert [t['id'] for t in targets] == [seed.WINDOWS_BASELINE_ID]
    response = graph.get(graph.beta('deviceManagement/templates/%s/migratableTo/%s'
                                    % (seed.WINDOWS_BASELINE_OLD_ID, seed.WINDOWS_BASELINE_ID)))
    assert response.status_code == 200 and response.json()['id'] == seed.WINDOWS_BASELINE_ID
    missing = graph.get(graph.beta('deviceManagement/templates/00000000-0000-0000-0000-000000000000'))
    assert missing.status_code == 404 and missing.json()['error']['code'] == 'ResourceNotFound'


def test_categories_definitions_cover_every_value_type_and_constraint(emulator, graph):
    value_types, constraint_types = set(), set()
    for template in _values(graph, 'deviceManagement/templates'):
        for category in _values(graph, 'deviceManagement/templates/%s/categories' % template['id']):
            path = 'deviceManagement/templates/%s/categories/%s' % (template['id'], category['id'])
            definitions = _values(graph, path + '/settingDefinitions')
            recommended = _values(graph, path + '/recommendedSettings')
            assert [s['definitionId'] for s in recommended] == [d['id'] for d in definitions]
            for definition in definitions:
                value_types.add(definition['valueType'])
                constraint_types.update(c['@odata.type'] for c in definition['constraints'])
        settings = _values(graph, 'deviceManagement/templates/%s/settings' % template['id'])
        assert all(s['@odata.type'].startswith('#microsoft.graph.deviceManagement') for s in settings)
    assert value_types == {'integer', 'boolean', 'string', 'complex', 'collection', 'abstractComplex'}
    assert constraint_types >= {'#microsoft.graph.deviceManagementEnumConstraint',
                                '#microsoft.graph.deviceManagementSettingIntegerConstraint',
                                '#microsoft.graph.deviceManagementSettingStringLengthConstraint'}
    assert emulator.control.violations() == []


def test_unknown_path_and_option(emulator, graph):
    response = graph.get(graph.beta('deviceManagement/nothingHere'))
    assert response.status_code == 400 and response.json()['error']['code'] == 'BadRequest'
    assert "'nothingHere'" in response.json()['error']['message']
    response = graph.get(graph.beta('deviceManagement/templates'), params={'$orderby': 'displayName'})
    assert response.status_code == 400


def test_template_settings_are_the_seeded_defaults_for_every_template(emulator, graph):
    """GET templates/{id}/settings (what a client compares a profile with) for every seeded template, including the
    deprecated Windows baseline and its migration target, whose defaults differ."""
    for spec in seed._TEMPLATES:
        expected = [(definition['id'], spec.get('defaults', {}).get(definition['id'], definition['default']))
                    for key in spec['categories'] for definition in seed._CATEGORIES[key][1]]
        settings = _values(graph, 'deviceManagement/templates/%s/settings' % spec['id'])
        assert [(s['definitionId'], json.loads(s['valueJson'])) for s in settings] == expected, spec['id']
        for setting in settings:
            value_type = emulator.store.definitions[setting['definitionId']]['valueType']
            assert setting['@odata.type'] == '#microsoft.graph.' + seed.INSTANCE_TYPE_BY_VALUE_TYPE[value_type]
            assert ('value' in setting) == (value_type in ('integer', 'boolean', 'string'))
            if 'value' in setting:
                assert setting['value'] == json.loads(setting['valueJson'])
        assert _values(graph, 'deviceManagement/templates/%s/settings' % spec['id']) == settings
    rotation = 'deviceConfiguration--windows10EndpointProtectionConfiguration_bitLockerRecoveryPasswordRotation'
    popups = 'deviceConfiguration--windows10GeneralConfiguration_edgeBlockPopups'

    def defaults(template_id):
        return {s['definitionId']: json.loads(s['valueJson'])
                for s in _values(graph, 'deviceManagement/templates/%s/settings' % template_id)}
    old, new = defaults(seed.WINDOWS_BASELINE_OLD_ID), defaults(seed.WINDOWS_BASELINE_ID)
    assert old[rotation] == 'notConfigured' and new[rotation] == 'enabledForAzureAdAndHybrid'
    assert popups in old and popups not in new
    assert defaults(seed.BITLOCKER_TEMPLATE_ID)[rotation] == 'notConfigured'


def test_every_setting_definition_nested_ones_included_is_served_by_id(emulator, graph):
    nested = 'deviceConfiguration--bitLockerSystemDrivePolicy_encryptionMethod'
    response = graph.get(graph.beta('deviceManagement/settingDefinitions/' + nested))
    assert response.status_code == 200, response.text
    assert response.json()['id'] == nested and response.json()['isTopLevel'] is False
    assert graph.get(graph.beta('deviceManagement/settingDefinitions/nothing')).status_code == 404
    listed = _values(graph, 'deviceManagement/settingDefinitions', **{'$top': 500})
    assert nested in [definition['id'] for definition in listed]
    assert emulator.control.violations() == []
