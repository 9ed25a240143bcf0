"""Backoff with full jitter, and Retry-After in both of its forms."""

from __future__ import annotations

import random

from fieldapp.sync.backoff import MAX_RETRY_AFTER_S, RetryPolicy, parse_retry_after


def test_full_jitter_stays_under_a_doubling_ceiling_and_spreads_out() -> None:
    policy = RetryPolicy(attempts=8, base_s=1.0, cap_s=30.0)
    rng = random.Random(1)
    for retry in range(8):
        waits = [policy.delay(retry, rng=rng) for _ in range(200)]
        ceiling = min(30.0, 2.0**retry)
        assert all(0 <= w <= ceiling for w in waits)
        assert max(waits) > 0.8 * ceiling and min(waits) < 0.2 * ceiling  # really jittered, from zero


def test_retry_after_is_a_floor_and_is_bounded() -> None:
    policy = RetryPolicy(base_s=1.0, cap_s=4.0)
    assert all(policy.delay(0, retry_after=30.0) >= 30.0 for _ in range(50))
    assert policy.delay(3, retry_after=10_000.0) <= MAX_RETRY_AFTER_S + 1.0


def test_parse_retry_after_seconds_and_http_dates_against_the_servers_date() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    # An HTTP date is measured against the response's Date header, whatever the device clock says.
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", "Wed, 21 Oct 2015 07:28:00 GMT") == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT") is None
