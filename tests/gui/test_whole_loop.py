"""The whole loop across two app instances and a real server on loopback.

An intern does a task and a training module offline, then syncs; the mentor asks for changes; the intern
sees the feedback and resubmits; the mentor approves; the intern sees the approval.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fieldapp.core.app import FieldApp
from fieldapp.gui.mainwindow import MainWindow
from fieldapp.sync.service import login

pytest.importorskip("fieldapp.server.testing")
from fieldapp.server import admin
from fieldapp.server.testing import LiveServer

SYNC_TIMEOUT_MS = 60_000


def _sync(qtbot: Any, window: MainWindow) -> Any:
    """One sync through the window's bridge (started on first use); returns the last report once the
    bridge is idle (a change made during a sync makes it sync again straight after)."""
    bridge = window.ctx.sync
    assert bridge is not None
    with qtbot.waitSignal(bridge.finished, timeout=SYNC_TIMEOUT_MS) as blocker:
        if bridge.busy:
            pass
        elif not getattr(bridge, "_started", False):
            bridge.start()
        else:
            bridge.sync_now()
    report = blocker.args[0]
    while bridge.busy:
        with qtbot.waitSignal(bridge.finished, timeout=SYNC_TIMEOUT_MS) as again:
            pass
        report = again.args[0]
    return report


def _pass_quiz(quiz_widget: Any, module: Any) -> None:
    for question in module.quiz.questions:
        widget = quiz_widget._inputs[question.id]
        if question.kind.value == "short":
            widget.setText(question.accepted[0])
        else:
            for index in question.correct:
                widget.button(index).setChecked(True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server (SQLite) on loopback with the demo data, shared by this file's tests."""
    with LiveServer(tmp_path_factory.mktemp("server")) as live:
        live.seed(admin.demo_seed)
        yield live


def test_intern_and_mentor_whole_loop(
    make_window: Any, qtbot: Any, tmp_path: Path, server: LiveServer
) -> None:
    intern_core = FieldApp.open(tmp_path / "intern")
    login(intern_core, server.url, "ayesha", "demo1234")
    mentor_core = FieldApp.open(tmp_path / "mentor")
    login(mentor_core, server.url, "mentor", "demo1234")
    intern = make_window(core=intern_core)
    mentor = make_window(core=mentor_core)

    # First sync brings the intern her tasks and the published module.
    assert _sync(qtbot, intern).complete
    tasks_page = intern.show_page("tasks")
    titles = {r.task.title for r in tasks_page.model.rows()}
    assert "Introduce yourself" in titles
    task = next(r.task for r in tasks_page.model.rows() if r.task.title == "Introduce yourself")

    # ---- offline: the server is down while she works
    server.stop()
    assert tasks_page.select_task(task.id)
    detail = tasks_page.detail
    detail.editor.setPlainText("I am Ayesha from Bajaur.")
    detail.submit()
    training = intern.show_page("training")
    module_id = intern_core.training.list()[0].id
    assert training.select_module(module_id)
    module = intern_core.training.get(module_id)
    for _ in module.lessons:
        training.complete_lesson()
    training.select_lesson(training.lessons.rowCount() - 1)
    _pass_quiz(training.quiz, module)
    training.quiz.check()
    assert intern_core.training.progress(module_id).fraction == 1.0
    offline_report = _sync(qtbot, intern)
    assert not offline_report.complete
    assert intern_core.status().pending_uploads >= 1  # nothing lost, waiting to go up
    intern.sync_status.refresh()
    assert intern.sync_status.property("state") in ("pending", "failed")

    # ---- back online
    server.start()
    assert _sync(qtbot, intern).complete
    assert intern_core.status().pending_uploads == 0
    intern.sync_status.refresh()
    if not intern.ctx.sync.busy:  # a debounced sync may have just begun; then it says "Syncing…"
        assert intern.sync_status.property("state") == "ok"

    # ---- the mentor asks for changes
    assert _sync(qtbot, mentor).complete
    inbox = mentor.show_page("inbox")
    submission = next(s for s in inbox.model.rows() if s.task_title == "Introduce yourself")
    assert inbox.select_submission(submission.id)
    assert "I am Ayesha" in inbox.panel.latest.toPlainText()
    inbox.panel.comment.setPlainText("Please add what you hope to learn.")
    inbox.panel.decide("request_changes")
    assert _sync(qtbot, mentor).complete
    mentees = mentor.show_page("mentees")
    ayesha = [r for r in mentees.model.rows() if r.person == "Ayesha"]
    assert ayesha and ayesha[0].fraction == 1.0  # her offline training arrived

    # ---- the intern sees the feedback and resubmits
    assert _sync(qtbot, intern).complete
    tasks_page = intern.show_page("tasks")
    assert tasks_page.select_task(task.id)
    detail = tasks_page.detail
    assert "Please add what you hope to learn." in detail.feedback.toPlainText()
    assert not detail.editor.isReadOnly()
    detail.editor.setPlainText("I am Ayesha from Bajaur. I hope to learn mapping.")
    detail.submit()
    assert _sync(qtbot, intern).complete

    # ---- the mentor sees both versions side by side and approves
    assert _sync(qtbot, mentor).complete
    inbox = mentor.show_page("inbox")
    assert inbox.select_submission(submission.id)
    assert inbox.panel.earlier_box.isVisibleTo(inbox.panel)
    assert "hope to learn" not in inbox.panel.earlier.toPlainText()
    assert "hope to learn mapping" in inbox.panel.latest.toPlainText()
    inbox.panel.comment.setPlainText("Well done.")
    inbox.panel.decide("approve")
    assert _sync(qtbot, mentor).complete

    # ---- the intern sees the approval
    assert _sync(qtbot, intern).complete
    mine = [s for s in intern_core.submissions.list() if s.task_id == task.id]
    assert mine[0].status.value == "approved" and mine[0].revision == 2
    tasks_page = intern.show_page("tasks")
    row = next(r for r in tasks_page.model.rows() if r.task.id == task.id)
    assert row.submission_status == "approved"


def test_coordinator_publishes_a_module_and_creates_a_task(
    make_window: Any, qtbot: Any, tmp_path: Path, server: LiveServer, errors_shown: list[str]
) -> None:
    coord_core = FieldApp.open(tmp_path / "coord")
    login(coord_core, server.url, "coord", "demo1234")
    coord = make_window(core=coord_core, name="coord")
    assert _sync(qtbot, coord).complete
    assert [name for _id, name in coord_core.cohorts()] == ["Bajaur 2026"]

    # Module editor: a new module with a lesson, a picture and a one-question quiz, published to the cohort.
    editor = coord.show_page("module_editor")
    editor.new_module()
    editor.module_title.setText("First aid")
    editor.lesson_title.setText("Burns")
    editor.lesson_body.setPlainText("# Burns\n\nCool the burn with **running water**.\n\n![tap](tap.png)")
    assert (
        "<b>running water</b>" in editor.preview.toHtml() or "running water" in editor.preview.toPlainText()
    )
    picture = tmp_path / "tap.png"
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    image.save(str(picture))
    editor.add_files([picture])
    qtbot.waitUntil(lambda: editor.assets.rowCount() == 1, timeout=30_000)
    editor.add_question()
    editor.question_prompt.setText("What cools a burn?")
    editor.question_kind.setCurrentIndex(editor.question_kind.findData("short"))
    editor.question_accepted.setPlainText("water")
    editor.cohorts.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: editor.publish_button.isEnabled(), timeout=30_000)
    editor.publish()
    qtbot.waitUntil(lambda: editor.publish_button.isEnabled(), timeout=30_000)
    assert "Published version 1" in editor.message.text()
    assert errors_shown == []

    # Task creation works offline through the outbox and goes up with the next sync.
    tasks = coord.show_page("task_admin")
    tasks.refresh()
    tasks.task_title.setText("Photograph the clinic")
    tasks.create_task()
    assert "created" in tasks.message.text()
    assert any(t.title == "Photograph the clinic" for t in tasks.model.rows())
    assert _sync(qtbot, coord).complete
    assert coord_core.status().pending_uploads == 0

    # Dashboard: figures from the server, drawn as a chart.
    dashboard = coord.show_page("dashboard")
    dashboard.load()
    qtbot.waitUntil(
        lambda: "server" in dashboard.source.text() and "Asking" not in dashboard.source.text(),
        timeout=30_000,
    )
    assert len(dashboard.chart.bars()) == 3
    assert {r.name for r in dashboard.model.rows()} >= {"Ayesha", "Sana"}

    # The intern receives the published module (with its picture) and the new task.
    sana_core = FieldApp.open(tmp_path / "sana")
    login(sana_core, server.url, "sana", "demo1234")
    sana = make_window(core=sana_core, name="sana")
    assert _sync(qtbot, sana).complete
    assert "Photograph the clinic" in {r.task.title for r in sana.show_page("tasks").model.rows()}
    module = next(m for m in sana_core.training.list() if m.title == "First aid")
    training = sana.show_page("training")
    assert training.select_module(module.id)
    assert "running water" in training.reader.browser.toPlainText()
    record = sana_core.training.get(module.id)
    assert sana_core.blobs.has(record.assets[0].sha256)


def test_sign_in_screen_uses_the_login_service(
    make_window: Any, qtbot: Any, tmp_path: Path, server: LiveServer
) -> None:
    core = FieldApp.open(tmp_path / "fresh")
    window = make_window(core=core, name="fresh")
    assert next(iter(window.pages)) == "signin"
    page = window.show_page("signin")
    page.server.setText(server.url)
    page.username.setText("sana")
    page.password.setText("wrong password")
    page.sign_in()
    qtbot.waitUntil(lambda: page.sign_in_button.isEnabled(), timeout=30_000)
    assert "Could not sign in" in page.message.text()
    assert page.password.text() == ""  # never kept in the form
    assert core.session is None
    page.password.setText("demo1234")
    with qtbot.waitSignal(window.rebuild_requested, timeout=30_000):
        page.sign_in()
    assert core.session is not None and core.session.user.username == "sana"
