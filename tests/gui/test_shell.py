"""The shell: smoke start, navigation by role, sync status, conflicts dialog, crash handling, workers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread

from fieldapp.core.app import FieldApp
from fieldapp.gui.background import run_in_background
from fieldapp.gui.conflicts import ConflictsDialog
from fieldapp.gui.crash import CrashHandler, take_pending_report
from fieldapp.protocol import ConflictDetail, MutationResult

from .seed import COORDINATOR, MENTOR, TASK_IDS, seeded_profile


def _smoke(profile: Path) -> subprocess.CompletedProcess[str]:
    # A separate process: run() owns the event loop, and ending it would break this test process's loop.
    code = (
        "import sys; from pathlib import Path; from fieldapp.gui.app import run; "
        "sys.exit(run(Path(sys.argv[1]), True))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", code, str(profile)], capture_output=True, text=True, env=env, timeout=60
    )


def test_smoke_shows_main_window_and_exits_zero(tmp_path: Path) -> None:
    seeded_profile(tmp_path / "p").close()
    result = _smoke(tmp_path / "p")
    assert result.returncode == 0, result.stderr
    assert _smoke(tmp_path / "empty").returncode == 0  # nobody signed in: the sign-in screen
    assert (tmp_path / "empty" / "logs").is_dir()


def test_navigation_by_role(make_window: Any) -> None:
    assert list(make_window().pages) == ["tasks", "training", "settings", "about"]
    assert list(make_window(user=MENTOR, name="m").pages) == ["inbox", "mentees", "settings", "about"]
    coordinator = make_window(user=COORDINATOR, name="c")
    assert list(coordinator.pages)[:4] == ["dashboard", "module_editor", "task_admin", "inbox"]


def test_conflict_is_shown_and_resolved(make_window: Any, qtbot: Any, qtmodeltester: ModelTester) -> None:
    window = make_window()
    core: FieldApp = window.ctx.core
    mutation = core.tasks.set_status(f"as-{TASK_IDS[0]}", "in_progress")
    assert mutation is not None
    core.sync_store.record_results(
        [
            MutationResult(
                id=mutation.id,
                status="conflict",
                conflicts=[
                    ConflictDetail(
                        field="status",
                        server_value="done",
                        client_value="in_progress",
                        server_author="Mentor",
                    )
                ],
            )
        ]
    )
    window.ctx.events.changed.emit()
    bar = window.sync_status
    assert bar.conflicts_button.isVisibleTo(window)
    assert bar.conflicts_button.text() == "Conflicts: 1"
    dialog = ConflictsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.conflict_model)
    qtmodeltester.check(dialog.rejected_model)
    assert dialog.conflict_model.rowCount() == 1
    assert dialog.conflict_model.index(0, 3).data() == "done"
    dialog._resolve("server")
    assert dialog.conflict_model.rowCount() == 0
    assert core.status().conflicts == 0
    assert not bar.conflicts_button.isVisibleTo(window)


def test_refused_change_is_shown_until_dismissed(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    core: FieldApp = window.ctx.core
    mutation = core.tasks.set_status(f"as-{TASK_IDS[1]}", "done")
    core.sync_store.record_results(
        [
            MutationResult(
                id=mutation.id, status="rejected", code="invalid_state", reason="This task was withdrawn."
            )
        ]
    )
    window.ctx.events.changed.emit()
    bar = window.sync_status
    assert bar.property("state") == "failed"
    assert bar.failed_button.isVisibleTo(window)
    dialog = ConflictsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentIndex() == 1
    assert dialog.rejected_model.index(0, 2).data() == "This task was withdrawn."
    dialog._dismiss()
    assert core.status().rejected == 0


def test_crash_report_written_and_shown_next_start(tmp_path: Path, qtbot: Any, styled_app: Any) -> None:
    handler = CrashHandler(tmp_path)
    shown: list[tuple[str, bool]] = []
    gui_thread = styled_app.thread()
    handler.install(lambda path: shown.append((path, QThread.currentThread() is gui_thread)))
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            handler._excepthook(type(exc), exc, exc.__traceback__)

        def worker() -> None:
            # What threading calls for an uncaught error (pytest swaps the global hook during tests).
            try:
                raise ValueError("worker boom")
            except ValueError as exc:
                hook_args = (type(exc), exc, exc.__traceback__, threading.current_thread())
                handler._thread_excepthook(threading.ExceptHookArgs(hook_args))  # type: ignore[attr-defined]

        thread = threading.Thread(target=worker)
        with qtbot.waitSignal(handler._relay.report, timeout=5000):
            thread.start()
            thread.join()
        qtbot.waitUntil(lambda: len(shown) == 2)
    finally:
        handler.uninstall()
    assert len(handler.reports) == 2
    # Tracebacks of her session: private to the OS user, whatever the umask.
    assert all(path.stat().st_mode & 0o077 == 0 for path in handler.reports)
    assert tmp_path.stat().st_mode & 0o077 == 0
    report = take_pending_report(tmp_path)
    assert report is not None and "boom" in report and "worker boom" in report
    assert take_pending_report(tmp_path) is None  # shown once


def test_background_errors_come_back_on_the_gui_thread(qtbot: Any, styled_app: Any) -> None:
    results: list[tuple[str, bool]] = []
    gui_thread = styled_app.thread()

    def failing() -> None:
        raise OSError("disk full")

    run_in_background(
        lambda: 42, lambda v: results.append((f"ok {v}", QThread.currentThread() is gui_thread))
    )
    run_in_background(
        failing, None, lambda e: results.append((str(e), QThread.currentThread() is gui_thread))
    )
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    assert sorted(results) == [("disk full", True), ("ok 42", True)]


from pytestqt.modeltest import ModelTester  # noqa: E402


def test_settings_switch_language_and_scale(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    settings = window.show_page("settings")
    base_size = window.font().pointSizeF()
    settings.language.setCurrentIndex(settings.language.findData("ur"))
    settings.scale.setCurrentIndex(settings.scale.findData(1.5))
    rebuilt: list[bool] = []
    window.rebuild_requested.connect(lambda: rebuilt.append(True))
    settings.apply()
    assert rebuilt == [True]
    ctx = window.ctx
    assert ctx.settings.language == "ur" and ctx.settings.ui_scale == 1.5
    assert (ctx.profile_dir / "gui.ini").read_text(encoding="utf-8").count("ur") >= 1
    # The shell rebuilds the window in the new language: right-to-left, translated, larger text.
    from fieldapp.gui.style import base_point_size

    ctx.languages.install(ctx.settings.language, base_point_size("ur", 1.5))
    from fieldapp.gui.mainwindow import MainWindow

    new = MainWindow(ctx)
    qtbot.addWidget(new)
    assert new.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert new.pages["tasks"].title() == "میرے کام"
    assert new.font().pointSizeF() > base_size * 1.4


def test_background_result_is_dropped_when_its_screen_is_gone(qtbot: Any, styled_app: Any) -> None:
    import shiboken6
    from PySide6.QtWidgets import QWidget

    screen = QWidget()
    release = threading.Event()
    delivered: list[int] = []

    def slow() -> int:
        release.wait(5)
        return 7

    job = run_in_background(slow, delivered.append, owner=screen)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    with qtbot.waitSignal(job._result, timeout=5000):
        release.set()
    assert delivered == []


@pytest.mark.parametrize("language", ["en", "ur", "ps"])
def test_records_left_out_are_told_once_on_a_row_of_their_own(make_window: Any, language: str) -> None:
    """After a sync that met records it could not read, the strip says so in a full-width line (not a
    narrow column) in every language; the next sync without such records takes the line away."""
    from fieldapp.gui.i18n import format_number
    from fieldapp.sync.report import SyncReport

    window = make_window(language=language)
    window.resize(1366, 768)
    bar = window.sync_status
    bridge = window.ctx.sync
    assert bridge is not None
    bridge.finished.emit(SyncReport(pulled_to_end=True, skipped_records=3))
    assert bar.skipped_label.isVisibleTo(window)
    assert bar.skipped_label.width() > 0.8 * bar.width()
    assert bar.skipped_label.height() < 4 * bar.skipped_label.fontMetrics().height()
    text = bar.skipped_label.text()
    assert format_number(3) in text  # the language's own digits
    assert text.startswith("Records left out: 3.") if language == "en" else "Records" not in text
    bridge.finished.emit(SyncReport(pulled_to_end=True))
    assert not bar.skipped_label.isVisibleTo(window)
