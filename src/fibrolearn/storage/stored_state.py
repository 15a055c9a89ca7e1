"""A card's memory state from its stored columns, refusing values no state holds.

SQLite keeps whatever type a damaged byte makes of a value: a stability that reads as bytes
or text would reach the scheduler's arithmetic and fail there as a mistake in the code. Here
it is damage (:class:`~fibrolearn.storage.damaged_data.StoredValueError`), said as such.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.study import MemoryState
from fibrolearn.storage.damaged_data import StoredValueError, stored_as, stored_count, stored_time

_STATES = frozenset(CardState)  # members compare and hash as the numbers stored


def stored_memory_state(
    *,
    state: Any,
    step: Any,
    stability: Any,
    difficulty: Any,
    due: datetime,
    last_review: datetime | None,
    reps: Any,
    lapses: Any,
) -> MemoryState:
    """The memory state these stored values make (times already read as times).

    Raises:
        StoredValueError: One is not what its column holds.
    """
    return MemoryState(
        state=stored_as(CardState, state),
        step=None if step is None else stored_count("learning step", step),
        stability=stored_stability(stability),
        difficulty=stored_difficulty(difficulty),
        due=due,
        last_review=last_review,
        reps=stored_count("count of answers", reps),
        lapses=stored_count("count of lapses", lapses),
    )


def stored_memory(state: Any, stability: Any, last_review: Any) -> tuple[float, datetime] | None:
    """A card's stability and last answer, when it has a memory to recall; None while new.

    From the stored values as SQLite returns them (the time as its text): for reads of many
    cards at once, which need no more of each card's state.

    Raises:
        StoredValueError: One is not what its column holds.
    """
    if state not in _STATES:
        raise StoredValueError(f"a stored card state is not one ({state!r:.40})")
    stability = stored_stability(stability)
    if state == CardState.NEW or stability is None or last_review is None:
        return None
    return stability, stored_time(last_review).replace(tzinfo=UTC)


def stored_stability(value: Any) -> Any:
    """A stability: None while new, else a finite number above 0 (recall divides by it).

    Raises:
        StoredValueError: It is not one.
    """
    number = _number("stability", value)
    if number is None or number > 0:
        return number
    raise StoredValueError(f"a stored stability is not one ({value!r:.40})")


def stored_difficulty(value: Any) -> Any:
    """A difficulty: None while new, else a finite number.

    Raises:
        StoredValueError: It is not one.
    """
    return _number("difficulty", value)


def _number(name: str, value: Any) -> Any:
    """A stability or difficulty: None while new, else a finite number."""
    if value is None or (type(value) in (int, float) and math.isfinite(value)):
        return value
    raise StoredValueError(f"a stored {name} is not one ({value!r:.40})")
