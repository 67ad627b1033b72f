# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The retry policy: Retry-After parsing, backoff, the budget; listed cases and any input (hypothesis)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import email.utils
import math

import pytest
from hypothesis import given, strategies as st

from ansible_collections.msgraph.intune.plugins.module_utils._retry import RetryPolicy, parse_retry_after


@pytest.mark.parametrize('value, expected', [
    ('5', 5.0),
    ('2.128', 2.128),
    ('0', 0.0),
    (' 7 ', 7.0),
    (None, None),
    ('', None),
    ('soon', None),
    ('-1', None),
    ('1e3', None),
    ('nan', None),
    ('Wed, 32 Oct 2026 07:28:00 GMT', None),
])
def test_parse_retry_after_seconds_and_garbage(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date():
    now = 1800000000.0
    assert parse_retry_after(email.utils.formatdate(now + 42, usegmt=True), now=now) == 42.0
    assert parse_retry_after(email.utils.formatdate(now - 42, usegmt=True), now=now) == 0.0


def test_backoff_jitter_stays_between_half_and_full_and_under_the_cap():
    policy = RetryPolicy(10, random_fraction=lambda: 0.0)
    assert [policy.backoff(n) for n in range(8)] == [1.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0]
    policy.random_fraction = lambda: 1.0
    assert [policy.backoff(n) for n in range(8)] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]


@given(st.one_of(st.none(), st.text(), st.integers().map(str), st.floats().map(str), st.binary().map(repr)))
@pytest.mark.reliability('properties', 'Retry-After parsing: never raises, never a negative wait')
def test_retry_after_parsing_never_raises_and_never_gives_a_negative_wait(value):
    seconds = parse_retry_after(value, now=1700000000.0)
    assert seconds is None or seconds >= 0


@given(st.floats(min_value=0) | st.none(), st.integers(min_value=0, max_value=30), st.floats(min_value=0, max_value=1e6))
@pytest.mark.reliability('properties', 'Retry delay: a wait within [floor, what is left of the budget] or a reason '
                                       'to stop, for any Retry-After')
def test_retry_delay_is_a_bounded_wait_or_a_reason(retry_after, retries_done, waited):
    policy = RetryPolicy(max_retries=5, random_fraction=lambda: 0.5)
    seconds, reason = policy.delay(retries_done, waited, retry_after)
    if seconds is None:
        assert reason
    else:
        assert policy.floor <= seconds <= policy.budget - waited and math.isfinite(seconds) and reason is None


def test_the_wait_for_a_retry_after_is_never_earlier_and_spreads_by_up_to_half():
    policy = RetryPolicy(5, jitter_fraction=lambda: 0.0)
    assert [policy.after(value) for value in (0, 0.4, 1, 8, 120)] == [1.0, 1.0, 1.0, 8.0, 120.0]
    policy.jitter_fraction = lambda: 1.0
    assert [policy.after(value) for value in (0, 0.4, 1, 8, 120)] == [2.0, 2.0, 2.0, 12.0, 180.0]


def test_forks_told_the_same_retry_after_come_back_at_different_moments():
    waits = [RetryPolicy(5).after(2.0) for dummy in range(50)]
    assert min(waits) >= 2.0 and max(waits) <= 3.0
    assert len(set(round(wait, 3) for wait in waits)) > 40


def test_a_decided_retry_waits_for_retry_after_when_graph_gave_one():
    policy = RetryPolicy(5, random_fraction=lambda: 1.0, jitter_fraction=lambda: 0.0)
    assert policy.wait(0) == 1.0 and policy.wait(2) == 4.0
    assert policy.wait(0, retry_after=8) == 8.0


@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0, max_value=1), st.integers(min_value=0, max_value=50),
       st.booleans())
@pytest.mark.reliability('properties', 'Retry-After is honoured: a retry never comes before it, whatever the jitter')
def test_a_retry_never_comes_before_retry_after(retry_after, jitter, retries_done, throttled):
    policy = RetryPolicy(max_retries=5, jitter_fraction=lambda: jitter)
    seconds, reason = policy.delay(retries_done, 0.0, retry_after, throttled)
    assert (seconds is None and reason) or seconds >= retry_after
