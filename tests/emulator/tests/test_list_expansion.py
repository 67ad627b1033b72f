"""$expand=settings on the intents and configurationPolicies lists, in each behaviour of the list_expand switch."""
import pytest

from graph_emulator import seed

INTENTS = 'deviceManagement/intents'
POLICIES = 'deviceManagement/configurationPolicies'


def all_pages(graph, url, params=None):
    items = []
    while url:
        body = graph.get(url, params=params).json()
        items.extend(body['value'])
        url, params = body.get('@odata.nextLink'), None
    return items


def bitlocker_intent(emulator):
    intent = emulator.control.seed_intent('Expanded', seed.BITLOCKER_TEMPLATE_ID)
    emulator.control.seed_intent('Other', seed.BITLOCKER_TEMPLATE_ID)
    return intent


def test_by_default_each_listed_intent_carries_all_its_settings(emulator, graph):
    intent = bitlocker_intent(emulator)
    listed = graph.get(graph.beta(INTENTS), params={'$filter': "displayName eq 'Expanded'", '$expand': 'settings'})
    assert listed.status_code == 200, listed.text
    (item,) = listed.json()['value']
    assert item['id'] == intent['id'] and 'settings@odata.nextLink' not in item
    # The same settings, in the same order, as the intent's own settings collection.
    assert item['settings'] == all_pages(graph, graph.beta('%s/%s/settings' % (INTENTS, intent['id'])))
    assert len(item['settings']) > 1
    # Without $expand the list carries no settings.
    plain = graph.get(graph.beta(INTENTS), params={'$filter': "displayName eq 'Expanded'"}).json()['value'][0]
    assert 'settings' not in plain


@pytest.mark.parametrize('path', [INTENTS, POLICIES])
def test_refused_answers_400_with_the_odata_validation_text(emulator, graph, path):
    emulator.control.config(list_expand='refused')
    refused = graph.get(graph.beta(path), params={'$expand': 'settings'})
    assert refused.status_code == 400
    error = refused.json()['error']
    assert error['code'] == 'BadRequest' and "Query option 'Expand' is not allowed" in error['message']
    # A list without $expand and an expanded single entity are still answered.
    assert graph.get(graph.beta(path)).status_code == 200


def test_paged_cuts_each_expanded_collection_and_links_to_the_rest(emulator, graph):
    intent = bitlocker_intent(emulator)
    emulator.control.config(list_expand='paged', settings_page_size=2)
    item = graph.get(graph.beta(INTENTS), params={'$filter': "displayName eq 'Expanded'",
                                                  '$expand': 'settings'}).json()['value'][0]
    assert len(item['settings']) == 2
    rest = all_pages(graph, item['settings@odata.nextLink'])
    assert item['settings'] + rest == all_pages(graph, graph.beta('%s/%s/settings' % (INTENTS, intent['id'])))


def test_the_switch_takes_only_its_values(emulator):
    with pytest.raises(Exception) as refused:
        emulator.control.config(list_expand='sometimes')
    assert 'list_expand must be one of all, refused, paged' in refused.value.response.text
