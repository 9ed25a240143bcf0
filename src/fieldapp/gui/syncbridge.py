"""Background sync for the desktop app: the sync engine on a worker thread, talking to the GUI by signals.

Create one :class:`SyncBridge` per open profile, connect its signals, then call :meth:`SyncBridge.start`.
On quit call :meth:`SyncBridge.stop` (it cuts the request in flight and waits for the worker; every local
write is one SQLite transaction, so stopping at any moment corrupts and loses nothing).

When it syncs:
    * on :meth:`start`;
    * when connectivity returns: ``QNetworkInformation`` reachability where a backend exists, plus a cheap
      ``GET /health`` probe every ``probe_ms`` while offline;
    * ``debounce_ms`` after the last :meth:`local_change` (call it after every save that queues a change);
    * every ``period_ms`` while online;
    * on :meth:`sync_now` (the "Sync now" button);
    * after :meth:`session_changed` (call it after a sign-in).
Requests that arrive during a sync are merged into one more sync after it.

Signals (all delivered on the GUI thread):
    ``state_changed(str)``
        one of :class:`BridgeState`: ``idle`` (last sync complete), ``syncing``, ``offline``, ``error``
        (the last sync failed or did not finish; see ``error``), ``revoked`` (an administrator revoked this
        device: syncing stops, unsynced work stays exportable), ``signed_out`` (no session or no stored
        token: show the sign-in screen), ``wiped`` (the device's data was deleted on an administrator's
        order: close the profile), ``stopped`` (after :meth:`stop`).
    ``status_changed(str)``
        one translated sentence for the status bar ("Syncing…", "Up to date", "Offline …").
    ``progress(int records_done, int records_total, int bytes_done, int bytes_total)``
        during a sync, at most every 100 ms; totals are -1 when unknown (a pull's length is unknown).
    ``conflicts_changed(int)``
        open conflicts after each sync (show them; resolving one is a new change).
    ``data_changed()``
        records or files on this device changed: reload the views.
    ``error(str)``
        a sentence for the person about the last failure (not emitted when merely offline).
    ``clock_warning(str)``
        the device clock is more than five minutes off the server's (a sentence; show it, nothing breaks).
    ``finished(object)``
        the :class:`fieldapp.sync.report.SyncReport` of each attempt (pending counts, last error…).

:meth:`SyncBridge.start` calls ``gc.freeze()`` (process-wide) so the garbage collector never stalls the
GUI thread for tens of milliseconds while the worker allocates; call ``start`` once the window is built.

The worker opens its own :class:`fieldapp.core.app.FieldApp` on its thread (SQLite connections belong to
one thread); the GUI keeps its own, and WAL lets both read while one writes. On a profile locked by her
PIN the bridge is given her data key (``key=``) for that.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from fieldapp.core.app import FieldApp
from fieldapp.core.errors import FieldAppError
from fieldapp.core.vault import DataKey
from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.errors import NotSignedIn
from fieldapp.sync.report import SyncProgress, SyncReport
from fieldapp.sync.transport import Transport

__all__ = ["BridgeState", "SyncBridge"]

log = logging.getLogger(__name__)

#: Progress signals are throttled to this interval: thousands of per-page updates would flood the GUI.
PROGRESS_INTERVAL_S = 0.1


class BridgeState(StrEnum):
    idle = "idle"
    syncing = "syncing"
    offline = "offline"
    error = "error"
    revoked = "revoked"
    signed_out = "signed_out"
    wiped = "wiped"
    stopped = "stopped"


class _Outcome:
    """What the worker hands back after one attempt."""

    def __init__(
        self,
        report: SyncReport | None,
        conflicts: int = 0,
        problem: str | None = None,
        signed_out: bool = False,
    ) -> None:
        self.report = report
        self.conflicts = conflicts
        self.problem = problem
        self.signed_out = signed_out


class _SyncWorker(QObject):
    """Lives on the worker thread; every slot runs there."""

    progressed = Signal(int, int, int, int)
    done = Signal(object)
    probed = Signal(bool)

    def __init__(self, profile_dir: Path, retry: RetryPolicy | None, key: DataKey | None = None) -> None:
        super().__init__()
        self.profile_dir = profile_dir
        self.retry = retry
        self._key = key
        self.stop_event = threading.Event()
        self._app: FieldApp | None = None  # opened on this thread on first use
        self._transport: Transport | None = None
        self._lock = threading.Lock()
        self._last_emit = 0.0

    def _open(self) -> FieldApp:
        if self._app is None:
            self._app = FieldApp.open(self.profile_dir, key=self._key)
        return self._app

    def _transport_factory(self, *args: Any, **kwargs: Any) -> Transport:
        transport = Transport(*args, **kwargs)
        with self._lock:
            self._transport = transport
        if self.stop_event.is_set():
            transport.abort()
        return transport

    def abort(self) -> None:
        """From any thread: end the running sync as soon as possible."""
        self.stop_event.set()
        with self._lock:
            transport = self._transport
        if transport is not None:
            transport.abort()

    def _on_progress(self, progress: SyncProgress) -> None:
        now = time.monotonic()
        if now - self._last_emit < PROGRESS_INTERVAL_S:
            return
        self._last_emit = now
        self.progressed.emit(
            progress.records_done,
            -1 if progress.records_total is None else progress.records_total,
            progress.bytes_done,
            -1 if progress.bytes_total is None else progress.bytes_total,
        )

    @Slot()
    def run_sync(self) -> None:
        from fieldapp.sync.service import sync_profile

        if self.stop_event.is_set():
            return
        try:
            app = self._open()
            report = sync_profile(
                app,
                progress=self._on_progress,
                stop=self.stop_event,
                retry=self.retry,
                transport_factory=self._transport_factory,
            )
            conflicts = 0 if report.wiped else len(app.sync_store.conflicts())
            outcome = _Outcome(report, conflicts)
        except NotSignedIn as exc:
            outcome = _Outcome(None, problem=str(exc), signed_out=True)
        except FieldAppError as exc:
            outcome = _Outcome(None, problem=str(exc))
        except Exception as exc:  # the worker must survive anything and say what happened
            log.exception("sync failed unexpectedly")
            outcome = _Outcome(None, problem=f"Sync failed unexpectedly ({type(exc).__name__}).")
        finally:
            with self._lock:
                self._transport = None
        self.done.emit(outcome)

    @Slot()
    def probe(self) -> None:
        from fieldapp.sync.service import probe

        if self.stop_event.is_set():
            return
        reachable = False
        try:
            session = self._open().session
            reachable = session is not None and probe(session.server_url) is not None
        except FieldAppError:
            reachable = False
        self.probed.emit(reachable)

    @Slot()
    def close(self) -> None:
        """Close the worker's store, then end the thread's event loop."""
        if self._app is not None:
            try:
                self._app.close()
            except FieldAppError:
                log.exception("closing the sync worker's store failed")
            self._app = None
        thread = self.thread()
        if thread is not None:
            thread.quit()


class SyncBridge(QObject):
    """Runs syncs of one profile in the background; see the module docstring for signals and triggers."""

    state_changed = Signal(str)
    status_changed = Signal(str)
    progress = Signal(int, int, int, int)
    conflicts_changed = Signal(int)
    data_changed = Signal()
    error = Signal(str)
    clock_warning = Signal(str)
    finished = Signal(object)

    # Internal: queued to the worker thread.
    _run_requested = Signal()
    _probe_requested = Signal()
    _close_requested = Signal()

    def __init__(
        self,
        profile_dir: Path,
        parent: QObject | None = None,
        *,
        debounce_ms: int = 5_000,
        period_ms: int = 15 * 60_000,
        probe_ms: int = 60_000,
        retry: RetryPolicy | None = None,
        watch_network: bool = True,
        key: DataKey | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = BridgeState.idle
        self._busy = False
        self._again = False
        self._started = False
        self._watch_network = watch_network
        self.last_report: SyncReport | None = None

        self._thread = QThread()
        self._thread.setObjectName("fieldapp-sync")
        self._worker = _SyncWorker(Path(profile_dir), retry, key)
        self._worker.moveToThread(self._thread)
        self._run_requested.connect(self._worker.run_sync)
        self._probe_requested.connect(self._worker.probe)
        self._close_requested.connect(self._worker.close)
        self._worker.progressed.connect(self.progress)
        self._worker.done.connect(self._on_done)
        self._worker.probed.connect(self._on_probed)

        self._debounce = self._timer(debounce_ms, single_shot=True)
        self._debounce.timeout.connect(self.sync_now)
        self._periodic = self._timer(period_ms)
        self._periodic.timeout.connect(self._on_period)
        self._probe = self._timer(probe_ms)
        self._probe.timeout.connect(self._probe_requested)

    def _timer(self, interval_ms: int, single_shot: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.setSingleShot(single_shot)
        return timer

    # ------------------------------------------------------------ public API

    @property
    def state(self) -> BridgeState:
        """The current state (also announced by ``state_changed``)."""
        return self._state

    @property
    def busy(self) -> bool:
        """Whether a sync is running now."""
        return self._busy

    def start(self) -> None:
        """Start the worker thread and the first sync."""
        if self._started:
            return
        self._started = True
        # A full (generation 2) collection walks every object the app has made since start-up while
        # holding the GIL: with a 10,000-record pull that is a ~80 ms freeze of the GUI thread. Frozen
        # objects are skipped by the collector, so its passes stay short for the rest of the session.
        gc.freeze()
        self._thread.start()
        self._periodic.start()
        if self._watch_network:
            self._watch_reachability()
        self.sync_now()

    @Slot()
    def sync_now(self) -> None:
        """Sync as soon as possible (at once, or right after the running sync)."""
        if not self._started or self._state is BridgeState.stopped or self._state is BridgeState.wiped:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._set_state(BridgeState.syncing, self.tr("Syncing…"))
        self._run_requested.emit()

    @Slot()
    def local_change(self) -> None:
        """Something was saved that must go up: sync shortly (restarts the debounce timer)."""
        if self._state in (BridgeState.revoked, BridgeState.signed_out, BridgeState.stopped):
            return
        self._debounce.start()

    @Slot()
    def session_changed(self) -> None:
        """Someone signed in (or out): forget a revoked/signed-out state and sync."""
        if self._state in (BridgeState.revoked, BridgeState.signed_out, BridgeState.error):
            self._state = BridgeState.idle
        self.sync_now()

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """Stop syncing for good (on quit). Returns True when the worker has finished.

        The request in flight is cut and the worker closes its store on its own thread. If a connection
        attempt is stuck in the operating system longer than ``timeout_ms``, this keeps waiting: ending
        the thread by force could interrupt a write.
        """
        for timer in (self._debounce, self._periodic, self._probe):
            timer.stop()
        self._set_state(BridgeState.stopped, self.tr("Sync stopped."))
        if not self._started or not self._thread.isRunning():
            return True
        self._worker.abort()
        self._close_requested.emit()
        if not self._thread.wait(timeout_ms):
            log.warning("the sync worker is still finishing a network call; waiting for it")
            self._thread.wait()
        return True

    # ------------------------------------------------------------ internals

    def _set_state(self, state: BridgeState, text: str) -> None:
        changed = state is not self._state
        self._state = state
        if changed:
            self.state_changed.emit(state.value)
        self.status_changed.emit(text)

    def _watch_reachability(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:
            return
        feature = QNetworkInformation.Feature.Reachability
        if not QNetworkInformation.loadBackendByFeatures(feature):
            return  # no backend on this system: the health probe covers it
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._on_reachability)

    @Slot(object)
    def _on_reachability(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online and self._state is BridgeState.offline:
            self.sync_now()

    @Slot()
    def _on_period(self) -> None:
        if self._state in (BridgeState.idle, BridgeState.error):
            self.sync_now()

    @Slot(bool)
    def _on_probed(self, reachable: bool) -> None:
        if reachable and self._state is BridgeState.offline:
            self.sync_now()

    @Slot(object)
    def _on_done(self, outcome: _Outcome) -> None:
        self._busy = False
        if self._state is BridgeState.stopped:
            return
        report = outcome.report
        self.last_report = report
        if report is None:
            self._probe.stop()
            if outcome.signed_out:
                self._set_state(BridgeState.signed_out, self.tr("Not signed in. Sign in to sync."))
            else:
                self._set_state(BridgeState.error, self.tr("Sync failed."))
                self.error.emit(outcome.problem or self.tr("Sync failed."))
            return
        self._apply_report(report, outcome.conflicts)
        if self._again and self._state not in (
            BridgeState.revoked,
            BridgeState.signed_out,
            BridgeState.wiped,
        ):
            self._again = False
            self.sync_now()

    def _apply_report(self, report: SyncReport, conflicts: int) -> None:
        if report.data_changed:
            self.data_changed.emit()
        self.conflicts_changed.emit(conflicts)
        if report.clock_warning:
            self.clock_warning.emit(report.clock_warning)
        self.finished.emit(report)
        self._probe.stop()
        if report.wiped:
            self._periodic.stop()
            self._set_state(BridgeState.wiped, self.tr("An administrator removed this device's data."))
        elif report.revoked:
            self._periodic.stop()
            self._set_state(
                BridgeState.revoked,
                self.tr(
                    "This device was revoked. Sync is off; your unsent work is kept and can be exported."
                ),
            )
            self.error.emit(report.errors[0])
        elif report.unauthorized:
            self._set_state(
                BridgeState.signed_out, self.tr("Your sign-in has expired. Please sign in again.")
            )
        elif report.complete:
            self._set_state(BridgeState.idle, self.tr("Up to date"))
        elif report.stopped:
            self._set_state(BridgeState.stopped, self.tr("Sync stopped."))
        elif report.offline:
            self._set_state(BridgeState.offline, self.tr("Offline. Your work is saved and will sync later."))
            self._probe.start()
        else:
            self._set_state(BridgeState.error, self.tr("Sync did not finish."))
            if report.errors:
                self.error.emit(report.errors[0])
