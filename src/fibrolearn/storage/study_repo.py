"""Queries and writes behind studying: cards to show, answers and their undo.

Which card comes next is ``study_queue``'s.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, TextClause, and_, case, delete, func, or_, select, text
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import CardState, Certainty, Rating
from fibrolearn.domain.knowledge import Reference
from fibrolearn.domain.study import FactNote, MemoryState
from fibrolearn.storage.card_resets import shapes_memory
from fibrolearn.storage.damaged_data import (
    ORDINAL,
    StoredValueError,
    stored_as,
    stored_count,
    stored_sum,
)
from fibrolearn.storage.decks_repo import in_deck_or_subdecks
from fibrolearn.storage.models import CardRecord, FactRecord, NoteRecord, ReviewRecord
from fibrolearn.storage.plain_reads import DECK_AND_SUBDECKS
from fibrolearn.storage.stored_state import stored_memory_state


def may_show_at(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """Cards the queue may show at ``now``: not suspended, retired, or buried until later."""
    return (
        CardRecord.suspended.is_(False),
        CardRecord.retired.is_(False),
        or_(CardRecord.buried_until.is_(None), CardRecord.buried_until <= now),
    )


@dataclass(frozen=True, slots=True)
class CardContent:
    """A card with the note and facts it is rendered from."""

    card_id: int
    deck_id: int
    ordinal: int
    note_key: str
    note_kind: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    facts: tuple[FactRecord, ...]
    state: MemoryState


def _in_deck_by_log(deck_id: int) -> TextClause:
    """The deck filter (its subdecks too) for "answers after" queries, so SQLite walks the log.

    Filtering on the bare column makes SQLite start from the deck's cards and probe each
    card's answers (60 ms at 100,000 cards); "+ 0" hides the deck index, so it starts from
    the few answers after the given one instead (well under 1 ms).
    """
    return text(f"cards.deck_id + 0 IN ({DECK_AND_SUBDECKS})").bindparams(deck=deck_id)


def answered_here_after(answers_after: int) -> ColumnElement[bool]:
    """An answer given here (not history imported) after the answer ``answers_after``.

    A session's answers are those logged after the newest answer when it began: ids, unlike
    times, do not depend on the clock having been right.
    """
    return and_(ReviewRecord.id > answers_after, ReviewRecord.imported.is_(False))


def newest_answer_id(
    session: Session, *, before: datetime | None = None, other_than: int | None = None
) -> int:
    """The id of the newest answer in the log; 0 when there is none.

    Only those logged ``before`` that time count, and never ``other_than``, if given.
    """
    newest = select(func.max(ReviewRecord.id))
    if before is not None:
        newest = newest.where(ReviewRecord.reviewed_at < before)
    if other_than is not None:
        newest = newest.where(ReviewRecord.id != other_than)
    return session.scalar(newest) or 0


# A card's id and the columns its memory state is read from (:func:`memory_state`), for
# reads of many cards that need nothing else of them.
SCHEDULING_COLUMNS = (
    CardRecord.id,
    CardRecord.state,
    CardRecord.step,
    CardRecord.stability,
    CardRecord.difficulty,
    CardRecord.due,
    CardRecord.last_review,
    CardRecord.reps,
    CardRecord.lapses,
)


def memory_state(card: CardRecord | Row[Any]) -> MemoryState:
    """The domain view of a card's scheduling columns (a card, or a row of them)."""
    return stored_memory_state(
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=card.reps,
        lapses=card.lapses,
    )


def references_of(fact: FactRecord) -> tuple[Reference, ...]:
    """A fact's literature references, as stored.

    Raises:
        StoredValueError: One is not a reference (a key of its stored JSON was changed).
    """
    try:
        return tuple(Reference(**reference) for reference in fact.references)
    # A key no reference has, a title gone, or not a mapping. (Should a later version give
    # Reference a field without a default, the references stored before need one here.)
    except TypeError as error:
        raise StoredValueError(
            f"a stored reference of fact {fact.key!r} is not one ({error})"
        ) from error


def fact_note(fact: FactRecord) -> FactNote:
    """What the answer side (and Card info) shows of a stored fact.

    Raises:
        StoredValueError: A certainty or a reference of it is not one.
    """
    return FactNote(
        key=fact.key,
        claim=fact.claim,
        certainty=stored_as(Certainty, fact.certainty),
        evidence_certainty=stored_as(Certainty.judged, fact.evidence_certainty),
        explanation=fact.explanation,
        evidence=fact.evidence,
        references=tuple(r.citation() for r in references_of(fact)),
    )


def apply_state(card: CardRecord, state: MemoryState) -> None:
    """Write a card's scheduling columns."""
    card.state = int(state.state)
    card.step = state.step
    card.stability = state.stability
    card.difficulty = state.difficulty
    card.due = state.due
    card.last_review = state.last_review
    card.reps = state.reps
    card.lapses = state.lapses


def review_stabilities(session: Session, deck_id: int) -> list[float]:
    """The stability (days) of every active review card in a deck, for workload estimates."""
    return list(
        session.scalars(
            select(CardRecord.stability).where(
                CardRecord.deck_id == deck_id,
                CardRecord.state == int(CardState.REVIEW),
                CardRecord.stability.is_not(None),
                CardRecord.suspended.is_(False),
                CardRecord.retired.is_(False),
            )
        )
    )


def load_card(session: Session, card_id: int) -> CardContent | None:
    """A card with its note fields and the facts the note teaches; None when there is no card.

    Raises:
        StoredValueError: The card's note is not there (its stored note id was changed).
    """
    row = session.execute(
        select(CardRecord, NoteRecord)
        .outerjoin(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .where(CardRecord.id == card_id)
    ).one_or_none()
    if row is None:
        return None
    card, note = row
    if note is None:  # deleting a note deletes its cards: a byte of this one was changed
        missing = f"no note with id {card.note_id!r}"
        raise StoredValueError(f"a card's stored note is not there ({missing})")
    return CardContent(
        card_id=card.id,
        deck_id=card.deck_id,
        ordinal=stored_count(ORDINAL, card.ordinal),
        note_key=note.key,
        note_kind=note.kind,
        fields=dict(note.fields),
        tags=tuple(note.tags.split()),
        facts=facts_of(session, card.deck_id, note.fact_keys),
        state=memory_state(card),
    )


def facts_of(session: Session, deck_id: int, keys: Sequence[str]) -> tuple[FactRecord, ...]:
    """The facts of a deck a note names (``keys``, its ``fact_keys``), in the note's order."""
    if not keys:
        return ()
    found = session.scalars(
        select(FactRecord).where(FactRecord.deck_id == deck_id, FactRecord.key.in_(keys))
    ).all()
    order = {key: i for i, key in enumerate(keys)}
    return tuple(sorted(found, key=lambda f: order[f.key]))


def available(session: Session, card_id: int, now: datetime) -> bool:
    """Whether the queue may show this card at ``now`` (not suspended, retired or buried)."""
    found = select(CardRecord.id).where(CardRecord.id == card_id, *may_show_at(now))
    return session.scalar(found) is not None


def existing_cards(session: Session, card_ids: Collection[int]) -> set[int]:
    """Those of ``card_ids`` still in the collection."""
    return set(session.scalars(select(CardRecord.id).where(CardRecord.id.in_(card_ids))))


def card_for_update(session: Session, card_id: int) -> CardRecord | None:
    """The card row, to be changed inside the caller's transaction."""
    return session.get(CardRecord, card_id)


def newest_answer_of_card_with(session: Session, review_id: int) -> ReviewRecord | None:
    """The learner's answer ``review_id``, if nothing newer is in its card's log.

    An imported row newer than it counts too: taking the answer back would then leave the
    card's state behind its own log.
    """
    review = session.get(ReviewRecord, review_id)
    if review is None or review.imported or review.card_id is None:
        return None
    newer = select(ReviewRecord.id).where(
        ReviewRecord.card_id == review.card_id, ReviewRecord.id > review.id
    )
    return None if session.scalar(newer.limit(1)) is not None else review


def changed_since(session: Session, review: ReviewRecord) -> bool:
    """Whether the card's schedule is no longer what this answer left (Forget, Set due date)."""
    card = session.get(CardRecord, review.card_id)
    if card is None:  # pragma: no cover - foreign keys forbid it
        raise LookupError(f"review {review.id} points at missing card {review.card_id}")
    now = (card.state, card.step, card.stability, card.difficulty, card.due)
    left = (
        review.after_state,
        review.after_step,
        review.after_stability,
        review.after_difficulty,
        review.after_due,
    )
    return now != left


def state_before(review: ReviewRecord) -> MemoryState:
    """The card's state just before this answer, as the log recorded it."""
    return stored_memory_state(
        state=review.before_state,
        step=review.before_step,
        stability=review.before_stability,
        difficulty=review.before_difficulty,
        due=review.before_due,
        last_review=review.before_last_review,
        reps=review.before_reps,
        lapses=review.before_lapses,
    )


def retract_review(session: Session, review: ReviewRecord) -> int:
    """Undo an answer: put the card back exactly as it was and drop the answer from the log."""
    card = session.get(CardRecord, review.card_id)
    if card is None:  # pragma: no cover - foreign keys forbid it
        raise LookupError(f"review {review.id} points at missing card {review.card_id}")
    apply_state(card, state_before(review))
    session.execute(delete(ReviewRecord).where(ReviewRecord.id == review.id))
    return card.id


def card_history(session: Session, card_id: int) -> list[tuple[Rating, datetime]]:
    """A card's answers since its latest reset (Forget) that moved it, oldest first, for replay."""
    rows = session.execute(
        select(ReviewRecord.rating, ReviewRecord.reviewed_at)
        .where(ReviewRecord.card_id == card_id, shapes_memory())
        .order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
    ).all()
    return [(stored_as(Rating, r), t) for r, t in rows]


def new_cards_left(session: Session, deck_id: int, now: datetime) -> int:
    """New cards of a deck (and subdecks) study could still bring, suspended and retired aside."""
    return (
        session.scalar(
            select(func.count(CardRecord.id)).where(
                in_deck_or_subdecks(deck_id),
                CardRecord.state == int(CardState.NEW),
                *may_show_at(now),
            )
        )
        or 0
    )


def session_totals(session: Session, deck_id: int, answers_after: int) -> tuple[int, int, int]:
    """(answers, answers rated Again, milliseconds spent) in a deck after a logged answer."""
    row = session.execute(
        select(
            func.count(ReviewRecord.id),
            func.coalesce(func.sum(case((ReviewRecord.rating == 1, 1), else_=0)), 0),
            func.coalesce(func.sum(ReviewRecord.duration_ms), 0),
        )
        .join(CardRecord, CardRecord.id == ReviewRecord.card_id)
        .where(_in_deck_by_log(deck_id), answered_here_after(answers_after))
    ).one()
    return int(row[0]), int(row[1]), stored_sum(row[2])


def deck_cards(session: Session, deck_id: int) -> tuple[int, int]:
    """(cards, suspended cards) of a deck and its subdecks, retired ones aside."""
    row = session.execute(
        select(
            func.count(CardRecord.id),
            func.coalesce(func.sum(case((CardRecord.suspended.is_(True), 1), else_=0)), 0),
        ).where(in_deck_or_subdecks(deck_id), CardRecord.retired.is_(False))
    ).one()
    return int(row[0]), int(row[1])
