# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Settling a create against concurrent copies, with intents as the target (_intents/create.IntentCreate): the copy
created first is kept, a run deletes only its own copy."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError
from ansible_collections.msgraph.intune.plugins.module_utils._intents.inputs import parse_intent_inputs
from ansible_collections.msgraph.intune.plugins.module_utils._intents.plan import plan_intent
from ansible_collections.msgraph.intune.plugins.module_utils._create_once import settle
from ansible_collections.msgraph.intune.plugins.module_utils._create_once.settle import LATEST, SETTLE_RECHECK_SECONDS
from ansible_collections.msgraph.intune.plugins.module_utils._intents.create import IntentCreate
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error
from ansible_collections.msgraph.intune.tests.unit.utils.intent_data import BITLOCKER, NEW_BASELINE, template_graph

UTC = datetime.timezone.utc
NAME = 'Corp - BitLocker'
LOW_ID = '00000000-0000-0000-0000-000000000001'
MIDDLE_ID = '80000000-0000-0000-0000-000000000001'
HIGH_ID = 'ffffffff-0000-0000-0000-000000000001'
T0 = '2026-12-01T12:00:00Z'
INTENTS = 'deviceManagement/intents'


def creation_key(intent, created_at=None):
    return settle.creation_key(IntentCreate, intent, created_at)


def settle_created(graph, plan, created, recheck=False):
    return settle.settle_created(graph, IntentCreate(plan), created, recheck)


def settle_unknown(graph, plan, copies, possibly_own):
    return settle.settle_unknown(graph, IntentCreate(plan), copies, possibly_own)


def at(seconds):
    """T0 moved by ``seconds``, as Graph writes a DateTimeOffset (seven fraction digits)."""
    when = datetime.datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC) + datetime.timedelta(seconds=seconds)
    return when.strftime('%Y-%m-%dT%H:%M:%S.%f') + '0Z'


def copy_of(intent_id, seconds, display_name=NAME, template_id=BITLOCKER):
    return {'id': intent_id, 'displayName': display_name, 'templateId': template_id, 'description': None,
            'roleScopeTagIds': ['0'], 'lastModifiedDateTime': at(seconds)}


def listed(created, settings=()):
    """The create's answer with the settings that the lookup after it expanded."""
    return dict(created, settings=list(settings))


def store(graph, intent):
    graph.intents[intent['id']] = dict(intent)
    graph.intent_settings[intent['id']] = []
    return intent


@pytest.fixture
def graph():
    return template_graph()


@pytest.fixture
def plan(graph):
    """A plan that creates NAME on BitLocker (nothing has that name yet); the planning requests are forgotten."""
    planned = plan_intent(graph, parse_intent_inputs({'display_name': NAME, 'template_id': BITLOCKER}))
    assert planned.actions == ['create']
    graph.calls[:] = []
    return planned


def deletes(graph):
    return [call[1] for call in graph.requests('DELETE')]


def name_lookups(graph):
    return [call for call in graph.requests('GET', INTENTS) if call[1] == INTENTS]


def kept_own_warning(count, own_id, others):
    return ('%d intents named %r on template %s were created concurrently; this run kept its own (%s, created first) '
            'and left %s to the runs that created them' % (count, NAME, BITLOCKER, own_id, others))


def deleted_own_warning(first_id, own_id):
    return ('another run created intent %r on template %s first (%s); this run deleted its own copy %s and applied '
            'its options to that one' % (NAME, BITLOCKER, first_id, own_id))


# --- creation_key ----------------------------------------------------------------------------------------------


def test_the_key_is_the_last_modified_time_then_the_lower_case_id():
    assert creation_key({'id': 'ABC', 'lastModifiedDateTime': T0}) == (datetime.datetime(2026, 12, 1, 12, tzinfo=UTC),
                                                                       'abc')


def test_a_known_creation_time_replaces_the_last_modified_time():
    key = creation_key({'id': 'x', 'lastModifiedDateTime': at(60)}, created_at=at(-60))
    assert key == (datetime.datetime(2026, 12, 1, 11, 59, tzinfo=UTC), 'x')


def test_times_compare_as_instants_whatever_their_offset_and_fraction_digits():
    # 12:30 at +01:00 is 11:30 UTC: before T0, although its text sorts after it.
    assert creation_key({'id': 'b', 'lastModifiedDateTime': '2026-12-01T12:30:00+01:00'}) < creation_key(
        {'id': 'a', 'lastModifiedDateTime': T0})
    assert creation_key({'id': 'b', 'lastModifiedDateTime': '2026-12-01T12:00:00.0000001Z'}) < creation_key(
        {'id': 'a', 'lastModifiedDateTime': '2026-12-01T12:00:00.000010Z'})


@pytest.mark.parametrize('intent', [{'id': 'a'}, {'id': 'a', 'lastModifiedDateTime': None},
                                    {'id': 'a', 'lastModifiedDateTime': 'yesterday'}],
                         ids=['missing', 'null', 'not a time'])
def test_a_copy_without_a_readable_time_counts_as_created_last(intent):
    assert creation_key(intent) == (LATEST, 'a')
    assert creation_key({'id': 'z', 'lastModifiedDateTime': '9999-12-31T23:59:59Z'}) < creation_key(intent)


# --- settle_created: this run knows its own copy -----------------------------------------------------------------


def test_alone_the_run_keeps_its_copy_after_one_lookup_and_says_nothing(graph, plan):
    created = store(graph, copy_of(MIDDLE_ID, 0))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity == listed(created) and outcome.actions == ['create'] and outcome.adopted is False
    assert [call[:2] for call in graph.calls] == [('GET', INTENTS)]
    # The lookup brings the copy's settings too: the result needs them, and the create's answer lacks them.
    assert graph.calls[0][2] == {'$filter': "displayName eq 'Corp - BitLocker'", '$expand': 'settings'}
    assert plan.warnings == [] and graph.pauses == [] and list(graph.intents) == [MIDDLE_ID]


def test_alone_with_recheck_the_run_looks_again_after_the_recheck_delay(graph, plan):
    created = store(graph, copy_of(MIDDLE_ID, 0))
    outcome = settle_created(graph, plan, created, recheck=True)
    assert outcome.entity == listed(created) and outcome.actions == ['create'] and not outcome.adopted
    assert graph.pauses == [SETTLE_RECHECK_SECONDS] and len(name_lookups(graph)) == 2
    assert deletes(graph) == [] and plan.warnings == []


def test_an_older_copy_that_lands_during_the_recheck_wins(graph, plan):
    created = store(graph, copy_of(LOW_ID, 0))
    pause = graph.pause

    def another_run_lands(seconds):
        pause(seconds)
        store(graph, copy_of(HIGH_ID, -1))  # created a second before this run's copy, listed only now

    graph.pause = another_run_lands
    outcome = settle_created(graph, plan, created, recheck=True)
    assert outcome.entity['id'] == HIGH_ID and outcome.adopted is True
    assert outcome.actions == ['create', 'delete_own_copy']
    assert deletes(graph) == ['%s/%s' % (INTENTS, LOW_ID)] and list(graph.intents) == [HIGH_ID]
    assert plan.warnings == [deleted_own_warning(HIGH_ID, LOW_ID)]


def test_the_first_copy_is_the_runs_own_younger_ones_are_left_to_their_runs(graph, plan):
    created = store(graph, copy_of(HIGH_ID, 0))
    store(graph, copy_of(MIDDLE_ID, 1))
    store(graph, copy_of(LOW_ID, 2))
    outcome = settle_created(graph, plan, created, recheck=True)
    assert outcome.entity == listed(created) and outcome.actions == ['create'] and outcome.adopted is False
    assert deletes(graph) == [] and sorted(graph.intents) == [LOW_ID, MIDDLE_ID, HIGH_ID]
    # Others are listed by id; with a twin already seen there is no second look.
    assert plan.warnings == [kept_own_warning(3, HIGH_ID, '%s, %s' % (LOW_ID, MIDDLE_ID))]
    assert graph.pauses == [] and len(name_lookups(graph)) == 1


def test_a_younger_own_copy_is_deleted_and_the_first_copy_adopted(graph, plan):
    first = store(graph, copy_of(HIGH_ID, -2))
    store(graph, copy_of(MIDDLE_ID, 5))  # another run's, younger: not this run's to delete
    created = store(graph, copy_of(LOW_ID, 0))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity == listed(first) and outcome.adopted is True
    assert outcome.actions == ['create', 'delete_own_copy']
    assert deletes(graph) == ['%s/%s' % (INTENTS, LOW_ID)]
    assert sorted(graph.intents) == [MIDDLE_ID, HIGH_ID]
    assert plan.warnings == [deleted_own_warning(HIGH_ID, LOW_ID)]


def test_the_own_copy_counts_from_the_create_answer_not_from_its_listed_time(graph, plan):
    # The answer says T0; by the lookup the copy was changed (listed at T0 + 10 s). Another copy from T0 + 5 s is
    # younger than this run's, whatever the listing says.
    created = copy_of(LOW_ID, 0)
    store(graph, copy_of(LOW_ID, 10))
    store(graph, copy_of(HIGH_ID, 5))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity == listed(created) and outcome.actions == ['create'] and not outcome.adopted
    assert deletes(graph) == [] and plan.warnings == [kept_own_warning(2, LOW_ID, HIGH_ID)]


def test_copies_of_the_same_moment_are_ordered_by_id_whatever_its_case(graph, plan):
    created = store(graph, copy_of(HIGH_ID.upper(), 0))
    store(graph, copy_of(LOW_ID, 0))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity['id'] == LOW_ID and outcome.adopted is True
    assert deletes(graph) == ['%s/%s' % (INTENTS, HIGH_ID.upper())]


def test_the_own_copy_listed_with_another_case_is_one_copy(graph, plan):
    created = copy_of(HIGH_ID.upper(), 0)
    store(graph, copy_of(HIGH_ID, 0))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity == listed(created) and outcome.actions == ['create']
    assert deletes(graph) == [] and plan.warnings == []


@pytest.mark.parametrize('other', [copy_of(HIGH_ID, -5, template_id=NEW_BASELINE),
                                   copy_of(HIGH_ID, -5, display_name=NAME.lower()),
                                   copy_of(HIGH_ID, -5, display_name=NAME + ' (copy)')],
                         ids=['other template', 'name in another case', 'longer name'])
def test_an_older_intent_that_is_not_a_copy_is_ignored(graph, plan, other):
    store(graph, other)
    created = store(graph, copy_of(LOW_ID, 0))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity == listed(created) and outcome.actions == ['create'] and not outcome.adopted
    assert deletes(graph) == [] and plan.warnings == [] and sorted(graph.intents) == [LOW_ID, HIGH_ID]


def test_a_failed_lookup_keeps_the_own_copy_and_says_so(graph, plan):
    created = store(graph, copy_of(LOW_ID, 0))
    store(graph, copy_of(HIGH_ID, -1))
    error = graph_error(503, path=INTENTS, code='ServiceUnavailable', message='unavailable')
    graph.fail('GET', INTENTS, error)
    outcome = settle_created(graph, plan, created, recheck=True)
    assert outcome.entity is created and outcome.actions == ['create'] and not outcome.adopted
    assert deletes(graph) == [] and graph.pauses == []
    assert plan.warnings == ['created intent %s (%r), but could not look for a copy created concurrently by another '
                             'run: %s' % (LOW_ID, NAME, error)]


def test_a_refused_filter_lists_every_intent_and_still_finds_the_older_copy(graph, plan):
    graph.filter_refusal = 500
    store(graph, copy_of(HIGH_ID, -1))
    created = store(graph, copy_of(LOW_ID, 0))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity['id'] == HIGH_ID and outcome.adopted is True
    assert deletes(graph) == ['%s/%s' % (INTENTS, LOW_ID)]
    assert plan.warnings == [
        'Graph refused the displayName filter on deviceManagement/intents (HTTP 500); all intents were listed and '
        'matched locally instead',
        deleted_own_warning(HIGH_ID, LOW_ID)]


def test_an_own_copy_already_gone_still_adopts_the_first(graph, plan):
    store(graph, copy_of(HIGH_ID, -1))
    created = store(graph, copy_of(LOW_ID, 0))
    graph.fail('DELETE', LOW_ID, graph_error(404, method='DELETE', code='ResourceNotFound'))
    outcome = settle_created(graph, plan, created)
    assert outcome.entity['id'] == HIGH_ID and outcome.actions == ['create', 'delete_own_copy'] and outcome.adopted


def test_a_refused_delete_of_the_own_copy_fails_and_touches_nothing_else(graph, plan):
    store(graph, copy_of(HIGH_ID, -1))
    created = store(graph, copy_of(LOW_ID, 0))
    error = graph_error(500, method='DELETE', code='InternalServerError')
    graph.fail('DELETE', LOW_ID, error)
    with pytest.raises(GraphError) as raised:
        settle_created(graph, plan, created)
    assert raised.value is error
    assert sorted(graph.intents) == [LOW_ID, HIGH_ID] and plan.warnings == []


# --- settle_unknown: the create's answer was lost -----------------------------------------------------------------


def own_after(seconds):
    """possibly_own: the copies created at or after T0 + ``seconds`` (when this run's createInstance was sent)."""
    return lambda intent: creation_key(intent)[0] >= creation_key({'lastModifiedDateTime': at(seconds)})[0]


def test_a_single_copy_made_after_the_send_is_the_runs_own(graph, plan):
    own = copy_of(LOW_ID, 1)
    outcome = settle_unknown(graph, plan, [own], own_after(0))
    assert outcome.entity is own and outcome.actions == ['create'] and outcome.adopted is False
    assert graph.calls == [] and plan.warnings == []


def test_the_own_copy_created_first_is_kept_and_the_others_named(graph, plan):
    own, later, latest = copy_of(MIDDLE_ID, 1), copy_of(HIGH_ID, 2), copy_of(LOW_ID, 3)
    outcome = settle_unknown(graph, plan, [latest, own, later], lambda intent: intent is own)
    assert outcome.entity is own and outcome.actions == ['create'] and outcome.adopted is False
    assert graph.calls == []
    assert plan.warnings == [kept_own_warning(3, MIDDLE_ID, '%s, %s' % (LOW_ID, HIGH_ID))]


def test_an_own_copy_younger_than_another_runs_is_deleted(graph, plan):
    first, own = store(graph, copy_of(HIGH_ID, -30)), store(graph, copy_of(LOW_ID, 1))
    outcome = settle_unknown(graph, plan, [own, first], own_after(0))
    assert outcome.entity is first and outcome.actions == ['create', 'delete_own_copy'] and outcome.adopted is True
    assert deletes(graph) == ['%s/%s' % (INTENTS, LOW_ID)] and list(graph.intents) == [HIGH_ID]
    assert plan.warnings == [deleted_own_warning(HIGH_ID, LOW_ID)]


def test_a_copy_made_before_the_send_is_adopted_without_a_word(graph, plan):
    # The create never landed; another run's copy from before this run's send is the intent to bring to the options.
    other = copy_of(HIGH_ID, -30)
    outcome = settle_unknown(graph, plan, [other], own_after(0))
    assert outcome.entity is other and outcome.actions == ['create'] and outcome.adopted is True
    assert graph.calls == [] and plan.warnings == []


@pytest.mark.parametrize('copies, possibly_own', [
    ([copy_of(HIGH_ID, 1), copy_of(LOW_ID, 2)], own_after(0)),
    ([copy_of(HIGH_ID, -5), copy_of(LOW_ID, -2)], own_after(0)),
], ids=['two after the send', 'none after the send'])
def test_copies_that_cannot_be_told_apart_are_all_kept(graph, plan, copies, possibly_own):
    for intent in copies:
        store(graph, intent)
    outcome = settle_unknown(graph, plan, copies, possibly_own)
    assert outcome.entity is copies[0] and outcome.actions == ['create'] and outcome.adopted is True
    assert deletes(graph) == [] and sorted(graph.intents) == [LOW_ID, HIGH_ID]
    assert plan.warnings == [
        "2 intents named %r on template %s exist after a createInstance whose answer was lost, and none is certainly "
        "this run's: this run kept %s (created first), applied its options to it, and deleted nothing; the others: %s"
        % (NAME, BITLOCKER, HIGH_ID, LOW_ID)]
