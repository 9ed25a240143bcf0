"""Training modules (published versions) and progress events (append-only; state derived)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from fieldapp.core.clock import now
from fieldapp.core.context import Context
from fieldapp.core.errors import InvalidInput, NotFound
from fieldapp.core.outbox import record_mutation
from fieldapp.protocol import (
    ModuleRecord,
    MutationKind,
    ProgressKind,
    ProgressPayload,
    ProgressRecord,
    RecordKind,
)
from fieldapp.rules.quiz import Answer, QuizResult, score_quiz

__all__ = ["ModuleProgress", "ModuleSummary", "TrainingService", "derive_progress"]


@dataclass(frozen=True)
class ModuleProgress:
    """Progress derived from events: unions of lessons, the best quiz score, passed if any attempt passed."""

    opened: frozenset[str] = frozenset()
    completed: frozenset[str] = frozenset()
    attempts: int = 0
    best_score: float | None = None
    quiz_passed: bool = False
    fraction: float = 0.0


@dataclass(frozen=True)
class ModuleSummary:
    id: str
    title: str
    version: int
    description: str
    lessons: int
    progress: ModuleProgress = field(default_factory=ModuleProgress)


def derive_progress(module: ModuleRecord, events: list[ProgressRecord]) -> ModuleProgress:
    """Fold events into state. Order-free (max / union), so events from any device merge without conflict."""
    lesson_ids = {lesson.id for lesson in module.lessons}
    opened = {e.lesson_id for e in events if e.lesson_id and e.kind is not ProgressKind.quiz_attempt}
    completed = {e.lesson_id for e in events if e.lesson_id and e.kind is ProgressKind.lesson_completed}
    attempts = [e for e in events if e.kind is ProgressKind.quiz_attempt]
    scores = [e.score for e in attempts if e.score is not None]
    passed = any(e.passed for e in attempts)
    items = len(lesson_ids) + (1 if module.quiz and module.quiz.questions else 0)
    done = len(completed & lesson_ids) + (1 if passed and module.quiz and module.quiz.questions else 0)
    return ModuleProgress(
        opened=frozenset(opened & lesson_ids),
        completed=frozenset(completed & lesson_ids),
        attempts=len(attempts),
        best_score=max(scores) if scores else None,
        quiz_passed=passed,
        fraction=done / items if items else 0.0,
    )


class TrainingService:
    """Read modules, record lessons opened/completed and quiz attempts (scored here, offline)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def get(self, module_id: str) -> ModuleRecord:
        """The published module version on this device, or NotFound."""
        data = self._ctx.require_row(RecordKind.module, module_id, "training module")
        return ModuleRecord.model_validate_json(data)

    def _events(self, module_id: str, user_id: str | None) -> list[ProgressRecord]:
        rows = self._ctx.store.query(
            "SELECT data FROM progress WHERE module_id = ? AND user_id = ?", (module_id, user_id or "")
        )
        return [ProgressRecord.model_validate_json(r["data"]) for r in rows]

    def progress(self, module_id: str, user_id: str | None = None) -> ModuleProgress:
        """Derived progress of ``user_id`` (default: the signed-in person) on a module."""
        module = self.get(module_id)
        if user_id is None:
            me = self._ctx.user()
            user_id = me.id if me else None
        return derive_progress(module, self._events(module_id, user_id))

    def list(self) -> list[ModuleSummary]:
        """Every module on this device with the signed-in person's progress, by title."""
        me = self._ctx.user()
        summaries = []
        for row in self._ctx.store.query("SELECT data FROM modules ORDER BY title, id"):
            module = ModuleRecord.model_validate_json(row["data"])
            summaries.append(
                ModuleSummary(
                    id=module.id,
                    title=module.title,
                    version=module.version,
                    description=module.description,
                    lessons=len(module.lessons),
                    progress=derive_progress(module, self._events(module.id, me.id if me else None)),
                )
            )
        return summaries

    def _record(self, module: ModuleRecord, kind: ProgressKind, **fields: object) -> ProgressPayload:
        user = self._ctx.require_user()
        payload = ProgressPayload.model_validate(
            {
                "event_id": str(uuid.uuid4()),
                "module_id": module.id,
                "module_version": module.version,
                "kind": kind,
                "device_time": now(),
                **fields,
            }
        )
        with self._ctx.store.transaction() as conn:
            record_mutation(conn, MutationKind.progress, payload, user.id)
        return payload

    def _lesson(self, module_id: str, lesson_id: str) -> ModuleRecord:
        module = self.get(module_id)
        if lesson_id not in {lesson.id for lesson in module.lessons}:
            raise NotFound(f"The module {module.title!r} has no lesson {lesson_id}.")
        return module

    def open_lesson(self, module_id: str, lesson_id: str) -> None:
        """Record that the signed-in person opened a lesson."""
        self._record(self._lesson(module_id, lesson_id), ProgressKind.lesson_opened, lesson_id=lesson_id)

    def complete_lesson(self, module_id: str, lesson_id: str) -> None:
        """Record that the signed-in person finished a lesson."""
        self._record(self._lesson(module_id, lesson_id), ProgressKind.lesson_completed, lesson_id=lesson_id)

    def attempt_quiz(self, module_id: str, answers: Mapping[str, Answer]) -> QuizResult:
        """Score the answers on the device, record the attempt, and return the result."""
        module = self.get(module_id)
        if module.quiz is None or not module.quiz.questions:
            raise InvalidInput(f"The module {module.title!r} has no quiz.")
        known = {q.id for q in module.quiz.questions}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise InvalidInput(f"The quiz has no question {unknown[0]!r}.")
        result = score_quiz(module.quiz, answers)
        self._record(
            module, ProgressKind.quiz_attempt, answers=dict(answers), score=result.score, passed=result.passed
        )
        return result
