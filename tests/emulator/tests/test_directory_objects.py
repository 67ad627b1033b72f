"""POST directoryObjects/getByIds: the groups among the ids asked for, unknown ids absent, malformed bodies refused,
and the 403 of an app without Directory.Read.All."""
import pytest

from graph_emulator import seed

UNKNOWN = '00000000-0000-4000-8000-000000000abc'


def _get_by_ids(graph, body, path='directoryObjects/getByIds'):
    return graph.post(graph.beta(path), json=body)


def test_groups_come_back_in_the_order_asked_with_type_and_name_and_unknown_ids_absent(graph):
    response = _get_by_ids(graph, {'ids': [seed.GROUP_PILOT_ID, UNKNOWN, seed.GROUP_LAPTOPS_ID.upper(),
                                           seed.GROUP_PILOT_ID], 'types': ['Group']})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body['@odata.context'].endswith('/beta/$metadata#directoryObjects')
    assert [(item['@odata.type'], item['id'], item['displayName']) for item in body['value']] == [
        ('#microsoft.graph.group', seed.GROUP_PILOT_ID, 'Pilot Ring'),
        ('#microsoft.graph.group', seed.GROUP_LAPTOPS_ID, 'Corp Laptops')]
    assert '@odata.nextLink' not in body


@pytest.mark.parametrize('types, found', [(None, True), (['directoryObject'], True), (['user', 'GROUP'], True),
                                          (['user'], False), (['device'], False), ([], True)])
def test_types_narrow_the_search(graph, types, found):
    body = {'ids': [seed.GROUP_KIOSKS_ID]}
    if types is not None:
        body['types'] = types
    response = _get_by_ids(graph, body)
    assert response.status_code == 200, response.text
    assert [item['id'] for item in response.json()['value']] == ([seed.GROUP_KIOSKS_ID] if found else [])


def test_the_cast_segment_is_the_same_action(graph):
    response = _get_by_ids(graph, {'ids': [seed.GROUP_FINANCE_ID]}, path='directoryObjects/microsoft.graph.getByIds')
    assert [item['displayName'] for item in response.json()['value']] == ['Finance']


@pytest.mark.parametrize('body, code, words', [
    ({}, 'Request_BadRequest', "property 'ids'"),
    ({'ids': []}, 'Request_BadRequest', "property 'ids'"),
    ({'ids': 'x'}, 'Request_BadRequest', "property 'ids'"),
    ({'ids': [7]}, 'Request_BadRequest', "property 'ids'"),
    ({'ids': ['not-a-guid']}, 'Request_BadRequest', "Invalid object identifier 'not-a-guid'"),
    ({'ids': [UNKNOWN] * 1001}, 'Request_BadRequest', 'at most 1000'),
    ({'ids': [UNKNOWN], 'types': 'group'}, 'Request_BadRequest', "property 'types'"),
    ({'ids': [UNKNOWN], 'types': ['gruop']}, 'Request_BadRequest', "Unsupported resource type 'gruop'"),
    ({'ids': [UNKNOWN], 'select': 'displayName'}, 'BadRequest', "parameter 'select'"),
    ([UNKNOWN], 'BadRequest', 'must be a JSON object'),
])
def test_a_malformed_body_is_refused_with_400(graph, body, code, words):
    response = _get_by_ids(graph, body)
    assert response.status_code == 400, response.text
    error = response.json()['error']
    assert error['code'] == code and words in error['message']


def test_a_body_that_is_not_json_is_refused(graph):
    response = graph.post(graph.beta('directoryObjects/getByIds'), data=b'{ids',
                          headers={'Content-Type': 'application/json'})
    assert response.status_code == 400 and 'Unable to read JSON' in response.json()['error']['message']


def test_1000_ids_are_accepted(graph):
    ids = ['00000000-0000-4000-8000-%012d' % n for n in range(999)] + [seed.GROUP_OBRIEN_ID]
    response = _get_by_ids(graph, {'ids': ids, 'types': ['group']})
    assert [item['displayName'] for item in response.json()['value']] == ["O'Brien Team"]


def test_only_post_is_allowed(graph):
    assert graph.get(graph.beta('directoryObjects/getByIds')).status_code == 405


def test_without_directory_read_all_graph_answers_403(emulator, graph):
    emulator.control.config(directory_read_all=False)
    response = _get_by_ids(graph, {'ids': [seed.GROUP_LAPTOPS_ID], 'types': ['group']})
    assert response.status_code == 403
    assert response.json()['error']['code'] == 'Authorization_RequestDenied'
    # Group lookups by name stay possible (they need Group.Read.All only).
    assert graph.get(graph.beta('groups'), params={'$filter': "displayName eq 'Corp Laptops'"}).status_code == 200


def test_a_renamed_group_answers_with_its_new_name_until_reset(emulator, graph):
    emulator.control.rename_group(seed.GROUP_LAPTOPS_ID, 'Corp Laptops (EU)')
    found = _get_by_ids(graph, {'ids': [seed.GROUP_LAPTOPS_ID]}).json()['value']
    assert [item['displayName'] for item in found] == ['Corp Laptops (EU)']
    assert graph.get(graph.beta('groups'), params={'$filter': "displayName eq 'Corp Laptops (EU)'"}).json()['value']
    # A reset forgets the tokens too: the seed's name is checked in the store itself.
    emulator.control.reset()
    assert [g['displayName'] for g in emulator.store.groups if g['id'] == seed.GROUP_LAPTOPS_ID] == ['Corp Laptops']


def test_renaming_an_unknown_group_is_a_control_error(emulator):
    with pytest.raises(Exception, match='400'):
        emulator.control.rename_group(UNKNOWN, 'x')
