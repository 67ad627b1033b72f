import json

import pytest

from graph_emulator import seed

EP = 'deviceConfiguration--windows10EndpointProtectionConfiguration_'
BOOLEAN = '#microsoft.graph.deviceManagementBooleanSettingInstance'
INTEGER = '#microsoft.graph.deviceManagementIntegerSettingInstance'
STRING = '#microsoft.graph.deviceManagementStringSettingInstance'


def _create(graph, template_id, name='Disk encryption', delta=(), path=None):
    url = graph.beta(path or 'deviceManagement/templates/%s/createInstance' % template_id)
    return graph.post(url, json={'displayName': name, 'description': 'made by tests', 'roleScopeTagIds': ['0'],
                                 'settingsDelta': list(delta)})


def _intune_message(response):
    return json.loads(response.json()['error']['message'])['Message']


def test_create_instance_returns_bare_intent_with_all_settings(emulator, graph):
    delta = [{'@odata.type': BOOLEAN, 'definitionId': EP + 'bitLockerDisableWarningForOtherDiskEncryption',
              'valueJson': 'true'}]
    response = _create(graph, seed.BITLOCKER_TEMPLATE_ID, delta=delta)
    assert response.status_code == 200, response.text
    intent = response.json()
    assert 'value' not in intent and intent['@odata.context'].endswith('#deviceManagement/intents/$entity')
    assert intent['templateId'] == seed.BITLOCKER_TEMPLATE_ID and intent['displayName'] == 'Disk encryption'
    settings = graph.get(graph.beta('deviceManagement/intents/%s/settings' % intent['id'])).json()['value']
    template_settings = graph.get(graph.beta('deviceManagement/templates/%s/settings'
                                             % seed.BITLOCKER_TEMPLATE_ID)).json()['value']
    assert [s['definitionId'] for s in settings] == [s['definitionId'] for s in template_settings]
    by_definition = {s['definitionId']: s for s in settings}
    changed = by_definition[EP + 'bitLockerDisableWarningForOtherDiskEncryption']
    assert changed['value'] is True and changed['valueJson'] == 'true'
    assert by_definition[EP + 'bitLockerEncryptDevice']['value'] is True
    assert len({s['id'] for s in settings} | {s['id'] for s in template_settings}) == 2 * len(settings)
    complex_setting = by_definition[EP + 'bitLockerSystemDrivePolicy']
    assert 'value' not in complex_setting and json.loads(complex_setting['valueJson'])['minimumPinLength'] == 6


def test_create_instance_through_migratable_to(emulator, graph):
    path = 'deviceManagement/templates/%s/migratableTo/%s/microsoft.graph.createInstance' % (
        seed.WINDOWS_BASELINE_OLD_ID, seed.WINDOWS_BASELINE_ID)
    response = _create(graph, None, name='Baseline', path=path)
    assert response.status_code == 200, response.text
    assert response.json()['templateId'] == seed.WINDOWS_BASELINE_ID
    wrong = 'deviceManagement/templates/%s/migratableTo/%s/createInstance' % (
        seed.WINDOWS_BASELINE_ID, seed.BITLOCKER_TEMPLATE_ID)
    assert _create(graph, None, path=wrong).status_code == 404


def test_deprecated_template_refuses_create_instance(emulator, graph):
    response = _create(graph, seed.WINDOWS_BASELINE_OLD_ID, name='Old baseline')
    assert response.status_code == 400
    assert response.json()['error']['code'] == 'BadRequest'
    message = json.loads(response.json()['error']['message'])
    assert message['_version'] == 3 and message['Message'].startswith(
        'Intents cannot be created from a deprecated template - Operation ID (for customer support): ')
    assert ' - Activity ID: ' in message['Message'] and ' - Url: ' in message['Message']
    assert emulator.control.intents() == []


@pytest.mark.parametrize('item, fragment', [
    ({'definitionId': EP + 'bitLockerEncryptDevice', 'valueJson': 'true'}, 'abstract'),
    ({'@odata.type': BOOLEAN, 'definitionId': EP + 'bitLockerEncryptDevice', 'value': 'yes'}, 'settingsDelta[0].value'),
    ({'@odata.type': BOOLEAN, 'definitionId': EP + 'bitLockerEncryptDevice', 'colour': 'red'}, "'colour'"),
    ({'@odata.type': '#microsoft.graph.noSuchInstance', 'definitionId': 'x'}, 'unknown type'),
])
def test_schema_rejects_bad_request_bodies(emulator, graph, item, fragment):
    response = _create(graph, seed.BITLOCKER_TEMPLATE_ID, delta=[item])
    assert response.status_code == 400
    error = response.json()['error']
    assert error['code'] == 'BadRequest' and fragment in error['message'], error['message']
    assert error['innerError']['request-id'] == response.headers['request-id']


@pytest.mark.parametrize('item, fragment', [
    ({'@odata.type': BOOLEAN, 'definitionId': 'deviceConfiguration--madeUp_setting', 'valueJson': 'true'},
     'is not valid for this template'),
    ({'@odata.type': INTEGER, 'definitionId': EP + 'bitLockerEncryptDevice', 'valueJson': '1'}, '@odata.type must be'),
    ({'@odata.type': STRING, 'definitionId': EP + 'bitLockerRecoveryPasswordRotation', 'valueJson': '"sometimes"'},
     'not one of the allowed values'),
    ({'@odata.type': BOOLEAN, 'definitionId': EP + 'bitLockerEncryptDevice', 'valueJson': '"true"'},
     'is not of type boolean'),
])
def test_intune_rejects_settings_that_do_not_fit_the_template(emulator, graph, item, fragment):
    response = _create(graph, seed.BITLOCKER_TEMPLATE_ID, delta=[item])
    assert response.status_code == 400
    assert fragment in _intune_message(response)


def test_filters_with_quotes_unicode_and_reserved_characters(emulator, graph):
    names = ["O'Brien's baseline", 'Sécurité ✓ 日本', 'R&D #1 [test] (a+b) 100%', 'plain']
    for name in names:
        emulator.control.seed_intent(name, seed.BITLOCKER_TEMPLATE_ID)
    emulator.control.seed_intent('plain', seed.ANTIVIRUS_TEMPLATE_ID)
    for name in names[:3]:
        literal = name.replace("'", "''")
        response = graph.get(graph.beta('deviceManagement/intents'),
                             params={'$filter': "displayName eq '%s'" % literal})
        assert response.status_code == 200, response.text
        assert [i['displayName'] for i in response.json()['value']] == [name]
    both = graph.get(graph.beta('deviceManagement/intents'), params={
        '$filter': "displayName eq 'plain' and templateId eq '%s'" % seed.ANTIVIRUS_TEMPLATE_ID})
    assert [i['templateId'] for i in both.json()['value']] == [seed.ANTIVIRUS_TEMPLATE_ID]
    logged = emulator.control.requests('graph')[0]
    assert logged['query']['$filter'] == "displayName eq 'O''Brien''s baseline'"
    for bad, status in (("displayName eq 'unterminated", 400), ("description eq 'x'", 400),
                        ("displayName eq 'a' or displayName eq 'b'", 400)):
        assert graph.get(graph.beta('deviceManagement/intents'), params={'$filter': bad}).status_code == status


def test_display_name_filter_follows_renames_and_deletes_in_creation_order(emulator, graph):
    """The store answers `displayName eq` from an index; renames, deletes and case must not fool it."""
    first = emulator.control.seed_intent('Nightly', seed.BITLOCKER_TEMPLATE_ID)['id']
    other = emulator.control.seed_intent('Other', seed.BITLOCKER_TEMPLATE_ID)['id']
    last = emulator.control.seed_intent('NIGHTLY', seed.ANTIVIRUS_TEMPLATE_ID)['id']

    def named(name):
        response = graph.get(graph.beta('deviceManagement/intents'), params={'$filter': "displayName eq '%s'" % name})
        assert response.status_code == 200, response.text
        return [intent['id'] for intent in response.json()['value']]

    assert named('nightly') == [first, last]
    assert graph.patch(graph.beta('deviceManagement/intents/%s' % other),
                       json={'displayName': 'Nightly'}).status_code == 200
    assert named('Other') == [] and named('Nightly') == [first, other, last]
    assert graph.delete(graph.beta('deviceManagement/intents/%s' % first)).status_code == 204
    assert named('Nightly') == [other, last]
    assert [i['id'] for i in graph.get(graph.beta('deviceManagement/intents')).json()['value']] == [other, last]


def test_filter_failure_switch(emulator, graph):
    emulator.control.seed_intent('one', seed.BITLOCKER_TEMPLATE_ID)
    for failure, status in (('400', 400), ('500', 500)):
        emulator.control.config(filter_failure=failure)
        response = graph.get(graph.beta('deviceManagement/intents'), params={'$filter': "displayName eq 'one'"})
        assert response.status_code == status
        assert graph.get(graph.beta('deviceManagement/intents')).status_code == 200


def test_paging_follows_absolute_next_links(emulator, graph):
    emulator.control.config(page_size=3)
    for index in range(8):
        emulator.control.seed_intent('dup & co', seed.BITLOCKER_TEMPLATE_ID if index % 2 else
                                     seed.ANTIVIRUS_TEMPLATE_ID)
    url, params, seen, pages = graph.beta('deviceManagement/intents'), {'$filter': "displayName eq 'dup & co'",
                                                                        '$select': 'id,displayName'}, [], 0
    while url:
        body = graph.get(url, params=params).json()
        pages += 1
        seen.extend(body['value'])
        url, params = body.get('@odata.nextLink'), None
        if url:
            assert url.startswith(emulator.url + '/beta/deviceManagement/intents?') and '$skiptoken=' in url
    assert pages == 3 and len({i['id'] for i in seen}) == 8
    assert set(seen[0]) == {'id', 'displayName'}
    top = graph.get(graph.beta('deviceManagement/intents'), params={'$top': 5}).json()
    assert len(top['value']) == 5 and '@odata.nextLink' in top


def test_get_with_expand_patch_and_delete(emulator, graph):
    intent = _create(graph, seed.FIREWALL_TEMPLATE_ID, name='Firewall').json()
    url = graph.beta('deviceManagement/intents/%s' % intent['id'])
    expanded = graph.get(url, params={'$expand': 'settings,assignments'}).json()
    assert len(expanded['settings']) == 4 and expanded['assignments'] == []
    response = graph.patch(url, json={'displayName': 'Firewall v2', 'description': 'changed',
                                      'roleScopeTagIds': ['0', '5']})
    assert response.status_code == 200 and response.json()['displayName'] == 'Firewall v2'
    assert graph.get(url).json()['roleScopeTagIds'] == ['0', '5']
    refused = graph.patch(url, json={'templateId': seed.BITLOCKER_TEMPLATE_ID})
    assert refused.status_code == 400 and 'templateId' in _intune_message(refused)
    assert graph.patch(url, json={'displayName': None}).status_code == 400
    assert graph.delete(url).status_code == 204
    assert graph.get(url).status_code == 404
    assert emulator.control.violations() == []


def test_update_settings_merges_by_definition_id(emulator, graph):
    intent = _create(graph, seed.ANTIVIRUS_TEMPLATE_ID, name='AV').json()
    url = graph.beta('deviceManagement/intents/%s' % intent['id'])
    before = {s['definitionId']: s for s in graph.get(url + '/settings').json()['value']}
    scan = 'deviceConfiguration--windows10GeneralConfiguration_defenderScanMaxCpu'
    exclusions = 'deviceConfiguration--windows10GeneralConfiguration_defenderFileExtensionsToExclude'
    response = graph.post(url + '/microsoft.graph.updateSettings', json={'settings': [
        {'@odata.type': INTEGER, 'definitionId': scan, 'value': 20, 'valueJson': '20'},
        {'@odata.type': '#microsoft.graph.deviceManagementCollectionSettingInstance', 'definitionId': exclusions,
         'valueJson': '[".log", ".tmp"]'}]})
    assert response.status_code == 204 and response.content == b''
    after = {s['definitionId']: s for s in graph.get(url + '/settings').json()['value']}
    assert set(after) == set(before)
    assert after[scan]['value'] == 20 and after[scan]['id'] == before[scan]['id']
    assert json.loads(after[exclusions]['valueJson']) == ['.log', '.tmp']
    unchanged = [d for d in before if d not in (scan, exclusions)]
    assert all(after[d] == before[d] for d in unchanged)
    for bad in ({'@odata.type': INTEGER, 'definitionId': 'deviceConfiguration--unknown_x', 'valueJson': '1'},
                {'@odata.type': INTEGER, 'definitionId': scan, 'valueJson': '101'}):
        response = graph.post(url + '/updateSettings', json={'settings': [bad]})
        assert response.status_code == 400 and json.loads(response.json()['error']['message'])['_version'] == 3
    assert graph.post(url + '/updateSettings', json={'settings': [{'definitionId': scan}]}).status_code == 400


def test_assign_and_create_copy(emulator, graph):
    intent = _create(graph, seed.EDGE_BASELINE_ID, name='Edge').json()
    url = graph.beta('deviceManagement/intents/%s' % intent['id'])
    target = {'@odata.type': '#microsoft.graph.groupAssignmentTarget', 'groupId': 'e1d0c0b0-0000-4000-8000-000000000001'}
    assert graph.post(url + '/assign', json={'assignments': [{'target': target}]}).status_code == 204
    expanded = graph.get(url, params={'$expand': 'assignments'}).json()
    assert expanded['isAssigned'] is True
    assert expanded['assignments'][0]['target']['groupId'] == target['groupId']
    assert expanded['assignments'][0]['target']['deviceAndAppManagementAssignmentFilterType'] == 'none'
    assert graph.post(url + '/assign', json={'assignments': [{'target': {'groupId': 'x'}}]}).status_code == 400
    copy = graph.post(url + '/createCopy', json={'displayName': 'Edge copy'})
    assert copy.status_code == 200 and copy.json()['templateId'] == seed.EDGE_BASELINE_ID
    assert emulator.control.violations() == []


def test_legacy_intent_seeded_directly(emulator, graph):
    legacy = emulator.control.seed_intent('Legacy', 'e044e60e-5901-41ea-92c0-5a7d6bff3aad', settings=[
        {'@odata.type': BOOLEAN, 'definitionId': 'deviceConfiguration--legacy_setting', 'valueJson': 'false'}])
    body = graph.get(graph.beta('deviceManagement/intents/%s' % legacy['id']), params={'$expand': 'settings'}).json()
    assert body['settings'][0]['value'] is False
    assert [i['id'] for i in emulator.control.intents()] == [legacy['id']]


def test_empty_role_scope_tags_become_the_default_tag(emulator, graph):
    """Intune adds the built-in Default scope tag ("0") to untagged objects (docs/graph-beta-facts.md 7a): on create, on PATCH and on
    an intent stored through the control interface."""
    created = graph.post(graph.beta('deviceManagement/templates/%s/createInstance' % seed.BITLOCKER_TEMPLATE_ID),
                         json={'displayName': 'Untagged', 'roleScopeTagIds': []}).json()
    assert created['roleScopeTagIds'] == ['0']
    url = graph.beta('deviceManagement/intents/%s' % created['id'])
    assert graph.patch(url, json={'roleScopeTagIds': ['0', '5']}).json()['roleScopeTagIds'] == ['0', '5']
    for empty in ([], None):
        response = graph.patch(url, json={'roleScopeTagIds': empty})
        assert response.status_code == 200 and response.json()['roleScopeTagIds'] == ['0']
        assert graph.get(url).json()['roleScopeTagIds'] == ['0']
        graph.patch(url, json={'roleScopeTagIds': ['5']})
    assert graph.patch(url, json={'description': 'tags untouched'}).json()['roleScopeTagIds'] == ['5']
    seeded = emulator.control.seed_intent('Seeded untagged', seed.BITLOCKER_TEMPLATE_ID, role_scope_tag_ids=[])
    assert seeded['roleScopeTagIds'] == ['0']
    assert graph.get(graph.beta('deviceManagement/intents/%s' % seeded['id'])).json()['roleScopeTagIds'] == ['0']
