"""Mentor flows on a local copy: inbox by state, revisions side by side, review decisions; mentees."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pytestqt.modeltest import ModelTester

from fieldapp.core.app import FieldApp
from fieldapp.protocol import RecordKind

from .seed import INTERN, MENTOR, TASK_IDS, pull, seeded_profile


def _with_submission(tmp_path: Any) -> FieldApp:
    core = seeded_profile(tmp_path / "mentor", MENTOR)
    now = datetime.now(UTC).isoformat()
    scope = f"intern:{INTERN.id}"
    pull(
        core,
        [
            (
                RecordKind.submission,
                scope,
                {
                    "id": "sub-1",
                    "task_id": TASK_IDS[0],
                    "author_id": INTERN.id,
                    "status": "submitted",
                    "revision": 2,
                    "updated_at": now,
                },
            ),
            (
                RecordKind.revision,
                scope,
                {
                    "id": "rev-1",
                    "submission_id": "sub-1",
                    "revision": 1,
                    "text": "First try.",
                    "received_at": now,
                },
            ),
            (
                RecordKind.revision,
                scope,
                {
                    "id": "rev-2",
                    "submission_id": "sub-1",
                    "revision": 2,
                    "text": "Second, better try.",
                    "received_at": now,
                },
            ),
            (
                RecordKind.review,
                scope,
                {
                    "id": "r-1",
                    "submission_id": "sub-1",
                    "revision": 1,
                    "reviewer_id": MENTOR.id,
                    "decision": "request_changes",
                    "comment": "Add detail.",
                },
            ),
            (
                RecordKind.progress,
                scope,
                {
                    "id": "p-1",
                    "user_id": INTERN.id,
                    "module_id": "mod-1",
                    "module_version": 1,
                    "kind": "lesson_completed",
                    "lesson_id": "l1",
                },
            ),
        ],
        cursor="c2",
    )
    return core


def test_inbox_revisions_side_by_side_and_request_changes(
    make_window: Any, tmp_path: Any, qtmodeltester: ModelTester, errors_shown: list[str]
) -> None:
    window = make_window(core=_with_submission(tmp_path))
    inbox = window.show_page("inbox")
    qtmodeltester.check(inbox.model)
    qtmodeltester.check(inbox.proxy)
    assert inbox.tabs.tabText(0) == "New (1)"
    assert inbox.proxy.rowCount() == 1
    assert inbox.select_submission("sub-1")
    panel = inbox.panel
    assert "Second, better try." in panel.latest.toPlainText()
    assert "First try." in panel.earlier.toPlainText()
    assert "Add detail." in panel.history.toPlainText()

    panel.decide("request_changes")  # no comment: refused with a sentence, nothing queued
    assert errors_shown and "comment" in errors_shown[0]
    assert window.ctx.core.status().pending_uploads == 0

    panel.comment.setPlainText("Add the photos too.")
    panel.decide("request_changes")
    assert window.ctx.core.status().pending_uploads == 1
    # Applied locally at once: it moved to "waiting on the intern".
    assert inbox.tabs.tabText(1) == "Waiting on the intern (1)"
    assert inbox.tabs.currentIndex() == 1
    assert not panel.approve_button.isEnabled()


def test_mentees_progress(make_window: Any, tmp_path: Any, qtmodeltester: ModelTester) -> None:
    window = make_window(core=_with_submission(tmp_path))
    page = window.show_page("mentees")
    qtmodeltester.check(page.model)
    rows = {(r.person, r.module): r for r in page.model.rows()}
    ayesha = rows[("Ayesha", "Digital safety")]
    assert ayesha.lessons_done == 1 and ayesha.lessons == 2
    assert rows[("Sana", "Digital safety")].lessons_done == 0
