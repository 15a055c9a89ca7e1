"""A deck's study options, its cards left today, and its row in the deck list.

Apart from the rest of study's values because the first window needs only these: each frozen
dataclass costs start-up about half a millisecond to create, and ``domain.study`` has a dozen.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import NamedTuple

RETENTION_RANGE = (0.70, 0.99)  # the desired retentions a deck may have, as Anki allows
LONGEST_INTERVAL = timedelta(days=36_500)  # the longest a card waits, Anki's default too


# A learning step's bounds: a wait shorter than a minute brings the card straight back, and a
# step is for the first days of learning a card, not for years (as Anki, where steps are
# minutes to days).
SHORTEST_STEP = timedelta(minutes=1)
LONGEST_STEP = timedelta(days=365)


def clean_deck_name(name: str) -> str:
    """A deck name as decks keep it: one space between words, and no control characters.

    Names come from the learner, deck files, Anki packages and text files. A control
    character (a bell, or an escape sequence from a hostile package) showed as a box in the
    deck list and reached a terminal raw when a command printed the name; a direction
    override ("Bio" U+202E "ygol") showed one name written as another.

    "::" parts a name into levels ("Science::Biology" is a subdeck of "Science", as in
    Anki); spaces around a level go, and so do empty levels ("::Biology::", "A:: ::B"), which
    made a deck no tree could place, listed apart from the one it was meant to be under.
    """
    shown = "".join(" " if _is_control(char) else char for char in name)
    levels = (" ".join(level.split()) for level in shown.split("::"))
    return "::".join(level for level in levels if level)


def deck_name_key(name: str) -> str:
    """What tells deck names apart: the cleaned name, capitals aside (``casefold``).

    Two names of one key are one deck's to an import and to a command, and a second deck
    may not take it. Names kept before they were cleaned ("Spanish  words") key as the
    cleaned one does, and so do accents written either way Unicode has (Unicode's NFC):
    "é" as one character, or as "e" and an accent (as macOS writes file names, and some
    Anki packages keep them), had made two decks that looked the same, and a name typed
    found neither.
    """
    return unicodedata.normalize("NFC", clean_deck_name(name).casefold())


def _is_control(char: str) -> bool:
    """Whether ``char`` is a control character, or one that turns the text's direction.

    Unicode's Cc (C0, DEL and C1), and the direction overrides and isolates; the marks alone
    (U+200E, U+200F) stay, as right-to-left names need them.
    """
    return char < " " or "\x7f" <= char <= "\x9f" or char in _DIRECTION_CONTROLS


_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class DeckOptions(NamedTuple):
    """Per-deck study settings.

    Attributes:
        new_per_day: New cards introduced per study day.
        reviews_per_day: Maximum review cards per study day.
        desired_retention: Target probability of recall when a card comes due (0.70-0.99).
        learning_steps: Delays between the first answers of a new card.
        relearning_steps: Delays after forgetting a review card.
        max_interval_days: Longest interval a card may get.
    """

    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.90
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    max_interval_days: int = LONGEST_INTERVAL.days


class DeckSummary(NamedTuple):
    """A row of the deck list."""

    deck_id: int
    key: str
    name: str
    description: str
    disclaimer: str
    new: int
    learning: int
    due: int
    total: int


class QueueCounts(NamedTuple):
    """What is left to study today in a deck."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        """All cards left today."""
        return self.new + self.learning + self.review
