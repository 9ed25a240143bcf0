"""The Qt bridge: the GUI thread keeps ticking during a 10,000-record sync; a stop mid-sync is clean."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from tests.sync.support import FAST_RETRY, Device, World, seed_many_tasks

from fieldapp.core.store.connection import connect, quick_check
from fieldapp.gui.syncbridge import BridgeState, SyncBridge
from fieldapp.protocol import RecordKind
from fieldapp.server import admin
from fieldapp.sync.report import SyncReport

pytestmark = pytest.mark.gui


@pytest.fixture
def make_bridge() -> Iterator[Callable[..., SyncBridge]]:
    """Bridges that are always stopped at the end, even when a test fails half-way."""
    made: list[SyncBridge] = []

    def make(profile: Path, **kwargs: Any) -> SyncBridge:
        bridge = SyncBridge(profile, watch_network=False, retry=FAST_RETRY, **kwargs)
        made.append(bridge)
        return bridge

    yield make
    for bridge in made:
        bridge.stop()


@pytest.fixture
def big_profile(world: World, tmp_path: Path) -> Device:
    """A signed-in, never-synced profile whose intern has 10,000 records waiting on the server."""
    world.server.seed(seed_many_tasks, world.name("i1"), 5000)
    dev = Device(tmp_path / "devices", world.server, world.name("i1"))
    dev.close()  # the bridge's worker opens the profile itself
    return dev


class TickRecorder:
    """A 10 ms QTimer on the GUI thread, remembering the longest gap between two ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last = time.monotonic()
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


def test_gui_thread_is_never_blocked_during_a_10000_record_sync(
    qtbot, big_profile: Device, make_bridge
) -> None:  # type: ignore[no-untyped-def]
    bridge = make_bridge(big_profile.profile)
    ticks = TickRecorder()
    progress: list[tuple[int, int, int, int]] = []
    bridge.progress.connect(lambda *args: progress.append(args))
    ticks.start()
    with qtbot.waitSignal(bridge.finished, timeout=120_000) as finished:
        bridge.start()
    ticks.stop()
    report: SyncReport = finished.args[0]
    try:
        assert report.complete and report.pulled >= 10_000, report
        assert bridge.state is BridgeState.idle
        assert ticks.ticks > 10
        assert ticks.longest < 0.050, f"the GUI thread stalled for {ticks.longest * 1000:.0f} ms"
        assert progress and max(p[0] for p in progress) > 0
    finally:
        assert bridge.stop()
    big_profile.reopen()
    assert len(big_profile.ids(RecordKind.task)) >= 5000


def test_stop_mid_sync_is_clean_and_the_next_sync_finishes(qtbot, big_profile: Device, make_bridge) -> None:  # type: ignore[no-untyped-def]
    bridge = make_bridge(big_profile.profile)
    with qtbot.waitSignal(bridge.progress, timeout=60_000):
        bridge.start()
    assert bridge.busy
    assert bridge.stop(timeout_ms=5_000)
    assert bridge.state is BridgeState.stopped
    db = connect(big_profile.profile / "fieldapp.db")
    assert quick_check(db.conn) == []
    db.conn.close()

    big_profile.reopen()
    assert big_profile.sync().complete
    assert len(big_profile.ids(RecordKind.task)) >= 5000


def test_signals_report_state_conflicts_and_data_changes(qtbot, device, world: World, make_bridge) -> None:  # type: ignore[no-untyped-def]
    intern = device("i1")
    device_id = intern.app.device_id
    intern.close()
    bridge = make_bridge(intern.profile, debounce_ms=50)
    states: list[str] = []
    bridge.state_changed.connect(states.append)
    with qtbot.waitSignals([bridge.finished, bridge.data_changed, bridge.conflicts_changed], timeout=30_000):
        bridge.start()
    assert states[-1] == "idle"
    # A local change triggers a sync shortly after (debounced), with no call to sync_now.
    with qtbot.waitSignal(bridge.finished, timeout=30_000) as finished:
        bridge.local_change()
    assert finished.args[0].complete
    # The server goes away: the bridge says offline, and comes back by itself when the probe succeeds.
    world.server.stop()
    with qtbot.waitSignal(bridge.finished, timeout=30_000):
        bridge.sync_now()
    assert bridge.state is BridgeState.offline
    bridge._probe.setInterval(100)
    bridge._probe.start()
    world.server.start()
    qtbot.waitUntil(lambda: bridge.state is BridgeState.idle, timeout=30_000)
    # Revoked: the state says so, the error is shown, and periodic syncing stops.
    world.server.seed(admin.revoke_device, device_id, intern.username)
    with qtbot.waitSignal(bridge.error, timeout=30_000) as error:
        bridge.sync_now()
    assert bridge.state is BridgeState.revoked and "revoked" in error.args[0]
    assert not bridge._periodic.isActive()
    assert bridge.stop()
