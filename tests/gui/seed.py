"""Local profiles with known content, stored the way a real pull stores it (no server needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fieldapp.core.app import FieldApp
from fieldapp.protocol import Change, PullResponse, RecordKind, UserRecord

__all__ = ["COORDINATOR", "INTERN", "MENTOR", "MODULE_ID", "TASK_IDS", "pull", "seeded_profile"]

COHORT = "cohort-1"
INTERN = UserRecord(
    id="u-ayesha",
    username="ayesha",
    display_name="Ayesha",
    role="intern",
    cohort_ids=[COHORT],
    mentor_ids=["u-mentor"],
)
SANA = UserRecord(
    id="u-sana",
    username="sana",
    display_name="Sana",
    role="intern",
    cohort_ids=[COHORT],
    mentor_ids=["u-mentor"],
)
MENTOR = UserRecord(
    id="u-mentor", username="mentor", display_name="Mentor", role="mentor", cohort_ids=[COHORT]
)
COORDINATOR = UserRecord(id="u-coord", username="coord", display_name="Coordinator", role="coordinator")
MODULE_ID = "mod-1"
TASK_IDS = ["task-1", "task-2", "task-3"]


def module_record() -> dict[str, Any]:
    """A small module: two lessons and a two-question quiz."""
    return {
        "id": MODULE_ID,
        "version": 1,
        "title": "Digital safety",
        "description": "Stay safe online.",
        "lessons": [
            {
                "id": "l1",
                "title": "Passwords",
                "body_md": "# Passwords\n\nUse a **long** passphrase.\n\n- one\n- two",
            },
            {"id": "l2", "title": "Phishing", "body_md": "## Phishing\n\nDo not click unknown links."},
        ],
        "quiz": {
            "pass_mark": 0.5,
            "questions": [
                {
                    "id": "q1",
                    "kind": "single",
                    "prompt": "Which password is strongest?",
                    "options": ["1234", "correct horse battery staple"],
                    "correct": [1],
                },
                {
                    "id": "q2",
                    "kind": "short",
                    "prompt": "What should you not click?",
                    "accepted": ["unknown links"],
                },
            ],
        },
        "cohort_ids": [COHORT],
    }


def records(extra_tasks: int = 0) -> list[tuple[RecordKind, str, dict[str, Any]]]:
    """Users, a cohort, tasks assigned to Ayesha and a module."""
    today = date.today()
    out: list[tuple[RecordKind, str, dict[str, Any]]] = [
        (RecordKind.user, f"user:{u.id}", u.model_dump(mode="json")) for u in (INTERN, SANA, MENTOR)
    ]
    out.append((RecordKind.cohort, f"cohort:{COHORT}", {"id": COHORT, "name": "Bajaur 2026"}))
    titles = ["Map the water points", "Interview three shopkeepers", "Introduce yourself"]
    for i, (task_id, title) in enumerate(zip(TASK_IDS, titles, strict=True)):
        out.append(
            (
                RecordKind.task,
                f"intern:{INTERN.id}",
                {
                    "id": task_id,
                    "title": title,
                    "description": f"Description of {title}.",
                    "due": (today + timedelta(days=i - 1)).isoformat(),
                },
            )
        )
        out.append(
            (
                RecordKind.assignment,
                f"intern:{INTERN.id}",
                {"id": f"as-{task_id}", "task_id": task_id, "assignee_id": INTERN.id, "status": "todo"},
            )
        )
    for i in range(extra_tasks):
        task_id = f"bulk-{i}"
        out.append(
            (
                RecordKind.task,
                f"intern:{INTERN.id}",
                {
                    "id": task_id,
                    "title": f"Bulk task {i}",
                    "due": (today + timedelta(days=i % 60)).isoformat(),
                },
            )
        )
        out.append(
            (
                RecordKind.assignment,
                f"intern:{INTERN.id}",
                {"id": f"as-{task_id}", "task_id": task_id, "assignee_id": INTERN.id, "status": "todo"},
            )
        )
    out.append((RecordKind.module, f"module:{MODULE_ID}", module_record()))
    return out


def pull(core: FieldApp, items: list[tuple[RecordKind, str, dict[str, Any]]], cursor: str = "c") -> None:
    """Store records exactly as a pulled page would."""
    changes = [Change(seq=i + 1, kind=k, id=d["id"], scope=s, data=d) for i, (k, s, d) in enumerate(items)]
    core.sync_store.apply_pull_page(
        PullResponse(changes=changes, cursor=cursor, more=False, server_time=datetime.now(UTC))
    )


def seeded_profile(path: Path, user: UserRecord = INTERN, extra_tasks: int = 0) -> FieldApp:
    """A profile signed in as ``user`` holding the standard records."""
    core = FieldApp.open(path)
    core.set_session(user, "http://127.0.0.1:9", core.device_id)
    pull(core, records(extra_tasks))
    return core
