# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The one write that is not idempotent, a create: sent again only when the first attempt cannot have been
processed, or after a settle window in which the object did not appear (a create that timed out on our side may
still be committing on Graph's); then settled against copies that concurrent runs created (settle.py)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime

from ansible_collections.msgraph.intune.plugins.module_utils._create_once.outcome import answered_failure, write_outcome_unknown
from ansible_collections.msgraph.intune.plugins.module_utils._create_once.settle import settle_created, settle_unknown
from ansible_collections.msgraph.intune.plugins.module_utils._errors import GraphError, GraphTransportError, TaskError
from ansible_collections.msgraph.intune.plugins.module_utils._odata import datetime_offset

# After a create whose outcome is unknown, the object is looked up again and again for SETTLE_TIMEOUTS times the
# timeout option (at least SETTLE_MIN_SECONDS) before a second create may be sent: a commit up to that late is found
# instead of duplicated. After an answered failure (500, say) it is looked up for SETTLE_MIN_SECONDS only, and the
# create is not sent again.
SETTLE_TIMEOUTS = 3
SETTLE_MIN_SECONDS = 10.0
# How much earlier than this run's create a copy may carry its creation time and still be taken for this run's own
# (the clocks of the controller and of Graph differ a little).
CLOCK_MARGIN = datetime.timedelta(seconds=1)


def create_once(client, target, recheck=False):
    """Create ``target`` (a CreateTarget) exactly once in spirit and return the CreateOutcome; ``recheck``: the
    caller writes to the object afterwards (see settle.settle_created)."""
    last_error = None
    for attempt in range(client.max_retries + 1):
        sent_at = client.now()
        try:
            answer = target.send(client)
        except GraphError as exc:
            last_error = exc
            if isinstance(exc, GraphTransportError) and exc.not_sent:
                client.pause(client.retry_wait(attempt))  # no request reached Graph: sending it again is safe
                continue
            if not write_outcome_unknown(exc):
                raise
            outcome = _await_unknown_create(client, target, exc, sent_at)
            if outcome is not None:
                return outcome
            if answered_failure(exc):
                raise
            continue
        created = target.created(answer)
        if isinstance(created, dict) and created.get('id'):
            return settle_created(client, target, created, recheck)
        outcome = _await_unknown_create(client, target, None, sent_at)
        if outcome is None:
            raise TaskError('%s answered without the created %s and no %s named %r appeared on %s'
                            % (target.request, target.noun, target.noun, target.name, target.scope))
        return outcome
    raise last_error


def settle_waits(client, retry_after, answered=False):
    """The waits before each lookup of the settle window: the first honours Retry-After, then they grow.
    ``answered``: the create failed with an answer (not a timeout, a dropped connection or 503/504), so whatever it
    wrote is there already and a short window suffices."""
    window = SETTLE_MIN_SECONDS if answered else max(SETTLE_MIN_SECONDS, SETTLE_TIMEOUTS * client.timeout)
    waits, total = [], 0.0
    while total < window:
        wait = client.retry_wait(len(waits), retry_after if not waits else None)
        if waits:
            wait = min(wait, window - total)
        waits.append(wait)
        total += wait
    return waits


def _await_unknown_create(client, target, error, sent_at):
    """The outcome once the copy this create may have made appeared, else None (nothing appeared in the window).

    A copy that appeared but is older than this create is another run's: the lookups go on for the window, so
    that this run's own copy, committing late, is found and settled too.
    """
    copies = []
    earliest_own = sent_at - CLOCK_MARGIN

    def possibly_own(entity):
        created = datetime_offset(target.created_at(entity))
        return created is not None and created >= earliest_own

    answered = error is not None and answered_failure(error)
    for wait in settle_waits(client, error.retry_after if error is not None else None, answered):
        client.pause(wait)
        copies = target.find_copies(client)
        if any(possibly_own(entity) for entity in copies):
            break
    if not copies:
        return None
    return settle_unknown(client, target, copies, possibly_own)
