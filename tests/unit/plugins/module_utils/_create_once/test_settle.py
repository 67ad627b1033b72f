# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Settling a create against concurrent copies: the copy created first is kept, a run deletes only its own."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.settle import (
    LATEST,
    SETTLE_RECHECK_SECONDS,
    creation_key,
    settle_created,
    settle_unknown,
)
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error


def test_creation_key_orders_by_time_then_id(target):
    assert creation_key(target, {'id': 'B', 'createdAt': '2026-01-01T00:00:00Z'}) == (
        datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc), 'b')
    assert creation_key(target, {'id': 'x', 'createdAt': 'yesterday'}) == (LATEST, 'x')
    assert creation_key(target, {'id': 'x'}, created_at='2026-01-01T01:00:00+01:00')[0] == \
        datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def test_alone_nothing_to_settle(client, target):
    own = target.make()
    outcome = settle_created(client, target, own)
    assert (outcome.entity, outcome.actions, outcome.adopted) == (own, ['create'], False)
    assert target.lookups == 1 and client.pauses == [] and target.warnings == []


def test_alone_with_a_recheck_looks_again_after_a_pause(client, target):
    own = target.make()
    settle_created(client, target, own, recheck=True)
    assert target.lookups == 2 and client.pauses == [SETTLE_RECHECK_SECONDS]


def test_a_copy_that_appears_during_the_recheck_is_settled(client, target):
    own = target.make('w-own')
    original = target.find_copies

    def older_on_second_look(client_):
        if target.lookups == 1:
            target.make('w-older', seconds=-10)
        return original(client_)

    target.find_copies = older_on_second_look
    outcome = settle_created(client, target, own, recheck=True)
    assert outcome.entity['id'] == 'w-older' and target.deleted == ['w-own'] and outcome.adopted


def test_a_concurrent_older_copy_own_deleted_and_adopted(client, target):
    older = target.make('w-older', seconds=-1)
    own = target.make('w-own')
    outcome = settle_created(client, target, own)
    assert target.deleted == ['w-own'] and list(target.store) == ['w-older']
    assert (outcome.entity, outcome.actions, outcome.adopted) == (older, ['create', 'delete_own_copy'], True)
    (warning,) = target.warnings
    assert warning == ("another run created widget 'W' on shelf 1 first (w-older); this run deleted its own copy w-own "
                       "and applied its options to that one")


def test_own_copy_first_is_kept_and_younger_ones_are_left(client, target):
    own = target.make('w-own')
    target.make('w-young', seconds=3)
    target.make('w-younger', seconds=4)
    outcome = settle_created(client, target, own)
    assert outcome.entity is own and outcome.actions == ['create'] and not outcome.adopted
    assert target.deleted == [] and len(target.store) == 3
    assert target.warnings == ["3 widgets named 'W' on shelf 1 were created concurrently; this run kept its own "
                               "(w-own, created first) and left w-young, w-younger to the runs that created them"]


def test_same_time_falls_back_to_the_id(client, target):
    own = target.make('B-own')
    target.make('a-other')
    outcome = settle_created(client, target, own)
    assert outcome.entity['id'] == 'a-other' and target.deleted == ['B-own']


def test_a_failed_lookup_keeps_own_copy_and_warns(client, target):
    own = target.make('w-own')
    target.lookup_error = graph_error(503, message='unavailable')
    outcome = settle_created(client, target, own, recheck=True)
    assert outcome.entity is own and outcome.actions == ['create'] and target.deleted == []
    (warning,) = target.warnings
    assert warning.startswith("created widget w-own ('W'), but could not look for a copy created concurrently by "
                              "another run: ") and '503' in warning


def possibly_own_after(target, client, seconds):
    boundary = client.clock + datetime.timedelta(seconds=seconds)

    def possibly_own(entity):
        return creation_key(target, entity)[0] >= boundary
    return possibly_own


def test_unknown_with_one_own_copy_that_is_first(client, target):
    own = target.make('w-own', seconds=1)
    outcome = settle_unknown(client, target, [own], possibly_own_after(target, client, 0))
    assert (outcome.entity, outcome.actions, outcome.adopted) == (own, ['create'], False)
    assert target.warnings == [] and target.deleted == []


def test_unknown_with_an_older_copy_deletes_own_and_adopts(client, target):
    older = target.make('w-older', seconds=-5)
    own = target.make('w-own', seconds=1)
    outcome = settle_unknown(client, target, [own, older], possibly_own_after(target, client, 0))
    assert (outcome.entity, outcome.actions, outcome.adopted) == (older, ['create', 'delete_own_copy'], True)
    assert target.deleted == ['w-own']


def test_ambiguous_copies_nothing_deleted_and_a_warning(client, target):
    first = target.make('w-1', seconds=1)
    second = target.make('w-2', seconds=2)
    outcome = settle_unknown(client, target, [second, first], possibly_own_after(target, client, 0))
    assert (outcome.entity, outcome.actions, outcome.adopted) == (first, ['create'], True)
    assert target.deleted == [] and len(target.store) == 2
    assert target.warnings == [
        "2 widgets named 'W' on shelf 1 exist after a POST widgets whose answer was lost, and none is certainly this "
        "run's: this run kept w-1 (created first), applied its options to it, and deleted nothing; the others: w-2"]


def test_only_older_copies_the_first_is_adopted(client, target):
    old = target.make('w-old', seconds=-9)
    outcome = settle_unknown(client, target, [old], possibly_own_after(target, client, 0))
    assert (outcome.entity, outcome.actions, outcome.adopted) == (old, ['create'], True)
    assert target.warnings == [] and target.deleted == []
