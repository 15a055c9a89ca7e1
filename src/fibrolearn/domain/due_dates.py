"""Browse's Set due date, typed as in Anki.

"0" is today, "3" in three days, "1-7" a random day in that range; "!" after either makes the
card's interval that many days too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Days ahead a due date may be: a hundred years, as Anki's own limit is far beyond any study.
LONGEST = 36_500
_FORM = re.compile(r"(\d+)(?:\s*-\s*(\d+))?\s*(!?)")
HOW = (
    'Type a number of days from today ("0" is today), or a range such as "1-7" for a random '
    'day in it; "!" after it sets the interval too, as in "3!".'
)


class DueDaysError(ValueError):
    """What is wrong with a typed due date, in words for the learner (ends with a full stop)."""


@dataclass(frozen=True, slots=True)
class DueDays:
    """Days from today the cards fall due: a random one from ``first`` to ``last``."""

    first: int
    last: int
    sets_interval: bool = False


def parse_due_days(text: str) -> DueDays:
    """Read a due date as the learner typed it.

    Raises:
        DueDaysError: Naming what is wrong, and how to write it.
    """
    typed = text.strip()
    if not typed:
        raise DueDaysError(f"Nothing was typed. {HOW}")
    found = _FORM.fullmatch(typed)
    if found is None:
        raise DueDaysError(f'"{typed}" is not a number of days. {HOW}')
    numbers = [number for number in found.group(1, 2) if number is not None]
    # Its length first: int() refuses a number of thousands of digits.
    if len(max(numbers, key=len)) > len(str(LONGEST)) or max(map(int, numbers)) > LONGEST:
        raise DueDaysError(f"That is too far ahead: at most {LONGEST:,} days (a hundred years).")
    first, last = int(numbers[0]), int(numbers[-1])
    if last < first:
        raise DueDaysError(f"The range {first}-{last} ends before it starts: write {last}-{first}.")
    return DueDays(first, last, found.group(3) == "!")
