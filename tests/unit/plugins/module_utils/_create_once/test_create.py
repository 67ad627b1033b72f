# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""create_once: a create never repeated while it may still commit, with a tiny CreateTarget."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.create import (
    SETTLE_MIN_SECONDS,
    create_once,
    settle_waits,
)
from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, GraphTransportError, TaskError
from ansible_collections.msgraph.intune.tests.unit.utils.fake_graph import graph_error, transport_error


def not_sent():
    return GraphTransportError('connection', 'connection refused', method='POST', url='https://127.0.0.1/beta/w',
                               not_sent=True)


def test_settle_waits():
    client = type('C', (), {'timeout': 30, 'retry_wait': staticmethod(lambda n, after=None: after or float(2 ** n))})()
    assert settle_waits(client, None) == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 27.0]
    assert settle_waits(client, None, answered=True) == [1.0, 2.0, 4.0, 3.0]
    assert settle_waits(client, 7.0) == [7.0, 2.0, 4.0, 8.0, 16.0, 32.0, 21.0]
    client.timeout = 1
    assert sum(settle_waits(client, None)) == SETTLE_MIN_SECONDS


def test_a_create_answered_with_the_object(client, target):
    outcome = create_once(client, target)
    assert (outcome.entity['id'], outcome.actions, outcome.adopted) == ('w-1', ['create'], False)
    assert (target.sends, target.lookups, client.pauses, target.deleted) == (1, 1, [], [])
    assert target.warnings == []


@pytest.mark.parametrize('error', [transport_error(), graph_error(504, method='POST', code='GatewayTimeout')])
def test_a_lost_response_found_in_the_settle_window_is_not_sent_again(client, target, error):
    target.failures.append((error, True))
    outcome = create_once(client, target)
    assert target.sends == 1 and list(target.store) == ['w-1']
    assert (outcome.entity['id'], outcome.actions, outcome.adopted) == ('w-1', ['create'], False)
    # Found at the first lookup of the window.
    assert client.pauses == [1.0] and target.lookups == 1


def test_a_late_commit_is_found_later_in_the_window(client, target):
    target.failures.append((transport_error(), 'late'))
    outcome = create_once(client, target)
    assert target.sends == 1 and outcome.entity['id'] == 'w-1'
    assert client.pauses == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0]


def test_nothing_appears_in_the_window_then_the_create_is_sent_again(client, target):
    target.failures.append((transport_error(), False))
    outcome = create_once(client, target)
    assert target.sends == 2 and outcome.entity['id'] == 'w-1' and outcome.actions == ['create']
    assert client.pauses == settle_waits(client, None) and sum(client.pauses) == 3 * client.timeout


def test_retry_after_sets_the_first_wait(client, target):
    error = graph_error(503, method='POST', code='ServiceUnavailable')
    error.retry_after = 7.0
    target.failures.append((error, True))
    create_once(client, target)
    assert client.pauses == [7.0] and target.sends == 1


def test_an_answered_500_is_looked_up_briefly_and_never_sent_again(client, target):
    error = graph_error(500, method='POST', code='InternalServerError')
    target.failures.append((error, False))
    with pytest.raises(GraphError) as raised:
        create_once(client, target)
    assert raised.value is error
    assert target.sends == 1 and client.pauses == [1.0, 2.0, 4.0, 3.0] and target.lookups == 4
    assert sum(client.pauses) == SETTLE_MIN_SECONDS


def test_an_answered_500_that_made_the_object_keeps_it(client, target):
    target.failures.append((graph_error(500, method='POST', code='InternalServerError'), True))
    outcome = create_once(client, target)
    assert target.sends == 1 and outcome.entity['id'] == 'w-1' and client.pauses == [1.0]


def test_a_request_that_was_never_sent_is_sent_again_at_once(client, target):
    target.failures.append((not_sent(), False))
    outcome = create_once(client, target)
    assert target.sends == 2 and outcome.entity['id'] == 'w-1'
    # One retry wait, no settle window: nothing can have been created.
    assert client.pauses == [1.0] and target.lookups == 1


def test_a_request_never_sent_gives_up_after_the_retries(client, target):
    errors = [not_sent() for dummy in range(3)]
    target.failures.extend((error, False) for error in errors)
    with pytest.raises(GraphTransportError) as raised:
        create_once(client, target)
    assert raised.value is errors[-1] and target.sends == 3 and target.lookups == 0
    assert client.pauses == [1.0, 2.0, 4.0]


@pytest.mark.parametrize('status', [400, 403, 409, 429])
def test_a_client_error_is_raised_without_a_lookup(client, target, status):
    error = graph_error(status, method='POST')
    target.failures.append((error, False))
    with pytest.raises(GraphError) as raised:
        create_once(client, target)
    assert raised.value is error and target.sends == 1 and target.lookups == 0 and client.pauses == []


def test_a_refused_redirect_is_raised_without_a_lookup(client, target):
    error = GraphTransportError('redirect', 'redirect refused', method='POST')
    target.failures.append((error, False))
    with pytest.raises(GraphTransportError):
        create_once(client, target)
    assert target.sends == 1 and target.lookups == 0


def test_an_answer_without_the_object_is_looked_up(client, target):
    target.answer_without_entity = True
    outcome = create_once(client, target)
    assert outcome.entity['id'] == 'w-1' and target.sends == 1 and client.pauses == [1.0]


def test_an_answer_without_the_object_and_nothing_found(client, target):
    target.answer_without_entity = True
    target.make = lambda *args, **kwargs: {'id': None}
    with pytest.raises(TaskError) as raised:
        create_once(client, target)
    assert str(raised.value) == ("POST widgets answered without the created widget and no widget named 'W' appeared "
                                 "on shelf 1")
    assert target.sends == 1


def test_a_concurrent_older_copy_wins_over_a_lost_create(client, target):
    older = target.make('w-older', seconds=-5)
    target.failures.append((transport_error(), True))
    outcome = create_once(client, target)
    assert target.sends == 1
    assert target.deleted == ['w-2'] and list(target.store) == ['w-older']
    assert (outcome.entity, outcome.actions, outcome.adopted) == (older, ['create', 'delete_own_copy'], True)
    assert target.warnings == ["another run created widget 'W' on shelf 1 first (w-older); this run deleted its own "
                               "copy w-2 and applied its options to that one"]
