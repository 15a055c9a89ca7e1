"""Where an interrupted study session stood, as the collection keeps it across a restart."""

from __future__ import annotations

import math
from typing import Any

from fibrolearn.domain.study import StudyPosition
from fibrolearn.storage import decks_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.stored_settings import json_object, stored_setting

POSITION_SETTING = "study_position"


def saved_position(session: DbSession) -> StudyPosition | None:
    """The study position saved in the collection (:data:`POSITION_SETTING`), if any.

    Raises:
        StoredValueError: The stored position is not one.
    """
    value = decks_repo.get_setting(session, POSITION_SETTING)
    return None if value is None else stored_setting("study position", _position, value)


def _position(value: Any) -> StudyPosition:
    """A stored position (:meth:`StudyPosition.to_dict`), each value of the type it has."""
    position = StudyPosition.from_dict(json_object(value))
    goal, focus = position.goal, position.focus
    counts = (position.deck_id, position.reps, position.answered)
    seconds = (position.study_seconds, position.card_seconds)
    checks = (
        all(type(number) is int for number in counts),
        position.card_id is None or type(position.card_id) is int,
        all(type(time) in (int, float) and math.isfinite(time) for time in seconds),
        type(position.revealed) is bool and type(position.paused) is bool,
        goal is None or all(type(n) in (int, type(None)) for n in (goal.cards, goal.minutes)),
        position.started_at is None or position.started_at.tzinfo is not None,
        position.answers_after is None or type(position.answers_after) is int,
        focus is None
        or (
            type(focus.deck_id) is int
            and all(type(card_id) is int for card_id in focus.card_ids)
            and isinstance(focus.label, str)
        ),
    )
    if not all(checks):
        raise TypeError("a value of another type than it is saved as")
    return position
