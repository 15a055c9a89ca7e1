"""The Progress place: statistics and the mastery map of each deck's causal factors.

It shows today, activity, the forecast, retention, cards by state, quiz scores and mastery.
Every number over the review log is one SQL aggregate; Python only arranges the per-day rows
those return.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.knowledge import Factor
from fibrolearn.domain.statistics import (
    DayActivity,
    FactorMastery,
    ForecastDay,
    Horizon,
    MasteryMap,
    MonthRetention,
    Overview,
    QuizPoint,
    Span,
    Today,
    WeakestAreas,
)
from fibrolearn.scheduling.fsrs_scheduler import recall_sum
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.decks import DeckService
from fibrolearn.services.fsrs_parameters import parameters_in_use
from fibrolearn.services.study_dates import date_of, day_shifts, number_of
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import decks_repo, knowledge_repo, progress_repo, quiz_repo
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.plain_reads import connection_of

RECALL_HORIZON = timedelta(days=30)
QUIZ_WINDOW_DAYS = 90
WEAKEST_COUNT = 3
# True retention from a learner's first month shows at least this many months, as many bars
# as "Cards by state" has: a learner's first month or two never make one giant lone bar.
FEWEST_MONTHS = 5


class ProgressService:
    """Read-only statistics; each call is one short read transaction."""

    def __init__(self, database: Database, clock: Clock, decks: DeckService) -> None:
        self._db = database
        self._clock = clock
        self._decks = decks

    def overview(self) -> Overview:
        """What the Progress place shows when it opens (one year of activity)."""
        now = self._clock.now()
        left = sum(d.new + d.learning + d.due for d in self._decks.list_decks())
        with self._db.read() as session:
            day = current_study_day(session)
            reviews, passed, millis = progress_repo.today_totals(
                session, day.start(now), day.end(now)
            )
            activity = self._activity(session, day, Span.YEAR, now)
            total, history_only = progress_repo.review_totals(session)
            maps = tuple(
                self._mastery(session, deck_id, name, now)
                for deck_id, name in knowledge_repo.decks_with_factors(session)
            )
            return Overview(
                today=Today(day.date_of(now), reviews, passed, millis / 1000, left),
                activity=activity,
                retention=monthly_retention(activity, last=day.date_of(now), months=12),
                forecast=self._forecast(session, day, now),
                states=progress_repo.state_counts(session),
                quiz_scores=tuple(
                    QuizPoint(quiz_id, day.date_of(finished), correct, total)
                    for quiz_id, finished, correct, total in quiz_repo.scores(session)
                ),
                maps=maps,
                total_reviews=total,
                history_only_reviews=history_only,
            )

    def activity(self, span: Span) -> tuple[DayActivity, ...]:
        """Answers per study day over a span (all history may take a moment on a big log)."""
        now = self._clock.now()
        with self._db.read() as session:
            return self._activity(session, current_study_day(session), span, now)

    def forecast(self, horizon: Horizon) -> tuple[ForecastDay, ...]:
        """Studied cards coming back per study day over ``horizon`` (overdue ones today)."""
        now = self._clock.now()
        with self._db.read() as session:
            return self._forecast(session, current_study_day(session), now, horizon.days)

    def mastery(self, deck_id: int) -> MasteryMap:
        """The mastery map of one deck."""
        now = self._clock.now()
        with self._db.read() as session:
            name = decks_repo.require_deck(session, deck_id).name
            return self._mastery(session, deck_id, name, now)

    def decks_with_factors(self) -> list[tuple[int, str]]:
        """(id, name) of every deck with a knowledge model (those that can quiz), by name."""
        with self._db.read() as session:
            return knowledge_repo.decks_with_factors(session)

    def factors(self, deck_id: int) -> list[Factor]:
        """A deck's factors in deck order."""
        with self._db.read() as session:
            return knowledge_repo.factors_of(session, deck_id)

    def weakest_factors(self, deck_id: int, count: int = WEAKEST_COUNT) -> tuple[str, ...]:
        """The keys of the ``count`` factors known least well (see :meth:`weakest_areas`)."""
        return self.weakest_areas(deck_id, count).keys

    def weakest_areas(self, deck_id: int, count: int = WEAKEST_COUNT) -> WeakestAreas:
        """The ``count`` factors known least well, by predicted recall and quiz scores.

        Only factors studied or quizzed say how well they are known: a factor never touched
        scores 0 like one forgotten, and they all tie. So the tried ones come first; the
        untried fill up as a spread over the deck rather than its first factors, an overview
        factor (never the answer of a "which factor?" question) last.
        """
        factors = self.mastery(deck_id).factors
        overviews = {f.key for f in self.factors(deck_id) if f.umbrella}
        tried = sorted(
            (f for f in factors if f.studied or f.quiz_total),
            key=lambda f: (f.strength, f.key in overviews),
        )
        weakest = [f.key for f in tried]
        untried = [f.key for f in factors if f.key not in weakest]
        parts = [key for key in untried if key not in overviews]
        spread = _spread(parts, max(count - len(weakest), 0))
        keys = (*weakest, *spread, *(key for key in untried if key in overviews))[:count]
        return WeakestAreas(keys, tuple(key for key in keys if key in untried))

    # ---------------------------------------------------------------- helpers
    def _activity(
        self, session: DbSession, day: StudyDay, span: Span, now: datetime
    ) -> tuple[DayActivity, ...]:
        if span.days is None:
            first = progress_repo.first_review_time(session)
            if first is None:
                return ()
            return _days(progress_repo.activity(session, day_shifts(day, first, now)))
        since = day.begins(day.date_of(now) - timedelta(days=span.days - 1))
        return _days(progress_repo.activity(session, day_shifts(day, since, now), since))

    def _forecast(
        self, session: DbSession, day: StudyDay, now: datetime, days: int = Horizon.MONTH.days
    ) -> tuple[ForecastDay, ...]:
        until = day.begins(day.date_of(now) + timedelta(days=days))
        today = number_of(day.date_of(now))
        due = progress_repo.forecast(session, day_shifts(day, now, until), today, until)
        return tuple(ForecastDay(date_of(today + i), due.get(today + i, 0)) for i in range(days))

    def _mastery(self, session: DbSession, deck_id: int, name: str, now: datetime) -> MasteryMap:
        parameters = parameters_in_use(connection_of(session))
        cards: Counter[str] = Counter()
        studied: Counter[str] = Counter()
        memories: dict[str, list[tuple[float, datetime]]] = defaultdict(list)
        for factor_key, was_studied, memory in knowledge_repo.factor_memories(session, deck_id):
            cards[factor_key] += 1
            studied[factor_key] += was_studied
            if memory is not None:  # a new card's recall counts as 0
                memories[factor_key].append(memory)
        quizzes = quiz_repo.factor_accuracy(
            session, deck_id, now - timedelta(days=QUIZ_WINDOW_DAYS)
        )
        suspended = knowledge_repo.suspended_per_factor(session, deck_id)

        def mean_recall(key: str, at: datetime) -> float | None:
            count = cards[key]
            return recall_sum(parameters, memories[key], at) / count if count else None

        factors = []
        for factor in knowledge_repo.factors_of(session, deck_id):
            right, asked = quizzes.get(factor.key, (0, 0))
            factors.append(
                FactorMastery(
                    key=factor.key,
                    name=factor.name,
                    links=factor.links,
                    cards=cards[factor.key],
                    studied=studied[factor.key],
                    recall_now=mean_recall(factor.key, now),
                    recall_30d=mean_recall(factor.key, now + RECALL_HORIZON),
                    quiz_correct=right,
                    quiz_total=asked,
                    suspended=suspended.get(factor.key, 0),
                )
            )
        return MasteryMap(deck_id, name, tuple(factors), QUIZ_WINDOW_DAYS)


def monthly_retention(
    activity: Iterable[DayActivity], *, last: date, months: int | None = None
) -> tuple[MonthRetention, ...]:
    """True retention per month, from per-day rows.

    Covers the last ``months`` months up to the month of ``last``; when None, the months from
    the first one with answers, or the last :data:`FEWEST_MONTHS` if that is fewer. Empty
    months are included.
    """
    passed: dict[date, int] = defaultdict(int)
    total: dict[date, int] = defaultdict(int)
    for day in activity:
        month = day.day.replace(day=1)
        passed[month] += day.review_passed
        total[month] += day.review_cards
    end = last.replace(day=1)
    if months is None:
        first = min(total, default=end)
        months = max(FEWEST_MONTHS, (end.year - first.year) * 12 + end.month - first.month + 1)
    result = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(end.year * 12 + end.month - 1 - back, 12)
        first_day = date(year, month + 1, 1)
        result.append(MonthRetention(first_day, passed[first_day], total[first_day]))
    return tuple(result)


def _days(rows: Iterable[progress_repo.DayRow]) -> tuple[DayActivity, ...]:
    return tuple(
        DayActivity(
            date_of(r.day_number), r.reviews, r.milliseconds / 1000, r.review_cards, r.review_passed
        )
        for r in rows
    )


def _spread(keys: Sequence[str], count: int) -> list[str]:
    """``count`` of the keys, evenly spaced through them, the earlier first when uneven."""
    if count >= len(keys):
        return list(keys)
    return [keys[(2 * i + 1) * len(keys) // (2 * count)] for i in range(count)]
