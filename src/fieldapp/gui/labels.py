"""Translated names for the values the core uses (statuses, decisions, fields, mutation kinds)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = [
    "assignment_status_label",
    "decision_label",
    "field_label",
    "mutation_kind_label",
    "submission_status_label",
]


def assignment_status_label(status: object) -> str:
    """The intern's own working status on a task."""
    value = str(getattr(status, "value", status) or "")
    names = {
        "todo": QCoreApplication.translate("Labels", "To do"),
        "in_progress": QCoreApplication.translate("Labels", "In progress"),
        "done": QCoreApplication.translate("Labels", "Done"),
    }
    return names.get(value, value)


def submission_status_label(status: object) -> str:
    """Where a submission stands."""
    value = str(getattr(status, "value", status) or "")
    names = {
        "": QCoreApplication.translate("Labels", "Not started"),
        "draft": QCoreApplication.translate("Labels", "Draft (not sent)"),
        "submitted": QCoreApplication.translate("Labels", "Submitted, waiting for review"),
        "approved": QCoreApplication.translate("Labels", "Approved"),
        "changes_requested": QCoreApplication.translate("Labels", "Changes requested"),
    }
    return names.get(value, value)


def decision_label(decision: object) -> str:
    """A mentor's review decision."""
    value = str(getattr(decision, "value", decision) or "")
    names = {
        "approve": QCoreApplication.translate("Labels", "Approved"),
        "request_changes": QCoreApplication.translate("Labels", "Changes requested"),
        "comment": QCoreApplication.translate("Labels", "Comment"),
    }
    return names.get(value, value)


def field_label(name: str) -> str:
    """A field that can be in conflict."""
    names = {
        "status": QCoreApplication.translate("Labels", "Status"),
        "title": QCoreApplication.translate("Labels", "Title"),
        "description": QCoreApplication.translate("Labels", "Description"),
        "due": QCoreApplication.translate("Labels", "Due date"),
    }
    return names.get(name, name)


def mutation_kind_label(kind: object) -> str:
    """What kind of change a queued or refused change was."""
    value = str(getattr(kind, "value", kind) or "")
    names = {
        "assignment.status": QCoreApplication.translate("Labels", "Task status"),
        "submission.submit": QCoreApplication.translate("Labels", "Submission"),
        "review.add": QCoreApplication.translate("Labels", "Review"),
        "progress.add": QCoreApplication.translate("Labels", "Training progress"),
        "task.upsert": QCoreApplication.translate("Labels", "Task"),
    }
    return names.get(value, value)
