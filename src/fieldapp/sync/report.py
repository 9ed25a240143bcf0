"""What a sync reports while it runs (:class:`SyncProgress`) and when it ends (:class:`SyncReport`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["CLOCK_SKEW_WARN_S", "Phase", "ProgressCallback", "SyncProgress", "SyncReport", "clock_warning"]

#: A device clock further than this from the server's earns the person a warning (nothing depends on it).
CLOCK_SKEW_WARN_S = 300.0


class Phase(StrEnum):
    push = "push"
    upload = "upload"
    pull = "pull"
    download = "download"


@dataclass(frozen=True)
class SyncProgress:
    """A snapshot during a sync. Totals are None while unknown (a pull does not know how much is left)."""

    phase: Phase
    records_done: int = 0
    records_total: int | None = None
    bytes_done: int = 0
    bytes_total: int | None = None


ProgressCallback = Callable[[SyncProgress], None]


@dataclass
class SyncReport:
    """The outcome of one sync."""

    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    #: Records that came down but break the protocol's bounds: left out, noted once (never fatal).
    skipped_records: int = 0
    files_uploaded: int = 0
    files_downloaded: int = 0
    bytes_uploaded: int = 0
    bytes_downloaded: int = 0
    wire_bytes_sent: int = 0
    wire_bytes_received: int = 0
    round_trips: int = 0
    #: Server time minus device time, in seconds (positive: the device is behind).
    clock_skew_s: float | None = None
    clock_warning: str | None = None
    errors: list[str] = field(default_factory=list)
    #: Still waiting after this sync (pushes, then files in each direction).
    pending_mutations: int = 0
    pending_uploads: int = 0
    pending_downloads: int = 0
    #: The pull reached the end of the server's changes.
    pulled_to_end: bool = False
    #: The server could not be reached (the sync stopped there; try again when the link is back).
    offline: bool = False
    revoked: bool = False
    unauthorized: bool = False
    wiped: bool = False
    stopped: bool = False
    duration_s: float = 0.0

    @property
    def complete(self) -> bool:
        """Everything pending went up and everything new came down, without an error."""
        return (
            not self.errors
            and self.pulled_to_end
            and self.pending_mutations == 0
            and self.pending_uploads == 0
            and self.pending_downloads == 0
            and not self.stopped
        )

    @property
    def data_changed(self) -> bool:
        """Whether local data may look different after this sync (the GUI should refresh)."""
        return bool(
            self.pulled
            or self.pushed
            or self.conflicts
            or self.rejected
            or self.files_downloaded
            or self.wiped
        )

    def as_json(self) -> dict[str, Any]:
        """A plain dict for ``fieldapp sync --json``."""
        data = asdict(self)
        data["complete"] = self.complete
        return data


def clock_warning(skew_s: float) -> str | None:
    """A sentence for the person when her clock is more than five minutes off, else None."""
    if abs(skew_s) <= CLOCK_SKEW_WARN_S:
        return None
    minutes = round(abs(skew_s) / 60)
    direction = "behind" if skew_s > 0 else "ahead of"
    if minutes >= 60 * 24:
        amount = f"about {round(minutes / (60 * 24))} days"
    elif minutes >= 60:
        amount = f"about {round(minutes / 60)} hours"
    else:
        amount = f"about {minutes} minutes"
    return (
        f"This computer's clock is {amount} {direction} the server. Sync still works, but dates shown "
        f"on this device may be wrong; please set the correct date and time."
    )
