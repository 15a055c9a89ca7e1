"""An answer taken back (Ctrl+Z in Study) and given again (Ctrl+Shift+Z), exactly as it was.

Redo puts the logged row back as it was (rating, time, duration, the states before and
after) and the card in the state that answer left, rather than answering again at a new
"now": the scheduler would then give another interval, and the log another time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrolearn.domain.study import MemoryState
from fibrolearn.storage import study_repo
from fibrolearn.storage.models import CardRecord, ReviewRecord

_COLUMNS = tuple(column.key for column in ReviewRecord.__table__.columns)


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """An answer taken back, to give again: its log row, and the card's state it left."""

    row: dict[str, Any]
    after: MemoryState

    @property
    def card_id(self) -> int:
        """The card answered."""
        return self.row["card_id"]


def take_back(session: Session, review: ReviewRecord) -> LoggedAnswer:
    """Take an answer back (see :func:`~fibrolearn.storage.study_repo.retract_review`)."""
    card = session.get(CardRecord, review.card_id)
    assert card is not None, "foreign keys keep an answer's card"
    answer = LoggedAnswer(
        {key: getattr(review, key) for key in _COLUMNS}, study_repo.memory_state(card)
    )
    study_repo.retract_review(session, review)
    return answer


def give_again(session: Session, answer: LoggedAnswer) -> int | None:
    """Log the answer again and put its card in the state it left; the answer's id now.

    Under its own id when that is free (a later answer of another card may have it). None,
    writing nothing, when the card is no longer as the undo left it (answered since, or
    changed in Browse).

    Raises:
        LookupError: The card was deleted since.
    """
    card = session.get(CardRecord, answer.card_id)
    if card is None:
        raise LookupError(f"no card with id {answer.card_id}")
    record = ReviewRecord(**answer.row)
    if study_repo.memory_state(card) != study_repo.state_before(record):
        return None
    if session.scalar(select(ReviewRecord.id).where(ReviewRecord.id == record.id)) is not None:
        record.id = None  # type: ignore[assignment] - the database gives the next one
    session.add(record)
    session.flush()
    study_repo.apply_state(card, answer.after)
    return record.id
