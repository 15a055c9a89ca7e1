"""Low-energy days: the energy check-in and spreading a backlog over several days."""

from __future__ import annotations

from datetime import datetime

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.gentle import MAX_SPREAD_DAYS, BacklogStatus, Energy, spread_per_day
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services import backlog_plans, daily_limits
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import decks_repo
from fibrolearn.storage.damaged_data import StoredSettingError
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.plain_reads import connection_of


class GentleService:
    """Keeps a hard day small: fewer new cards, and no wall of overdue reviews."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def energy_today(self) -> Energy | None:
        """The energy reported for today's study day, or None if the learner was not asked."""
        now = self._clock.now()
        with self._db.read() as session:
            day = current_study_day(session)
            return daily_limits.energy_today(connection_of(session), day, now)

    def check_in(self, energy: Energy | None) -> None:
        """Record today's energy; it sets how many new cards every deck offers today.

        None ("rather not say") takes back an earlier answer today: the usual new cards.
        The answer already noted is not written again: it is asked at every gentle session,
        and a disk that filled meanwhile would refuse a write that changes nothing.
        """
        now = self._clock.now()
        with self._db.write() as session:
            day = current_study_day(session)
            if not _noted_already(session, day, now, energy):
                _store_energy(session, day, now, energy)

    def spreadable(self, deck_id: int) -> int:
        """How many reviews spreading would cover now: all waiting from before today.

        While a plan runs, more than its own may be waiting (reviews that came due during it):
        a new plan takes them all.
        """
        now = self._clock.now()
        with self._db.read() as session:
            decks_repo.require_deck(session, deck_id)
            return _before_today(session, deck_id, now)[1]

    def spread_backlog(self, deck_id: int, days: int) -> BacklogStatus:
        """Show the reviews waiting from before today over ``days`` days, most at risk first."""
        if not 2 <= days <= MAX_SPREAD_DAYS:
            raise ValueError(
                f"a backlog can be spread over 2 to {MAX_SPREAD_DAYS} days, not {days}"
            )
        now = self._clock.now()
        with self._db.write() as session:
            decks_repo.require_deck(session, deck_id)
            day_start, waiting = _before_today(session, deck_id, now)
            if waiting == 0:
                raise ValueError("no reviews are waiting from before today, so nothing to spread")
            plan = backlog_plans.BacklogPlan(
                since=day_start, days=days, per_day=spread_per_day(waiting, days)
            )
            _store_backlog_plan(session, deck_id, plan)
        return BacklogStatus(waiting=waiting, plan_days=days, per_day=plan.per_day)

    def stop_spreading(self, deck_id: int) -> None:
        """Drop a deck's backlog plan: every due review is offered again."""
        with self._db.write() as session:
            decks_repo.require_deck(session, deck_id)
            _store_backlog_plan(session, deck_id, None)


def _before_today(session: DbSession, deck_id: int, now: datetime) -> tuple[datetime, int]:
    """When today began, and how many of a deck's reviews have been waiting since before.

    Not those a subdeck's plan spreads already (see ``backlog_plans.spreadable``).
    """
    day_start = current_study_day(session).start(now)
    return day_start, backlog_plans.spreadable(connection_of(session), deck_id, day_start, now)


def _noted_already(session: DbSession, day: StudyDay, now: datetime, energy: Energy | None) -> bool:
    """Whether ``energy`` is the answer noted for today; a damaged one is replaced, so not."""
    try:
        return daily_limits.energy_today(connection_of(session), day, now) == energy
    except StoredSettingError:
        return False


def _store_energy(session: DbSession, day: StudyDay, now: datetime, energy: Energy | None) -> None:
    """Remember the energy check-in for the current study day (a later day ignores it)."""
    value = None
    if energy is not None:
        value = {"day": day.date_of(now).isoformat(), "energy": str(energy)}
    decks_repo.put_setting(session, daily_limits.ENERGY_SETTING, value)


def _store_backlog_plan(
    session: DbSession, deck_id: int, plan: backlog_plans.BacklogPlan | None
) -> None:
    """Save (or with None, drop) a deck's backlog plan."""
    value = None
    if plan is not None:
        value = {"since": plan.since.isoformat(), "days": plan.days, "per_day": plan.per_day}
    decks_repo.put_setting(session, backlog_plans.BACKLOG_SETTING.format(deck_id=deck_id), value)
