# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""createInstance: exactly once, reconciled after a lost response, settled against a concurrent copy."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error, transport_error
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import (
    BITLOCKER,
    BOOL,
    ENCRYPT,
    INT,
    NEW_BASELINE,
    OLD_BASELINE,
    PIN_LENGTH,
    item,
    run,
    template_graph,
)


@pytest.fixture
def graph():
    return template_graph()


def test_create_posts_once_and_returns_the_intent_as_read_back(graph):
    plan, intent = run(graph, description='Managed', role_scope_tag_ids=['0'],
                       settings_delta=[item(ENCRYPT, True), item(PIN_LENGTH, value_json='6')])
    assert plan.changed and plan.actions == ['create']
    posts = graph.requests('POST')
    assert posts == [('POST', 'deviceManagement/templates/%s/createInstance' % BITLOCKER, {
        'displayName': 'Corp - BitLocker', 'description': 'Managed',
        'settingsDelta': [{'@odata.type': BOOL, 'definitionId': ENCRYPT, 'valueJson': 'true'},
                          {'@odata.type': INT, 'definitionId': PIN_LENGTH, 'valueJson': '6'}],
        'roleScopeTagIds': ['0']}, False)]
    assert intent['id'] in graph.intents and intent['templateId'] == BITLOCKER
    assert [(s['definitionId'], s['valueJson']) for s in intent['settings']] == [(ENCRYPT, 'true'), (PIN_LENGTH, '6')]
    # The created intent comes from createInstance's response: only its settings are read back.
    assert graph.calls[-1] == ('GET', 'deviceManagement/intents/%s/settings' % intent['id'], None)
    assert ('GET', 'deviceManagement/intents/%s' % intent['id'], None) not in graph.calls


def test_create_through_the_migration_path(graph):
    plan, intent = run(graph, template_id=OLD_BASELINE, migrate_to=NEW_BASELINE, display_name='Corp - Baseline',
                       settings_delta=[item(ENCRYPT, False)])
    assert graph.requests('POST')[0][1] == (
        'deviceManagement/templates/%s/migratableTo/%s/createInstance' % (OLD_BASELINE, NEW_BASELINE))
    assert intent['templateId'] == NEW_BASELINE
    # Definitions are those of the effective template.
    assert graph.requests('GET', 'deviceManagement/templates/%s/categories' % NEW_BASELINE)


def test_wrapped_create_response_is_unwrapped(graph):
    graph.wrap_create_response = True
    plan, intent = run(graph)
    assert intent['displayName'] == 'Corp - BitLocker'


@pytest.mark.parametrize('error', [transport_error(), graph_error(504, method='POST', code='GatewayTimeout')])
def test_lost_create_response_is_reconciled_without_a_second_create(graph, error):
    graph.fail('POST', '/createInstance', error, after_effect=True)
    plan, intent = run(graph)
    assert len(graph.requests('POST', '/createInstance')) == 1
    assert len(graph.intents) == 1 and intent['id'] in graph.intents
    assert plan.changed


def test_create_refused_by_a_transport_error_is_tried_again_once(graph):
    graph.fail('POST', '/createInstance', transport_error())
    plan, intent = run(graph)
    assert len(graph.requests('POST', '/createInstance')) == 2
    assert len(graph.intents) == 1 and intent['id'] in graph.intents


def test_create_gives_up_after_max_retries_plus_one_attempts(graph):
    last = graph_error(500, method='POST', code='InternalServerError', message='last')
    graph.fail('POST', '/createInstance', graph_error(503, method='POST'), times=2)
    graph.fail('POST', '/createInstance', last)
    with pytest.raises(type(last)) as raised:
        run(graph)
    assert raised.value is last
    assert len(graph.requests('POST', '/createInstance')) == 3
    assert len(graph.requests('GET', 'deviceManagement/intents')) == 1 + 3
    assert graph.intents == {}


def test_create_refused_with_a_client_error_is_not_retried(graph):
    graph.fail('POST', '/createInstance', graph_error(400, method='POST'))
    with pytest.raises(GraphError):
        run(graph)
    assert len(graph.requests('POST')) == 1
    assert len(graph.requests('GET', 'deviceManagement/intents')) == 1


__metaclass__ = type


OTHER_TEMPLATE = '11111111-2222-3333-4444-555555555555'


NAME = 'Corp - BitLocker'


LOW_ID = '00000000-0000-0000-0000-000000000001'


HIGH_ID = 'ffffffff-0000-0000-0000-000000000001'


MIDDLE_ID = '80000000-0000-0000-0000-000000000001'


def store_intent(graph, intent_id, display_name=NAME, template_id=BITLOCKER):
    graph.intents[intent_id] = {'id': intent_id, 'displayName': display_name, 'description': None,
                                'templateId': template_id, 'isAssigned': False, 'roleScopeTagIds': ['0']}
    graph.intent_settings[intent_id] = []


def create_racing(graph, own_id, concurrent_ids):
    """Plan a create, then let createInstance give this run ``own_id`` while other runs stored ``concurrent_ids``."""
    plan = plan_intent(graph, parse_intent_inputs({'display_name': NAME, 'template_id': BITLOCKER}))
    original = graph._create_instance

    def create_during_race(template_id, body):
        created = original(template_id, body)
        del graph.intents[created['id']]
        graph.intent_settings.pop(created['id'])
        store_intent(graph, own_id)
        for intent_id in concurrent_ids:
            store_intent(graph, intent_id)
        return dict(created, id=own_id)

    graph._create_instance = create_during_race
    return plan, apply_plan(graph, plan)


def test_a_create_without_a_twin_costs_one_lookup_and_warns_nothing(graph):
    plan, intent = create_racing(graph, MIDDLE_ID, [])
    assert intent['id'] == MIDDLE_ID and list(graph.intents) == [MIDDLE_ID]
    create_at = graph.calls.index(graph.requests('POST', '/createInstance')[0])
    assert [call[:2] for call in graph.calls[create_at + 1:]] == [
        ('GET', 'deviceManagement/intents'),
        ('GET', 'deviceManagement/intents/%s/settings' % MIDDLE_ID)]
    assert plan.warnings == []


def test_the_newer_copy_deletes_itself_and_keeps_the_smallest_id(graph):
    plan, intent = create_racing(graph, HIGH_ID, [LOW_ID])
    assert intent['id'] == LOW_ID
    assert sorted(graph.intents) == [LOW_ID]
    assert graph.requests('DELETE') == [('DELETE', 'deviceManagement/intents/%s' % HIGH_ID, None)]
    (warning,) = plan.warnings
    assert 'deleted its own copy %s and kept %s' % (HIGH_ID, LOW_ID) in warning


def test_the_smallest_copy_is_kept_and_the_others_are_left_to_their_runs(graph):
    plan, intent = create_racing(graph, LOW_ID, [MIDDLE_ID, HIGH_ID])
    assert intent['id'] == LOW_ID
    assert sorted(graph.intents) == [LOW_ID, MIDDLE_ID, HIGH_ID]
    assert graph.requests('DELETE') == []
    (warning,) = plan.warnings
    assert '3 intents' in warning and 'kept its own (%s' % LOW_ID in warning and HIGH_ID in warning


def test_only_own_copy_is_deleted_among_several(graph):
    plan, intent = create_racing(graph, HIGH_ID, [MIDDLE_ID, LOW_ID])
    assert intent['id'] == LOW_ID
    assert sorted(graph.intents) == [LOW_ID, MIDDLE_ID]
    assert [call[1] for call in graph.requests('DELETE')] == ['deviceManagement/intents/%s' % HIGH_ID]


def test_ids_compare_case_insensitively(graph):
    plan, intent = create_racing(graph, LOW_ID.upper().replace('0001', 'AAAA'), [LOW_ID])
    assert intent['id'] == LOW_ID


def test_same_name_on_another_template_is_no_twin(graph):
    store_intent(graph, LOW_ID, template_id=OTHER_TEMPLATE)
    plan, intent = create_racing(graph, HIGH_ID, [])
    assert intent['id'] == HIGH_ID and graph.requests('DELETE') == [] and plan.warnings == []


def test_a_failed_lookup_after_the_create_keeps_the_intent_and_warns(graph):
    plan = plan_intent(graph, parse_intent_inputs({'display_name': NAME, 'template_id': BITLOCKER}))
    original = graph._create_instance

    def create_then_fail_lookup(template_id, body):
        graph.fail('GET', 'deviceManagement/intents', graph_error(503, message='unavailable'))
        return original(template_id, body)

    graph._create_instance = create_then_fail_lookup
    intent = apply_plan(graph, plan)
    assert list(graph.intents) == [intent['id']]
    (warning,) = plan.warnings
    assert 'could not look for a copy created concurrently' in warning and '503' in warning
