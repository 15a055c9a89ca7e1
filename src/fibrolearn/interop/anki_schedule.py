"""Anki's scheduling columns and review log in FibroLearn's terms.

A card's state, due time, repetitions and lapses are taken as Anki recorded them, so a learner
sees the same cards due on the same days. FSRS stability and difficulty come from the card's
``data`` JSON when Anki kept an FSRS memory state; otherwise they are estimated from the SM-2
interval and ease here (and the import service refines them by replaying the review log through
FibroLearn's scheduler when there is one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fibrolearn.domain.decks import LONGEST_INTERVAL, DeckOptions
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.review_log import (
    ANSWER_CLOCK_SLACK,
    EARLIEST_ANSWER,
    LONGEST_IMPORTED_ANSWER_MS,
    LoggedAnswer,
)
from fibrolearn.domain.study import MemoryState
from fibrolearn.interop.anki_reader import AnkiCard, AnkiReview
from fibrolearn.storage.json_text import parse_json

# Anki's card queues (cards.queue).
USER_BURIED_QUEUE = -3
_SIBLING_BURIED = -2
SUSPENDED_QUEUE = -1
_LEARNING = 1
_DAY_LEARNING = 3
_PREVIEW = 4
# Anki's review log kind (revlog.type) of an answer in a filtered deck ahead of the card's day.
FILTERED_REVIEW = 3
# Anki's card types (cards.type) whose due is a time stamp or a day, by its size.
_LEARNING_TYPE, _RELEARNING_TYPE = 1, 3
_FIRST_STAMP = 1_000_000_000  # Anki's line between a day number and a time stamp
_DAY = 86_400
_DEFAULT_STEPS = DeckOptions()


class AnkiClock:
    """Converts Anki's day numbers and timestamps to aware UTC datetimes.

    A time it gives is from 1970 to the longest interval past now, so that a study day's
    arithmetic never leaves Python's dates: a later one (a card parked far ahead with "set due
    date") is moved back to that bound, and an earlier or unconvertible one, which only a
    corrupt value makes, becomes the import time.

    Args:
        created: The collection's day zero (col.crt), seconds since the epoch.
        now: The import time, used where Anki's value is unusable.
    """

    def __init__(self, created: int, now: datetime) -> None:
        self._created = created
        self.now = now

    def day(self, number: int) -> datetime:
        """The start of Anki day ``number``: that many days after the collection's creation.

        Days are counted on the local calendar at the hour the collection was created (its
        rollover), as Anki counts them: a due day after the clocks change still starts at the
        rollover, not an hour early (which, after the clocks go back, is the study day before).
        """
        try:
            wall = datetime.fromtimestamp(self._created) + timedelta(days=number)  # local time
            return self._usable(wall.astimezone(UTC))
        except (OverflowError, OSError, ValueError):
            return self.now

    def seconds(self, stamp: int) -> datetime:
        """A Unix timestamp in seconds."""
        try:
            return self._usable(datetime.fromtimestamp(stamp, UTC))
        except (OverflowError, OSError, ValueError):
            return self.now

    def answered_at(self, review_id: int) -> datetime | None:
        """When a review log row was answered: its id is a Unix time in milliseconds.

        None where that cannot be right, before 1970 or more than a day past now (the review-log
        import's bounds): such a row is no answer to keep.
        """
        stamp, millis = divmod(review_id, 1000)
        try:
            moment = datetime.fromtimestamp(stamp, UTC) + timedelta(milliseconds=millis)
        except (OverflowError, OSError, ValueError):
            return None
        return moment if EARLIEST_ANSWER <= moment <= self.now + ANSWER_CLOCK_SLACK else None

    def _usable(self, moment: datetime) -> datetime:
        return self.now if moment < EARLIEST_ANSWER else min(moment, self.now + LONGEST_INTERVAL)


def is_suspended(card: AnkiCard) -> bool:
    """Whether Anki had the card suspended."""
    return card.queue == SUSPENDED_QUEUE


def is_buried(card: AnkiCard) -> bool:
    """Whether Anki had the card buried, by the learner or with a sibling.

    Anki brings buried cards back when its next day begins, so they stay hidden until the next
    study day.
    """
    return card.queue in (USER_BURIED_QUEUE, _SIBLING_BURIED)


def memory_state(
    card: AnkiCard, clock: AnkiClock, last_answer: datetime | None
) -> tuple[MemoryState, bool]:
    """The card's state in FibroLearn's terms, and whether its memory is only estimated.

    Args:
        card: The card as Anki stored it.
        clock: Converts Anki's times.
        last_answer: When the review log says it was last answered, if known.
    """
    state = CardState(card.type) if card.type in (0, 1, 2, 3) else CardState.NEW
    if state is CardState.NEW:
        return MemoryState.new(clock.now), False
    due = _due(card, clock)
    data = _card_data(card.data)
    last_review = _last_review(card, data, clock, due, last_answer)
    stability, difficulty = _fsrs_memory(data)
    estimated = stability is None
    if estimated:
        stability, difficulty = _estimate(card)
    return (
        MemoryState(
            state=state,
            step=_step(card, state),
            stability=stability,
            difficulty=difficulty,
            due=due,
            last_review=last_review,
            reps=max(card.reps, 0),
            lapses=max(card.lapses, 0),
        ),
        estimated,
    )


def _due(card: AnkiCard, clock: AnkiClock) -> datetime:
    if card.original_deck_id and card.original_due:
        # In a filtered deck, a card keeps its home due in odue, and its queue is the filtered
        # deck's (a preview, say): as Anki brings it home, a (re)learning card's due is a
        # time stamp when it is that large, and otherwise a day, as a review card's is.
        due = card.original_due
        in_seconds = card.type in (_LEARNING_TYPE, _RELEARNING_TYPE) and due > _FIRST_STAMP
    else:
        due, in_seconds = card.due, card.queue in (_LEARNING, _PREVIEW)
    return clock.seconds(due) if in_seconds else clock.day(due)


def _card_data(raw: str) -> dict[str, object]:
    try:
        data = parse_json(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _fsrs_memory(data: dict[str, object]) -> tuple[float | None, float | None]:
    stability, difficulty = data.get("s"), data.get("d")
    if (
        isinstance(stability, int | float)
        and isinstance(difficulty, int | float)
        and stability > 0
        and 1 <= difficulty <= 10
    ):
        return float(stability), float(difficulty)
    return None, None


def _estimate(card: AnkiCard) -> tuple[float, float]:
    """Stability from the interval (at 90 % retention they coincide), difficulty from the ease.

    Ease 250 % (Anki's starting ease) maps to the middle difficulty 5; each 24 points of ease
    lost or gained moves difficulty by one, within FSRS's 1-10.
    """
    stability = float(max(card.interval, 1))
    ease = card.factor / 1000 if card.factor > 0 else 2.5
    difficulty = min(10.0, max(1.0, 5.0 + (2.5 - ease) / 0.24))
    return stability, difficulty


def _last_review(
    card: AnkiCard,
    data: dict[str, object],
    clock: AnkiClock,
    due: datetime,
    last_answer: datetime | None,
) -> datetime:
    stamp = data.get("lrt")
    if isinstance(stamp, int) and stamp > 0:
        return clock.seconds(stamp)
    if last_answer is not None:
        return last_answer
    return due - _interval(max(card.interval, 0))


def _interval(days: int) -> timedelta:
    """An interval of ``days``, at most the longest one.

    Bounded before it is made: a timedelta holds at most 999,999,999 days, and a corrupt
    interval can be any 64-bit number.
    """
    return timedelta(days=min(days, LONGEST_INTERVAL.days))


def _step(card: AnkiCard, state: CardState) -> int | None:
    """Anki counts the (re)learning steps left; FibroLearn the index of the current one."""
    if state is CardState.REVIEW:
        return None
    steps = len(
        _DEFAULT_STEPS.learning_steps
        if state is CardState.LEARNING
        else _DEFAULT_STEPS.relearning_steps
    )
    remaining = card.left % 1000
    return min(max(steps - remaining, 0), max(steps - 1, 0))


def answers(
    reviews: Iterable[AnkiReview], clock: AnkiClock, *, v1_learning_buttons: bool
) -> tuple[LoggedAnswer, ...]:
    """One card's review log as FibroLearn answers, with the state before and after each.

    Manual reschedules are left out: they are not answers; so are rows whose time is corrupt
    (:meth:`AnkiClock.answered_at`). The state after each answer follows from the interval
    Anki gave (days: in review; seconds: still learning); after a reset (:func:`resets`) the
    card starts again from new, and after a due date set by hand it is a review card due
    again as that set it, so the next answer's state before is the one the learner saw.

    Args:
        reviews: The card's log rows.
        clock: Converts Anki's times.
        v1_learning_buttons: The collection used Anki's first scheduler, whose learning
            answers had three buttons (Again, Good, Easy) numbered 1-3.
    """
    planned: list[LoggedAnswer] = []
    timed = sorted(
        (
            (moment, review)
            for review in reviews
            if (moment := clock.answered_at(review.id)) is not None
        ),
        key=lambda row: row[1].id,
    )
    if not timed:
        return ()
    state = MemoryState.new(timed[0][0])
    for moment, review in timed:
        if review.is_reset():
            state = MemoryState.new(moment)
        elif review.is_due_set():
            state = _due_set(state, review, moment)
        if not review.is_answer():
            continue
        rating = _rating(review, v1_learning_buttons)
        # A filtered deck that reschedules nothing logs its answers with no ease: the card
        # stayed as it was (Anki's FSRS leaves them out too).
        preview = review.type == FILTERED_REVIEW and review.factor == 0
        after = state if preview else _after(state, review, rating, moment)
        planned.append(
            LoggedAnswer(
                reviewed_at=moment,
                rating=rating,
                duration_ms=max(0, min(review.duration_ms, LONGEST_IMPORTED_ANSWER_MS)),
                before=state,
                after=after,
                # Anki logs a review card answered ahead of its day in a filtered deck so.
                early=review.type == FILTERED_REVIEW and state.state is CardState.REVIEW,
            )
        )
        state = after
    return tuple(planned)


def _due_set(state: MemoryState, review: AnkiReview, moment: datetime) -> MemoryState:
    """The card as a due date set by hand left it: a review card, due its interval on.

    Anki's log keeps the interval, counted from the card's last answer (its due day itself
    it does not keep); a card never answered counts it from when it was set.
    """
    if review.interval <= 0:
        return state
    since = state.last_review or moment
    return replace(state, state=CardState.REVIEW, step=None, due=since + _interval(review.interval))


def resets(reviews: Iterable[AnkiReview], clock: AnkiClock) -> tuple[datetime, ...]:
    """When the card was reset (made new again: FibroLearn's Forget), oldest first.

    Rows whose time is corrupt are left out, as :func:`answers` leaves out such answers.
    """
    return tuple(
        sorted(
            moment
            for review in reviews
            if review.is_reset() and (moment := clock.answered_at(review.id)) is not None
        )
    )


def untimed_answers(reviews: Iterable[AnkiReview], clock: AnkiClock) -> int:
    """How many answers :func:`answers` leaves out of ``reviews`` for a time that is corrupt."""
    return sum(1 for r in reviews if r.is_answer() and clock.answered_at(r.id) is None)


def _rating(review: AnkiReview, v1_learning_buttons: bool) -> Rating:
    if v1_learning_buttons and review.type in (0, 2) and review.ease > 1:
        return Rating(min(review.ease + 1, 4))
    return Rating(review.ease)


def _after(state: MemoryState, review: AnkiReview, rating: Rating, moment: datetime) -> MemoryState:
    if review.interval > 0:
        new_state, due = (
            CardState.REVIEW,
            moment + _interval(review.interval),
        )
    else:
        was_reviewing = state.state in (CardState.REVIEW, CardState.RELEARNING)
        new_state = CardState.RELEARNING if was_reviewing else CardState.LEARNING
        due = moment + timedelta(seconds=min(-review.interval, 365 * _DAY))
    lapse = state.state is CardState.REVIEW and rating is Rating.AGAIN
    return replace(
        state,
        state=new_state,
        step=None,
        stability=None,
        difficulty=None,
        due=due,
        last_review=moment,
        reps=state.reps + 1,
        lapses=state.lapses + lapse,
    )
