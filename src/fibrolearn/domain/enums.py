"""Small enumerations, most of them persisted as integers or short strings."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Rating(IntEnum):
    """How well the learner recalled a card (the keys 1-4 on the study screen)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """The button caption."""
        return self.name.capitalize()


class CardState(IntEnum):
    """Where a card is in its life. NEW is explicit here, unlike in fsrs."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Certainty(StrEnum):
    """How firmly a fact is established: as its source states it, or as the literature judges it.

    A source states a fact as consensus, a finding or a possibility (see facts.toml); only the
    literature can show it to be contested.
    """

    CONSENSUS = "consensus"
    SUPPORTED = "supported"
    EMERGING = "emerging"
    CONTESTED = "contested"

    @classmethod
    def judged(cls, stored: str) -> Certainty | None:
        """A stored literature's verdict: "" where the deck gives none (the source's stands)."""
        return cls(stored) if stored else None


STATED_CERTAINTIES = (Certainty.CONSENSUS, Certainty.SUPPORTED, Certainty.EMERGING)


class NoteKind(StrEnum):
    """How a note turns into cards."""

    BASIC = "basic"
    REVERSED = "reversed"  # front->back and back->front
    CLOZE = "cloze"


class Undone(StrEnum):
    """What :meth:`StudySession.undo` took back."""

    ANSWER = "answer"
    SUSPEND = "suspend"
    BURY = "bury"
    EDIT = "edit"
