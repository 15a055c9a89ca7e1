"""An answer from the review log as it travels between the collection and other apps' files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.study import MemoryState


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One answer, with the card's memory state before and after it."""

    reviewed_at: datetime
    rating: Rating
    duration_ms: int
    before: MemoryState
    after: MemoryState
