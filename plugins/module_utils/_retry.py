# -*- coding: utf-8 -*-
# Copyright: msgraph.intune contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY: this file may change without notice.

"""The retry policy of the Graph client, declared once: which failures are retried and how long to wait."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime
import email.utils
import random
import re
import time

_RETRY_AFTER_SECONDS = re.compile(r'^\d+(\.\d+)?$')


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header: integer or fractional seconds, or an HTTP date.

    `now` is a POSIX timestamp (default: the current time). Returns None for a missing or unusable value.
    """
    if value is None:
        return None
    value = str(value).strip()
    if _RETRY_AFTER_SECONDS.match(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        # RFC 9110 dates are GMT; parsedate_to_datetime leaves "-0000" naive.
        when = when.replace(tzinfo=datetime.timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class RetryPolicy(object):
    """Which failures are retried and how long to wait; one instance serves every request of a client.

    Transient failures (503, 504, a dropped connection, a timeout) are repeated at most ``max_retries`` times.
    Throttling (429) ends by itself, and parallel runs (forks) share Intune's limits, so it is repeated up to
    THROTTLE_RETRIES_PER_RETRY times as often. Both stop when the waits of one request would exceed ``budget``. Every
    wait honours Retry-After, never earlier, and adds a random jitter on top of it: forks told to come back at the
    same moment then do not all come back together and meet the limit again.
    """

    RETRY_STATUSES = frozenset((429, 503, 504))
    THROTTLE_RETRIES_PER_RETRY = 10

    def __init__(self, max_retries, floor=1.0, cap=60.0, budget=300.0, random_fraction=random.random,
                 jitter_fraction=random.random):
        self.max_retries = max_retries
        self.floor = floor  # shortest wait, also when Retry-After says 0
        self.cap = cap  # longest backoff step (Retry-After is honoured up to the budget)
        self.budget = budget  # longest total wait for one call
        self.random_fraction = random_fraction  # backoff jitter
        self.jitter_fraction = jitter_fraction  # jitter on top of Retry-After

    @property
    def max_throttled_retries(self):
        return self.max_retries * self.THROTTLE_RETRIES_PER_RETRY

    def is_retryable_status(self, status, idempotent):
        # 429 means the request was refused before it was processed, so even a non-idempotent one can be repeated.
        return status == 429 or (idempotent and status in self.RETRY_STATUSES)

    def backoff(self, retry_number):
        """Exponential backoff with jitter: between half and all of floor * 2**n, within [floor, cap]."""
        ceiling = self.floor * (2 ** retry_number)
        return max(self.floor, min(self.cap, ceiling * (0.5 + 0.5 * self.random_fraction())))

    def after(self, retry_after):
        """The wait for a Retry-After: never less than it (nor than the floor), plus a jitter of up to half of it,
        and at least up to the floor."""
        base = max(self.floor, retry_after)
        return base + max(self.floor, base / 2.0) * self.jitter_fraction()

    def wait(self, retry_number, retry_after=None):
        """The wait before a retry that the caller decides on: Retry-After when Graph gave one, else the backoff."""
        return self.backoff(retry_number) if retry_after is None else self.after(retry_after)

    def delay(self, retries_done, waited, retry_after=None, throttled=False):
        """(seconds, None) to wait before the next attempt, or (None, reason) when it should not be made.

        ``retries_done`` counts the retries of the same kind (throttled or not) made so far for this call.
        """
        limit = self.max_throttled_retries if throttled else self.max_retries
        if retries_done >= limit:
            return None, 'gave up after %d %sretries' % (retries_done, 'throttled ' if throttled else '')
        remaining = self.budget - waited
        if retry_after is None:
            seconds = min(self.backoff(retries_done), remaining)
            if seconds < self.floor:
                return None, 'retry budget of %g s used up' % self.budget
            return seconds, None
        if max(self.floor, retry_after) > remaining:
            return None, 'Graph asked to retry after %g s, longer than the %g s left of the %g s retry budget' % (
                retry_after, remaining, self.budget)
        return min(self.after(retry_after), remaining), None
