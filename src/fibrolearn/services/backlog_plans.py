"""Backlog plans: a learner's choice to spread a deck's long-overdue reviews over days.

Read through the plain sqlite3 connection, as ``daily_limits`` is (see there).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from fibrolearn.domain.deck_tree import deck_families, deck_path
from fibrolearn.domain.gentle import MAX_SPREAD_DAYS
from fibrolearn.storage import plain_reads, todays_log
from fibrolearn.storage.damaged_data import within_calendar
from fibrolearn.storage.stored_settings import json_object, stored_setting, whole_number

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


def plan_left(plan: BacklogPlan, done: todays_log.DoneToday, more: int = 0) -> int:
    """How many backlog reviews ``plan`` still lets come today, after ``done``.

    ``more``: reviews Custom study added today: they may be waiting ones too.
    """
    return max(0, plan.per_day + more - done.backlog)


def subdeck_backlogs(
    connection: sqlite3.Connection,
    names: Mapping[int, str],
    deck_id: int,
    day_start: datetime,
    plans: Mapping[int, BacklogPlan],
    *,
    more: Mapping[int, int],
) -> tuple[plain_reads.Backlog, ...]:
    """The backlog plans in force of the subdecks of ``deck_id``, the deepest first.

    ``names``: those of the deck and each subdeck, by id; ``plans``: the plans in force, by
    deck; ``more``: the reviews Custom study added today, by deck.
    """
    backlogs = []
    for member, spread in _subdeck_spreads(names, deck_id, plans):
        plan = plans[member]
        done = todays_log.done_today(connection, member, day_start, plan.since)
        backlogs.append(spread._replace(left=plan_left(plan, done, more.get(member, 0))))
    return tuple(backlogs)


def _subdeck_spreads(
    names: Mapping[int, str], deck_id: int, plans: Mapping[int, BacklogPlan]
) -> list[tuple[int, plain_reads.Backlog]]:
    """Each subdeck with a plan in force, the deepest first, and which reviews it spreads.

    Not how many it lets come today: ``left`` is 0 (see :func:`subdeck_backlogs`).
    """
    planned = [member for member in names if member != deck_id and member in plans]
    families = deck_families(names) if planned else {}
    return [
        (member, plain_reads.Backlog(plans[member].since, 0, (*families[member],)))
        for member in sorted(planned, key=lambda member: deck_path(names[member]), reverse=True)
    ]


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
    return _in_force(connection, deck_id, stored_plan(connection, deck_id), now)


def backlog_plans(
    connection: sqlite3.Connection, decks: Collection[int], now: datetime
) -> dict[int, BacklogPlan]:
    """The backlog plans in force (:func:`backlog_plan`) of ``decks``, read at once.

    Raises:
        StoredSettingError: A stored plan of one of them is not one.
    """
    keys = {BACKLOG_SETTING.format(deck_id=deck_id): deck_id for deck_id in decks}
    plans = {}
    for key, value in plain_reads.settings(connection, keys).items():
        plan = _in_force(connection, keys[key], stored_setting("backlog plan", _plan, value), now)
        if plan is not None:
            plans[keys[key]] = plan
    return plans


def _in_force(
    connection: sqlite3.Connection, deck_id: int, plan: BacklogPlan | None, now: datetime
) -> BacklogPlan | None:
    """``plan``, the deck's stored one, while it is in force (see :func:`backlog_plan`)."""
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


def spreadable(
    connection: sqlite3.Connection, deck_id: int, before: datetime, now: datetime
) -> int:
    """The reviews waiting from before ``before`` that a plan of the deck's own spreads.

    Those of the deck and its subdecks, but not those a subdeck's plan in force spreads
    already: studying the deck, they follow that plan. Counted with them, a parent offered
    to spread again what its subdeck had spread, and over its own days.
    """
    family = plain_reads.family_options(connection, deck_id)
    names = {member: name for member, (name, _options) in family.items()}
    # Which reviews the plans cover, not how many they let come today: no answers are read.
    plans = backlog_plans(connection, names, now)
    spread = [backlog for _, backlog in _subdeck_spreads(names, deck_id, plans)]
    return plain_reads.waiting_reviews(connection, deck_id, now=now, before=before, outside=spread)


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
