"""Which card comes next: today's queue of a deck, and what is left of a focused set.

The deck's queue is read in plain SQL (see ``_first_card``); its counts are
``plain_reads.queue_sizes``'s, with the same rules. A focused set's queue and counts are read
together here, as they share their rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import ColumnElement, TextClause, and_, case, func, or_, select, text
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import CardState
from fibrolearn.storage import plain_reads
from fibrolearn.storage.models import CardRecord, ReviewRecord
from fibrolearn.storage.study_repo import answered_here_after, may_show_at

_LEARNING_STATES = (int(CardState.LEARNING), int(CardState.RELEARNING))


def next_learning(
    session: Session,
    deck_id: int,
    until: datetime,
    now: datetime,
    *,
    day_start: datetime,
    day_end: datetime,
    passed: Collection[int] = (),
    with_subdecks: bool | None = None,
) -> int | None:
    """The (re)learning card due soonest, if it is due by ``until``.

    A card last answered before ``day_start`` (its step crossed the rollover) is there all
    day once it is due before ``day_end`` (``plain_reads.INTERDAY_DUE``).
    """
    return _first_card(
        session,
        deck_id,
        now,
        f"state IN (:learning, :relearning) AND (due <= :until OR {plain_reads.INTERDAY_DUE})",
        "due, id",
        passed=passed,
        until=until,
        day_start=day_start,
        day_end=day_end,
        with_subdecks=with_subdecks,
    )


def next_review(
    session: Session,
    deck_id: int,
    before: datetime,
    now: datetime,
    *,
    backlogs: plain_reads.BacklogRules | None = None,
    passed: Collection[int] = (),
    leaving_out: Collection[int] = (),
    with_subdecks: bool | None = None,
) -> int | None:
    """The most overdue review card due before ``before`` (and in none of ``backlogs``).

    None of the subdecks ``leaving_out`` (their limits reached), here and below.
    """
    condition = "state = :review AND due < :before"
    if backlogs is not None:
        condition = f"{condition} AND {backlogs.none}"
    return _first_card(
        session,
        deck_id,
        now,
        condition,
        "due, id",
        passed=passed,
        leaving_out=leaving_out,
        bound=backlogs.parameters if backlogs else {},
        before=before,
        with_subdecks=with_subdecks,
    )


def most_at_risk_review(
    session: Session,
    deck_id: int,
    now: datetime,
    backlogs: plain_reads.BacklogRules,
    which: int,
    *,
    passed: Collection[int] = (),
    leaving_out: Collection[int] = (),
    with_subdecks: bool | None = None,
) -> int | None:
    """Of the review cards of backlog ``which`` of ``backlogs``, the one most likely forgotten.

    FSRS recall falls with elapsed time over stability for every card alike, so the largest
    elapsed/stability ratio is the lowest predicted recall; no per-card model call is needed.
    """
    return _first_card(
        session,
        deck_id,
        now,
        f"state = :review AND {backlogs.each[which]}",
        "(julianday(:now) - julianday(last_review)) / stability DESC, id",
        passed=passed,
        leaving_out=leaving_out,
        bound=backlogs.parameters,
        with_subdecks=with_subdecks,
    )


def next_new(
    session: Session,
    deck_id: int,
    now: datetime,
    *,
    day_start: datetime,
    passed: Collection[int] = (),
    leaving_out: Collection[int] = (),
    with_subdecks: bool | None = None,
) -> int | None:
    """The next new card in deck order, leaving siblings of today's answers for another day.

    A card whose note had another card answered since ``day_start`` would give its answer
    away (a reversed card right after its front; the next deletion of a cloze), so it waits,
    as with Anki's "bury new siblings"; so does one whose note had a card ``passed``.
    ``plain_reads.queue_sizes`` counts the same way.
    """
    condition = f"state = :new AND {plain_reads.NOT_A_SIBLING}"
    if passed:
        condition = f"{condition} AND {plain_reads.NOT_A_PASSED_SIBLING}"
    return _first_card(
        session,
        deck_id,
        now,
        condition,
        "position, id",
        passed=passed,
        leaving_out=leaving_out,
        day_start=day_start,
        with_subdecks=with_subdecks,
    )


def _first_card(
    session: Session,
    deck_id: int,
    now: datetime,
    condition: str,
    order: str,
    *,
    passed: Collection[int] = (),
    leaving_out: Collection[int] = (),
    with_subdecks: bool | None = None,
    bound: Mapping[str, Any] = MappingProxyType({}),
    **moments: datetime,
) -> int | None:
    """The first card of ``deck_id`` (or a subdeck) in ``order`` meeting ``condition`` now.

    Never one of the cards ``passed``: a session on a collection that cannot be written goes
    past cards unanswered (``PassedCards``), and they stay due. Nor one of the subdecks
    ``leaving_out``, whose own daily limits are reached.

    Plain SQL on the session's connection, as the counts of the same queue are: built through
    SQLAlchemy, each of these took about 1.5 ms more than SQLite takes to answer it (1.9
    against 0.37 ms at 100,000 cards), and an answer asks one or two of them for its next card.
    ``moments`` are the times ``condition`` names, ``bound`` its other parameters; the card
    states are bound by name.
    """
    parameters = {
        "deck": deck_id,
        "now": plain_reads.db_time(now),
        "new": int(CardState.NEW),
        "learning": int(CardState.LEARNING),
        "relearning": int(CardState.RELEARNING),
        "review": int(CardState.REVIEW),
        **{name: plain_reads.db_time(moment) for name, moment in moments.items()},
        **bound,
    }
    connection = plain_reads.connection_of(session)
    # The deck alone as one value: given a list (even of one), SQLite sorted every card that
    # met the condition rather than reading the first in index order (0.01 against 6 ms).
    if with_subdecks is None:  # not known to the caller (today's limits know it)
        with_subdecks = len(plain_reads.deck_and_subdecks(connection, deck_id)) > 1
    in_deck = (
        f"deck_id IN ({plain_reads.DECK_AND_SUBDECKS})" if with_subdecks else "deck_id = :deck"
    )
    sql = f"SELECT id FROM cards WHERE {in_deck} AND {condition} AND {plain_reads.AVAILABLE}"
    if passed:
        sql = f"{sql} AND {plain_reads.NOT_PASSED}"
        parameters["passed"] = plain_reads.passed_ids(passed)
    if leaving_out:
        sql = f"{sql} AND deck_id NOT IN (SELECT value FROM json_each(:leaving_out))"
        parameters["leaving_out"] = plain_reads.passed_ids(leaving_out)
    row = connection.execute(f"{sql} ORDER BY {order} LIMIT 1", parameters).fetchone()
    return None if row is None else int(row[0])


def _today(rule: str, day_start: datetime, day_end: datetime | None = None) -> TextClause:
    """One of today's queue rules (``plain_reads``), bound to the study day's bounds."""
    bounds = {"day_start": plain_reads.db_time(day_start)}
    if day_end is not None:
        bounds["day_end"] = plain_reads.db_time(day_end)
    return text(rule).bindparams(**bounds)


@dataclass(frozen=True, slots=True)
class SetMoments:
    """The moments a focused set's queue is read at.

    Attributes:
        answers_after: The newest answer when the focused session began (each review card
            is asked once after it).
        now: The current instant.
        learning_until: Learning cards due by then may come (learning ahead, at the end).
        day_start: When today's study day began.
        day_end: When it ends.
    """

    answers_after: int
    now: datetime
    learning_until: datetime
    day_start: datetime
    day_end: datetime


def next_in_set(session: Session, card_ids: Collection[int], at: SetMoments) -> int | None:
    """The next card of a focused study set, whatever today's limits.

    Its (re)learning cards due now (or due today after a step that crossed the rollover, as
    in ``next_learning``) come first; then its review cards not answered in the focused
    session (after ``answers_after``: each is asked once, due or not), the most overdue first; then
    its new cards in deck order; then learning cards due by ``learning_until``.
    """
    for condition, order in (
        (_learning_in_set(at.now, at), CardRecord.due),
        (_review_left_in_set(at.answers_after), CardRecord.due),
        (CardRecord.state == int(CardState.NEW), CardRecord.position),
        (_learning_in_set(at.learning_until, at), CardRecord.due),
    ):
        found = session.scalar(
            select(CardRecord.id)
            .where(CardRecord.id.in_(card_ids), condition, *may_show_at(at.now))
            .order_by(order, CardRecord.id)
            .limit(1)
        )
        if found is not None:
            return found
    return None


def counts_in_set(
    session: Session, card_ids: Collection[int], at: SetMoments
) -> tuple[int, int, int]:
    """(new, learning, review) cards of a focused set still to come, as ``next_in_set``."""
    learning = _learning_in_set(at.learning_until, at)
    new, learning_count, review = session.execute(
        select(
            *(
                func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
                for condition in (
                    CardRecord.state == int(CardState.NEW),
                    learning,
                    _review_left_in_set(at.answers_after),
                )
            )
        ).where(CardRecord.id.in_(card_ids), *may_show_at(at.now))
    ).one()
    return int(new), int(learning_count), int(review)


def _learning_in_set(until: datetime, at: SetMoments) -> ColumnElement[bool]:
    """A (re)learning card due by ``until``, or due today after a step over the rollover."""
    interday = _today(plain_reads.INTERDAY_DUE, at.day_start, at.day_end)
    return and_(CardRecord.state.in_(_LEARNING_STATES), or_(CardRecord.due <= until, interday))


def _review_left_in_set(answers_after: int) -> ColumnElement[bool]:
    """A review card of a focused set not yet answered in the focused session.

    The session's few answers are read once, by their ids; a check per card of the set walked
    each card's whole history (twice as slow at 100,000 cards).
    """
    answered = select(ReviewRecord.card_id).where(
        answered_here_after(answers_after), ReviewRecord.card_id.is_not(None)
    )
    return and_(CardRecord.state == int(CardState.REVIEW), CardRecord.id.not_in(answered))
