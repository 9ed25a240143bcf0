"""Crash handling: every uncaught error and hard crash is written to the log folder and shown.

* ``sys.excepthook`` / ``threading.excepthook`` write a report file and, when the GUI is up, show the error
  on the GUI thread (a worker thread must never touch widgets).
* ``faulthandler`` writes the Python stack of a hard crash (segfault, abort) to ``faulthandler.log``.
* At the next start, ``take_pending_report`` returns whatever was not yet shown, so the person (or the
  installer helping her) sees it once and can send it.

Reports hold the traceback only, never local variables, so secrets passed around as arguments stay out.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import QObject, Signal

from fieldapp.core.private import make_private_dir, write_private

__all__ = ["CrashHandler", "take_pending_report"]

_log = logging.getLogger(__name__)
FAULT_LOG = "faulthandler.log"
REPORT_PREFIX = "crash-"
SEEN_SUFFIX = ".seen"


class _Relay(QObject):
    """Carries a report from any thread to the GUI thread (queued when emitted off the GUI thread)."""

    report = Signal(str)


class CrashHandler:
    """Installs the hooks; ``show`` is called on the GUI thread with each report's text."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        # Reports hold tracebacks of her session: private, like the rest of fieldapp's data.
        make_private_dir(self.log_dir)
        self._relay = _Relay()
        self._fault_file: IO[str] | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.reports: list[Path] = []

    def install(self, show: Callable[[str], None] | None = None) -> None:
        """Enable faulthandler and the exception hooks."""
        fault_path = self.log_dir / FAULT_LOG
        fd = os.open(fault_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.chmod(fault_path, 0o600)  # an older install's file may be 0644
        self._fault_file = os.fdopen(fd, "a", encoding="utf-8")
        faulthandler.enable(file=self._fault_file, all_threads=True)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        if show is not None:
            self._relay.report.connect(show)

    def uninstall(self) -> None:
        """Restore the previous hooks (tests, and a clean exit)."""
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            # A clean exit leaves an empty fault log, so the next start has nothing to show.
            self._fault_file = None

    def write_report(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, where: str = ""
    ) -> Path:
        """Write one report file and return its path."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        path = self.log_dir / f"{REPORT_PREFIX}{stamp}.txt"
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        header = (
            f"fieldapp crash report, {datetime.now(UTC).isoformat()} UTC{', ' + where if where else ''}\n"
        )
        write_private(path, (header + text).encode("utf-8"))
        self.reports.append(path)
        return path

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        path = self.write_report(exc_type, exc, tb)
        _log.error("unexpected error, report written to %s", path)
        self._relay.report.emit(str(path))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        exc = args.exc_value or args.exc_type()
        path = self.write_report(args.exc_type, exc, args.exc_traceback, where=f"thread {args.thread}")
        self._relay.report.emit(str(path))


def take_pending_report(log_dir: Path) -> str | None:
    """The text of crash reports not shown yet (and of a hard crash's stack), marking them as shown."""
    parts: list[str] = []
    for path in sorted(log_dir.glob(f"{REPORT_PREFIX}*.txt")):
        parts.append(path.read_text(encoding="utf-8", errors="replace"))
        path.rename(path.with_name(path.name + SEEN_SUFFIX))
    fault = log_dir / FAULT_LOG
    if fault.exists() and fault.stat().st_size > 0:
        parts.append(fault.read_text(encoding="utf-8", errors="replace"))
        fault.rename(log_dir / f"{FAULT_LOG}.{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}{SEEN_SUFFIX}")
    return "\n\n".join(parts) if parts else None
