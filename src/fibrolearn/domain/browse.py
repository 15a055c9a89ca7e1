"""Values Browse exchanges with the UI: table rows, sort orders, notes to add or edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from fibrolearn.domain.enums import CardState, NoteKind
from fibrolearn.domain.search import Search


class SortKey(StrEnum):
    """What the card table can be sorted by."""

    CREATED = "created"  # the order cards were added in (the default)
    MODIFIED = "modified"  # when the note was last edited
    QUESTION = "question"  # the note's first field
    DECK = "deck"
    FACTOR = "factor"  # the factor of the first fact the note teaches
    DUE = "due"  # new cards last
    INTERVAL = "interval"  # time between the last review and the due date
    REVIEWS = "reviews"
    LAPSES = "lapses"
    TAGS = "tags"  # the note's tags as written; notes without tags last


@dataclass(frozen=True, slots=True)
class CardQuery:
    """A search and the order to list its cards in; with ``decks``, only cards in those."""

    search: Search = field(default_factory=Search)
    sort: SortKey = SortKey.CREATED
    descending: bool = False
    decks: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class FoundCards:
    """What a query finds: how many cards, and the ids of the first of them in its order."""

    count: int
    card_ids: list[int]


@dataclass(frozen=True, slots=True)
class BrowseRow:
    """One card as the Browse table shows it.

    Attributes:
        card_id: The card.
        note_id: The note it is rendered from.
        question: The question side as plain text.
        answer: The answer side as plain text.
        deck_id: Its deck.
        deck: Deck name.
        factors: Names of the factors the note's facts belong to.
        due: When it is next due (for new cards: when it was added).
        interval: Time from the last review to the due date; None until first reviewed.
        state: Where the card is in its life.
        suspended: Kept out of study until unsuspended.
        buried: Hidden from study until the next study day.
        reviews: Times answered.
        lapses: Times forgotten after being learned.
        tags: The note's tags.
        created: When the note was added.
        modified: When the note was last changed.
    """

    card_id: int
    note_id: int
    question: str
    answer: str
    deck_id: int
    deck: str
    factors: tuple[str, ...]
    due: datetime
    interval: timedelta | None
    state: CardState
    suspended: bool
    buried: bool
    reviews: int
    lapses: int
    tags: tuple[str, ...]
    created: datetime
    modified: datetime


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """The editable content of a note.

    Attributes:
        kind: basic, reversed (two cards) or cloze (one card per deletion number).
        front: Question (basic and reversed).
        back: Answer (basic and reversed).
        text: Cloze text with ``{{c1::term}}`` deletions.
        extra: Shown under a cloze's answer.
        tags: Free tags, without spaces.
    """

    kind: NoteKind
    front: str = ""
    back: str = ""
    text: str = ""
    extra: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteToEdit:
    """A note opened for editing."""

    note_id: int
    deck_id: int
    deck_name: str
    draft: NoteDraft


@dataclass(frozen=True, slots=True)
class DeckChoice:
    """A deck cards can be added to."""

    deck_id: int
    name: str


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """What a change (or its undo) did, in words for the status line.

    Attributes:
        message: E.g. "Deleted 3 notes (5 cards)."
        note_ids: The notes added, edited or brought back (their ids as they are now).
        deleted_card_ids: The cards a delete removed (a later card may be given their ids).
        warning: What the learner should know of the change, also in the window that made it
            (a likely duplicate); empty when nothing.
    """

    message: str
    note_ids: tuple[int, ...] = ()
    deleted_card_ids: tuple[int, ...] = ()
    warning: str = ""


class NoteError(ValueError):
    """A note cannot be saved as written; the message says what to change."""
