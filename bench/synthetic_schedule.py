"""Each generated card's schedule, as a long-time learner's at the generator's "now" (noon).

Before today: about a third of the cards still new, the rest in review with FSRS stabilities
spread from days to years, each last answered up to 1.1 times its stability before today, so
about one in ten is overdue: the backlog that the decks' daily review limits leave. This
morning the learner studied a while, within each deck's limits: its first new cards were
introduced, and some of its reviews answered (a tenth of them Again), a quarter of the day's
limits at most. The cards introduced or forgotten this morning are the ones in (re)learning.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from fibrolearn.domain.enums import CardState
from fibrolearn.scheduling.study_day import StudyDay

NEW_SHARE = 0.30
NEW_PER_DAY = 20  # every generated deck's limits
REVIEWS_PER_DAY = 200
NEW_TODAY = NEW_PER_DAY // 4  # this morning's share of the day
REVIEWS_TODAY = REVIEWS_PER_DAY // 4
ANSWERED_TODAY = 0.01  # of a deck's review cards, up to REVIEWS_TODAY
AGAIN = 0.10
LEARNING_STEPS = (60, 600)  # seconds, every generated deck's
RELEARNING_STEP = 600
SITTING = timedelta(hours=2)  # this morning's answers came in the two hours before now


@dataclass(frozen=True, slots=True)
class Schedule:
    """A card's schedule; ``today``: answered this morning."""

    state: CardState
    due: datetime
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    last: datetime | None = None
    reps: int = 0
    lapses: int = 0
    today: bool = False


class Learner:
    """Gives each card, deck by deck, its schedule as the learner's study has left it by ``now``.

    Today is the study day of the app's default rollover in this machine's time zone, as the
    app reckons it.
    """

    def __init__(self, now: datetime, rng: random.Random) -> None:
        self.now = now
        self.day_start = StudyDay().start(now)
        self._sitting = max(self.day_start, now - SITTING)
        if now - self._sitting < timedelta(minutes=10):
            raise ValueError(f"the study day began at {self.day_start}, too near {now}")
        self._rng = rng
        self._introduced: Counter[int] = Counter()
        self._reviewed: Counter[int] = Counter()

    def schedule(self, deck: int) -> Schedule:
        """The next card of ``deck``: new cards come in deck order, so the first are introduced."""
        rng = self._rng
        if rng.random() < NEW_SHARE:
            if self._introduced[deck] < NEW_TODAY:
                self._introduced[deck] += 1
                return self._introduced_today()
            return Schedule(CardState.NEW, self.now)
        stability = math.exp(rng.gauss(math.log(25), 1.2))  # days: median about 3 weeks
        if self._reviewed[deck] < REVIEWS_TODAY and rng.random() < ANSWERED_TODAY:
            self._reviewed[deck] += 1
            return self._reviewed_today(stability)
        last = self.day_start - timedelta(days=rng.uniform(0, min(stability * 1.1, 700)))
        return self._review(stability, last)

    def _introduced_today(self) -> Schedule:
        step = self._rng.randint(0, 1)  # answered once or twice so far
        last = self._moment_today()
        due = last + timedelta(seconds=LEARNING_STEPS[step])
        stability = self._rng.uniform(0.2, 3.0)
        return Schedule(CardState.LEARNING, due, step, stability, 6.0, last, step + 1, today=True)

    def _reviewed_today(self, stability: float) -> Schedule:
        last = self._moment_today()
        review = replace(self._review(stability, last), today=True)
        if self._rng.random() >= AGAIN:
            return review
        return replace(
            review,
            state=CardState.RELEARNING,
            due=last + timedelta(seconds=RELEARNING_STEP),
            step=0,
            stability=stability / 2,
            lapses=review.lapses + 1,
        )

    def _review(self, stability: float, last: datetime) -> Schedule:
        reps = max(2, int(math.log2(stability + 1) * 2))
        due = last + timedelta(days=stability)
        difficulty = self._rng.uniform(2, 9)
        lapses = self._rng.randint(0, reps // 4)
        return Schedule(CardState.REVIEW, due, None, stability, difficulty, last, reps, lapses)

    def _moment_today(self) -> datetime:
        """A moment of this morning's sitting, leaving room for two learning steps before it."""
        start = self._sitting + timedelta(minutes=2)
        return start + (self.now - timedelta(minutes=1) - start) * self._rng.random()
