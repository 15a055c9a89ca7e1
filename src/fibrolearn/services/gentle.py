"""Low-energy days: the energy check-in and spreading a backlog over several days."""

from __future__ import annotations

import math

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.gentle import BacklogStatus, Energy
from fibrolearn.services import daily_limits
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import decks_repo
from fibrolearn.storage.db import Database

MAX_SPREAD_DAYS = 30


class GentleService:
    """Keeps a hard day small: fewer new cards, and no wall of overdue reviews."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def energy_today(self) -> Energy | None:
        """The energy reported for today's study day, or None if the learner was not asked."""
        now = self._clock.now()
        with self._db.read() as session:
            return daily_limits.energy_today(session, current_study_day(session), now)

    def check_in(self, energy: Energy) -> None:
        """Record today's energy; it sets how many new cards every deck offers today."""
        now = self._clock.now()
        with self._db.write() as session:
            daily_limits.store_energy(session, current_study_day(session), now, energy)

    def backlog(self, deck_id: int) -> BacklogStatus:
        """Reviews waiting from before today (or before the plan began) and the plan, if any."""
        now = self._clock.now()
        with self._db.read() as session:
            decks_repo.require_deck(session, deck_id)
            plan = daily_limits.backlog_plan(session, deck_id)
            since = plan.since if plan else current_study_day(session).start(now)
            waiting = daily_limits.waiting_reviews(session, deck_id, since, now)
        if plan is None:
            return BacklogStatus(waiting=waiting)
        return BacklogStatus(waiting=waiting, plan_days=plan.days, per_day=plan.per_day)

    def spread_backlog(self, deck_id: int, days: int) -> BacklogStatus:
        """Show the reviews waiting from before today over ``days`` days, most at risk first."""
        if not 2 <= days <= MAX_SPREAD_DAYS:
            raise ValueError(
                f"a backlog can be spread over 2 to {MAX_SPREAD_DAYS} days, not {days}"
            )
        now = self._clock.now()
        with self._db.write() as session:
            decks_repo.require_deck(session, deck_id)
            day_start = current_study_day(session).start(now)
            waiting = daily_limits.waiting_reviews(session, deck_id, day_start, now)
            if waiting == 0:
                raise ValueError("no reviews are waiting from before today, so nothing to spread")
            plan = daily_limits.BacklogPlan(
                since=day_start, days=days, per_day=math.ceil(waiting / days)
            )
            daily_limits.store_backlog_plan(session, deck_id, plan)
        return BacklogStatus(waiting=waiting, plan_days=days, per_day=plan.per_day)

    def stop_spreading(self, deck_id: int) -> None:
        """Drop a deck's backlog plan: every due review is offered again."""
        with self._db.write() as session:
            decks_repo.require_deck(session, deck_id)
            daily_limits.store_backlog_plan(session, deck_id, None)
