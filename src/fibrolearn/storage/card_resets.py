"""Writing many cards' memory state at once, and the resets Forget logs (and taking them back)."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, overload

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from fibrolearn.storage.bulk_sql import one_of
from fibrolearn.storage.models import CardRecord, CardResetRecord, ReviewRecord


@dataclass(frozen=True, slots=True)
class CardMemory:
    """What the scheduler knows of a card, and its place among its deck's new cards."""

    id: int
    deck_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    position: int


_COLUMNS = tuple(getattr(CardRecord, name) for name in CardMemory.__slots__)


def memories(session: Session, card_ids: Collection[int]) -> list[CardMemory]:
    """The memory state of these cards (those that exist), in deck and new-card order."""
    query = (
        select(*_COLUMNS)
        .where(one_of(CardRecord.id, card_ids))
        .order_by(CardRecord.deck_id, CardRecord.position, CardRecord.id)
    )
    return [CardMemory(*row) for row in session.execute(query)]


def last_positions(session: Session, deck_ids: Collection[int]) -> dict[int, int]:
    """The place of each deck's last new card, by deck id (absent: the deck has no card)."""
    query = (
        select(CardRecord.deck_id, func.max(CardRecord.position))
        .where(one_of(CardRecord.deck_id, deck_ids))
        .group_by(CardRecord.deck_id)
    )
    return {deck: position or 0 for deck, position in session.execute(query)}


def set_memories(session: Session, cards: Sequence[CardMemory]) -> None:
    """Write these cards' memory state and place, all at once."""
    if cards:
        session.execute(update(CardRecord), [asdict(card) for card in cards])


def last_reset_id(session: Session) -> int:
    """The id of the newest reset logged (0: none); those logged next come after it."""
    return session.scalar(select(func.max(CardResetRecord.id))) or 0


def log_resets(
    session: Session, resets: Iterable[tuple[int | str, datetime]], by: str = "card_id"
) -> None:
    """Log that these cards were reset (forgotten): (card, when) pairs.

    ``by`` names the cards: ``card_id``, or ``external_card`` for history without a card.
    """
    rows = [{by: card, "reset_at": at} for card, at in resets]
    if rows:
        session.execute(insert(CardResetRecord), rows)


def log_new_resets(
    session: Session, resets: Sequence[tuple[int | str, datetime]], by: str = "card_id"
) -> None:
    """Log the resets (card, when) not logged already: an import of the same file again.

    Times are compared to the second, give or take one, as an import compares answers' (a
    package moves a row to the next free millisecond). ``by`` as for :func:`log_resets`.
    """
    if not resets:
        return
    column = getattr(CardResetRecord, by)
    rows = session.execute(
        select(column, CardResetRecord.reset_at).where(
            one_of(column, {card for card, _at in resets})
        )
    )
    logged = {(card, math.floor(moment.timestamp())) for card, moment in rows}
    log_resets(
        session,
        [
            (card, moment)
            for card, moment in resets
            if not any(
                (card, math.floor(moment.timestamp()) + near) in logged for near in (-1, 0, 1)
            )
        ],
        by,
    )


def drop_resets(session: Session, ids: range, card_ids: Collection[int]) -> None:
    """Take back the resets logged with these ids of these cards (an undo of Forget)."""
    if ids and card_ids:
        session.execute(
            delete(CardResetRecord).where(
                CardResetRecord.id.between(ids.start, ids.stop - 1),
                one_of(CardResetRecord.card_id, card_ids),
            )
        )


@overload
def answered_before_reset(answered_at: datetime, reset_at: datetime) -> bool: ...
@overload
def answered_before_reset(
    answered_at: SQLColumnExpression[datetime], reset_at: SQLColumnExpression[datetime]
) -> ColumnElement[bool]: ...
def answered_before_reset(answered_at: Any, reset_at: Any) -> Any:
    """Whether an answer to a card came before a reset (Forget) of it; in Python or in SQL.

    The one rule for the optimizer's fit, replay and Card info: an answer at the very
    instant of a reset came before it, as Forget follows the answer it was chosen after.
    """
    return answered_at <= reset_at


def after_latest_reset() -> ColumnElement[bool]:
    """Whether an answer (a ``reviews`` row) came after every reset of its card.

    See :func:`answered_before_reset`. A deleted card's answers and resets both name it in
    ``external_card``.
    """
    later = answered_before_reset(ReviewRecord.reviewed_at, CardResetRecord.reset_at)
    return ~exists().where(
        CardResetRecord.card_id == ReviewRecord.card_id, later
    ) & ~exists().where(CardResetRecord.external_card == ReviewRecord.external_card, later)


def shapes_memory() -> ColumnElement[bool]:
    """Whether an answer (a ``reviews`` row) tells FSRS what its card remembers now.

    One after the card's latest reset (:func:`after_latest_reset`) that moved the card on: an
    answer in one of Anki's filtered decks that reschedules nothing (a preview, or cramming)
    left the card as it was, and Anki's FSRS leaves it out (``LoggedAnswer.rescheduled``).
    """
    review = ReviewRecord
    moved = or_(
        review.after_state.is_distinct_from(review.before_state),
        review.after_step.is_distinct_from(review.before_step),
        review.after_stability.is_distinct_from(review.before_stability),
        review.after_difficulty.is_distinct_from(review.before_difficulty),
        review.after_due.is_distinct_from(review.before_due),
    )
    return and_(after_latest_reset(), moved)
