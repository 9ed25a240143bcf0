"""Retry delays: exponential backoff with full jitter, and ``Retry-After``.

Full jitter (a uniformly random wait between zero and the exponential ceiling) spreads out a district's worth
of laptops that all regain signal at the same moment, instead of having them retry in lock step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

__all__ = ["RetryPolicy", "parse_retry_after"]

#: Never wait longer than this for one ``Retry-After``, whatever the server says.
MAX_RETRY_AFTER_S = 600.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a request that failed for a reason that may go away."""

    #: Total tries, the first one included.
    attempts: int = 5
    #: Ceiling of the first wait; doubles on each retry.
    base_s: float = 1.0
    #: Largest ceiling for a wait.
    cap_s: float = 60.0

    def delay(self, retry: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (0-based).

        A server's ``Retry-After`` is a floor: we never come back sooner than asked, but still add jitter
        above it so clients that were all told "30 s" do not return together.
        """
        ceiling = min(self.cap_s, self.base_s * (2**retry))
        jitter = (rng or random).uniform(0.0, ceiling)
        if retry_after is not None:
            return min(MAX_RETRY_AFTER_S, retry_after) + jitter / 4
        return jitter


def parse_retry_after(value: str | None, date_header: str | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date), or None.

    An HTTP date is measured against the response's own ``Date`` header, not the device clock: donated
    laptops often have the wrong date, and a wrong clock must not turn "retry in a minute" into "never".
    """
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    now: datetime | None = None
    if date_header:
        try:
            now = parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            now = None
    if now is None:
        # Without the server's Date we cannot measure safely; a short, bounded wait is the honest answer.
        return None
    return max(0.0, (when - now).total_seconds())
