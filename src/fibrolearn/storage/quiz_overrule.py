"""A typed answer marked wrong that the learner says was right: counted right, cards put back.

A wrong answer may have brought its cards forward (made them due now, first among new cards).
Where each card was before is kept with the sitting, so that "I was right", said right after
the verdict, puts them back; a card studied or moved since is left as it now is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fibrolearn.storage.models import CardRecord, QuizAnswerRecord, QuizSessionRecord
from fibrolearn.storage.stored_quiz import stored_score

_PUT_BACK = "put_back"  # in a sitting's options: its last answer's cards, as they were


def card_places(session: Session, card_ids: Iterable[int]) -> list[tuple[int, datetime, int]]:
    """Each card's id, when it is due and its place among new cards."""
    rows = session.execute(
        select(CardRecord.id, CardRecord.due, CardRecord.position).where(
            CardRecord.id.in_(list(card_ids))
        )
    )
    return [(card_id, due, position) for card_id, due, position in rows]


def keep_places(
    session: Session,
    record: QuizSessionRecord,
    position: int,
    before: list[tuple[int, datetime, int]],
) -> None:
    """Keep where answer ``position``'s cards were ``before`` it brought them forward."""
    moved = card_places(session, [card_id for card_id, _, _ in before])
    after = {card_id: (due, place) for card_id, due, place in moved}
    cards = [
        [card_id, due.isoformat(), place, after[card_id][0].isoformat(), after[card_id][1]]
        for card_id, due, place in before
        if card_id in after and after[card_id] != (due, place)
    ]
    record.options = {**record.options, _PUT_BACK: {"position": position, "cards": cards}}


def count_as_right(session: Session, record: QuizSessionRecord, answer: QuizAnswerRecord) -> int:
    """Count a wrong ``answer`` right, and put back the cards it brought forward.

    Returns how many cards were put back.
    """
    answer.correct = True
    right, answered = stored_score(record.correct, record.total)
    record.correct = min(answered, right + 1)
    kept: Any = record.options.get(_PUT_BACK) if isinstance(record.options, dict) else None
    put_back = 0
    if isinstance(kept, dict) and kept.get("position") == answer.position:
        for card_id, due, place, moved_due, moved_place in _places(kept.get("cards")):
            put_back += session.execute(
                update(CardRecord)
                .where(
                    CardRecord.id == card_id,
                    CardRecord.due == moved_due,
                    CardRecord.position == moved_place,
                )
                .values(due=due, position=place)
            ).rowcount
        record.options = {k: v for k, v in record.options.items() if k != _PUT_BACK}
    session.flush()
    return put_back


def _places(stored: Any) -> list[tuple[int, datetime, int, datetime, int]]:
    """The kept places that read as such; a damaged one is left out (its card stays put)."""
    places = []
    for entry in stored if isinstance(stored, list) else []:
        try:
            card_id, due, place, moved_due, moved_place = entry
            read = (datetime.fromisoformat(due), datetime.fromisoformat(moved_due))
        except (TypeError, ValueError):
            continue
        if all(type(n) is int for n in (card_id, place, moved_place)):
            places.append((card_id, read[0], place, read[1], moved_place))
    return places
