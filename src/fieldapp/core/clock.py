"""Device time, for display and audit only (ordering always comes from the server's sequence)."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["now", "now_iso"]


def now() -> datetime:
    """The device's current time, timezone-aware UTC."""
    return datetime.now(UTC)


def now_iso() -> str:
    """The device's current time as ISO 8601 text."""
    return now().isoformat()
