"""Quiz scoring on the device, for every question kind (a pure function: no server, no store)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.protocol import Question, QuestionKind, Quiz
from fieldapp.rules.quiz import normalize_short, score_question, score_quiz

SINGLE = Question(id="s", kind=QuestionKind.single, prompt="?", options=["a", "b", "c"], correct=[1])
MULTI = Question(id="m", kind=QuestionKind.multiple, prompt="?", options=["a", "b", "c", "d"], correct=[0, 2])
SHORT = Question(id="t", kind=QuestionKind.short, prompt="?", accepted=["Peshawar", "Pekhawar"], points=2)


def test_single_choice() -> None:
    assert score_question(SINGLE, [1]) and score_question(SINGLE, 1)
    assert not score_question(SINGLE, [0]) and not score_question(SINGLE, [1, 2])
    assert (
        not score_question(SINGLE, None)
        and not score_question(SINGLE, "b")
        and not score_question(SINGLE, True)
    )


def test_multiple_choice_needs_exactly_the_right_set() -> None:
    assert score_question(MULTI, [2, 0]) and score_question(MULTI, [0, 2, 2])
    assert (
        not score_question(MULTI, [0])
        and not score_question(MULTI, [0, 1, 2])
        and not score_question(MULTI, [])
    )


def test_short_answer_ignores_case_and_spacing() -> None:
    assert score_question(SHORT, "  peshawar ") and score_question(SHORT, "PEKHAWAR")
    assert (
        not score_question(SHORT, "Peshawar city")
        and not score_question(SHORT, "")
        and not score_question(SHORT, [0])
    )


def test_points_and_pass_mark() -> None:
    quiz = Quiz(pass_mark=0.5, questions=[SINGLE, MULTI, SHORT])  # 4 points in all
    result = score_quiz(quiz, {"s": [1], "m": [0], "t": "peshawar"})
    assert (result.earned, result.total, result.score, result.passed) == (3, 4, 0.75, True)
    assert [q.correct for q in result.questions] == [True, False, True]
    assert not score_quiz(quiz, {"s": [1]}).passed
    # 7 of 10 points exactly reaches a 0.7 mark despite floating point.
    ten = [
        Question(id=str(i), kind=QuestionKind.single, prompt="?", options=["x", "y"], correct=[0])
        for i in range(10)
    ]
    answers = {str(i): [0 if i < 7 else 1] for i in range(10)}
    assert score_quiz(Quiz(pass_mark=0.7, questions=ten), answers).passed


@given(
    correct=st.sets(st.integers(0, 5), min_size=1),
    chosen=st.lists(st.integers(-2, 8), max_size=8),
)
def test_multiple_choice_property(correct: set[int], chosen: list[int]) -> None:
    question = Question(
        id="m", kind=QuestionKind.multiple, prompt="?", options=list("abcdef"), correct=sorted(correct)
    )
    assert score_question(question, chosen) == (set(chosen) == correct)


@given(
    answer=st.text(max_size=30), accepted=st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=3)
)
def test_short_answer_property(answer: str, accepted: list[str]) -> None:
    question = Question(id="t", kind=QuestionKind.short, prompt="?", accepted=accepted)
    expected = bool(answer.strip()) and normalize_short(answer) in {normalize_short(a) for a in accepted}
    assert score_question(question, answer) == expected


@given(st.dictionaries(st.sampled_from(["s", "m", "t", "zz"]), st.one_of(st.text(), st.lists(st.integers()))))
def test_score_is_a_fraction_and_never_raises(answers: dict[str, object]) -> None:
    result = score_quiz(Quiz(questions=[SINGLE, MULTI, SHORT]), answers)
    assert 0 <= result.score <= 1 and result.total == 4
    assert result.passed == (result.score >= 0.7 - 1e-9)
