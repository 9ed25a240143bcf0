"""Intern flows: tasks, draft autosave, attachments with thumbnails, submitting; training and quiz."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.modeltest import ModelTester

from fieldapp.gui.screens.task_detail import TaskDetail
from fieldapp.gui.screens.tasks import TasksPage
from fieldapp.gui.screens.training import TrainingPage

from .seed import MODULE_ID, TASK_IDS


def _tasks_page(window: Any) -> TasksPage:
    page = window.show_page("tasks")
    assert isinstance(page, TasksPage)
    return page


def test_task_list_filters_and_models(make_window: Any, qtmodeltester: ModelTester) -> None:
    window = make_window()
    page = _tasks_page(window)
    assert page.model.rowCount() == 3
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    page.filter.setCurrentIndex(page.filter.findData("due"))
    # Seeded due dates: yesterday, today, tomorrow -> two are due today or late.
    assert page.proxy.rowCount() == 2
    page.filter.setCurrentIndex(page.filter.findData("all"))
    page.search.setText("shopkeepers")
    assert page.proxy.rowCount() == 1


def test_status_change_goes_to_outbox(make_window: Any) -> None:
    window = make_window()
    page = _tasks_page(window)
    assert page.select_task(TASK_IDS[0])
    detail = page.detail
    detail.status.setCurrentIndex(detail.status.findData("in_progress"))
    core = window.ctx.core
    assert core.tasks.get(TASK_IDS[0]).status.value == "in_progress"
    assert core.status().pending_uploads == 1
    assert "1" in window.sync_status.pending_label.text()


def test_draft_autosaves_and_submit_says_when_it_is_sent(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window = make_window()
    page = _tasks_page(window)
    assert page.select_task(TASK_IDS[1])
    detail: TaskDetail = page.detail
    qtbot.keyClicks(detail.editor, "Three shops visited")
    with qtbot.waitSignal(detail.draft_saved, timeout=5000):
        pass
    core = window.ctx.core
    assert core.submissions.draft(TASK_IDS[1]).text == "Three shops visited"

    photo = tmp_path / "shop.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    assert image.save(str(photo))
    detail.attach_files([photo])
    qtbot.waitUntil(lambda: detail.files.rowCount() == 1, timeout=5000)
    icon = detail.files.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert not icon.pixmap(96, 96).isNull()
    assert core.submissions.draft(TASK_IDS[1]).attachments[0].name == "shop.png"

    with qtbot.waitSignal(detail.submitted, timeout=5000) as blocker:
        qtbot.mouseClick(detail.submit_button, Qt.MouseButton.LeftButton)
    assert blocker.args[1] == 1
    # The page reloaded: the task shows the submission as waiting to be sent, and the editor is locked.
    assert "next time" in page.detail.submission_state.text()
    assert page.detail.editor.isReadOnly()
    assert core.status().pending_uploads == 1
    assert core.status().pending_files == 1
    mine = [s for s in core.submissions.list() if s.task_id == TASK_IDS[1]]
    assert mine[0].status.value == "submitted" and mine[0].unsent


def test_submit_empty_is_refused_with_a_message(make_window: Any, errors_shown: list[str]) -> None:
    window = make_window()
    page = _tasks_page(window)
    page.select_task(TASK_IDS[0])
    page.detail.submit()
    assert errors_shown and "Write something" in errors_shown[0]
    assert window.ctx.core.status().pending_uploads == 0


def test_training_lessons_and_quiz_with_retry(
    make_window: Any, qtbot: Any, qtmodeltester: ModelTester
) -> None:
    window = make_window()
    page = window.show_page("training")
    assert isinstance(page, TrainingPage)
    qtmodeltester.check(page.model)
    assert page.select_module(MODULE_ID)
    assert "Passwords" in page.reader.browser.toPlainText()
    assert page.reader.browser.document().toHtml().count("<li") == 2  # Markdown list rendered
    page.complete_lesson()
    assert page.current_lesson_id() == "l2"
    page.complete_lesson()
    core = window.ctx.core
    assert core.training.progress(MODULE_ID).completed == frozenset({"l1", "l2"})
    # The quiz is the last entry; pass mark 50%.
    page.select_lesson(page.lessons.rowCount() - 1)
    quiz = page.quiz
    assert page.stack.currentWidget() is quiz
    with qtbot.waitSignal(quiz.finished) as first:
        quiz.check()  # nothing answered
    assert not first.args[0].passed
    assert quiz.retry_button.isVisible()
    quiz.retry()
    group = quiz._inputs["q1"]
    group.button(1).setChecked(True)
    quiz._inputs["q2"].setText("  Unknown   LINKS ")
    with qtbot.waitSignal(quiz.finished) as second:
        quiz.check()
    assert second.args[0].passed
    assert "passed" in quiz.result.text()
    progress = core.training.progress(MODULE_ID)
    assert progress.quiz_passed and progress.fraction == 1.0
    assert page.progress.value() == 100


# QtMultimedia, where it loads, logs which optional codec libraries it did not find: harmless here.
@pytest.mark.qt_log_ignore(r"Couldn.t (load|resolve)", r".*[Mm]ultimedia.*", r".*FFmpeg.*", r".*PulseAudio.*")
def test_lesson_pdf_opens_in_app_and_media_falls_back(
    make_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtGui import QDesktopServices, QPageSize, QPainter, QPdfWriter

    from fieldapp.gui.screens import lesson_reader
    from fieldapp.protocol import RecordKind

    from .seed import module_record, pull

    window = make_window()
    core = window.ctx.core
    pdf_path = tmp_path / "guide.pdf"
    writer = QPdfWriter(str(pdf_path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Water safety guide")
    painter.end()
    pdf = core.blobs.put_file(pdf_path, mime="application/pdf")
    audio = core.blobs.put_bytes(b"ID3" + bytes(64), "song.mp3", "audio/mpeg")
    module = module_record()
    module["assets"] = [
        {"name": "guide.pdf", "sha256": pdf.sha256, "size": pdf.size, "mime": "application/pdf"},
        {"name": "song.mp3", "sha256": audio.sha256, "size": audio.size, "mime": "audio/mpeg"},
    ]
    module["lessons"][0]["assets"] = ["guide.pdf", "song.mp3"]
    pull(core, [(RecordKind.module, f"module:{MODULE_ID}", module)], cursor="c2")

    opened_pdfs: list[Any] = []
    monkeypatch.setattr(lesson_reader.PdfDialog, "exec", lambda self: opened_pdfs.append(self))
    monkeypatch.setattr(lesson_reader.MediaDialog, "exec", lambda self: opened_pdfs.append(-1))
    opened_urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened_urls.append(url.toLocalFile()))
    )

    page = window.show_page("training")
    page.refresh()
    assert page.select_module(MODULE_ID)
    buttons = {b.objectName(): b for b in page.reader._buttons}
    assert set(buttons) == {"asset_guide.pdf", "asset_song.mp3"}
    buttons["asset_guide.pdf"].click()
    assert lesson_reader.has_pdf_support()
    # Read (decrypted, when her data is locked) off the GUI thread, then shown in the app through QtPdf,
    # from memory: the PDF is never written out in the clear.
    qtbot.waitUntil(lambda: len(opened_pdfs) == 1 and opened_pdfs[0].document.pageCount() == 1)
    buttons["asset_song.mp3"].click()
    if lesson_reader._multimedia_loads():
        qtbot.waitUntil(lambda: opened_pdfs[-1] == -1)
    else:  # this PySide6 has no working QtMultimedia: the system's player gets the file, under its name
        qtbot.waitUntil(lambda: bool(opened_urls))
        assert opened_urls[0].endswith("song.mp3")
        # A private copy inside her profile, not in the shared temp folder.
        assert str(core.profile_dir) in opened_urls[0]
