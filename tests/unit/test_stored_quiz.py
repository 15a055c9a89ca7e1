"""Quiz sittings read back from their JSON: what was stored comes back, damage is told as such."""

from __future__ import annotations

import math
from typing import Any

import pytest

from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_session import MAX_TIME_LIMIT_S
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.stored_quiz import (
    question_to_json,
    stored_question,
    stored_response,
    stored_sitting,
)

CHOICE = QuizQuestion(
    kind=QuizKind.WHICH_FACTOR,
    prompt="Which factor is this finding linked to?",
    options=("Sleep", "Stress", "Genes"),
    correct=1,
    explanation="Because.",
    evidence="A cohort study.",
    fact_keys=("f1",),
    factor_keys=("stress",),
)
MATCHING = QuizQuestion(
    kind=QuizKind.MATCHING,
    prompt="Match the findings with their factors.",
    options=("Sleep", "Stress"),
    correct=(1, 0, 1),
    items=("Cortisol", "Slow-wave sleep", "Vigilance"),
    fact_keys=("f1", "f2", "f3"),
    factor_keys=("stress", "sleep"),
)
TYPED = QuizQuestion(
    kind=QuizKind.TYPED_RECALL,
    prompt="Type the hidden term.",
    options=(),
    correct=0,
    accepted=("central sensitization",),
)


def changed(question: QuizQuestion, **values: Any) -> dict[str, Any]:
    return question_to_json(question) | values


@pytest.mark.parametrize("question", [CHOICE, MATCHING, TYPED])
def test_a_stored_question_reads_back_as_it_was(question: QuizQuestion) -> None:
    assert stored_question(question_to_json(question)) == question


@pytest.mark.parametrize(
    ("stored", "words"),
    [
        (7, "question is not one (7)"),
        ({k: v for k, v in question_to_json(CHOICE).items() if k != "items"}, "items are not"),
        (changed(CHOICE, kind="which-factr"), "'which-factr' is not a valid QuizKind"),
        (changed(CHOICE, prompt=12), "prompt is not one (12)"),
        (changed(CHOICE, options=["Sleep", 3]), "options are not texts"),
        (changed(CHOICE, correct=3), "names an option it does not have"),
        (changed(CHOICE, correct=True), "correct is not one (True)"),
        (changed(CHOICE, correct=[0, 1]), "more than one right option"),
        (changed(MATCHING, correct=[1, 0]), "no right option for each of its items"),
        (changed(MATCHING, correct=[1, 0, 5]), "names an option it does not have"),
        (changed(TYPED, accepted=[]), "accepts no answer"),
        (changed(CHOICE, fact_keys="f1"), "question's fact keys are not texts"),
    ],
)
def test_a_damaged_question_is_told_as_damage(stored: Any, words: str) -> None:
    with pytest.raises(StoredValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        stored_question(stored)


@pytest.mark.parametrize(
    ("stored", "question", "response"),
    [
        (2, CHOICE, 2),
        ([1, 1, 0], MATCHING, (1, 1, 0)),  # JSON keeps a matching answer as a list
        ("sensitisation", TYPED, "sensitisation"),
        (None, CHOICE, None),  # left unanswered
    ],
)
def test_a_stored_response_reads_back(stored: Any, question: QuizQuestion, response: Any) -> None:
    assert stored_response(stored, question) == response


@pytest.mark.parametrize(
    ("stored", "question", "words"),
    [
        (3, CHOICE, "option 4 does not exist"),
        ("Stress", CHOICE, "needs the index of an option"),
        ([1, 0], MATCHING, "one option for each of its items"),
        ([1, 0, 2], MATCHING, "names an option that does not exist"),
        (4, TYPED, "needs typed text"),
    ],
)
def test_a_damaged_response_is_told_as_damage(
    stored: Any, question: QuizQuestion, words: str
) -> None:
    with pytest.raises(StoredValueError, match=f"quiz answer is not one .*{words}"):
        stored_response(stored, question)


def sitting_options(**values: Any) -> dict[str, Any]:
    stored = {
        "factors": ["stress"],
        "weakest": False,
        "kinds": [],
        "length": 10,
        "time_limit_s": 600,
        "seed": 3,
        "questions": [question_to_json(CHOICE), question_to_json(TYPED)],
    }
    return stored | values


def test_a_sittings_options_read_back() -> None:
    sitting = stored_sitting(sitting_options())
    assert sitting.questions == (CHOICE, TYPED)
    assert sitting.factor_keys == ("stress",)
    assert sitting.asked_for == 10  # more than it has: the deck had fewer questions
    assert sitting.time_limit_s == 600
    assert stored_sitting(sitting_options(time_limit_s=None)).time_limit_s is None
    longest = stored_sitting(sitting_options(time_limit_s=MAX_TIME_LIMIT_S))
    assert longest.time_limit_s == MAX_TIME_LIMIT_S


def test_a_sitting_stored_without_its_length_or_factors_has_their_defaults() -> None:
    stored = {k: v for k, v in sitting_options().items() if k not in ("length", "factors")}
    sitting = stored_sitting(stored)
    assert sitting.asked_for == 2  # as many as it has
    assert sitting.factor_keys == ()


@pytest.mark.parametrize(
    ("stored", "words"),
    [
        ([1, 2], "quiz's set-up is not one"),
        (sitting_options(questions=[]), "set-up has no questions"),
        (sitting_options(questions={"0": 1}), "questions is not one"),
        (sitting_options(questions=[question_to_json(CHOICE), 5]), "question is not one"),
        (sitting_options(length="10"), "length is not one"),
        (sitting_options(length=0), "length is not one"),
        (sitting_options(time_limit_s=-60), "time limit is not one"),
        (sitting_options(time_limit_s=math.inf), "time limit is not one"),
        (sitting_options(time_limit_s=MAX_TIME_LIMIT_S + 1), "time limit is not one"),
        (sitting_options(time_limit_s=True), "time limit is not one"),
        (sitting_options(factors=[["stress"]]), "factors are not texts"),
    ],
)
def test_damaged_sitting_options_are_told_as_damage(stored: Any, words: str) -> None:
    with pytest.raises(StoredValueError, match=words):
        stored_sitting(stored)
