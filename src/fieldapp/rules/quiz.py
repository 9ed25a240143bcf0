"""Scoring a quiz: a pure function, no I/O, the same answer on the device and on the server."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from fieldapp.protocol import Question, QuestionKind, Quiz

__all__ = ["Answer", "QuestionResult", "QuizResult", "normalize_short", "score_question", "score_quiz"]

#: A choice question is answered with option indexes; a short-answer question with text.
Answer = list[int] | str


@dataclass(frozen=True)
class QuestionResult:
    """How one question was answered: ``earned`` is ``points`` when correct, else 0."""

    question_id: str
    correct: bool
    points: int
    earned: int


@dataclass(frozen=True)
class QuizResult:
    """``score`` is the fraction of points earned (0..1); ``passed`` when it reaches the pass mark."""

    score: float
    passed: bool
    earned: int
    total: int
    questions: list[QuestionResult]


def normalize_short(text: str) -> str:
    """Compare short answers ignoring case, surrounding space and runs of inner space."""
    return " ".join(text.casefold().split())


def _indexes(answer: object) -> set[int] | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return {answer}
    if isinstance(answer, list | tuple) and all(
        isinstance(i, int) and not isinstance(i, bool) for i in answer
    ):
        return set(answer)
    return None


def score_question(question: Question, answer: object) -> bool:
    """Whether ``answer`` is right. A missing or malformed answer is simply wrong, never an error."""
    if question.kind is QuestionKind.short:
        if not isinstance(answer, str) or not answer.strip():
            return False
        return normalize_short(answer) in {normalize_short(a) for a in question.accepted}
    chosen = _indexes(answer)
    if chosen is None or not chosen:
        return False
    if question.kind is QuestionKind.single and len(chosen) != 1:
        return False
    return chosen == set(question.correct)


def score_quiz(quiz: Quiz, answers: Mapping[str, object]) -> QuizResult:
    """Score every question; an empty quiz (no points to earn) counts as passed."""
    results = []
    for question in quiz.questions:
        points = max(0, question.points)
        correct = score_question(question, answers.get(question.id))
        results.append(QuestionResult(question.id, correct, points, points if correct else 0))
    total = sum(r.points for r in results)
    earned = sum(r.earned for r in results)
    score = earned / total if total else 1.0
    # isclose: 7/10 must pass a 0.7 mark despite binary floating point.
    passed = score > quiz.pass_mark or math.isclose(score, quiz.pass_mark, abs_tol=1e-9)
    return QuizResult(score=score, passed=passed, earned=earned, total=total, questions=results)
