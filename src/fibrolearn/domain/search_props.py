"""Search terms about a card's numbers and days, as Anki writes them (docs/search-syntax.md).

``prop:ivl>=10`` compares a number the card has (interval, due day, reviews, lapses, FSRS
stability and difficulty); ``added:7``, ``edited:7``, ``rated:3`` (``rated:3:1``: answered
Again) and ``introduced:7`` count study days back from today (``1``: today only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from fibrolearn.domain.enums import Rating

MAX_DAYS = 36500  # a hundred years: any day a collection can hold


class Property(StrEnum):
    """The names ``prop:`` compares."""

    IVL = "ivl"  # days between the last review and the due date
    DUE = "due"  # study days from today to the due day (0 today, 1 tomorrow, -1 yesterday)
    REPS = "reps"  # times answered
    LAPSES = "lapses"  # times forgotten after being learned
    S = "s"  # FSRS stability, in days
    D = "d"  # FSRS difficulty, from 0 (easiest) to 1 (hardest), as Anki shows it
    R = "r"  # FSRS retrievability now: the predicted chance of recall, from 0 to 1


_WHOLE = frozenset((Property.IVL, Property.DUE, Property.REPS, Property.LAPSES))
_FRACTIONS = {Property.D: "difficulty", Property.R: "retrievability"}
OPERATORS = ("<=", ">=", "!=", "=", "<", ">")  # longest first, so "<=" is not read as "<"
_PROPERTY = re.compile(r"([a-z]*)(<=|>=|!=|=|<|>)?(.*)", re.IGNORECASE | re.DOTALL)
# Up to nine digits before the point: more is no count a card has, and would overflow SQLite.
_NUMBERS = {
    True: re.compile(r"-?[0-9]{1,9}"),
    False: re.compile(r"-?([0-9]{1,9}(\.[0-9]*)?|\.[0-9]+)"),
}


class LocatedError(ValueError):
    """Text that cannot be read, with ``start``/``end`` locating the bad part."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


class TermValueError(LocatedError):
    """A term's value that cannot be read; ``start``/``end`` locate the bad part in the value."""


@dataclass(frozen=True, slots=True)
class PropertyTest:
    """``prop:`` read: the card's ``name`` compared by ``operator`` with ``number``."""

    name: Property
    operator: str
    number: float


@dataclass(frozen=True, slots=True)
class DaysTest:
    """``added:``, ``edited:``, ``rated:`` or ``introduced:`` read.

    Attributes:
        days: Study days back, today counting as the first.
        rating: For ``rated:``, the answer it must have been (None: any).
    """

    days: int
    rating: Rating | None = None


def property_test(value: str) -> PropertyTest:
    """Read the value of a ``prop:`` term, such as ``ivl>=10`` or ``d>0.7``.

    Raises:
        TermValueError: naming the part that is wrong and what it may be.
    """
    matched = _PROPERTY.fullmatch(value)
    assert matched is not None  # the pattern matches any text
    name, operator, number = matched.groups()
    names = ", ".join(Property)
    try:
        known = Property(name.lower())
    except ValueError:
        raise TermValueError(
            f'"prop:" cannot compare "{name}"; it compares {names}, e.g. prop:ivl>=10',
            0,
            max(len(name), 1),
        ) from None
    if operator is None:
        raise TermValueError(
            f'"prop:{name}" needs a comparison and a number after it, e.g. prop:{known}>=10; '
            f"comparisons are {' '.join(OPERATORS)}",
            0,
            len(value),
        )
    start = len(name) + len(operator)
    whole = known in _WHOLE
    if _NUMBERS[whole].fullmatch(number) is not None:
        parsed = int(number) if whole else float(number)
    else:
        kind = "a whole number" if whole else "a number"
        raise TermValueError(
            f'"prop:{known}{operator}" needs {kind} after it, not "{number}"',
            start if number else len(name),  # nothing: the comparison, which lacks it
            len(value),
        )
    if known is Property.DUE and not -MAX_DAYS <= parsed <= MAX_DAYS:
        raise TermValueError(
            f"a due day is at most {MAX_DAYS:,} days away, not {number}", start, len(value)
        )
    if known in _FRACTIONS and not 0 <= parsed <= 1:
        raise TermValueError(
            f'{_FRACTIONS[known]} runs from 0 to 1 (as Anki shows it), not "{number}"; '
            f"e.g. prop:{known}{'>0.7' if known is Property.D else '<0.9'}",
            start,
            len(value),
        )
    return PropertyTest(known, operator, parsed)


def days_test(field: str, value: str) -> DaysTest:
    """Read the value of ``added:`` and the like: days, and for ``rated:`` perhaps ``:answer``.

    Raises:
        TermValueError: naming the part that is wrong and what it may be.
    """
    days, colon, answer = value.partition(":")
    if not days.isascii() or not days.isdigit() or not 1 <= int(days) <= MAX_DAYS:
        raise TermValueError(
            f'"{field}:" needs a number of days from 1 (today) to {MAX_DAYS:,}, not "{days}"; '
            f"e.g. {field}:7 for the last seven study days",
            0,
            max(len(days), 1),
        )
    if not colon:
        return DaysTest(int(days))
    if field != "rated":
        raise TermValueError(
            f'"{field}:" takes only a number of days, e.g. {field}:7; take away ":{answer}"',
            len(days),
            len(value),
        )
    if answer not in {str(int(r)) for r in Rating}:
        ratings = ", ".join(f"{int(r)} ({r.name.title()})" for r in Rating)
        raise TermValueError(
            f'after "rated:{days}:" comes the answer, {ratings}, not "{answer}"; e.g. '
            "rated:3:1 for cards answered Again in the last three days",
            len(days) + 1 if answer else len(days),
            len(value),
        )
    return DaysTest(int(days), Rating(int(answer)))
