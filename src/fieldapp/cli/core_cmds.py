"""Headless commands over the core services: status, tasks, modules, submissions, submit, review, doctor."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldapp.cli.common import (
    open_app,
    print_json,
    print_table,
    resolve_profile,
    shared_device_of,
    unlock,
    wants_json,
    wants_unlock,
)
from fieldapp.core.doctor import run_checks
from fieldapp.core.submissions import SubmissionView
from fieldapp.protocol import Decision

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add this module's subcommands."""
    p = subparsers.add_parser("status", help="profile, server, last sync, what waits to be sent")
    p.set_defaults(func=cmd_status)
    p = subparsers.add_parser("tasks", help="tasks on this device")
    p.set_defaults(func=cmd_tasks)
    p = subparsers.add_parser("modules", help="training modules and your progress")
    p.set_defaults(func=cmd_modules)
    p = subparsers.add_parser("submissions", help="submissions on this device, with reviews")
    p.set_defaults(func=cmd_submissions)
    p = subparsers.add_parser("submit", help="submit work on a task (sent on the next sync)")
    p.add_argument("task_id", metavar="TASK_ID")
    p.add_argument("--text", required=True, help="what you want to say")
    p.add_argument("--attach", metavar="FILE", action="append", default=[], type=Path, help="attach a file")
    p.set_defaults(func=cmd_submit)
    p = subparsers.add_parser("review", help="approve or send back a mentee's submission")
    p.add_argument("submission_id", metavar="SUBMISSION_ID")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", dest="decision", action="store_const", const=Decision.approve)
    choice.add_argument(
        "--request-changes", dest="decision", action="store_const", const=Decision.request_changes
    )
    choice.add_argument(
        "--comment-only",
        dest="decision",
        action="store_const",
        const=Decision.comment,
        help="add a comment without a decision",
    )
    p.add_argument("--comment", default="", help="what the intern should know or change")
    p.set_defaults(func=cmd_review)
    p = subparsers.add_parser(
        "doctor",
        help="check this computer and fieldapp's data",
        description="Check disk, keyring, server and clock. On a shared laptop each person's data is "
        "locked by her PIN: add --person NAME (and her PIN) to check her database too.",
    )
    p.set_defaults(func=cmd_doctor)


def cmd_status(args: argparse.Namespace) -> int:
    """Show profile, user, server, last sync and what waits to be sent."""
    with open_app(args) as app:
        status = app.status()
    if wants_json(args):
        print_json(
            {
                "user": status.user,
                "server": status.server,
                "last_sync": status.last_sync,
                "pending_uploads": status.pending_uploads,
                "conflicts": status.conflicts,
                "rejected": status.rejected,
                "profile": status.profile,
                "role": status.role,
                "pending_files": status.pending_files,
                "last_attempt": status.last_attempt,
                "last_error": status.last_error,
            }
        )
        return 0
    rows = [
        ("Profile", status.profile),
        ("Signed in as", f"{status.user} ({status.role})" if status.user else "nobody"),
        ("Server", status.server or "none yet"),
        ("Last sync", status.last_sync or "never"),
        ("Waiting to send", f"{status.pending_uploads} change(s), {status.pending_files} file(s)"),
        ("Conflicts", status.conflicts),
        ("Refused by server", status.rejected),
    ]
    if status.last_error:
        rows.append(("Last sync problem", status.last_error))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    return 0


def cmd_tasks(args: argparse.Namespace) -> int:
    """List tasks with their status and due date."""
    with open_app(args) as app:
        tasks = app.tasks.list()
    if wants_json(args):
        print_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "status": t.status.value,
                    "due": t.due.isoformat() if t.due else None,
                    "assignment_id": t.assignment_id,
                    "description": t.description,
                }
                for t in tasks
            ]
        )
        return 0
    print_table(
        [(t.id, t.title, t.status.value.replace("_", " "), t.due or "") for t in tasks],
        ("ID", "TITLE", "STATUS", "DUE"),
        empty="No tasks on this device yet.",
    )
    return 0


def cmd_modules(args: argparse.Namespace) -> int:
    """List training modules with the signed-in person's progress."""
    with open_app(args) as app:
        modules = app.training.list()
    if wants_json(args):
        print_json(
            [
                {
                    "id": m.id,
                    "title": m.title,
                    "version": m.version,
                    "progress": round(m.progress.fraction, 4),
                    "lessons": m.lessons,
                    "completed_lessons": len(m.progress.completed),
                    "quiz_passed": m.progress.quiz_passed,
                    "best_score": m.progress.best_score,
                }
                for m in modules
            ]
        )
        return 0
    print_table(
        [(m.id, m.title, m.version, f"{round(m.progress.fraction * 100)}%") for m in modules],
        ("ID", "TITLE", "VERSION", "PROGRESS"),
        empty="No training modules on this device yet.",
    )
    return 0


def _submission_json(view: SubmissionView) -> dict[str, Any]:
    return {
        "id": view.id,
        "task_id": view.task_id,
        "author": view.author,
        "status": view.status.value,
        "revision": view.revision,
        "reviews": [
            {
                "decision": r.decision.value,
                "comment": r.comment,
                "reviewer": r.reviewer,
                "revision": r.revision,
            }
            for r in view.reviews
        ],
        "author_id": view.author_id,
        "task_title": view.task_title,
        "unsent": view.unsent,
    }


def cmd_submissions(args: argparse.Namespace) -> int:
    """List submissions with their reviews (and unsent first drafts)."""
    with open_app(args) as app:
        views = app.submissions.list()
    if wants_json(args):
        print_json([_submission_json(v) for v in views])
        return 0
    print_table(
        [
            (
                v.id,
                v.task_title,
                v.author,
                v.status.value.replace("_", " "),
                v.revision,
                "not sent yet" if v.unsent else "",
            )
            for v in views
        ],
        ("ID", "TASK", "AUTHOR", "STATUS", "REVISION", ""),
        empty="No submissions on this device yet.",
    )
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    """Copy the attachments into the file store and submit a new revision."""
    with open_app(args) as app:
        app.tasks.get(args.task_id)  # A wrong id fails before any file is copied.
        refs = [app.blobs.put_file(path) for path in args.attach]
        submission_id, revision = app.submissions.submit(args.task_id, args.text, refs)
    if wants_json(args):
        print_json({"id": submission_id, "revision": revision})
    else:
        print(
            f"Submitted revision {revision} of submission {submission_id}; it will be sent on the next sync."
        )
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """Record a review decision on a submission."""
    with open_app(args) as app:
        review_id = app.reviews.review(args.submission_id, args.decision, args.comment)
    if wants_json(args):
        print_json({"id": review_id, "submission_id": args.submission_id, "decision": args.decision.value})
    else:
        print(f"Review saved ({args.decision.value.replace('_', ' ')}); it will be sent on the next sync.")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    """Run the health checks; exit 1 when something needs fixing.

    The database checks open her data, so on a shared laptop they run only with her PIN (``--person`` or
    ``--pin-stdin``); without, the laptop's own checks run and the report says her data is locked.
    """
    profile = resolve_profile(args)
    from fieldapp.core.vault import has_vault

    if wants_unlock(args) or (shared_device_of(profile) is None and not has_vault(profile)):
        access = unlock(args)
        results = run_checks(access.profile, key=access.key)
    else:
        results = run_checks(profile, locked=True)
    if wants_json(args):
        print_json([{"name": r.name, "ok": r.ok, "message": r.message, "fix": r.fix} for r in results])
    else:
        for r in results:
            print(f"[{'ok' if r.ok else 'FIX'}] {r.name}: {r.message}")
            if not r.ok and r.fix:
                print(f"      what to do: {r.fix}")
        bad = sum(not r.ok for r in results)
        print("Everything looks fine." if not bad else f"{bad} thing(s) need fixing.")
    return 0 if all(r.ok for r in results) else 1
