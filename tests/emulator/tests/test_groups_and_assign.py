"""Groups (for assignment by name) and the assign action with its replace semantics and paged assignments."""
import pytest

from graph_emulator import seed

GROUP = '#microsoft.graph.groupAssignmentTarget'
EXCLUDE = '#microsoft.graph.exclusionGroupAssignmentTarget'
ALL_DEVICES = '#microsoft.graph.allDevicesAssignmentTarget'
ALL_USERS = '#microsoft.graph.allLicensedUsersAssignmentTarget'
COLLECTION = '#microsoft.graph.configurationManagerCollectionAssignmentTarget'
FILTER = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0'


def _names(response):
    assert response.status_code == 200, response.text
    return sorted(group['displayName'] for group in response.json()['value'])


def test_groups_filter_by_display_name_is_case_insensitive_and_unquotes(graph):
    url = graph.beta('groups')
    assert _names(graph.get(url, params={'$filter': "displayName eq 'corp laptops'"})) == ['Corp Laptops']
    assert _names(graph.get(url, params={'$filter': "displayName eq 'O''Brien Team'"})) == ["O'Brien Team"]
    assert _names(graph.get(url, params={'$filter': "displayName eq 'Finance'"})) == ['Finance', 'Finance']
    assert _names(graph.get(url, params={'$filter': "displayName eq 'Nobody'"})) == []


def test_groups_select_and_paging(emulator, graph):
    emulator.control.config(page_size=2)
    url = graph.beta('groups')
    seen = []
    while url:
        body = graph.get(url, params=None if seen else {'$select': 'id,displayName'}).json()
        assert all(set(group) == {'id', 'displayName'} for group in body['value'])
        seen.extend(group['id'] for group in body['value'])
        url = body.get('@odata.nextLink')
    assert sorted(seen) == sorted(group['id'] for group in seed.GROUPS)


@pytest.mark.parametrize('query', ["startswith(displayName,'Corp')", "mail eq 'x'", "displayName eq"])
def test_groups_refuse_unsupported_filters(graph, query):
    response = graph.get(graph.beta('groups'), params={'$filter': query})
    assert response.status_code == 400
    assert response.json()['error']['code'] == 'Request_UnsupportedQuery'


def _intent(emulator):
    return emulator.control.seed_intent('Assigned', seed.BITLOCKER_TEMPLATE_ID)


def _assignments(graph, intent_id):
    body = graph.get(graph.beta('deviceManagement/intents/%s/assignments' % intent_id)).json()
    return [assignment['target'] for assignment in body['value']], body.get('@odata.nextLink')


def test_assign_replaces_the_whole_set_and_pages(emulator, graph):
    intent = _intent(emulator)
    url = graph.beta('deviceManagement/intents/%s/assign' % intent['id'])
    three = [{'target': {'@odata.type': GROUP, 'groupId': seed.GROUP_LAPTOPS_ID}},
             {'target': {'@odata.type': EXCLUDE, 'groupId': seed.GROUP_KIOSKS_ID}},
             {'target': {'@odata.type': ALL_DEVICES, 'deviceAndAppManagementAssignmentFilterId': FILTER,
                         'deviceAndAppManagementAssignmentFilterType': 'include'}}]
    assert graph.post(url, json={'assignments': three}).status_code == 204
    emulator.control.config(page_size=2)
    first_page, next_link = _assignments(graph, intent['id'])
    assert len(first_page) == 2 and next_link
    second_page = graph.get(next_link).json()['value']
    assert [t['@odata.type'] for t in first_page] + [a['target']['@odata.type'] for a in second_page] == \
        [GROUP, EXCLUDE, ALL_DEVICES]
    assert graph.post(url, json={'assignments': three[:1]}).status_code == 204
    assert _assignments(graph, intent['id'])[0] == [dict(three[0]['target'], deviceAndAppManagementAssignmentFilterId=None,
                                                         deviceAndAppManagementAssignmentFilterType='none')]
    assert graph.post(url, json={'assignments': []}).status_code == 204
    assert _assignments(graph, intent['id'])[0] == []
    assert emulator.control.intents()[0]['isAssigned'] is False


@pytest.mark.parametrize('target, message', [
    ({'@odata.type': GROUP}, 'needs a groupId'),
    ({'@odata.type': EXCLUDE, 'groupId': ''}, 'needs a groupId'),
    ({'@odata.type': COLLECTION}, 'needs a collectionId'),
    ({'@odata.type': COLLECTION, 'collectionId': None, 'deviceAndAppManagementAssignmentFilterType': 'none'},
     'needs a collectionId'),
    ({'@odata.type': COLLECTION, 'collectionId': 7}, 'collectionId: expected a string'),
    ({'@odata.type': ALL_DEVICES, 'deviceAndAppManagementAssignmentFilterType': 'include'}, 'needs an assignment filter id'),
    ({'@odata.type': ALL_DEVICES, 'deviceAndAppManagementAssignmentFilterType': 'sometimes'}, 'sometimes'),
    ({'@odata.type': '#microsoft.graph.nobodyAssignmentTarget'}, 'nobodyAssignmentTarget'),
])
def test_assign_refuses_bad_targets(emulator, graph, target, message):
    intent = _intent(emulator)
    response = graph.post(graph.beta('deviceManagement/intents/%s/assign' % intent['id']),
                          json={'assignments': [{'target': target}]})
    assert response.status_code == 400
    assert message in response.json()['error']['message']
    assert _assignments(graph, intent['id'])[0] == []


def test_every_target_kind_round_trips_with_its_filter_fields(emulator, graph):
    """Group, exclusion group, all devices, all licensed users and Configuration Manager collection targets."""
    intent = _intent(emulator)
    url = graph.beta('deviceManagement/intents/%s' % intent['id'])
    sent = [{'@odata.type': GROUP, 'groupId': seed.GROUP_LAPTOPS_ID},
            {'@odata.type': EXCLUDE, 'groupId': seed.GROUP_KIOSKS_ID},
            {'@odata.type': ALL_DEVICES, 'deviceAndAppManagementAssignmentFilterId': FILTER,
             'deviceAndAppManagementAssignmentFilterType': 'exclude'},
            {'@odata.type': ALL_USERS},
            {'@odata.type': COLLECTION, 'collectionId': seed.COLLECTION_ID,
             'deviceAndAppManagementAssignmentFilterId': FILTER, 'deviceAndAppManagementAssignmentFilterType': 'include'},
            {'@odata.type': COLLECTION, 'collectionId': 'MEM00002'}]
    response = graph.post(url + '/microsoft.graph.assign', json={'assignments': [{'target': t} for t in sent]})
    assert response.status_code == 204, response.text
    unfiltered = {'deviceAndAppManagementAssignmentFilterId': None, 'deviceAndAppManagementAssignmentFilterType': 'none'}
    expected = [dict(unfiltered, **target) for target in sent]
    assert _assignments(graph, intent['id']) == (expected, None)
    expanded = graph.get(url, params={'$expand': 'assignments'}).json()
    assert expanded['isAssigned'] is True and [a['target'] for a in expanded['assignments']] == expected
    assert [a['target'] for a in emulator.control.intents()[0]['assignments']] == expected
