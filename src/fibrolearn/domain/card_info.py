"""What Card info (Anki's, Ctrl+Shift+I) tells about one card: its dates, memory and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.study import FactNote, MemoryState

# FSRS difficulty runs from 1 to 10; Anki shows it as 0 to 100 %.
LOWEST_DIFFICULTY, HIGHEST_DIFFICULTY = 1.0, 10.0


def difficulty_percent(difficulty: float) -> float:
    """FSRS difficulty (1 to 10) as Anki shows it: 0 to 100 %."""
    return 100 * (difficulty - LOWEST_DIFFICULTY) / (HIGHEST_DIFFICULTY - LOWEST_DIFFICULTY)


class EntryKind(StrEnum):
    """What a line of a card's history was, as Anki's card info names it."""

    LEARN = "Learn"
    REVIEW = "Review"
    RELEARN = "Relearn"
    EARLY = "Early review"  # a review card answered before the day it was due
    RESET = "Reset"  # made new again by Forget: not an answer

    @classmethod
    def of_answer(cls, before: CardState, *, early: bool) -> EntryKind:
        """The kind of an answer given to a card in the state ``before``."""
        if before == CardState.REVIEW:
            return cls.EARLY if early else cls.REVIEW
        return cls.RELEARN if before == CardState.RELEARNING else cls.LEARN


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One answer to the card, or one Forget of it.

    Attributes:
        at: When (UTC).
        kind: Learn, review, relearn, early review, or reset.
        rating: The rating given (None for a reset).
        interval: How long after the answer the card fell due again (None for a reset).
        stability: FSRS stability after the answer, in days (None for a reset).
        difficulty: FSRS difficulty after the answer, 1 to 10 (None for a reset).
        duration_ms: Time taken to answer (0 for a reset).
    """

    at: datetime
    kind: EntryKind
    rating: Rating | None = None
    interval: timedelta | None = None
    stability: float | None = None
    difficulty: float | None = None
    duration_ms: int = 0


@dataclass(frozen=True, slots=True)
class CardInfo:
    """One card as Card info shows it, read at ``as_of``.

    Attributes:
        card_id: The card's id.
        note_id: Its note's id.
        deck_name: Its deck's full name.
        note_kind: "basic", "reversed", "cloze" or "template" (an Anki note type).
        note_type: The Anki note type's name, for a "template" note (else None).
        added: When its note was made.
        memory: Its memory state now: due date, stability, difficulty, reviews, lapses.
        suspended: Whether it is out of study.
        buried_until: Hidden from study until then (None: not buried).
        as_of: When this was read.
        due_day: The study day it is due on; None for a new card.
        due_in_days: Study days from today to ``due_day`` (negative: overdue); None when new.
        recall_now: Its chance of being recalled now (FSRS retrievability); None when new.
        history: Its answers and Forgets, oldest first.
        facts: The facts its note teaches (knowledge decks), in the note's order.
    """

    card_id: int
    note_id: int
    deck_name: str
    note_kind: str
    note_type: str | None
    added: datetime
    memory: MemoryState
    suspended: bool
    buried_until: datetime | None
    as_of: datetime
    due_day: date | None
    due_in_days: int | None
    recall_now: float | None
    history: tuple[HistoryEntry, ...]
    facts: tuple[FactNote, ...]

    @property
    def answers(self) -> tuple[HistoryEntry, ...]:
        """The answers in its history, oldest first (its Forgets left out)."""
        return tuple(entry for entry in self.history if entry.kind is not EntryKind.RESET)

    @property
    def first_answer(self) -> datetime | None:
        """When it was first answered (None: never)."""
        answers = self.answers
        return answers[0].at if answers else None

    @property
    def latest_answer(self) -> datetime | None:
        """When it was last answered (None: never)."""
        answers = self.answers
        return answers[-1].at if answers else None

    @property
    def total_ms(self) -> int:
        """Time spent answering it, in all."""
        return sum(entry.duration_ms for entry in self.answers)

    @property
    def average_ms(self) -> float | None:
        """Time spent on an answer, on average (None: never answered)."""
        answers = self.answers
        return self.total_ms / len(answers) if answers else None

    @property
    def interval(self) -> timedelta | None:
        """From its latest answer to its due date (None for a new card)."""
        if self.memory.state == CardState.NEW or self.memory.last_review is None:
            return None
        return self.memory.due - self.memory.last_review
