"""Self-quizzes: start one from a stored deck, grade and store each answer, finish with results.

Quiz answers never change a flashcard's memory state. Only when the collection setting
:data:`BRING_FORWARD_SETTING` is on does a missed question make its facts' cards due now, in
the same transaction as the answer.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from fibrolearn.content.quiz import asked_again
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_notes import QuizDeck
from fibrolearn.domain.quiz_session import (
    MAX_QUESTIONS,
    MAX_TIME_LIMIT_S,
    MIN_QUESTIONS,
    AnswerFeedback,
    FactorScore,
    MissedQuestion,
    QuizHistoryEntry,
    QuizInProgress,
    QuizMode,
    QuizResult,
    QuizSetup,
    QuizSitting,
    Response,
)
from fibrolearn.domain.study import StudySet
from fibrolearn.services.progress import ProgressService
from fibrolearn.services.quiz_feedback import feedback, grade
from fibrolearn.services.quiz_overrule import overrule
from fibrolearn.services.quiz_questions import cards_asked, sitting_questions, usable_notes
from fibrolearn.storage import decks_repo, knowledge_repo, quiz_notes_repo, quiz_overrule, quiz_repo
from fibrolearn.storage.damaged_data import stored_as
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.models import QuizSessionRecord
from fibrolearn.storage.stored_quiz import (
    StoredAnswer,
    StoredSitting,
    question_to_json,
    stored_answer,
    stored_score,
    stored_sitting,
)
from fibrolearn.storage.stored_settings import stored_setting, yes_or_no

BRING_FORWARD_SETTING = "quiz_missed_brings_cards_forward"
# Answers a little after the limit still count: the screen and the clock may disagree slightly.
_GRACE = timedelta(seconds=2)
# Of a quiz without a time limit, a pause longer than this (plus the answer's own time) between
# two answers counts as this: the learner read the feedback, then left (or closed the app).
_READING_S = 120.0


class QuizClosedError(RuntimeError):
    """The quiz cannot take this answer: it is finished, its time is up, or it was answered."""


def bring_forward_setting(session: DbSession) -> bool:
    """Whether a missed question makes its facts' flashcards due now (off unless turned on).

    Raises:
        StoredValueError: The stored choice is not a yes or a no.
    """
    stored = decks_repo.get_setting(session, BRING_FORWARD_SETTING, False)
    return stored_setting("choice to bring missed facts' cards forward", yes_or_no, stored)


class QuizService:
    """Runs self-quizzes and keeps their history."""

    def __init__(self, database: Database, clock: Clock, progress: ProgressService) -> None:
        self._db = database
        self._clock = clock
        self._progress = progress

    # ---------------------------------------------------------------- setting
    def brings_cards_forward(self) -> bool:
        """Whether a missed question makes its facts' flashcards due now."""
        with self._db.read() as session:
            return bring_forward_setting(session)

    def set_brings_cards_forward(self, enabled: bool) -> None:
        """Turn bringing missed facts' cards forward on or off."""
        with self._db.write() as session:
            decks_repo.put_setting(session, BRING_FORWARD_SETTING, enabled)

    # ------------------------------------------------------------------ quiz
    def decks(self) -> list[QuizDeck]:
        """Every deck, by name: quizzes ask a knowledge model's facts, or else its notes."""
        with self._db.read() as session:
            return quiz_notes_repo.quiz_decks(session)

    def usable_notes(self, deck_id: int) -> int:
        """How many of a deck's notes a quiz on them can ask about (a deck without a model)."""
        with self._db.read() as session:
            return usable_notes(session, deck_id)

    def start(self, setup: QuizSetup) -> QuizSitting:
        """Generate the questions and store the new sitting.

        Raises:
            ValueError: On a length outside 5-50, a bad time limit, unknown factors, or a
                choice of factors and kinds the deck has no questions for.
            LookupError: For an unknown deck.
        """
        if not MIN_QUESTIONS <= setup.length <= MAX_QUESTIONS:
            raise ValueError(
                f"a quiz has {MIN_QUESTIONS} to {MAX_QUESTIONS} questions, not {setup.length}"
            )
        if setup.time_limit_s is not None and not 0 < setup.time_limit_s <= MAX_TIME_LIMIT_S:
            raise ValueError(
                f"the time limit must be a positive number of seconds, at most {MAX_TIME_LIMIT_S}"
            )
        factors = self._progress.weakest_factors(setup.deck_id) if setup.weakest else setup.factors
        now = self._clock.now()
        setup = replace(setup, factors=tuple(factors), seed=_seed(setup.seed, now))
        with self._db.write(locked=True) as session:
            questions = sitting_questions(session, setup, factors)
            return _new_sitting(session, setup, questions, now)

    def retry_missed(self, session_id: int) -> QuizSitting:
        """A new quiz of the questions a finished one was answered wrongly, options shuffled.

        In its deck and mode, without a time limit. Questions left unanswered are not among
        them, as they are not missed. Its answers count in no mastery map or score chart.

        Raises:
            ValueError: If no answer of it was wrong.
        """
        now = self._clock.now()
        seed = _seed(None, now)
        with self._db.write(locked=True) as session:
            record = quiz_repo.require_session(session, session_id)
            missed = [answer.question for answer in _wrongly_answered(session, session_id)]
            if not missed:
                raise ValueError("this quiz has no wrong answer to try again")
            setup = QuizSetup(
                deck_id=record.deck_id,
                factors=stored_sitting(record.options).factor_keys,
                length=len(missed),
                mode=stored_as(QuizMode, record.mode),
                seed=seed,
            )
            rng = random.Random(seed)
            questions = [asked_again(question, rng) for question in missed]
            return _new_sitting(session, setup, questions, now, retry_of=session_id)

    def answer(
        self, session_id: int, position: int, response: Response, duration_ms: int = 0
    ) -> AnswerFeedback:
        """Grade and store the answer to question ``position`` (0-based); returns feedback.

        Raises:
            QuizClosedError: If the quiz is finished, its time is up, or the question was
                already answered.
            ValueError: If the response does not fit the question (e.g. text for a choice).
        """
        now = self._clock.now()
        with self._db.write() as session:
            record = quiz_repo.require_session(session, session_id)
            if record.finished_at is not None:
                raise QuizClosedError("this quiz has already finished")
            sitting = stored_sitting(record.options)
            left = _seconds_left(record, sitting, now)
            if left is not None and left < -_GRACE.total_seconds():
                raise QuizClosedError("the time for this quiz is up")
            questions = sitting.questions
            if not 0 <= position < len(questions):
                raise ValueError(f"this quiz has no question {position + 1}")
            if position in {a.position for a in quiz_repo.answers(session, session_id)}:
                raise QuizClosedError(f"question {position + 1} was already answered")
            question = questions[position]
            correct = grade(question, response)
            blamed = None if correct else _blamed(session, record.deck_id, question, response)
            quiz_repo.add_answer(
                session,
                record,
                position=position,
                question=question,
                response=response,
                correct=correct,
                answered_at=now,
                duration_ms=duration_ms,
                blamed=blamed,
            )
            moved = 0
            if blamed and bring_forward_setting(session):
                cards = cards_asked(session, record.deck_id, blamed[0])
                before = quiz_overrule.card_places(session, cards)
                moved = knowledge_repo.bring_forward(session, cards, now)
                quiz_overrule.keep_places(session, record, position, before)  # for "I was right"
        return feedback(question, response, correct, cards_brought_forward=moved)

    def count_as_right(self, session_id: int, position: int) -> AnswerFeedback:
        """Count the typed answer just marked wrong right: "I was right" (see quiz_overrule).

        Raises:
            ValueError: If it is not the last answer given, typed and marked wrong.
        """
        with self._db.write() as session:
            return overrule(session, session_id, position)

    def finish(self, session_id: int) -> QuizResult:
        """End the quiz: unanswered questions are not right. Finishing twice is harmless."""
        now = self._clock.now()
        with self._db.write() as session:
            record = quiz_repo.require_session(session, session_id)
            _finish(session, record, now)
            return self._result(session, record)

    def unfinished(self) -> QuizInProgress | QuizResult | None:
        """The quiz left running when the app last closed, to carry on with, if any.

        Every answer was stored as it was given, so it goes on at its first unanswered
        question. A quiz left before any answer is dropped, as one left in the app is. The
        newest one left answered in full (the app closed before its results were shown) or
        whose time ran out meanwhile is finished, when its last answer or its limit ended it,
        and its results are returned (once) to be shown; older ones are finished quietly, so
        their answers count. A read-only collection could take no answer, so none is carried
        on there, and nothing is tidied.
        """
        if self._db.read_only:
            return None
        with self._db.read() as session:  # nearly always none: no write at start-up then
            if not quiz_repo.unfinished(session):
                return None
        now = self._clock.now()
        carry_on: QuizInProgress | QuizResult | None = None
        with self._db.write() as session:
            for record in quiz_repo.unfinished(session):  # newest first
                given = quiz_repo.answers(session, record.id)
                if not given:
                    session.delete(record)
                    continue
                sitting = stored_sitting(record.options)
                left = _seconds_left(record, sitting, now)
                questions = sitting.questions
                answered = {a.position for a in given}
                position = min(set(range(len(questions))) - answered, default=len(questions))
                if position == len(questions):  # all answered: done when the last one was
                    _finish(session, record, max(a.answered_at for a in given))
                    if carry_on is None:
                        carry_on = self._result(session, record)
                    continue
                if carry_on is not None:  # older: its answers count
                    _finish(session, record, now)
                    continue
                if left is not None and left <= 0:
                    _finish(session, record, now + timedelta(seconds=left))  # at its limit
                    carry_on = self._result(session, record)
                    continue
                carry_on = QuizInProgress(
                    sitting=QuizSitting(
                        session_id=record.id,
                        deck_id=record.deck_id,
                        mode=stored_as(QuizMode, record.mode),
                        questions=questions,
                        factor_keys=sitting.factor_keys,
                        started_at=record.started_at,
                        time_limit_s=sitting.time_limit_s,
                    ),
                    position=position,
                    seconds_left=left,
                    asked_for=sitting.asked_for,
                )
        return carry_on

    def discard(self, session_id: int) -> None:
        """Forget a quiz left before any answer: it has no result to keep.

        Raises:
            QuizClosedError: If the quiz has finished or has an answer (it keeps its result).
        """
        with self._db.write() as session:
            record = quiz_repo.require_session(session, session_id)
            if record.finished_at is not None or quiz_repo.answers(session, session_id):
                raise QuizClosedError("a quiz with answers is finished, not discarded")
            session.delete(record)

    def result(self, session_id: int) -> QuizResult:
        """The results of a sitting as stored (of a past quiz, for the history)."""
        with self._db.read() as session:
            return self._result(session, quiz_repo.require_session(session, session_id))

    def history(self, deck_id: int | None = None, limit: int = 100) -> list[QuizHistoryEntry]:
        """Finished quizzes, newest first."""
        with self._db.read() as session:
            rows = quiz_repo.history(session, deck_id, limit)
        entries = []
        for session_id, of_deck, deck_name, mode, started, finished, correct, total in rows:
            right, answered = stored_score(correct, total)
            entries.append(
                QuizHistoryEntry(
                    session_id=session_id,
                    deck_id=of_deck,
                    deck_name=deck_name,
                    mode=stored_as(QuizMode, mode),
                    started_at=started,
                    finished_at=finished,
                    correct=right,
                    total=answered,
                )
            )
        return entries

    def missed_cards(self, session_id: int) -> StudySet:
        """The flashcards teaching the facts a quiz's wrong answers were about.

        Questions left unanswered are not among them: a quiz ended early would send the
        learner through the whole deck.
        """
        with self._db.read() as session:
            record = quiz_repo.require_session(session, session_id)
            facts = {
                key for answer in _wrongly_answered(session, session_id) for key in answer.fact_keys
            }
            cards = cards_asked(session, record.deck_id, facts)
        return StudySet(record.deck_id, tuple(cards), "Missed in your quiz")

    # ---------------------------------------------------------------- helpers
    def _result(self, session: DbSession, record: QuizSessionRecord) -> QuizResult:
        names = {f.key: f.name for f in knowledge_repo.factors_of(session, record.deck_id)}
        order = {key: i for i, key in enumerate(names)}
        right: dict[str, int] = {}
        asked: dict[str, int] = {}
        missed = []
        answers = [stored_answer(row) for row in quiz_repo.answers(session, record.id)]
        unanswered = sum(answer.response is None for answer in answers)
        for answer in answers:
            if answer.response is None:
                continue
            for key in answer.factor_keys:
                asked[key] = asked.get(key, 0) + 1
                right[key] = right.get(key, 0) + int(answer.correct)
            if not answer.correct:
                told = feedback(answer.question, answer.response, False)
                missed.append(
                    MissedQuestion(answer.position, answer.question, told, answer.response)
                )
        sitting = stored_sitting(record.options)
        return QuizResult(
            session_id=record.id,
            deck_id=record.deck_id,
            mode=stored_as(QuizMode, record.mode),
            correct=stored_score(record.correct, record.total)[0],
            total=len(sitting.questions),
            seconds=_seconds_taken(record, sitting, answers),
            per_factor=tuple(
                FactorScore(key, names.get(key, key), right[key], asked[key])
                for key in sorted(asked, key=lambda k: (order.get(k, len(order)), k))
            ),
            missed=tuple(missed),
            started_at=record.started_at,
            finished_at=record.finished_at,
            unanswered=unanswered,
            time_up=unanswered > 0 and _ended_by_limit(record, sitting),
        )


def _wrongly_answered(session: DbSession, session_id: int) -> list[StoredAnswer]:
    """A sitting's wrong answers, not counting the questions it left unanswered."""
    answers = (stored_answer(row) for row in quiz_repo.answers(session, session_id))
    return [answer for answer in answers if not answer.correct and answer.response is not None]


def _seed(chosen: int | None, now: datetime) -> int:
    """The seed chosen, or one from the clock."""
    return chosen if chosen is not None else int(now.timestamp() * 1000) % 2**31


def _new_sitting(
    session: DbSession,
    setup: QuizSetup,
    questions: Sequence[QuizQuestion],
    now: datetime,
    retry_of: int | None = None,
) -> QuizSitting:
    """Store a sitting of these questions, as ``setup`` (its seed and factors chosen) has it.

    ``retry_of``: the sitting whose missed questions these are, if any.
    """
    options: dict[str, Any] = {
        "factors": list(setup.factors),
        "weakest": setup.weakest,
        "kinds": [str(k) for k in setup.kinds],
        "length": setup.length,
        "time_limit_s": setup.time_limit_s,
        "seed": setup.seed,
        "questions": [question_to_json(q) for q in questions],
        "retry_of": retry_of,
    }
    session_id = quiz_repo.create_session(session, setup.deck_id, str(setup.mode), options, now)
    return QuizSitting(
        session_id=session_id,
        deck_id=setup.deck_id,
        mode=setup.mode,
        questions=tuple(questions),
        factor_keys=setup.factors,
        started_at=now,
        time_limit_s=setup.time_limit_s,
    )


def _blamed(
    session: DbSession, deck_id: int, question: QuizQuestion, response: Response
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The facts and factors a wrong answer counts against.

    All of the question's, except for matching: only the findings matched wrongly (and their
    factors), as three right pairs out of four say the learner knows those three.
    """
    if question.kind is not QuizKind.MATCHING or not isinstance(response, tuple):
        return question.fact_keys, question.factor_keys
    pairs = zip(response, question.correct, strict=True)  # grading checked the length
    wrong = [i for i, (given, right) in enumerate(pairs) if given != right]
    facts = tuple(question.fact_keys[i] for i in wrong if i < len(question.fact_keys))
    factor_of = knowledge_repo.factors_of_facts(session, deck_id, facts)
    return facts, tuple(dict.fromkeys(factor_of[key] for key in facts if key in factor_of))


def _ended_by_limit(record: QuizSessionRecord, sitting: StoredSitting) -> bool:
    """Whether a finished sitting ran to its time limit (the screen's clock may be a bit early)."""
    left = _seconds_left(record, sitting, record.finished_at) if record.finished_at else None
    return left is not None and left <= _GRACE.total_seconds()


def _seconds_taken(
    record: QuizSessionRecord, sitting: StoredSitting, answers: list[StoredAnswer]
) -> float:
    """How long the quiz took, in seconds.

    Against a time limit, from start to end: the limit runs on while the app is closed.
    Otherwise the time between answers, each gap counted up to the answer's own time plus a
    while for reading the feedback before it, so a quiz carried on the next day is not a day
    long.
    """
    if sitting.time_limit_s is not None:
        end = record.finished_at or max((a.answered_at for a in answers), default=None)
        return ((end or record.started_at) - record.started_at).total_seconds()
    taken, previous = 0.0, record.started_at
    for answer in sorted(answers, key=lambda a: a.answered_at):
        gap = max(0.0, (answer.answered_at - previous).total_seconds())
        taken += min(gap, answer.duration_ms / 1000 + _READING_S)
        previous = answer.answered_at
    return taken


def _finish(session: DbSession, record: QuizSessionRecord, now: datetime) -> None:
    """Close a sitting, its unanswered questions missed (nothing when already closed)."""
    if record.finished_at is not None:
        return
    answered = {a.position for a in quiz_repo.answers(session, record.id)}
    for position, question in enumerate(stored_sitting(record.options).questions):
        if position not in answered:
            quiz_repo.add_answer(
                session,
                record,
                position=position,
                question=question,
                response=None,
                correct=False,
                answered_at=now,
                duration_ms=0,
            )
    record.finished_at = now


def _seconds_left(record: QuizSessionRecord, sitting: StoredSitting, now: datetime) -> float | None:
    """Of a sitting's time limit (None without one); the clock ran while the app was closed."""
    limit = sitting.time_limit_s
    if limit is None:
        return None
    return (record.started_at + timedelta(seconds=limit) - now).total_seconds()
