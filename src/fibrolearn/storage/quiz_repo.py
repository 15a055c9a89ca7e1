"""Quiz sittings and their answers: writes, and the aggregates the Progress place reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from fibrolearn.domain.quiz import QuizQuestion
from fibrolearn.domain.quiz_session import Response
from fibrolearn.storage.models import DeckRecord, QuizAnswerRecord, QuizSessionRecord
from fibrolearn.storage.stored_quiz import question_to_json, stored_score


def create_session(
    session: Session, deck_id: int, mode: str, options: dict[str, Any], started_at: datetime
) -> int:
    """Store a new sitting; its options hold the set-up and every question to be asked."""
    record = QuizSessionRecord(
        deck_id=deck_id, mode=mode, options=options, started_at=started_at, correct=0, total=0
    )
    session.add(record)
    session.flush()
    return record.id


def require_session(session: Session, session_id: int) -> QuizSessionRecord:
    """A sitting; LookupError when there is none with that id."""
    record = session.get(QuizSessionRecord, session_id)
    if record is None:
        raise LookupError(f"no quiz with id {session_id}")
    return record


def unfinished(session: Session) -> list[QuizSessionRecord]:
    """Sittings not finished (left running when the app closed), newest first."""
    query = select(QuizSessionRecord).where(QuizSessionRecord.finished_at.is_(None))
    newest_first = (QuizSessionRecord.started_at.desc(), QuizSessionRecord.id.desc())
    return list(session.scalars(query.order_by(*newest_first)))


def answers(session: Session, session_id: int) -> list[QuizAnswerRecord]:
    """The answers of a sitting, by position."""
    return list(
        session.scalars(
            select(QuizAnswerRecord)
            .where(QuizAnswerRecord.session_id == session_id)
            .order_by(QuizAnswerRecord.position)
        )
    )


def add_answer(
    session: Session,
    record: QuizSessionRecord,
    *,
    position: int,
    question: QuizQuestion,
    response: Response,
    correct: bool,
    answered_at: datetime,
    duration_ms: int,
    blamed: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
) -> None:
    """Store one answer and keep the sitting's running score.

    ``blamed`` is the (facts, factors) a wrong answer counts against, where not all of the
    question's (the pairs of a matching question matched wrongly).
    """
    fact_keys, factor_keys = blamed or (question.fact_keys, question.factor_keys)
    session.add(
        QuizAnswerRecord(
            session_id=record.id,
            position=position,
            kind=str(question.kind),
            question=question_to_json(question),
            response=list(response) if isinstance(response, tuple) else response,
            correct=correct,
            answered_at=answered_at,
            duration_ms=max(0, duration_ms),
            fact_keys=list(fact_keys),
            factor_keys=list(factor_keys),
        )
    )
    right, answered = stored_score(record.correct, record.total)
    record.total = answered + 1
    record.correct = right + int(correct)
    session.flush()


def history(session: Session, deck_id: int | None, limit: int) -> list[tuple[Any, ...]]:
    """Finished sittings, newest first.

    Each row is (id, deck id, deck name, mode, started, finished, correct, total).
    """
    query = (
        select(
            QuizSessionRecord.id,
            QuizSessionRecord.deck_id,
            DeckRecord.name,
            QuizSessionRecord.mode,
            QuizSessionRecord.started_at,
            QuizSessionRecord.finished_at,
            QuizSessionRecord.correct,
            QuizSessionRecord.total,
        )
        .join(DeckRecord, DeckRecord.id == QuizSessionRecord.deck_id)
        .where(QuizSessionRecord.finished_at.is_not(None))
        .order_by(QuizSessionRecord.finished_at.desc(), QuizSessionRecord.id.desc())
        .limit(limit)
    )
    if deck_id is not None:
        query = query.where(QuizSessionRecord.deck_id == deck_id)
    return [tuple(row) for row in session.execute(query)]


def scores(session: Session) -> list[tuple[int, datetime, int, int]]:
    """(id, finished, correct, total) of every finished sitting but retries, oldest first."""
    rows = session.execute(
        select(
            QuizSessionRecord.id,
            QuizSessionRecord.finished_at,
            QuizSessionRecord.correct,
            QuizSessionRecord.total,
        )
        .where(QuizSessionRecord.finished_at.is_not(None), not_a_retry())
        .order_by(QuizSessionRecord.finished_at, QuizSessionRecord.id)
    ).all()
    return [(i, finished, *stored_score(correct, total)) for i, finished, correct, total in rows]


def answered() -> ColumnElement[bool]:
    """The answer row holds an answer: unanswered questions are stored with a JSON null."""
    return func.coalesce(func.json_type(QuizAnswerRecord.response), "null") != "null"


def not_a_retry() -> ColumnElement[bool]:
    """The sitting is no retry of the questions another one missed.

    Asked just after their right answers were shown, they say little of what the learner
    knows: a retry's score would hide a weak area, and be a peak in the scores over time.
    """
    return func.json_extract(QuizSessionRecord.options, "$.retry_of").is_(None)


def factor_accuracy(session: Session, deck_id: int, since: datetime) -> dict[str, tuple[int, int]]:
    """Per factor key of a deck: (right answers, answers) given since an instant.

    Questions left unanswered (a quiz ended early, or out of time) say nothing of what the
    learner knows, and are not counted; nor are retries (see :func:`not_a_retry`).
    """
    factor = func.json_each(QuizAnswerRecord.factor_keys).table_valued("value").alias("factor")
    rows = session.execute(
        select(
            factor.c.value,
            func.sum(case((QuizAnswerRecord.correct.is_(True), 1), else_=0)),
            func.count(),
        )
        .select_from(QuizAnswerRecord)
        .join(QuizSessionRecord, QuizSessionRecord.id == QuizAnswerRecord.session_id)
        .join(factor, factor.c.value.is_not(None))
        .where(
            QuizSessionRecord.deck_id == deck_id,
            QuizAnswerRecord.answered_at >= since,
            answered(),
            not_a_retry(),
        )
        .group_by(factor.c.value)
    ).all()
    return {key: (int(right), int(total)) for key, right, total in rows}
