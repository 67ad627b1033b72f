import json

import pytest

from graph_emulator import catalog_seed as cs
from graph_emulator import seed

NS = '#microsoft.graph.deviceManagementConfiguration'
POLICIES = 'deviceManagement/configurationPolicies'


def _template_ref(graph, template_id, root):
    """The settingInstanceTemplateId of a root definition in a template."""
    items = graph.get(graph.beta('deviceManagement/configurationPolicyTemplates/%s/settingTemplates?$top=50'
                                 % template_id)).json()['value']
    return next(i['settingInstanceTemplate']['settingInstanceTemplateId'] for i in items
                if i['settingInstanceTemplate']['settingDefinitionId'] == root)


def choice(def_id, option, children=(), template_ref=None):
    return {'@odata.type': NS + 'ChoiceSettingInstance', 'settingDefinitionId': def_id,
            'settingInstanceTemplateReference': {'settingInstanceTemplateId': template_ref} if template_ref else None,
            'choiceSettingValue': {'value': def_id + '_' + option, 'children': list(children),
                                   'settingValueTemplateReference': None}}


def integer(def_id, value):
    return {'@odata.type': NS + 'SimpleSettingInstance', 'settingDefinitionId': def_id,
            'simpleSettingValue': {'@odata.type': NS + 'IntegerSettingValue', 'value': value}}


def text(def_id, value, secret=False):
    value_type = 'SecretSettingValue' if secret else 'StringSettingValue'
    value_body = {'@odata.type': NS + value_type, 'value': value}
    if secret:
        value_body['valueState'] = 'notEncrypted'
    return {'@odata.type': NS + 'SimpleSettingInstance', 'settingDefinitionId': def_id, 'simpleSettingValue': value_body}


def strings(def_id, values):
    return {'@odata.type': NS + 'SimpleSettingCollectionInstance', 'settingDefinitionId': def_id,
            'simpleSettingCollectionValue': [{'@odata.type': NS + 'StringSettingValue', 'value': v} for v in values]}


def rule(name='Allow web', direction='in', ports=('443',), extra=()):
    children = [text(cs.RULE + '_name', name), choice(cs.RULE + '_direction', direction),
                choice(cs.RULE + '_action_type', '1'), strings(cs.RULE + '_localportranges', ports)] + list(extra)
    return {'children': [c for c in children if c is not None]}


def rules_instance(*groups):
    return {'@odata.type': NS + 'GroupSettingCollectionInstance', 'settingDefinitionId': cs.RULE,
            'groupSettingCollectionValue': list(groups)}


def body(name='AV policy', template_id=cs.ANTIVIRUS_TEMPLATE_ID, settings=(), technologies='mdm,microsoftSense'):
    result = {'name': name, 'description': 'made by tests', 'platforms': 'windows10', 'technologies': technologies,
              'roleScopeTagIds': [], 'settings': [{'@odata.type': NS + 'Setting', 'settingInstance': s}
                                                  for s in settings]}
    if template_id:
        result['templateReference'] = {'templateId': template_id}
    return result


def message(response):
    return json.loads(response.json()['error']['message'])['Message']


def create(graph, payload):
    return graph.post(graph.beta(POLICIES), json=payload)


# -- templates ---------------------------------------------------------------------------------------------------------
def test_templates_list_filter_and_paging(emulator, graph):
    url = graph.beta('deviceManagement/configurationPolicyTemplates')
    everything = graph.get(url).json()['value']
    assert {t['id'] for t in everything} >= {cs.ANTIVIRUS_TEMPLATE_ID, cs.BASELINE_ACTIVE_ID}
    for template in everything:
        assert template['id'] == '%s_%d' % (template['baseId'], template['version'])
    baselines = graph.get(url, params={'$filter': "templateFamily eq 'baseline'"}).json()['value']
    assert sorted((t['version'], t['lifecycleState']) for t in baselines) == [
        (1, 'deprecated'), (3, 'superseded'), (4, 'active')]
    active = graph.get(url, params={'$filter': "(templateFamily eq 'baseline') and (lifecycleState eq 'active')"})
    assert [t['id'] for t in active.json()['value']] == [cs.BASELINE_ACTIVE_ID]
    sense = graph.get(url, params={'$filter': "technologies has 'microsoftSense'", '$select': 'id,displayName'})
    assert all(set(t) <= {'id', '@odata.type', 'displayName'} for t in sense.json()['value'])
    page = graph.get(url, params={'$top': '2'}).json()
    assert len(page['value']) == 2 and page['@odata.nextLink'].startswith(emulator.url)
    rest = graph.get(page['@odata.nextLink']).json()
    assert rest['value'][0]['id'] == everything[2]['id']
    refused = graph.get(url, params={'$filter': "startswith(displayName,'Micro')"})
    assert refused.status_code == 400 and 'not supported' in message(refused)
    missing = graph.get(url + '/00000000-0000-0000-0000-000000000000_1')
    assert missing.status_code == 404 and missing.json()['error']['code'] == 'ResourceNotFound'


def test_setting_templates_with_and_without_definitions(emulator, graph):
    emulator.control.config(settings_page_size=1)
    url = graph.beta('deviceManagement/configurationPolicyTemplates/%s/settingTemplates' % cs.FIREWALL_TEMPLATE_ID)
    first = graph.get(url).json()
    assert len(first['value']) == 1 and 'settingDefinitions' not in first['value'][0]
    second = graph.get(first['@odata.nextLink']).json()
    assert '@odata.nextLink' not in second
    expanded = graph.get(url, params={'$expand': 'settingDefinitions'}).json()['value'][0]
    definitions = {d['id']: d for d in expanded['settingDefinitions']}
    enable = definitions[cs.FW + 'domainprofile_enablefirewall']
    true_option = next(o for o in enable['options'] if o['itemId'].endswith('_true'))
    assert {d['dependedOnBy'] for d in true_option['dependedOnBy']} <= set(definitions) and len(definitions) == 4
    assert expanded['settingInstanceTemplate']['@odata.type'] == NS + 'ChoiceSettingInstanceTemplate'
    definition = graph.get(graph.beta('deviceManagement/configurationSettings/' + cs.AV + 'avgcpuloadfactor')).json()
    assert definition['valueDefinition']['maximumValue'] == 100
    assert graph.get(graph.beta('deviceManagement/configurationSettings/nope')).status_code == 404


# -- create / read -----------------------------------------------------------------------------------------------------
def test_create_returns_policy_without_settings(emulator, graph):
    reference = _template_ref(graph, cs.ANTIVIRUS_TEMPLATE_ID, cs.AV + 'allowrealtimemonitoring')
    response = create(graph, body(settings=[choice(cs.AV + 'allowrealtimemonitoring', '1', template_ref=reference),
                                            integer(cs.AV + 'avgcpuloadfactor', 30),
                                            strings(cs.AV + 'excludedextensions', ['.log', '.tmp'])]))
    assert response.status_code == 201, response.text
    policy = response.json()
    assert 'settings' not in policy and policy['settingCount'] == 3 and policy['roleScopeTagIds'] == ['0']
    assert policy['templateReference'] == {'templateId': cs.ANTIVIRUS_TEMPLATE_ID,
                                           'templateFamily': 'endpointSecurityAntivirus',
                                           'templateDisplayName': 'Microsoft Defender Antivirus',
                                           'templateDisplayVersion': 'Version 1'}
    assert policy['isAssigned'] is False and policy['createdDateTime']
    got = graph.get(graph.beta('%s/%s' % (POLICIES, policy['id'])), params={'$expand': 'settings'}).json()
    assert [s['id'] for s in got['settings']] == ['0', '1', '2']
    assert graph.get(graph.beta(POLICIES + '/nope')).status_code == 404


def test_settings_are_paged_and_expand_definitions(emulator, graph):
    emulator.control.config(settings_page_size=2)
    policy = create(graph, body(settings=[choice(cs.AV + 'allowrealtimemonitoring', '0'),
                                          choice(cs.AV + 'cloudblocklevel', '6'),
                                          integer(cs.AV + 'avgcpuloadfactor', 10)])).json()
    url = graph.beta('%s/%s/settings' % (POLICIES, policy['id']))
    first = graph.get(url).json()
    assert len(first['value']) == 2 and 'settingDefinitions' not in first['value'][0]
    rest = graph.get(first['@odata.nextLink']).json()
    assert [s['id'] for s in rest['value']] == ['2'] and '@odata.nextLink' not in rest
    expanded = graph.get(url, params={'$expand': 'settingDefinitions', '$top': '1'}).json()['value'][0]
    assert expanded['settingDefinitions'][0]['id'] == cs.AV + 'allowrealtimemonitoring'


def test_list_filters_as_the_portal_sends_them(emulator, graph):
    emulator.control.seed_policy('Portal AV', technologies='mdm,microsoftSense', template_id=cs.ANTIVIRUS_TEMPLATE_ID)
    emulator.control.seed_policy('Plain catalog', technologies='mdm')
    url = graph.beta(POLICIES)
    av = graph.get(url, params={'$filter': "templateReference/TemplateFamily eq 'endpointSecurityAntivirus'"})
    assert [p['name'] for p in av.json()['value']] == ['Portal AV']
    plain = graph.get(url, params={'$filter': "templateReference/templateFamily eq 'none'"}).json()['value']
    assert [p['name'] for p in plain] == ['Plain catalog']
    both = graph.get(url, params={'$filter': "name eq 'portal av' or name eq 'Plain catalog'"}).json()['value']
    assert len(both) == 2
    assert graph.get(url, params={'$filter': "technologies has 'microsoftSense'"}).json()['value'][0]['name'] == \
        'Portal AV'
    refused = graph.get(url, params={'$filter': "contains(name,'AV')"})
    assert refused.status_code == 400 and refused.json()['error']['innerError']['request-id']
    emulator.control.config(page_size=1)
    page = graph.get(url).json()
    assert len(page['value']) == 1 and graph.get(page['@odata.nextLink']).json()['value'][0]['name'] == 'Plain catalog'


# -- validation --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('settings, fragment', [
    ([choice(cs.FW + 'domainprofile_enablefirewall', 'true')], 'not valid for this template'),
    ([choice(cs.AV + 'allowrealtimemonitoring', '7')], 'is not one of'),
    ([integer(cs.AV + 'avgcpuloadfactor', 101)], 'outside the allowed range 0 to 100'),
    ([integer(cs.AV + 'allowrealtimemonitoring', 1)], 'does not match the setting definition'),
    ([choice(cs.AV + 'cloudblocklevel', '2'), choice(cs.AV + 'cloudblocklevel', '4')], 'more than once'),
    ([choice(cs.AV + 'cloudblocklevel', '2', template_ref='wrong')], 'settingInstanceTemplateReference'),
])
def test_antivirus_writes_are_checked(emulator, graph, settings, fragment):
    response = create(graph, body(settings=settings))
    assert response.status_code == 400, response.text
    error = response.json()['error']
    assert error['code'] == 'BadRequest' and set(error['innerError']) >= {'date', 'request-id', 'client-request-id'}
    assert fragment in message(response)


def test_firewall_children_and_rule_limits(emulator, graph):
    enable = cs.FW + 'domainprofile_enablefirewall'
    good = choice(enable, 'true', [choice(cs.FW + 'domainprofile_defaultinboundaction', '1')])
    assert create(graph, body('FW', cs.FIREWALL_TEMPLATE_ID, [good])).status_code == 201
    stray = choice(enable, 'false', [choice(cs.FW + 'domainprofile_defaultinboundaction', '1')])
    assert 'not valid under' in message(create(graph, body('FW', cs.FIREWALL_TEMPLATE_ID, [stray])))
    rules = cs.FIREWALL_RULES_TEMPLATE_ID
    assert create(graph, body('Rules', rules, [rules_instance(rule(), rule('DNS', 'out', ['53']))])).status_code == 201
    missing = {'children': [c for c in rule()['children'] if c['settingDefinitionId'] != cs.RULE + '_name']}
    assert 'required' in message(create(graph, body('Rules', rules, [rules_instance(missing)])))
    assert 'does not match the pattern' in message(create(graph, body('Rules', rules, [rules_instance(rule(ports=['x']))])))
    assert 'characters long' in message(create(graph, body('Rules', rules, [rules_instance(rule('n' * 256))])))
    assert 'allows 1 to 150' in message(create(graph, body('Rules', rules, [rules_instance()])))
    assert 'requires this setting' in message(create(graph, body('Rules', rules, [])))


def test_inactive_template_and_mismatched_technologies_are_refused(emulator, graph):
    assert 'superseded' in message(create(graph, body('B', cs.BASELINE_SUPERSEDED_ID, technologies='mdm')))
    assert 'deprecated' in message(create(graph, body('B', cs.BASELINE_DEPRECATED_ID, technologies='mdm')))
    assert create(graph, body('B', cs.BASELINE_ACTIVE_ID, technologies='mdm')).status_code == 201
    assert 'does not match' in message(create(graph, body('B', cs.BASELINE_ACTIVE_ID, technologies='mdm,configManager')))
    assert 'does not exist' in message(create(graph, body('B', 'nope_1')))


# -- secrets -----------------------------------------------------------------------------------------------------------
def test_secret_values_are_returned_as_tokens(emulator, graph):
    blob = 'ONBOARDING-BLOB-do-not-leak-1234'
    instance = choice(cs.ATP + 'configurationtype', 'onboard', [text(cs.ATP + 'onboarding', blob, secret=True)])
    policy = create(graph, body('EDR', cs.EDR_TEMPLATE_ID, [instance])).json()
    url = graph.beta('%s/%s/settings' % (POLICIES, policy['id']))
    response = graph.get(url)
    assert blob not in response.text
    child = response.json()['value'][0]['settingInstance']['choiceSettingValue']['children'][0]['simpleSettingValue']
    assert child['valueState'] == 'encryptedValueToken' and child['value'] != blob
    # A PUT that sends the token back keeps the secret; a made-up token is refused.
    put = body('EDR', cs.EDR_TEMPLATE_ID)
    put['settings'] = [{'settingInstance': graph.get(url).json()['value'][0]['settingInstance']}]
    assert graph.put(graph.beta('%s/%s' % (POLICIES, policy['id'])), json=put).status_code == 204
    stored = next(p for p in emulator.control.policies() if p['id'] == policy['id'])
    assert list(stored['secrets'].values()) == [blob]
    child['value'] = 'ffffffff-ffff-ffff-ffff-ffffffffffff'
    put['settings'][0]['settingInstance']['choiceSettingValue']['children'][0]['simpleSettingValue'] = child
    refused = graph.put(graph.beta('%s/%s' % (POLICIES, policy['id'])), json=put)
    assert refused.status_code == 400 and 'token' in message(refused)
    wrong_type = choice(cs.ATP + 'configurationtype', 'onboard', [text(cs.ATP + 'onboarding', blob)])
    assert 'SecretSettingValue' in message(create(graph, body('EDR', cs.EDR_TEMPLATE_ID, [wrong_type])))


# -- updates -----------------------------------------------------------------------------------------------------------
def test_patch_changes_properties_and_refuses_settings(emulator, graph):
    policy = create(graph, body()).json()
    url = graph.beta('%s/%s' % (POLICIES, policy['id']))
    patched = graph.patch(url, json={'name': 'Renamed', 'roleScopeTagIds': ['0', '7'], 'settingCount': 99})
    assert patched.status_code == 200 and patched.json()['name'] == 'Renamed'
    assert patched.json()['settingCount'] == 0 and patched.json()['roleScopeTagIds'] == ['0', '7']
    with_settings = graph.patch(url, json={'settings': []})
    assert with_settings.status_code == 400 and "navigation property 'settings'" in with_settings.json()['error']['message']
    template = graph.patch(url, json={'templateReference': {'templateId': cs.FIREWALL_TEMPLATE_ID}})
    assert template.status_code == 400 and 'cannot be changed' in message(template)
    assert graph.patch(url, json={'bogus': 1}).status_code == 400


def test_put_replaces_settings(emulator, graph):
    policy = create(graph, body(settings=[choice(cs.AV + 'cloudblocklevel', '2')])).json()
    url = graph.beta('%s/%s' % (POLICIES, policy['id']))
    replacement = body('AV v2', settings=[integer(cs.AV + 'avgcpuloadfactor', 20), choice(cs.AV + 'cloudblocklevel', '4')])
    assert graph.put(url, json=replacement).status_code == 204
    got = graph.get(url, params={'$expand': 'settings'}).json()
    assert got['name'] == 'AV v2' and got['settingCount'] == 2
    assert got['settings'][1]['settingInstance']['choiceSettingValue']['value'] == cs.AV + 'cloudblocklevel_4'
    bad = body('AV v3', settings=[integer(cs.AV + 'avgcpuloadfactor', -1)])
    assert graph.put(url, json=bad).status_code == 400
    assert graph.get(url).json()['name'] == 'AV v2'
    assert graph.delete(url).status_code == 204 and graph.get(url).status_code == 404


# -- assignments -------------------------------------------------------------------------------------------------------
def test_assign_replaces_the_set_and_answers_the_collection(emulator, graph):
    policy = create(graph, body()).json()
    url = graph.beta('%s/%s/assign' % (POLICIES, policy['id']))
    targets = [{'@odata.type': '#microsoft.graph.groupAssignmentTarget', 'groupId': seed.GROUP_LAPTOPS_ID},
               {'@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', 'groupId': seed.GROUP_KIOSKS_ID},
               {'@odata.type': '#microsoft.graph.allDevicesAssignmentTarget',
                'deviceAndAppManagementAssignmentFilterId': 'f1', 'deviceAndAppManagementAssignmentFilterType': 'include'},
               {'@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget'},
               {'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
                'collectionId': seed.COLLECTION_ID}]
    response = graph.post(url, json={'assignments': [{'target': t} for t in targets]})
    assert response.status_code == 200, response.text
    value = response.json()['value']
    assert [a['id'] for a in value][0] == '%s_%s' % (policy['id'], seed.GROUP_LAPTOPS_ID)
    assert value[3]['target']['deviceAndAppManagementAssignmentFilterType'] == 'none'
    assert graph.get(graph.beta('%s/%s' % (POLICIES, policy['id']))).json()['isAssigned'] is True
    assert len(graph.get(graph.beta('%s/%s/assignments' % (POLICIES, policy['id']))).json()['value']) == 5
    assert graph.post(url, json={'assignments': []}).json()['value'] == []
    assert graph.get(graph.beta('%s/%s' % (POLICIES, policy['id']))).json()['isAssigned'] is False
    no_group = graph.post(url, json={'assignments': [{'target': {'@odata.type': '#microsoft.graph.groupAssignmentTarget'}}]})
    assert no_group.status_code == 400


# -- faults, throttling, migration -------------------------------------------------------------------------------------
def test_faults_and_throttling_apply(emulator, graph):
    emulator.control.add_fault('/configurationPolicies$', method='POST', action='commit_then_drop')
    with pytest.raises(Exception):
        create(graph, body('Dropped'))
    assert [p['name'] for p in emulator.control.policies()] == ['Dropped']
    emulator.control.add_fault('/configurationPolicyTemplates', status=503)
    assert graph.get(graph.beta('deviceManagement/configurationPolicyTemplates')).status_code == 503
    emulator.control.config(throttle_scale=50)  # 2 writes per window per app
    statuses = [create(graph, body('T%d' % i)).status_code for i in range(3)]
    assert statuses == [201, 201, 429]


def test_windows_security_intents_refused_and_migrated(emulator, graph):
    intent = emulator.control.seed_intent('Legacy AV', seed.ANTIVIRUS_TEMPLATE_ID)
    emulator.control.config(refuse_windows_security_intents=True)
    created = graph.post(graph.beta('deviceManagement/templates/%s/createInstance' % seed.ANTIVIRUS_TEMPLATE_ID),
                         json={'displayName': 'New AV'})
    assert created.status_code == 400 and 'configurationPolicies' in message(created)
    patch = graph.patch(graph.beta('deviceManagement/intents/' + intent['id']), json={'description': 'x'})
    assert patch.status_code == 400
    baseline = graph.post(graph.beta('deviceManagement/templates/%s/createInstance' % seed.WINDOWS_BASELINE_ID),
                          json={'displayName': 'Baseline'})
    assert baseline.status_code == 200
    assert emulator.control.set_intent_migrating(intent['id'])['isMigratingToConfigurationPolicy'] is True
    policy = emulator.control.migrate_intent(intent['id'])
    assert policy['id'] != intent['id'] and policy['name'] == 'Legacy AV'
    assert policy['templateReference']['templateId'] == cs.ANTIVIRUS_TEMPLATE_ID
    assert graph.get(graph.beta('deviceManagement/intents/' + intent['id'])).status_code == 404
    listed = graph.get(graph.beta(POLICIES), params={'$filter': "name eq 'Legacy AV'"}).json()['value']
    assert [p['id'] for p in listed] == [policy['id']]
