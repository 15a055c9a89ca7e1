"""Anki's columns for an exported card's scheduling, and its answers as Anki's log rows.

Anki keeps days as numbers counted from its collection's creation (``crt``), intervals in days
(negative seconds while learning) and an SM-2 ease beside FSRS's memory state; these turn
FibroLearn's study days and memory states into them.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.review_log import LONGEST_IMPORTED_ANSWER_MS, LoggedAnswer
from fibrolearn.domain.study import MemoryState
from fibrolearn.interop.anki_reader import MANUAL_TYPE
from fibrolearn.interop.anki_schedule import FILTERED_REVIEW, SUSPENDED_QUEUE, USER_BURIED_QUEUE
from fibrolearn.interop.values import ExportCard
from fibrolearn.scheduling.study_day import StudyDay


class AnkiDays:
    """Anki's day numbers for the learner's study days, counted from today's as day zero.

    The collection's creation time (``crt``) is the start of today's study day, so day ``n``
    is ``n`` study days from now; importing, Anki moves every due day by its own count of days
    since ``crt``, so the cards stay due on the same days.

    Each study day is worked out once, then found among those known: an export with a
    million answers asks for four million day numbers, on a few thousand distinct days.
    """

    def __init__(self, study_day: StudyDay, today: date) -> None:
        self._study_day = study_day
        self._today = today
        self._starts: list[datetime] = []  # the known study days' starts, in order
        self._days: list[tuple[datetime, int]] = []  # the end and number of each

    def number(self, moment: datetime) -> int:
        """The day number of the study day ``moment`` falls in."""
        index = bisect_right(self._starts, moment) - 1
        if index >= 0 and moment < self._days[index][0]:
            return self._days[index][1]
        number = (self._study_day.date_of(moment) - self._today).days
        start, end = self._study_day.start(moment), self._study_day.end(moment)
        if start <= moment < end:  # as it always is; anything else is simply not kept
            index = bisect_right(self._starts, start)
            self._starts.insert(index, start)
            self._days.insert(index, (end, number))
        return number

    def between(self, start: datetime, end: datetime) -> int:
        """An interval as Anki keeps it: the study days from one to the other, at least one."""
        return max(1, self.number(end) - self.number(start))


def new_card_columns(position: int, suspended: bool) -> tuple[object, ...]:
    """A new card's scheduling columns, ``position`` its place among the new cards."""
    # type, queue, due, ivl, factor, reps, lapses, left, data
    return (0, SUSPENDED_QUEUE if suspended else 0, position, 0, 0, 0, 0, 0, "{}")


def scheduled_columns(card: ExportCard, days: AnkiDays, now: datetime) -> tuple[object, ...]:
    """A card's scheduling columns; a card buried until after ``now`` in Anki's bury queue.

    Anki brings it back when its next day begins, as FibroLearn would. A suspension stays.
    """
    card_type, queue, *rest = _scheduling(card, days)
    if queue != SUSPENDED_QUEUE and card.buried_until is not None and card.buried_until > now:
        queue = USER_BURIED_QUEUE
    return (card_type, queue, *rest)


def _scheduling(card: ExportCard, days: AnkiDays) -> tuple[object, ...]:
    state = card.state
    if state.state is CardState.NEW:
        return new_card_columns(card.position, card.suspended)
    factor = _ease_permille(state.difficulty)
    data = json.dumps(_memory(state)) if state.stability is not None else "{}"
    if state.state is CardState.REVIEW:
        interval = days.between(state.last_review or state.due, state.due)
        due_day = days.number(state.due)
        queue = SUSPENDED_QUEUE if card.suspended else 2
        return (2, queue, due_day, interval, factor, state.reps, state.lapses, 0, data)
    card_type = 1 if state.state is CardState.LEARNING else 3
    remaining = 1 if state.step is None else max(1, 2 - state.step)
    left = remaining * 1000 + remaining
    seen = state.last_review or state.due
    if days.number(state.due) > days.number(seen):
        # Its step crosses the rollover: Anki's day learning, due from the start of that day
        # (as FibroLearn offers it), not at the hour (queue 1 would wait for the hour).
        queue, due = (SUSPENDED_QUEUE if card.suspended else 3), days.number(state.due)
    else:
        queue, due = (SUSPENDED_QUEUE if card.suspended else 1), int(state.due.timestamp())
    interval = _return_interval(state) if card_type == 3 else 0
    return (card_type, queue, due, interval, factor, state.reps, state.lapses, left, data)


def _return_interval(state: MemoryState) -> int:
    """The days a relearning card goes back to review for, as Anki keeps them (at least 1).

    Anki's SM-2 schedules the card that far once relearnt: FSRS's interval at 90 % retention,
    its stability, in days.
    """
    return max(1, round(state.stability or 0))


def _memory(state: MemoryState) -> dict[str, object]:
    memory: dict[str, object] = {
        "s": round(state.stability or 0.0, 4),
        "d": round(state.difficulty or 5.0, 3),
        "dr": 0.9,
    }
    if state.last_review is not None:
        memory["lrt"] = int(state.last_review.timestamp())
    return memory


def _ease_permille(difficulty: float | None) -> int:
    """SM-2 ease for Anki users without FSRS: the inverse of the import's estimate."""
    if difficulty is None:
        return 2500
    return round(min(3.5, max(1.3, 2.5 - (difficulty - 5.0) * 0.24)) * 1000)


def log_rows(
    card_id: int,
    reviews: Sequence[LoggedAnswer],
    days: AnkiDays,
    resets: Sequence[datetime] = (),
) -> list[tuple[int, ...]]:
    """The log rows of a card's answers and resets, in time order, each keyed by its millisecond.

    (Taken milliseconds move on.) A reset (Forget) is Anki's: a Manual entry (type 4) with
    ease, interval and factor 0.
    """
    rows = []
    for review in reviews:
        rows.append(
            (
                _millisecond(review.reviewed_at),
                card_id,
                int(review.rating),
                _interval(review.after, review.reviewed_at, days) if review.rescheduled else 0,
                _interval(review.before, review.before.last_review or review.reviewed_at, days),
                # No ease: Anki's mark of an answer that rescheduled nothing (a preview).
                _ease_permille(review.after.difficulty) if review.rescheduled else 0,
                max(0, min(review.duration_ms, LONGEST_IMPORTED_ANSWER_MS)),
                _log_type(review),
            )
        )
    rows += [(_millisecond(moment), card_id, 0, 0, 0, 0, 0, MANUAL_TYPE) for moment in resets]
    return sorted(rows, key=lambda row: row[0])  # stable: an answer before a reset at its instant


def _millisecond(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _interval(state: MemoryState, since: datetime, days: AnkiDays) -> int:
    """Anki's log interval: days in review, negative seconds while (re)learning."""
    if state.state is CardState.REVIEW:
        return days.between(since, state.due)
    if state.state is CardState.NEW:
        return 0
    return -max(1, int((state.due - since).total_seconds()))


def _log_type(review: LoggedAnswer) -> int:
    """Anki's kind of answer; an early one "Filtered", as Anki logs a review ahead of its day.

    Anki writes that for a review card answered in a filtered deck that reschedules, with the
    interval and ease it gave (a preview that reschedules nothing has an ease of 0).
    """
    if review.early:
        return FILTERED_REVIEW
    return {CardState.REVIEW: 1, CardState.RELEARNING: 2}.get(review.before.state, 0)
