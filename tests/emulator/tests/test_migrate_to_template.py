"""migrateToTemplate: the portal's "Change version" of a security baseline, in place (docs/graph-beta-facts.md 7a)."""
import json
import time

import pytest

from graph_emulator import seed
from graph_emulator.settings import SettingError, migrated_settings
from graph_emulator.store import Store

EP = 'deviceConfiguration--windows10EndpointProtectionConfiguration_'
GEN = 'deviceConfiguration--windows10GeneralConfiguration_'
PASSWORD_LENGTH = GEN + 'passwordMinimumLength'
ROTATION = EP + 'bitLockerRecoveryPasswordRotation'
PASSWORD_TYPE = GEN + 'passwordRequiredType'
TOAST = GEN + 'lockScreenBlockToastNotifications'
POPUPS = GEN + 'edgeBlockPopups'  # only in the November 2021 version
LOGON_TITLE = EP + 'localSecurityOptionsLogOnMessageTitle'  # only in the December 2022 version
TARGETS = [{'target': {'@odata.type': '#microsoft.graph.groupAssignmentTarget', 'groupId': seed.GROUP_LAPTOPS_ID}},
           {'target': {'@odata.type': '#microsoft.graph.configurationManagerCollectionAssignmentTarget',
                       'collectionId': seed.COLLECTION_ID}}]
LEGACY_TEMPLATE_ID = 'e044e60e-5901-41ea-92c0-5a7d6bff3aad'


def _old_baseline_intent(emulator, graph, rotation='notConfigured'):
    """A profile on the deprecated November 2021 baseline, customised and assigned."""
    intent = emulator.control.seed_intent('Corp - Windows baseline', seed.WINDOWS_BASELINE_OLD_ID,
                                          description='Built in the portal', role_scope_tag_ids=['0', '7'], settings={
                                              PASSWORD_LENGTH: 12, PASSWORD_TYPE: 'numeric', ROTATION: rotation,
                                              POPUPS: False})
    url = graph.beta('deviceManagement/intents/%s' % intent['id'])
    assert graph.post(url + '/assign', json={'assignments': TARGETS}).status_code == 204
    return url, _read(graph, url)


def _read(graph, url):
    response = graph.get(url, params={'$expand': 'settings,assignments'})
    assert response.status_code == 200, response.text
    return response.json()


def _template_settings(graph, template_id):
    response = graph.get(graph.beta('deviceManagement/templates/%s/settings' % template_id))
    assert response.status_code == 200, response.text
    return response.json()['value']


def _values(settings):
    return {s['definitionId']: json.loads(s['valueJson']) for s in settings}


def _migrate(graph, url, body, qualified=False):
    return graph.post(url + ('/microsoft.graph.migrateToTemplate' if qualified else '/migrateToTemplate'), json=body)


def _intune_message(response):
    return json.loads(response.json()['error']['message'])['Message']


@pytest.mark.parametrize('rotation, expected_rotation', [
    # Equal to the November 2021 default: no customisation, so the December 2022 default comes in.
    ('notConfigured', 'enabledForAzureAdAndHybrid'),
    # A customisation: kept, although the new version recommends something else.
    ('disabled', 'disabled'),
])
def test_migrate_preserving_custom_values_keeps_the_intent_and_its_customisations(emulator, graph, rotation,
                                                                                  expected_rotation):
    url, before = _old_baseline_intent(emulator, graph, rotation)
    time.sleep(0.01)

    response = _migrate(graph, url, {'newTemplateId': seed.WINDOWS_BASELINE_ID, 'preserveCustomValues': True})

    assert response.status_code == 204 and response.content == b''
    after = _read(graph, url)
    for key in ('id', 'displayName', 'description', 'roleScopeTagIds', 'isAssigned', 'assignments'):
        assert after[key] == before[key], key
    assert after['templateId'] == seed.WINDOWS_BASELINE_ID
    assert after['lastModifiedDateTime'] > before['lastModifiedDateTime']
    target = _template_settings(graph, seed.WINDOWS_BASELINE_ID)
    assert [s['definitionId'] for s in after['settings']] == [s['definitionId'] for s in target]
    values, defaults = _values(after['settings']), _values(target)
    assert values[PASSWORD_LENGTH] == 12 and values[PASSWORD_TYPE] == 'numeric'
    assert values[ROTATION] == expected_rotation
    # Uncustomised settings the two versions share, and settings new in December 2022, have the target's default.
    assert values[TOAST] == defaults[TOAST] and defaults[TOAST] is True
    assert LOGON_TITLE in values and values[LOGON_TITLE] == defaults[LOGON_TITLE]
    assert POPUPS not in values  # customised, but the new version has no such setting
    assert {d: v for d, v in values.items() if d not in (PASSWORD_LENGTH, PASSWORD_TYPE, ROTATION)} == \
        {d: v for d, v in defaults.items() if d not in (PASSWORD_LENGTH, PASSWORD_TYPE, ROTATION)}
    # The settings are the intent's own instances (kept ids), valid for the new template.
    old_ids = {s['definitionId']: s['id'] for s in before['settings']}
    assert all(s['id'] == old_ids[s['definitionId']] for s in after['settings'] if s['definitionId'] in old_ids)
    assert not {s['id'] for s in after['settings']} & {s['id'] for s in target}
    assert graph.post(url + '/updateSettings', json={'settings': [
        {'@odata.type': '#microsoft.graph.deviceManagementStringSettingInstance', 'definitionId': LOGON_TITLE,
         'valueJson': '"Authorised use only"'}]}).status_code == 204
    counts = {t['id']: t['intentCount'] for t in graph.get(graph.beta('deviceManagement/templates')).json()['value']}
    assert counts[seed.WINDOWS_BASELINE_OLD_ID] == 0 and counts[seed.WINDOWS_BASELINE_ID] == 1
    listed = graph.get(graph.beta('deviceManagement/intents'), params={
        '$filter': "templateId eq '%s'" % seed.WINDOWS_BASELINE_ID}).json()['value']
    assert [i['id'] for i in listed] == [before['id']]


def test_migrate_discarding_custom_values_gives_the_target_defaults(emulator, graph):
    url, before = _old_baseline_intent(emulator, graph, 'disabled')

    response = _migrate(graph, url, {'newTemplateId': seed.WINDOWS_BASELINE_ID, 'preserveCustomValues': False},
                        qualified=True)

    assert response.status_code == 204
    after = _read(graph, url)
    assert after['templateId'] == seed.WINDOWS_BASELINE_ID and after['assignments'] == before['assignments']
    assert after['roleScopeTagIds'] == ['0', '7'] and after['displayName'] == before['displayName']

    def without_ids(settings):
        return [{k: v for k, v in s.items() if k != 'id'} for s in settings]
    assert without_ids(after['settings']) == without_ids(_template_settings(graph, seed.WINDOWS_BASELINE_ID))
    assert [i['settings'] for i in emulator.control.intents()] == [after['settings']]


@pytest.mark.parametrize('body, fragment', [
    ({'preserveCustomValues': True}, 'newTemplateId is required'),
    ({'newTemplateId': '', 'preserveCustomValues': True}, 'newTemplateId is required'),
    ({'newTemplateId': None, 'preserveCustomValues': True}, 'newTemplateId is required'),
    ({'newTemplateId': '0e9b8f1c-7d2a-4c3b-9a8e-5f6d7c8b9a0d', 'preserveCustomValues': True},
     "Template '0e9b8f1c-7d2a-4c3b-9a8e-5f6d7c8b9a0d' does not exist"),
    ({'newTemplateId': seed.EDGE_BASELINE_ID, 'preserveCustomValues': False}, 'not one of its migratableTo templates'),
    ({'newTemplateId': seed.WINDOWS_BASELINE_OLD_ID, 'preserveCustomValues': True},
     'not one of its migratableTo templates'),
])
def test_migrate_refuses_targets_outside_migratable_to_with_intune_400(emulator, graph, body, fragment):
    url, before = _old_baseline_intent(emulator, graph)

    response = _migrate(graph, url, body)

    assert response.status_code == 400 and response.json()['error']['code'] == 'BadRequest'
    message = json.loads(response.json()['error']['message'])
    assert message['_version'] == 3 and fragment in message['Message'], message
    assert _read(graph, url) == before


def test_migrate_refuses_an_intent_of_a_template_without_migration_targets(emulator, graph):
    intent = emulator.control.seed_intent('Current', seed.WINDOWS_BASELINE_ID)
    response = _migrate(graph, graph.beta('deviceManagement/intents/%s' % intent['id']),
                        {'newTemplateId': seed.WINDOWS_BASELINE_OLD_ID, 'preserveCustomValues': True})
    assert response.status_code == 400 and 'not one of its migratableTo templates' in _intune_message(response)
    assert emulator.control.intents() == [intent]


def test_migrate_refuses_a_legacy_intent(emulator, graph):
    legacy = emulator.control.seed_intent('Legacy', LEGACY_TEMPLATE_ID, settings=[
        {'@odata.type': '#microsoft.graph.deviceManagementBooleanSettingInstance',
         'definitionId': 'deviceConfiguration--legacy_setting', 'valueJson': 'false'}])
    response = _migrate(graph, graph.beta('deviceManagement/intents/%s' % legacy['id']),
                        {'newTemplateId': seed.WINDOWS_BASELINE_ID, 'preserveCustomValues': True})
    assert response.status_code == 400
    assert 'was not created from a known template' in _intune_message(response)
    assert emulator.control.intents() == [legacy]


@pytest.mark.parametrize('body, fragment', [
    ({'newTemplateId': seed.WINDOWS_BASELINE_ID},
     "One or more parameters of the operation 'migrateToTemplate' are missing from the request payload. "
     'The missing parameters are: preserveCustomValues.'),
    ({'newTemplateId': seed.WINDOWS_BASELINE_ID, 'preserveCustomValues': None}, 'must not be null'),
    ({'newTemplateId': seed.WINDOWS_BASELINE_ID, 'preserveCustomValues': 'yes'}, 'expected a boolean'),
    ({'newTemplateId': seed.WINDOWS_BASELINE_ID, 'preserveCustomValues': True, 'keepAssignments': True},
     "'keepAssignments' is not a parameter"),
])
def test_migrate_body_is_checked_against_the_schema(emulator, graph, body, fragment):
    url, before = _old_baseline_intent(emulator, graph)
    response = _migrate(graph, url, body)
    assert response.status_code == 400
    error = response.json()['error']
    assert error['code'] == 'BadRequest' and fragment in error['message'], error['message']
    assert _read(graph, url) == before


def test_migrate_unknown_intent_is_404(emulator, graph):
    response = _migrate(graph, graph.beta('deviceManagement/intents/6c1b4a8e-0d2f-4e3a-9b5c-7d8e9f0a1b2c'),
                        {'newTemplateId': seed.WINDOWS_BASELINE_ID, 'preserveCustomValues': True})
    assert response.status_code == 404 and response.json()['error']['code'] == 'ResourceNotFound'
    assert json.loads(response.json()['error']['message'])['_version'] == 3


def test_migrate_is_a_post_action(emulator, graph):
    url, before = _old_baseline_intent(emulator, graph)
    assert graph.get(url + '/migrateToTemplate').status_code == 405
    assert _read(graph, url) == before


def test_migrated_settings_keep_custom_complex_values_and_compare_implementations():
    """settings.migrated_settings on its own, for the kinds the Windows baseline versions do not share."""
    store = Store()
    firewall = store.templates[seed.FIREWALL_TEMPLATE_ID]
    definitions = store.template_definitions(seed.FIREWALL_TEMPLATE_ID)
    profile = EP + 'firewallProfileDomain'
    custom = {'firewallEnabled': 'blocked', 'inboundConnectionsBlocked': True}
    intent_settings = [dict(s, id='own-%d' % index) for index, s in enumerate(firewall['settings'])]
    by_definition = {s['definitionId']: s for s in intent_settings}
    by_definition[profile]['valueJson'] = json.dumps(custom)

    kept = migrated_settings(intent_settings, firewall['settings'], firewall['settings'], definitions,
                             store.definitions, True)
    discarded = migrated_settings(intent_settings, firewall['settings'], firewall['settings'], definitions,
                                  store.definitions, False)

    assert [s['id'] for s in kept] == [s['id'] for s in discarded] == [s['id'] for s in intent_settings]
    assert json.loads({s['definitionId']: s for s in kept}[profile]['valueJson']) == custom
    assert {s['definitionId']: s for s in kept}[profile]['implementationId'] == \
        'deviceConfiguration--windowsFirewallNetworkProfile'
    assert [json.loads(s['valueJson']) for s in discarded] == [json.loads(s['valueJson']) for s in firewall['settings']]
    with pytest.raises(SettingError, match='not valid for this template'):
        migrated_settings(intent_settings, firewall['settings'], firewall['settings'] + [
            dict(firewall['settings'][0], definitionId='deviceConfiguration--madeUp_setting')], definitions,
            store.definitions, True)
