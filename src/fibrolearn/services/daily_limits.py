"""Today's limits and queue counts for a deck, shared by the deck list and the study loop.

Three things shape a day: the deck's daily limits, the learner's energy check-in (fewer new
cards on a low day) and a backlog plan (only so many long-overdue reviews a day, the ones most
likely forgotten first, until they are done).

Everything here reads through the plain sqlite3 connection (``plain_reads``), so the first
paint of the deck list can use it before SQLAlchemy has loaded; services pass their
session's connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from fibrolearn.domain.decks import DeckOptions, QueueCounts
from fibrolearn.domain.gentle import MAX_SPREAD_DAYS, Energy
from fibrolearn.scheduling.queue import LEARN_AHEAD, remaining_allowance
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.study_day import study_day_of
from fibrolearn.storage import plain_reads
from fibrolearn.storage.damaged_data import within_calendar
from fibrolearn.storage.stored_settings import json_object, stored_setting, whole_number

if TYPE_CHECKING:  # the deck list reads limits before anything studies
    from fibrolearn.domain.study import PassedCards

ENERGY_SETTING = "energy_check_in"
BACKLOG_SETTING = "backlog_plan:{deck_id}"


class BacklogPlan(NamedTuple):
    """A learner's choice to spread a deck's overdue reviews over several days.

    Attributes:
        since: Start of the study day the plan began; reviews due before it are the backlog.
        days: Over how many days it is spread.
        per_day: Backlog reviews shown a day.
    """

    since: datetime
    days: int
    per_day: int


class TodayLimits(NamedTuple):
    """What today's queue may still hold in one deck.

    Attributes:
        new: New cards still allowed.
        reviews: Reviews still allowed.
        day_start: When the study day began.
        day_end: When it ends; reviews due before then count as due today.
        backlog_before: With a backlog plan, reviews due before this are backlog.
        backlog_left: Backlog reviews the plan still allows today.
    """

    new: int
    reviews: int
    day_start: datetime
    day_end: datetime
    backlog_before: datetime | None = None
    backlog_left: int = 0

    def after_passing(self, passed: PassedCards) -> TodayLimits:
        """The room left once the new and review cards ``passed`` count as answered ones do.

        Backlog reviews come first while the plan has room, so the reviews passed were those.
        """
        return self._replace(
            new=max(0, self.new - passed.new),
            reviews=max(0, self.reviews - passed.reviews),
            backlog_left=max(0, self.backlog_left - passed.reviews),
        )


class StudyToday(NamedTuple):
    """What every deck's limits share today.

    Attributes:
        start: When the study day began.
        end: When it ends.
        energy: The learner's energy check-in for the day, if any.
        now: The instant it was read at.
    """

    start: datetime
    end: datetime
    energy: Energy | None
    now: datetime


def study_today(connection: sqlite3.Connection, now: datetime) -> StudyToday:
    """The current study day and its energy check-in, read once for any number of decks."""
    day = study_day_of(connection)
    return StudyToday(day.start(now), day.end(now), energy_today(connection, day, now), now)


def today_limits(connection: sqlite3.Connection, deck_id: int, now: datetime) -> TodayLimits:
    """The room left in today's limits, after today's answers, energy and backlog plan."""
    options = plain_reads.deck_options(connection, deck_id)
    plan = backlog_plan(connection, deck_id, now)
    return deck_limits(connection, deck_id, options, study_today(connection, now), plan)


def deck_limits(
    connection: sqlite3.Connection,
    deck_id: int,
    options: DeckOptions,
    today: StudyToday,
    plan: BacklogPlan | None,
    *,
    done: plain_reads.DoneToday | None = None,
) -> TodayLimits:
    """``today_limits`` of a deck whose options and backlog plan are read, on a day read.

    ``done`` is today's answers in the deck when the caller counted them already (for every
    deck at once); a deck with a backlog plan counts its own, with the plan's boundary.
    """
    if done is None or plan is not None:
        since = plan.since if plan else None
        done = plain_reads.done_today(connection, deck_id, today.start, since)
    if today.energy is not None:
        options = options._replace(new_per_day=today.energy.new_cards(options.new_per_day))
    allowance = remaining_allowance(
        options, new_done_today=done.new, reviews_done_today=done.reviews
    )
    return TodayLimits(
        new=allowance.new,
        reviews=allowance.reviews,
        day_start=today.start,
        day_end=today.end,
        backlog_before=plan.since if plan else None,
        backlog_left=max(0, plan.per_day - done.backlog) if plan else 0,
    )


def queue_counts(
    connection: sqlite3.Connection,
    deck_id: int,
    now: datetime,
    limits: TodayLimits | None = None,
    passed: Collection[int] = (),
) -> QueueCounts:
    """New, learning and review cards left today in a deck, within all of today's limits.

    ``passed``: cards a read-through went past, left out as ``plain_reads.queue_sizes`` says
    (``limits`` should then be those :meth:`TodayLimits.after_passing` gives).
    """
    limits = limits or today_limits(connection, deck_id, now)
    sizes = plain_reads.queue_sizes(
        connection,
        deck_id,
        now=now,
        learning_until=now + LEARN_AHEAD,
        reviews_before=limits.day_end,
        backlog_before=limits.backlog_before,
        day_start=limits.day_start,
        caps=plain_reads.QueueSizes(
            new=limits.new,
            learning=0,  # not capped: learning cards always come back the same day
            review=limits.reviews,
            backlog=min(limits.backlog_left, limits.reviews),
        ),
        passed=passed,
    )
    return QueueCounts(
        new=sizes.new,
        learning=sizes.learning,
        review=min(sizes.review + sizes.backlog, limits.reviews),
    )


def reviews_held(connection: sqlite3.Connection, deck_id: int, now: datetime) -> int:
    """Reviews due today in a deck that the daily review limit keeps for another day.

    Waiting reviews a spread plan leaves for its coming days are not counted: the learner's
    plan keeps those, and no limit would let them in today.
    """
    limits = today_limits(connection, deck_id, now)
    every = plain_reads.queue_sizes(
        connection,
        deck_id,
        now=now,
        learning_until=now,
        reviews_before=limits.day_end,
        backlog_before=limits.backlog_before,
    )
    allowed = every.review + min(every.backlog, limits.backlog_left)
    return max(0, allowed - queue_counts(connection, deck_id, now, limits).review)


def waiting_reviews(
    connection: sqlite3.Connection,
    deck_id: int,
    before: datetime,
    now: datetime,
    at_most: int | None = None,
) -> int:
    """Review cards in a deck that fell due before ``before`` and are still waiting.

    ``at_most`` stops counting there: 1 only asks whether any are.
    """
    return plain_reads.waiting_reviews(connection, deck_id, now=now, before=before, at_most=at_most)


def energy_today(connection: sqlite3.Connection, day: StudyDay, now: datetime) -> Energy | None:
    """The energy the learner reported for the current study day, if they did."""
    value = plain_reads.setting(connection, ENERGY_SETTING)
    if value is None:
        return None
    day_given, energy = stored_setting("energy check-in", _check_in, value)
    return energy if day_given == day.date_of(now).isoformat() else None


def backlog_plan(connection: sqlite3.Connection, deck_id: int, now: datetime) -> BacklogPlan | None:
    """A deck's backlog plan while it is in force: until the reviews it spreads are all done.

    What is stored is only the learner's choice; whether it still holds is read from the cards
    each time, so it cannot outlive them: once no review that fell due before the plan began
    is waiting, it has nothing left to spread, and a later backlog counts from the start of
    its own day again. A plan carries on past the days it was made for (a day without study
    leaves some for later), so that what is left never comes all at once. A card of it that
    is waiting again (an answer undone, a card unburied) brings the plan back with it, but
    only for as long again as the longest plan there is: after that the plan was left, not
    followed, and what is left of it waits like any backlog, counted and offered from today.
    """
    plan = stored_plan(connection, deck_id)
    if plan is None:
        return None
    if now >= plan.since + timedelta(days=plan.days + MAX_SPREAD_DAYS):
        return None
    if waiting_reviews(connection, deck_id, plan.since, now, at_most=1) == 0:
        return None
    return plan


def stored_plan(connection: sqlite3.Connection, deck_id: int) -> BacklogPlan | None:
    """A deck's stored backlog plan, in force or not (:func:`backlog_plan` says which).

    Raises:
        StoredSettingError: The stored plan is not one.
    """
    value = plain_reads.setting(connection, BACKLOG_SETTING.format(deck_id=deck_id))
    return None if value is None else stored_setting("backlog plan", _plan, value)


def _check_in(value: Any) -> tuple[str, Energy]:
    """The study day (ISO date) and the energy of a stored check-in (see services.gentle)."""
    day = json_object(value)["day"]
    if not isinstance(day, str):
        raise TypeError(f"{day!r} is not a date")
    return day, Energy(value["energy"])


def _plan(value: Any) -> BacklogPlan:
    """A stored backlog plan (see services.gentle): its start, days and reviews a day."""
    since = within_calendar(datetime.fromisoformat(json_object(value)["since"]))
    if since.tzinfo is None:
        raise ValueError(f"{since} names no time zone")
    return BacklogPlan(
        since=since,
        days=whole_number(value["days"], 1, MAX_SPREAD_DAYS),
        per_day=whole_number(value["per_day"], 1),
    )
