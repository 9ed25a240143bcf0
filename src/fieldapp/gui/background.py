"""Run slow work off the GUI thread and hand the result back on it (as Anki's ``taskman`` does).

``run_in_background(fn, on_done, on_failed)`` runs ``fn`` on the global ``QThreadPool``; exactly one of the
callbacks is then called on the GUI thread. Errors the callback does not handle go to the crash handler's
``sys.excepthook`` on the GUI thread, so background failures are always shown, never lost in a worker.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["BackgroundJob", "run_in_background", "wait_for_all"]

_live_jobs: set[BackgroundJob] = set()


class BackgroundJob(QObject):
    """One piece of work; lives on the GUI thread, its runnable on a pool thread."""

    finished = Signal(object)
    failed = Signal(object)
    # Internal: emitted from the worker, received (queued) on the GUI thread.
    _result = Signal(bool, object)

    def __init__(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        super().__init__()
        self._owner = owner
        self._fn = fn
        self._on_done = on_done
        self._on_failed = on_failed
        self._result.connect(self._deliver)

    def start(self, pool: QThreadPool | None = None) -> None:
        """Queue the work on ``pool`` (the global pool by default)."""
        _live_jobs.add(self)
        job = self

        class _Runnable(QRunnable):
            def run(self) -> None:
                try:
                    value = job._fn()
                except BaseException as exc:
                    job._result.emit(False, exc)
                else:
                    job._result.emit(True, value)

        (pool or QThreadPool.globalInstance()).start(_Runnable())

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        _live_jobs.discard(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return  # the screen that asked was closed meanwhile: nobody to tell
        try:
            if ok:
                if self._on_done is not None:
                    self._on_done(value)
                self.finished.emit(value)
            else:
                assert isinstance(value, BaseException)
                self.failed.emit(value)
                if self._on_failed is not None:
                    self._on_failed(value)
                else:
                    sys.excepthook(type(value), value, value.__traceback__)
        except Exception:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    owner: QObject | None = None,
) -> BackgroundJob:
    """Run ``fn`` on a pool thread; call ``on_done(result)`` or ``on_failed(error)`` on the GUI thread.

    With ``owner`` (the widget that asked), nothing is delivered once that widget has been deleted.
    """
    job = BackgroundJob(fn, on_done, on_failed, owner)
    job.start()
    return job


def wait_for_all(msecs: int = 30_000) -> bool:
    """Wait for queued background work to finish (used at exit so no worker outlives the app)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
