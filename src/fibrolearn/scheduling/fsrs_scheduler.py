"""The FSRS-6 scheduler, wrapped so nothing else in FibroLearn depends on ``fsrs``."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta

import fsrs

from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.study import MemoryState
from fibrolearn.scheduling.fuzz import fuzzed_days
from fibrolearn.scheduling.study_day import StudyDay

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
DEFAULT_STUDY_DAY = StudyDay()  # from 04:00 local time, as a new collection has it
_DECAY = 20  # the FSRS-6 parameter that sets how fast recall falls with time


def fsrs_parameters(values: Sequence[float]) -> tuple[float, ...]:
    """``values`` as FSRS parameters: as many numbers as FSRS takes, each within its bounds.

    Raises:
        TypeError: They are not a list of numbers.
        ValueError: There are too few or too many, or one is out of FSRS's bounds.
    """
    parameters = tuple(values)
    if not all(type(weight) in (int, float) for weight in parameters):
        raise TypeError("FSRS parameters are numbers")
    lows, highs = fsrs.scheduler.LOWER_BOUNDS_PARAMETERS, fsrs.scheduler.UPPER_BOUNDS_PARAMETERS
    if len(parameters) != len(lows) or not all(
        low <= weight <= high for weight, low, high in zip(parameters, lows, highs, strict=True)
    ):
        raise ValueError(f"FSRS takes {len(lows)} parameters within its bounds")
    return parameters


def forgetting_curve(parameters: Sequence[float], days: float, stability: float) -> float:
    """FSRS-6's predicted recall ``days`` after an answer: 90 % after ``stability`` days."""
    return recall_curve(parameters)(days, stability)


def recall_curve(parameters: Sequence[float]) -> Callable[[float, float], float]:
    """:func:`forgetting_curve` of (days, stability), its constants worked out once."""
    decay = -parameters[_DECAY]
    factor = 0.9 ** (1 / decay) - 1
    return lambda days, stability: (1 + factor * days / stability) ** decay


def stabilities_until(parameters: Sequence[float], recall: float) -> float:
    """How many stabilities after an answer :func:`forgetting_curve` falls to ``recall``.

    0 for a recall of 1 (at once), infinity for 0 (never); 1 for 0.9, by FSRS's design.
    """
    if recall <= 0:
        return math.inf
    decay = -parameters[_DECAY]
    factor = 0.9 ** (1 / decay) - 1
    return (recall ** (1 / decay) - 1) / factor


def recall_sum(
    parameters: Sequence[float], memories: Iterable[tuple[float, datetime]], at: datetime
) -> float:
    """The predicted recall at ``at`` of each (stability, last answer), summed.

    Over the real time since the answer, hours included: a prediction to show (a card failed
    a minute ago is not at 100 %), not the whole days fsrs counts when it schedules. One
    curve for all, as Progress sums it over every card of a deck.
    """
    curve = recall_curve(parameters)
    at = _utc(at)
    return sum(
        curve(max(0.0, (at - answered).total_seconds() / 86400), stability)
        for stability, answered in memories
    )


_TO_FSRS_STATE = {
    CardState.LEARNING: fsrs.State.Learning,
    CardState.REVIEW: fsrs.State.Review,
    CardState.RELEARNING: fsrs.State.Relearning,
}
_FROM_FSRS_STATE = {v: k for k, v in _TO_FSRS_STATE.items()}
_PASSING = (Rating.HARD, Rating.GOOD, Rating.EASY)


class CardScheduler:
    """Computes the next memory state of a card from an answer.

    Args:
        options: The deck's retention target and steps.
        parameters: FSRS weights; the published defaults unless fitted to the learner.
        fuzz: Spread review intervals a little so cards learnt together drift apart.
        study_day: The days time since the last answer is counted in when scheduling, as
            Anki counts it and the optimizer fits it: a card answered yesterday at 09:00 and
            today at 08:30 was seen a day ago, not 23.5 hours (fsrs alone would count whole
            24-hour periods and treat the answer as a same-day repeat).
    """

    def __init__(
        self,
        options: DeckOptions,
        parameters: Sequence[float] = DEFAULT_PARAMETERS,
        *,
        fuzz: bool = True,
        study_day: StudyDay = DEFAULT_STUDY_DAY,
    ) -> None:
        self._max_interval = options.max_interval_days
        self._fuzz = fuzz
        self._day = study_day
        self._parameters = tuple(parameters)
        # Fuzz is applied by us, deterministically (see fuzz.py), so replay is exact.
        self._fsrs = fsrs.Scheduler(
            parameters=tuple(parameters),
            desired_retention=options.desired_retention,
            learning_steps=options.learning_steps,
            relearning_steps=options.relearning_steps,
            maximum_interval=options.max_interval_days,
            enable_fuzzing=False,
        )

    @property
    def study_day(self) -> StudyDay:
        """The study days this scheduler counts time in."""
        return self._day

    def answer(
        self, card_id: int, state: MemoryState, rating: Rating, now: datetime
    ) -> MemoryState:
        """The state after answering ``rating`` at ``now``."""
        # A passing rating's interval depends on those below it (see _outcomes).
        ratings = (rating,) if rating is Rating.AGAIN else _PASSING[: _PASSING.index(rating) + 1]
        return self._outcomes(card_id, state, _utc(now), ratings)[rating]

    def preview(self, card_id: int, state: MemoryState, now: datetime) -> dict[Rating, timedelta]:
        """How long until the card is due again for each possible rating."""
        now = _utc(now)
        outcomes = self._outcomes(card_id, state, now, tuple(Rating))
        return {rating: after.due - now for rating, after in outcomes.items()}

    def _outcomes(
        self, card_id: int, state: MemoryState, now: datetime, ratings: tuple[Rating, ...]
    ) -> dict[Rating, MemoryState]:
        """The state after each of ``ratings`` (in ascending order) at ``now``.

        As in Anki, a passing rating that schedules a review gives at least a day more than
        the one below it, when that schedules a review too: FSRS rounds and fuzz spreads each
        on its own, and the buttons read "Hard 5d, Good 4d" or "Good 1d, Easy 1d".
        """
        before = _to_fsrs(card_id, state, now, self._seen_at(state, now))
        outcomes: dict[Rating, MemoryState] = {}
        shortest = 1  # days: a review is never due sooner, nor one passing sooner than below
        for rating in ratings:
            after, _log = self._fsrs.review_card(before, fsrs.Rating(int(rating)), now)
            due = after.due
            if after.state == fsrs.State.Review:
                days = (due - now).days
                if self._fuzz:
                    seed = card_id * 1009 + state.reps
                    days = fuzzed_days(days, maximum=self._max_interval, seed=seed)
                if rating is not Rating.AGAIN:
                    days = min(max(days, shortest), self._max_interval)
                    shortest = days + 1
                due = now + timedelta(days=days)
            lapses = state.lapses + (
                1 if state.state == CardState.REVIEW and rating == Rating.AGAIN else 0
            )
            outcomes[rating] = MemoryState(
                state=_FROM_FSRS_STATE[after.state],
                step=after.step,
                stability=after.stability,
                difficulty=after.difficulty,
                due=due,
                last_review=now,
                reps=state.reps + 1,
                lapses=lapses,
            )
        return outcomes

    def retrievability(self, state: MemoryState, at: datetime) -> float:
        """Predicted probability of recalling the card at ``at`` (0 for a new card).

        Over the real time since the last answer, as :func:`recall_sum` reckons it.
        """
        if state.state == CardState.NEW or state.stability is None or state.last_review is None:
            return 0.0
        return recall_sum(self._parameters, [(state.stability, _utc(state.last_review))], at)

    def _seen_at(self, state: MemoryState, now: datetime) -> datetime | None:
        """The last answer, moved so fsrs counts the study days since it as whole days."""
        if state.last_review is None:
            return None
        days = (self._day.date_of(now) - self._day.date_of(state.last_review)).days
        return now - timedelta(days=max(0, days))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(UTC)


def _to_fsrs(
    card_id: int, state: MemoryState, now: datetime, seen_at: datetime | None
) -> fsrs.Card:
    if state.state == CardState.NEW:
        # fsrs has no NEW state: a new card is Learning at step 0 with no memory yet.
        return fsrs.Card(card_id=card_id or 1, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=card_id or 1,
        state=_TO_FSRS_STATE[state.state],
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_utc(state.due),
        last_review=seen_at,
    )
