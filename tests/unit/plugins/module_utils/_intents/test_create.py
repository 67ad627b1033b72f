# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""createInstance: exactly once, reconciled after a lost response, settled against a concurrent copy."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.apply import apply_plan
from ansible_collections.msgraph.intune.plugins.module_utils._create_once.create import (
    SETTLE_MIN_SECONDS,
    SETTLE_TIMEOUTS,
    settle_waits,
)
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.plugins.module_utils._create_once.settle import SETTLE_RECHECK_SECONDS
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
)


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
    # The created intent comes from createInstance's response, its settings from the lookup for a concurrent copy
    # that follows it: nothing is read back.
    assert graph.calls[-1] == ('GET', 'deviceManagement/intents',
                               {'$filter': "displayName eq 'Corp - BitLocker'", '$expand': 'settings'})
    assert not [call for call in graph.calls if call[1].startswith('deviceManagement/intents/')]


def test_where_graph_refuses_to_expand_settings_they_are_read_back_and_not_asked_for_again(graph):
    graph.expand_refusal = 400
    plan, intent = run(graph, settings_delta=[item(ENCRYPT, True)])
    create_at = graph.calls.index(graph.requests('POST', '/createInstance')[0])
    lookup = {'$filter': "displayName eq 'Corp - BitLocker'"}
    assert graph.calls[create_at + 1:] == [
        ('GET', 'deviceManagement/intents', dict(lookup, **{'$expand': 'settings'})),
        ('GET', 'deviceManagement/intents', lookup),
        ('GET', 'deviceManagement/intents/%s/settings' % intent['id'], None)]
    assert [(s['definitionId'], s['valueJson']) for s in intent['settings']] == [(ENCRYPT, 'true')]
    assert plan.warnings == []
    # The same client (in-process, the rest of a loop) does not ask again.
    graph.calls[:] = []
    run(graph, display_name='Corp - BitLocker 2', settings_delta=[item(ENCRYPT, True)])
    assert not [call for call in graph.calls if '$expand' in (call[2] or {})]


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
    # Before each further attempt the settle window's lookups found nothing; after the answered 500, a short window.
    waits = settle_waits(graph, None)
    assert sum(waits) >= SETTLE_TIMEOUTS * graph.timeout
    assert len(name_lookups(graph)) == 1 + 2 * len(waits) + len(settle_waits(graph, None, answered=True))
    assert graph.intents == {}


@pytest.mark.reliability('fault', 'createInstance answered 500 (nothing committed): looked up for the short window '
                                  '(10 s), then the 500 is reported; createInstance is not sent again')
def test_an_answered_500_is_looked_up_briefly_and_never_sent_again(graph):
    error = graph_error(500, method='POST', code='InternalServerError')
    graph.fail('POST', '/createInstance', error, times=99)
    with pytest.raises(type(error)) as raised:
        run(graph)
    assert raised.value is error
    assert len(graph.requests('POST', '/createInstance')) == 1
    assert SETTLE_MIN_SECONDS <= sum(graph.pauses) <= SETTLE_MIN_SECONDS + 1 and graph.intents == {}


@pytest.mark.reliability('fault', 'createInstance committed, then answered 500 (a half-made profile): found by the '
                                  'lookup, kept and brought to the task\'s options; not created twice')
def test_a_500_after_the_profile_was_made_keeps_that_profile(graph):
    graph.fail('POST', '/createInstance', graph_error(500, method='POST', code='InternalServerError'), after_effect=True)
    plan, intent = run(graph)
    assert len(graph.requests('POST', '/createInstance')) == 1
    assert list(graph.intents) == [intent['id']] and plan.actions[0] == 'create'


def test_create_refused_with_a_client_error_is_not_retried(graph):
    graph.fail('POST', '/createInstance', graph_error(400, method='POST'))
    with pytest.raises(GraphError):
        run(graph)
    assert len(graph.requests('POST')) == 1
    assert len(name_lookups(graph)) == 1


__metaclass__ = type


OTHER_TEMPLATE = '11111111-2222-3333-4444-555555555555'


NAME = 'Corp - BitLocker'
LOW_ID = '00000000-0000-0000-0000-000000000001'
HIGH_ID = 'ffffffff-0000-0000-0000-000000000001'
MIDDLE_ID = '80000000-0000-0000-0000-000000000001'
GROUP = '4c1f0b9e-8a2d-4e5f-b6c7-d8e9f0a1b2c3'


def name_lookups(graph):
    """The lookups of intents by display name (the plan's, the settle window's), not the near-miss scan."""
    return [call for call in graph.requests('GET', 'deviceManagement/intents')
            if (call[2] or {}).get('$filter', '').startswith('displayName')]


def stamp(graph, seconds):
    """The fake clock's time moved by ``seconds``, as Graph writes a DateTimeOffset."""
    return (graph.clock + datetime.timedelta(seconds=seconds)).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def store_intent(graph, intent_id, display_name=NAME, template_id=BITLOCKER, created=None, description=None):
    graph.intents[intent_id] = {'id': intent_id, 'displayName': display_name, 'description': description,
                                'templateId': template_id, 'isAssigned': False, 'roleScopeTagIds': ['0'],
                                'lastModifiedDateTime': created or stamp(graph, 0)}
    graph.intent_settings[intent_id] = []


def plan_for(graph, **options):
    return plan_intent(graph, parse_intent_inputs(dict({'display_name': NAME, 'template_id': BITLOCKER}, **options)))


def create_racing(graph, own_id, concurrent, **options):
    """Plan a create, then let createInstance give this run ``own_id`` while other runs stored ``concurrent``:
    (id, seconds of its creation relative to this run's) pairs."""
    plan = plan_for(graph, **options)
    original = graph._create_instance

    def create_during_race(template_id, body):
        created = original(template_id, body)
        del graph.intents[created['id']]
        graph.intent_settings.pop(created['id'])
        store_intent(graph, own_id, created=created['lastModifiedDateTime'], description=body.get('description'))
        for intent_id, seconds in concurrent:
            store_intent(graph, intent_id, created=stamp(graph, seconds))
        return dict(graph.intents[own_id])

    graph._create_instance = create_during_race
    return plan, apply_plan(graph, plan)


def test_a_create_without_a_twin_costs_one_lookup_and_warns_nothing(graph):
    plan, intent = create_racing(graph, MIDDLE_ID, [])
    assert intent['id'] == MIDDLE_ID and list(graph.intents) == [MIDDLE_ID]
    create_at = graph.calls.index(graph.requests('POST', '/createInstance')[0])
    assert [call[:2] for call in graph.calls[create_at + 1:]] == [('GET', 'deviceManagement/intents')]
    assert plan.warnings == [] and graph.pauses == []


@pytest.mark.reliability('concurrency', 'Two runs create the same intent: the younger copy\'s run deletes its own copy '
                                        'and keeps the one created first, whatever the ids')
def test_a_younger_copy_deletes_itself_and_keeps_the_copy_created_first(graph):
    plan, intent = create_racing(graph, LOW_ID, [(HIGH_ID, -1)])
    assert intent['id'] == HIGH_ID
    assert sorted(graph.intents) == [HIGH_ID]
    assert graph.requests('DELETE') == [('DELETE', 'deviceManagement/intents/%s' % LOW_ID, None)]
    assert plan.actions == ['create', 'delete_own_copy']
    (warning,) = plan.warnings
    assert 'first (%s); this run deleted its own copy %s' % (HIGH_ID, LOW_ID) in warning


def test_the_first_created_copy_is_kept_and_younger_ones_are_left_to_their_runs(graph):
    plan, intent = create_racing(graph, HIGH_ID, [(MIDDLE_ID, 1), (LOW_ID, 2)])
    assert intent['id'] == HIGH_ID
    assert sorted(graph.intents) == [LOW_ID, MIDDLE_ID, HIGH_ID]
    assert graph.requests('DELETE') == [] and plan.actions == ['create']
    (warning,) = plan.warnings
    assert '3 intents' in warning and 'kept its own (%s, created first)' % HIGH_ID in warning and LOW_ID in warning


def test_only_own_copy_is_deleted_among_several(graph):
    plan, intent = create_racing(graph, LOW_ID, [(MIDDLE_ID, -1), (HIGH_ID, -2)])
    assert intent['id'] == HIGH_ID
    assert sorted(graph.intents) == [MIDDLE_ID, HIGH_ID]
    assert [call[1] for call in graph.requests('DELETE')] == ['deviceManagement/intents/%s' % LOW_ID]


def test_copies_created_at_the_same_moment_are_ordered_by_id_case_insensitively(graph):
    plan, intent = create_racing(graph, LOW_ID.upper().replace('0001', 'AAAA'), [(LOW_ID, 0)])
    assert intent['id'] == LOW_ID


def test_same_name_on_another_template_is_no_twin(graph):
    store_intent(graph, LOW_ID, template_id=OTHER_TEMPLATE, created=stamp(graph, -5))
    plan, intent = create_racing(graph, HIGH_ID, [])
    assert intent['id'] == HIGH_ID and graph.requests('DELETE') == [] and plan.warnings == []


def test_a_failed_lookup_after_the_create_keeps_the_intent_and_warns(graph):
    plan = plan_for(graph)
    original = graph._create_instance

    def create_then_fail_lookup(template_id, body):
        graph.fail('GET', 'deviceManagement/intents', graph_error(503, message='unavailable'))
        return original(template_id, body)

    graph._create_instance = create_then_fail_lookup
    intent = apply_plan(graph, plan)
    assert list(graph.intents) == [intent['id']]
    (warning,) = plan.warnings
    assert 'could not look for a copy created concurrently' in warning and '503' in warning


@pytest.mark.reliability('concurrency', 'Two runs, in either order of their creates and lookups (the first run done '
                                        'before the second one\'s create lands, or the other way round): one intent '
                                        'remains')
@pytest.mark.parametrize('first_run', ['a', 'b'])
def test_two_runs_converge_in_either_interleaving(graph, first_run):
    # Both runs looked the name up before either created: both plan a create.
    plans = {'a': plan_for(graph, description='A'), 'b': plan_for(graph, description='B')}
    second_run = 'b' if first_run == 'a' else 'a'
    # The first run creates and settles (it sees only its own copy); the second run's create lands afterwards.
    first = apply_plan(graph, plans[first_run])
    assert plans[first_run].actions == ['create']
    second = apply_plan(graph, plans[second_run])
    assert list(graph.intents) == [first['id']]
    assert second['id'] == first['id']
    # The second run applied its own options to the copy it kept.
    assert plans[second_run].actions == ['create', 'delete_own_copy', 'patch']
    assert graph.intents[first['id']]['description'] == second_run.upper() == second['description']


@pytest.mark.reliability('fault', 'Adopting another run\'s copy applies this run\'s own settings, description and '
                                  'tags (one updateSettings, one PATCH), reported in actions')
def test_an_adopted_copy_gets_this_runs_settings_tags_and_assignments(graph):
    plan, intent = create_racing(graph, LOW_ID, [(HIGH_ID, -1)], description='mine', role_scope_tag_ids=['5'],
                                 settings_delta=[{'definition_id': ENCRYPT, 'value': True}])
    assert plan.actions == ['create', 'delete_own_copy', 'update_settings', 'patch']
    assert graph.intents[HIGH_ID]['description'] == 'mine' and graph.intents[HIGH_ID]['roleScopeTagIds'] == ['5']
    assert [(s['definitionId'], s['valueJson']) for s in graph.intent_settings[HIGH_ID]] == [(ENCRYPT, 'true')]
    assert intent['id'] == HIGH_ID and intent['description'] == 'mine'


@pytest.mark.reliability('concurrency', 'A lost createInstance answer while another run created the same intent: '
                                        'this run finds both, deletes its own younger copy and reports the change')
def test_a_lost_answer_beside_a_concurrent_copy_is_settled_like_any_create(graph):
    plan = plan_for(graph, description='mine')
    store_intent(graph, HIGH_ID, created=stamp(graph, -30))  # another run's, created before this run's create
    graph.fail('POST', '/createInstance', transport_error(), after_effect=True)
    intent = apply_plan(graph, plan)
    assert sorted(graph.intents) == [HIGH_ID] and intent['id'] == HIGH_ID
    assert plan.actions == ['create', 'delete_own_copy', 'patch'] and plan.changed
    assert graph.intents[HIGH_ID]['description'] == 'mine'
    assert len(graph.requests('POST', '/createInstance')) == 1


def test_a_lost_answer_with_copies_that_cannot_be_told_apart_deletes_nothing(graph):
    plan = plan_for(graph)
    original = graph._create_instance

    def two_land(template_id, body):
        created = original(template_id, body)
        store_intent(graph, HIGH_ID, created=stamp(graph, 0.5))  # a concurrent run's, also after this run's send
        return created

    graph._create_instance = two_land
    graph.fail('POST', '/createInstance', transport_error(), after_effect=True)
    apply_plan(graph, plan)
    assert len(graph.intents) == 2 and graph.requests('DELETE') == []
    assert any('none is certainly this run' in warning for warning in plan.warnings)


@pytest.mark.reliability('fault', 'A createInstance that Graph commits after the timeout (4 s with timeout 2): looked '
                                  'up over the settle window, found, never sent twice')
def test_a_create_committed_after_the_timeout_is_found_and_not_sent_again(graph):
    graph.timeout = 2
    plan = plan_for(graph)
    graph.fail('POST', '/createInstance', transport_error(), commit_after=4)
    intent = apply_plan(graph, plan)
    assert len(graph.requests('POST', '/createInstance')) == 1
    assert list(graph.intents) == [intent['id']] and plan.actions == ['create']
    assert sum(graph.pauses) >= 4 and sum(graph.pauses) <= max(SETTLE_MIN_SECONDS, SETTLE_TIMEOUTS * graph.timeout)


def test_a_create_not_found_within_the_settle_window_is_sent_again(graph):
    graph.timeout = 2
    plan = plan_for(graph)
    window = max(SETTLE_MIN_SECONDS, SETTLE_TIMEOUTS * graph.timeout)
    graph.fail('POST', '/createInstance', transport_error(), commit_after=window + 60)
    apply_plan(graph, plan)
    assert len(graph.requests('POST', '/createInstance')) == 2
    assert sum(graph.pauses) >= window


@pytest.mark.reliability('fault', 'createInstance refused with 503 and Retry-After 8: the lookup before any second '
                                  'attempt waits at least 8 s')
def test_the_settle_lookups_honour_retry_after(graph):
    plan = plan_for(graph)
    busy = graph_error(503, method='POST', code='ServiceUnavailable')
    busy.retry_after = 8.0
    graph.fail('POST', '/createInstance', busy)
    apply_plan(graph, plan)
    assert graph.pauses[0] >= 8.0
    assert len(graph.requests('POST', '/createInstance')) == 2


def test_a_connection_that_was_never_made_is_retried_at_once_without_lookups(graph):
    plan = plan_for(graph)
    refused = transport_error()
    refused.not_sent = True
    graph.fail('POST', '/createInstance', refused)
    apply_plan(graph, plan)
    assert len(graph.requests('POST', '/createInstance')) == 2
    assert len(name_lookups(graph)) == 2  # the plan's lookup and the settle lookup


@pytest.mark.reliability('fault', 'A failure after a write (assign refused with 500 after the create): changed, the '
                                  'writes made and the intent are in the failed result')
def test_a_failure_after_the_create_reports_the_change(graph):
    plan = plan_for(graph, assignments=[{'group_id': GROUP}])
    graph.fail('POST', '/assign', graph_error(500, method='POST', code='InternalServerError'), times=99)
    with pytest.raises(GraphError) as raised:
        apply_plan(graph, plan)
    done = raised.value.result_fields()
    assert done['changed'] is True and done['actions'] == ['create']
    assert done['intent']['id'] in graph.intents and done['intent']['displayName'] == NAME
    assert done['error']['status'] == 500
    # A create with assignments looked once more before it wrote to its new copy.
    assert graph.pauses == [SETTLE_RECHECK_SECONDS]
