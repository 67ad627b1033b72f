# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two runs that create the same intent at the same time converge on the one with the smallest id."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._intents import apply_plan, plan_intent
from ansible_collections.msgraph.intune.tests.unit.plugins.module_utils.fake_graph import FakeGraph, graph_error

BITLOCKER = 'd1174162-1dd2-4976-affc-6667049ab0ae'
OTHER_TEMPLATE = '11111111-2222-3333-4444-555555555555'
NAME = 'Corp - BitLocker'
LOW_ID = '00000000-0000-0000-0000-000000000001'
HIGH_ID = 'ffffffff-0000-0000-0000-000000000001'
MIDDLE_ID = '80000000-0000-0000-0000-000000000001'


def store_intent(graph, intent_id, display_name=NAME, template_id=BITLOCKER):
    graph.intents[intent_id] = {'id': intent_id, 'displayName': display_name, 'description': None,
                                'templateId': template_id, 'isAssigned': False, 'roleScopeTagIds': ['0']}
    graph.intent_settings[intent_id] = []


@pytest.fixture
def graph():
    fake = FakeGraph(max_retries=2)
    fake.add_template(BITLOCKER, 'BitLocker')
    return fake


def create_racing(graph, own_id, concurrent_ids):
    """Plan a create, then let createInstance give this run ``own_id`` while other runs stored ``concurrent_ids``."""
    plan = plan_intent(graph, {'display_name': NAME, 'template_id': BITLOCKER})
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
    plan = plan_intent(graph, {'display_name': NAME, 'template_id': BITLOCKER})
    original = graph._create_instance

    def create_then_fail_lookup(template_id, body):
        graph.fail('GET', 'deviceManagement/intents', graph_error(503, message='unavailable'))
        return original(template_id, body)

    graph._create_instance = create_then_fail_lookup
    intent = apply_plan(graph, plan)
    assert list(graph.intents) == [intent['id']]
    (warning,) = plan.warnings
    assert 'could not look for a copy created concurrently' in warning and '503' in warning
