"""Browse's Forget (Anki's Reset) and Set due date: rewrite the selected cards' schedule.

Set due date moves studied cards to a day (see :mod:`fibrolearn.domain.due_dates`); cards
still learning become review cards, as in Anki. New cards are left alone: with nothing
remembered yet, they have no schedule to move. It logs nothing, unlike Anki's Manual entry
with the card's factor: Anki's FSRS neither learns from that entry nor starts again at it,
and here the next answer's logged state before (exported as that answer's last interval)
already holds the due date set; an Anki import reads Anki's entry into that state.

As in Anki, the review log stays whole, so Progress still shows every answer given; only the
cards' memory state goes. Forget logs a reset of each card (Anki writes a Manual entry with
ease 0), kept apart from the answers: the optimizer starts each card's history after its
latest reset, as Anki's FSRS does, and no statistic counts it as an answer. Anki's two
choices are kept: put the cards back at their first place among the deck's new cards (else
after the deck's last new card), and start their review and lapse counts again from 0 (else
keep them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from random import randint
from typing import TypeVar

from fibrolearn.domain.due_dates import DueDays
from fibrolearn.domain.enums import CardState
from fibrolearn.domain.progress import Progress
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import card_resets
from fibrolearn.storage.bulk_sql import batches
from fibrolearn.storage.card_resets import CardMemory
from fibrolearn.storage.db import DbSession

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ForgetChoices:
    """Anki's two choices when resetting cards."""

    keep_position: bool = True  # "restore original position where possible"
    reset_counts: bool = False  # "reset repetition and lapse counts"


@dataclass(frozen=True, slots=True)
class Rescheduled:
    """What a Forget or a Set due date changed, to take back.

    Attributes:
        before: The cards as they were.
        after: The cards as the change left them.
        resets: The ids of the resets a Forget logged.
        reset_at: When a Forget logged them (None: a Set due date, which logs none).
    """

    before: list[CardMemory]
    after: list[CardMemory]
    resets: range = range(0)
    reset_at: datetime | None = None


def forget(
    session: DbSession,
    card_ids: Sequence[int],
    now: datetime,
    choices: ForgetChoices,
    progress: Progress,
) -> Rescheduled:
    """Make these cards (those not new already) new, logging a reset of each."""
    before = [
        card for card in card_resets.memories(session, card_ids) if card.state != CardState.NEW
    ]
    next_place = _after(card_resets.last_positions(session, {card.deck_id for card in before}))
    after = [_new(card, now, choices, next_place) for card in before]
    first = card_resets.last_reset_id(session) + 1

    def write(chunk: Sequence[CardMemory]) -> None:
        card_resets.set_memories(session, chunk)
        card_resets.log_resets(session, [(card.id, now) for card in chunk])

    in_chunks(after, write, progress)
    return Rescheduled(before, after, _logged_since(session, first), now)


def set_due(
    session: DbSession,
    card_ids: Sequence[int],
    now: datetime,
    days: DueDays,
    progress: Progress,
) -> tuple[Rescheduled, int]:
    """Make these studied cards due on a day; returns what changed, and how many are new."""
    found = card_resets.memories(session, card_ids)
    before = [card for card in found if card.state != CardState.NEW]
    study_day = current_study_day(session)
    today = study_day.date_of(now)
    after = []
    for card in before:
        ahead = randint(days.first, days.last)
        due = now if ahead == 0 else study_day.begins(today + timedelta(days=ahead))
        last = due - timedelta(days=ahead) if days.sets_interval else card.last_review
        # Learning cards become review cards, as in Anki; each has a memory state once answered.
        review = card.stability is not None
        state, step = (int(CardState.REVIEW), None) if review else (card.state, card.step)
        after.append(replace(card, due=due, state=state, step=step, last_review=last))
    in_chunks(after, partial(card_resets.set_memories, session), progress)
    return Rescheduled(before, after), len(found) - len(before)


def put_back(session: DbSession, done: Rescheduled, progress: Progress) -> Rescheduled:
    """Give the cards back the memory state they had; returns the part put back.

    A card changed since (answered in Study) is left as it is, its reset too: putting back
    its state from before would silently wipe that answer, whose log entry would stay.
    """
    now = {card.id: card for card in card_resets.memories(session, [c.id for c in done.after])}
    kept = {card.id for card in done.after if now.get(card.id) == card}
    before = [card for card in done.before if card.id in kept]
    in_chunks(before, partial(card_resets.set_memories, session), progress)
    card_resets.drop_resets(session, done.resets, kept)
    after = [card for card in done.after if card.id in kept]
    return Rescheduled(before, after, reset_at=done.reset_at)


def reapply(session: DbSession, done: Rescheduled, progress: Progress) -> Rescheduled | None:
    """Do a Forget or Set due date put back (``done``) again, exactly; its resets too.

    None, and nothing written, when any of its cards changed since it was put back.
    """
    now = card_resets.memories(session, [card.id for card in done.before])
    if sorted(now, key=_id) != sorted(done.before, key=_id):
        return None
    first = card_resets.last_reset_id(session) + 1
    at = done.reset_at

    def write(chunk: Sequence[CardMemory]) -> None:
        card_resets.set_memories(session, chunk)
        if at is not None:
            card_resets.log_resets(session, [(card.id, at) for card in chunk])

    in_chunks(done.after, write, progress)
    resets = _logged_since(session, first) if at is not None else range(0)
    return Rescheduled(done.before, done.after, resets, at)


def _id(card: CardMemory) -> int:
    return card.id


def _logged_since(session: DbSession, first: int) -> range:
    """The ids of the resets logged from ``first`` on."""
    return range(first, card_resets.last_reset_id(session) + 1)


def in_chunks(rows: Sequence[T], write: Callable[[Sequence[T]], None], progress: Progress) -> None:
    """Write rows a chunk at a time, reporting progress (so a cancel rolls the whole back)."""
    done = 0
    for chunk in batches(rows):
        write(chunk)
        done += len(chunk)
        progress.advance(done, len(rows))


def _after(last: dict[int, int]) -> Callable[[int], int]:
    """Gives each deck's next place after its last new card, one after another."""

    def next_place(deck_id: int) -> int:
        last[deck_id] = last.get(deck_id, 0) + 1
        return last[deck_id]

    return next_place


def _new(
    card: CardMemory, now: datetime, choices: ForgetChoices, next_place: Callable[[int], int]
) -> CardMemory:
    return replace(
        card,
        state=int(CardState.NEW),
        step=None,
        stability=None,
        difficulty=None,
        due=now,
        last_review=None,
        reps=0 if choices.reset_counts else card.reps,
        lapses=0 if choices.reset_counts else card.lapses,
        position=card.position if choices.keep_position else next_place(card.deck_id),
    )
