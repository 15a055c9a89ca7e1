"""Quiz sittings as stored in JSON, and read back refusing what no sitting holds.

A sitting keeps its questions and set-up as JSON, and each answer its question and response.
A damaged byte there (a key's letter, a digit past the options) would otherwise fail in the
grading or the feedback as a mistake in the code; here it is damage
(:class:`~fibrolearn.storage.damaged_data.StoredValueError`), said as such.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fibrolearn.domain.quiz import QuizKind, QuizQuestion, question_problem
from fibrolearn.domain.quiz_session import MAX_TIME_LIMIT_S, Response, response_problem
from fibrolearn.storage.damaged_data import StoredValueError, stored_as, stored_count, stored_texts
from fibrolearn.storage.models import QuizAnswerRecord

# Whose value a message names.
_SITTING = "quiz's"
_QUESTION = "quiz question's"


@dataclass(frozen=True, slots=True)
class StoredSitting:
    """What a sitting's stored options say: its questions and how it was set up.

    Attributes:
        questions: Every question it asks, in order.
        factor_keys: The factors chosen (the weakest ones, when so chosen).
        asked_for: How many questions the learner asked for.
        time_limit_s: Seconds for the whole quiz, or None.
    """

    questions: tuple[QuizQuestion, ...]
    factor_keys: tuple[str, ...]
    asked_for: int
    time_limit_s: float | None


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """A stored answer to a sitting's question, read back (its score counted by the sitting)."""

    position: int
    question: QuizQuestion
    response: Response
    correct: bool
    answered_at: datetime
    duration_ms: int
    fact_keys: tuple[str, ...]
    factor_keys: tuple[str, ...]


def question_to_json(question: QuizQuestion) -> dict[str, Any]:
    """A question as stored in JSON columns."""
    correct = question.correct
    return {
        "kind": str(question.kind),
        "prompt": question.prompt,
        "options": list(question.options),
        "correct": list(correct) if isinstance(correct, tuple) else correct,
        "items": list(question.items),
        "accepted": list(question.accepted),
        "explanation": question.explanation,
        "evidence": question.evidence,
        "fact_keys": list(question.fact_keys),
        "factor_keys": list(question.factor_keys),
    }


def stored_question(data: Any) -> QuizQuestion:
    """A question read back from a JSON column.

    Raises:
        StoredValueError: It is not one :func:`question_to_json` writes.
    """
    if not isinstance(data, dict):
        raise StoredValueError(f"a stored quiz question is not one ({data!r:.40})")
    correct = _field(data, "correct", (int, list), _QUESTION)
    question = QuizQuestion(
        kind=stored_as(QuizKind, _field(data, "kind", str, _QUESTION)),
        prompt=_field(data, "prompt", str, _QUESTION),
        options=stored_texts("quiz question's options", data.get("options")),
        correct=tuple(correct) if isinstance(correct, list) else correct,
        items=stored_texts("quiz question's items", data.get("items")),
        accepted=stored_texts("quiz question's accepted answers", data.get("accepted")),
        explanation=_field(data, "explanation", str, _QUESTION),
        evidence=_field(data, "evidence", str, _QUESTION),
        fact_keys=stored_texts("quiz question's fact keys", data.get("fact_keys")),
        factor_keys=stored_texts("quiz question's factor keys", data.get("factor_keys")),
    )
    problem = question_problem(question)
    if problem is not None:
        raise StoredValueError(f"a stored quiz question is not one ({problem})")
    return question


def stored_response(value: Any, question: QuizQuestion) -> Response:
    """The response stored for ``question`` (JSON keeps a matching answer as a list).

    Raises:
        StoredValueError: It is no answer to ``question``.
    """
    response = tuple(value) if isinstance(value, list) else value
    problem = response_problem(question, response)
    if problem is not None:
        raise StoredValueError(f"a stored quiz answer is not one ({problem})")
    return response  # type: ignore[no-any-return] - response_problem checked its shape


def stored_answer(record: QuizAnswerRecord) -> StoredAnswer:
    """What an answer's row holds.

    Raises:
        StoredValueError: A value of it is not one an answer holds.
    """
    question = stored_question(record.question)
    if record.correct is None:  # SQLAlchemy reads any other stored value as true or false
        raise StoredValueError("a stored quiz answer is neither right nor wrong")
    return StoredAnswer(
        position=stored_count("quiz answer's position", record.position),
        question=question,
        response=stored_response(record.response, question),
        correct=record.correct,
        answered_at=record.answered_at,
        duration_ms=stored_count("quiz answer's duration", record.duration_ms),
        fact_keys=stored_texts("quiz answer's fact keys", record.fact_keys),
        factor_keys=stored_texts("quiz answer's factor keys", record.factor_keys),
    )


def stored_score(correct: Any, total: Any) -> tuple[int, int]:
    """A sitting's stored running score: its right answers, and its answers.

    Raises:
        StoredValueError: Either is not a count.
    """
    right = stored_count("count of right quiz answers", correct)
    return right, stored_count("count of quiz answers", total)


def stored_sitting(options: Any) -> StoredSitting:
    """What a sitting's stored options hold.

    Raises:
        StoredValueError: They are not what :class:`~fibrolearn.services.quiz.QuizService`
            stores.
    """
    if not isinstance(options, dict):
        raise StoredValueError(f"a stored quiz's set-up is not one ({options!r:.40})")
    stored = _field(options, "questions", list, _SITTING)
    questions = tuple(stored_question(question) for question in stored)
    if not questions:
        raise StoredValueError("a stored quiz's set-up has no questions")
    asked_for = options.get("length", len(questions))
    if type(asked_for) is not int or asked_for < 1:
        raise StoredValueError(f"a stored quiz's length is not one ({asked_for!r:.40})")
    return StoredSitting(
        questions=questions,
        factor_keys=stored_texts("quiz's factors", options.get("factors", [])),
        asked_for=asked_for,
        time_limit_s=_time_limit(options.get("time_limit_s")),
    )


def _time_limit(value: Any) -> float | None:
    """A stored time limit: none, or a number of seconds a quiz may have."""
    if value is None or (
        type(value) in (int, float) and math.isfinite(value) and 0 < value <= MAX_TIME_LIMIT_S
    ):
        return value
    raise StoredValueError(f"a stored quiz's time limit is not one ({value!r:.40})")


def _field(data: dict[str, Any], key: str, kinds: type | tuple[type, ...], whose: str) -> Any:
    """``data[key]``, which must be of ``kinds`` (a bool is not an int here)."""
    value = data.get(key)
    if isinstance(value, kinds) and not isinstance(value, bool):
        return value
    raise StoredValueError(f"a stored {whose} {key} is not one ({value!r:.40})")
