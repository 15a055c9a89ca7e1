"""Today's limits and queue counts for a deck, shared by the deck list and the study loop.

Four things shape a day: the deck's daily limits, the learner's energy check-in (fewer new
cards on a low day), Custom study's raises of today's limits (``today_extra``) and a backlog
plan (only so many long-overdue reviews a day, the ones most likely forgotten first, until
they are done).

Everything here reads through the plain sqlite3 connection (``plain_reads``), so the first
paint of the deck list can use it before SQLAlchemy has loaded; services pass their
session's connection.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from fibrolearn.domain.deck_tree import capped_total, deck_parents, deck_path
from fibrolearn.domain.decks import DeckOptions, QueueCounts
from fibrolearn.domain.gentle import Energy
from fibrolearn.scheduling.queue import LEARN_AHEAD, DailyAllowance, remaining_allowance
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.backlog_plans import (
    BacklogPlan,
    backlog_plans,
    plan_left,
    subdeck_backlogs,
)
from fibrolearn.services.study_day import study_day_of
from fibrolearn.services.today_extra import NO_EXTRA, TodayExtra, extra_today
from fibrolearn.storage import deck_counts, plain_reads, todays_log
from fibrolearn.storage.stored_settings import json_object, stored_setting

if TYPE_CHECKING:  # the deck list reads limits before anything studies
    from fibrolearn.domain.study import PassedCards

ENERGY_SETTING = "energy_check_in"


class SubdeckRoom(NamedTuple):
    """What a subdeck's own daily limits still allow while a deck above it is studied.

    Attributes:
        deck_id: The subdeck.
        parent_id: The deck it is a subdeck of: the one studied, or a subdeck of it.
        new: New cards its limit still allows today (its own subdecks' answers counted).
        reviews: Reviews its limit still allows today.
    """

    deck_id: int
    parent_id: int
    new: int
    reviews: int


class TodayLimits(NamedTuple):
    """What today's queue may still hold in one deck.

    Attributes:
        new: New cards still allowed.
        reviews: Reviews still allowed.
        day_start: When the study day began.
        day_end: When it ends; reviews due before then count as due today.
        backlog_before: With a backlog plan, reviews due before this are backlog.
        backlog_left: Backlog reviews the plan still allows today.
        subdecks: The room in each subdeck's own limits, each after the deck it is under
            (as in Anki, studying a deck takes a subdeck's cards within both limits).
        subdeck_backlogs: The backlog plans of subdecks, the deepest first: studying the
            deck, a subdeck's reviews follow its own plan, as studying the subdeck does.
    """

    new: int
    reviews: int
    day_start: datetime
    day_end: datetime
    backlog_before: datetime | None = None
    backlog_left: int = 0
    subdecks: tuple[SubdeckRoom, ...] = ()
    subdeck_backlogs: tuple[plain_reads.Backlog, ...] = ()

    def backlogs(self) -> tuple[plain_reads.Backlog, ...]:
        """Every backlog plan today's queue follows: the subdecks', then the deck's own."""
        if self.backlog_before is None:
            return self.subdeck_backlogs
        return (*self.subdeck_backlogs, plain_reads.Backlog(self.backlog_before, self.backlog_left))

    def closed(self, kind: str) -> list[int]:
        """The subdecks none of whose ``kind`` ("new" or "reviews") cards may come today.

        Those whose own limit is reached, or that of a subdeck they are under.
        """
        shut: set[int] = set()
        for room in self.subdecks:
            if getattr(room, kind) == 0 or room.parent_id in shut:
                shut.add(room.deck_id)
        return sorted(shut)

    def held_by_subdecks(self) -> bool:
        """Whether a subdeck's own limits allow less than this deck's still do.

        When none does, they change nothing: what the deck's limits let come, they let come.
        """
        return any(room.new < self.new or room.reviews < self.reviews for room in self.subdecks)

    def after_passing(self, passed: PassedCards) -> TodayLimits:
        """The room left once the new and review cards ``passed`` count as answered ones do.

        Each counts against its deck's limits and those of every deck above it. Backlog
        reviews come first while a plan has room, so the reviews passed were those.
        """
        parents = {room.deck_id: room.parent_id for room in self.subdecks}
        new, reviews = _in_each(parents, passed.new_in), _in_each(parents, passed.reviews_in)
        return self._replace(
            new=max(0, self.new - passed.new),
            reviews=max(0, self.reviews - passed.reviews),
            backlog_left=max(0, self.backlog_left - passed.reviews),
            subdecks=tuple(
                room._replace(
                    new=max(0, room.new - new[room.deck_id]),
                    reviews=max(0, room.reviews - reviews[room.deck_id]),
                )
                for room in self.subdecks
            ),
            subdeck_backlogs=tuple(
                backlog._replace(left=max(0, backlog.left - _passed_in(backlog, passed)))
                for backlog in self.subdeck_backlogs
            ),
        )


def _passed_in(backlog: plain_reads.Backlog, passed: PassedCards) -> int:
    """How many of the reviews ``passed`` are in the decks of a subdeck's ``backlog``."""
    return sum(deck in (backlog.decks or ()) for deck in passed.reviews_in)


def _in_each(parents: Mapping[int, int], decks: Iterable[int]) -> Counter[int]:
    """How many of ``decks`` each subdeck holds, its own subdecks' counted (``parents``)."""
    held: Counter[int] = Counter()
    for deck in decks:
        above = deck
        while above in parents:  # up to the deck studied, which is no subdeck
            held[above] += 1
            above = parents[above]
    return held


class StudyToday(NamedTuple):
    """What every deck's limits share today.

    Attributes:
        start: When the study day began.
        end: When it ends.
        energy: The learner's energy check-in for the day, if any.
        now: The instant it was read at.
        extra: What Custom study raised today's limits by.
    """

    start: datetime
    end: datetime
    energy: Energy | None
    now: datetime
    extra: TodayExtra = NO_EXTRA


def study_today(connection: sqlite3.Connection, now: datetime) -> StudyToday:
    """The current study day, its energy check-in and raises, read once for any number of decks."""
    day = study_day_of(connection)
    energy = energy_today(connection, day, now)
    return StudyToday(day.start(now), day.end(now), energy, now, extra_today(connection, day, now))


def today_limits(
    connection: sqlite3.Connection, deck_id: int, now: datetime, today: StudyToday | None = None
) -> TodayLimits:
    """The room left in today's limits, after today's answers, energy and backlog plan.

    A deck without subdecks reads no more than its own options for them. ``today``: what
    every deck's limits share today, when not as stored (without the energy check-in, say).
    """
    family = plain_reads.family_options(connection, deck_id)
    plans = backlog_plans(connection, family, now)
    today = today or study_today(connection, now)
    if len(family) == 1:
        return deck_limits(connection, deck_id, family[deck_id][1], today, plans.get(deck_id))
    done = todays_log.done_today_by_deck(connection, today.start, family)
    return deck_limits(
        connection,
        deck_id,
        family[deck_id][1],
        today,
        plans.get(deck_id),
        done=done_in(done, family),
        subdecks=subdeck_rooms(family, deck_id, today, done),
        subdeck_backlogs=subdeck_backlogs(
            connection, _names(family), deck_id, today.start, plans, more=today.extra.reviews
        ),
    )


def subdeck_rooms(
    family: Mapping[int, tuple[str, DeckOptions]],
    deck_id: int,
    today: StudyToday,
    done: Mapping[int, todays_log.DoneToday],
) -> tuple[SubdeckRoom, ...]:
    """The room in the own limits of each subdeck of ``deck_id``, each after its parent.

    ``family``: the name and options of the deck and each subdeck; ``done``: today's answers
    by deck (``todays_log.done_today_by_deck``).
    """
    names = _names(family)
    parents = deck_parents(names)
    in_order = sorted(names, key=lambda member: deck_path(names[member]))  # parents first
    below = {member: done[member] for member in names if member in done}
    for member in reversed(in_order):  # a subdeck's answers count against the decks above
        parent = parents[member]
        if member in below and parent is not None:
            below[parent] = done_in(below, (parent, member))
    nothing_yet = todays_log.DoneToday(new=0, reviews=0, total=0)
    rooms = []
    for member in in_order:
        parent = parents[member]
        if member != deck_id and parent is not None:
            room = allowance(family[member][1], today, below.get(member, nothing_yet), member)
            rooms.append(SubdeckRoom(member, parent, room.new, room.reviews))
    return tuple(rooms)


def _names(family: Mapping[int, tuple[str, DeckOptions]]) -> dict[int, str]:
    """The names of a family of decks read with their options, by id."""
    return {member: name for member, (name, _options) in family.items()}


def done_in(done: Mapping[int, todays_log.DoneToday], decks: Iterable[int]) -> todays_log.DoneToday:
    """Today's answers in all of ``decks``, from those by deck."""
    nothing_yet = todays_log.DoneToday(new=0, reviews=0, total=0)
    every = [done.get(deck, nothing_yet) for deck in decks]
    return todays_log.DoneToday(*map(sum, zip(*every, strict=True)))


def energy_holds_new(connection: sqlite3.Connection, deck_id: int, now: datetime) -> bool:
    """Whether today's energy check-in keeps new cards back that the limits would allow.

    Then the check-in, not Deck options, is why new cards wait for another day. The limits
    are the deck's and its subdecks' own, as studying it meets them: a subdeck's limit of 0
    new cards is no check-in's doing.
    """
    today = study_today(connection, now)
    unchecked = today._replace(energy=None)
    return today.energy is not None and new_room(connection, deck_id, now, unchecked) > 0


def deck_limits(
    connection: sqlite3.Connection,
    deck_id: int,
    options: DeckOptions,
    today: StudyToday,
    plan: BacklogPlan | None,
    *,
    done: todays_log.DoneToday | None = None,
    subdecks: tuple[SubdeckRoom, ...] = (),
    subdeck_backlogs: tuple[plain_reads.Backlog, ...] = (),
) -> TodayLimits:
    """``today_limits`` of a deck whose options and backlog plan are read, on a day read.

    ``done`` is today's answers in the deck when the caller counted them already (for every
    deck at once); a deck with a backlog plan counts its own, with the plan's boundary.
    ``subdecks``: the room in its subdecks' own limits (:func:`subdeck_rooms`);
    ``subdeck_backlogs``: their backlog plans (:func:`subdeck_backlogs`).
    """
    if done is None or plan is not None:
        since = plan.since if plan else None
        done = todays_log.done_today(connection, deck_id, today.start, since)
    room = allowance(options, today, done, deck_id)
    return TodayLimits(
        new=room.new,
        reviews=room.reviews,
        day_start=today.start,
        day_end=today.end,
        backlog_before=plan.since if plan else None,
        backlog_left=plan_left(plan, done, today.extra.reviews.get(deck_id, 0)) if plan else 0,
        subdecks=subdecks,
        subdeck_backlogs=subdeck_backlogs,
    )


def allowance(
    options: DeckOptions, today: StudyToday, done: todays_log.DoneToday, deck_id: int
) -> DailyAllowance:
    """What deck ``deck_id``'s limits still allow today, after ``done``, energy and raises.

    A raise adds to the limit the energy check-in leaves: asked for on a low day, more new
    cards are more than that day's few.
    """
    new_per_day = options.new_per_day
    if today.energy is not None:
        new_per_day = today.energy.new_cards(new_per_day)
    options = options._replace(
        new_per_day=new_per_day + today.extra.new.get(deck_id, 0),
        reviews_per_day=options.reviews_per_day + today.extra.reviews.get(deck_id, 0),
    )
    return remaining_allowance(options, new_done_today=done.new, reviews_done_today=done.reviews)


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
        backlogs=limits.backlogs(),
        day_start=limits.day_start,
        caps=plain_reads.QueueSizes(
            new=limits.new,
            learning=0,  # not capped: learning cards always come back the same day
            review=limits.reviews,
        ),
        passed=passed,
    )
    counts = QueueCounts(
        new=sizes.new,
        learning=sizes.learning,
        review=min(sizes.review + sizes.backlog, limits.reviews),
    )
    return _within_subdecks(connection, deck_id, now, limits, counts, passed=passed)


def _within_subdecks(
    connection: sqlite3.Connection,
    deck_id: int,
    now: datetime,
    limits: TodayLimits,
    counts: QueueCounts,
    *,
    passed: Collection[int],
) -> QueueCounts:
    """``counts`` of a deck, with each subdeck's cards within its own limits too."""
    if not limits.held_by_subdecks():
        return counts
    new, review = _subdeck_totals(
        connection, deck_id, now, limits, day_start=limits.day_start, passed=passed
    )
    return counts._replace(new=min(counts.new, new), review=min(counts.review, review))


def new_room(
    connection: sqlite3.Connection, deck_id: int, now: datetime, today: StudyToday | None = None
) -> int:
    """How many of a deck's new cards today's limits (its subdecks' too) still let come.

    Whether another card of their note was answered today aside: new cards that wait with
    room left wait for that reason, not for a limit. ``today``: as for :func:`today_limits`.
    """
    limits = today_limits(connection, deck_id, now, today)
    if not limits.held_by_subdecks():
        return limits.new
    return _subdeck_totals(connection, deck_id, now, limits, day_start=None)[0]


def _subdeck_totals(
    connection: sqlite3.Connection,
    deck_id: int,
    now: datetime,
    limits: TodayLimits,
    *,
    day_start: datetime | None,
    passed: Collection[int] = (),
) -> tuple[int, int]:
    """The new and review cards of a deck and its subdecks today, each within its limits.

    With ``day_start``, not the new cards of notes answered since (see ``queue_sizes``).
    """
    rooms = {deck_id: plain_reads.QueueSizes(new=limits.new, learning=0, review=limits.reviews)}
    children: dict[int, list[int]] = {}
    for room in limits.subdecks:
        rooms[room.deck_id] = plain_reads.QueueSizes(room.new, 0, room.reviews)
        children.setdefault(room.parent_id, []).append(room.deck_id)
    own = deck_counts.sizes_by_deck(
        connection,
        rooms,
        now=now,
        reviews_before=limits.day_end,
        day_start=day_start,
        passed=passed,
    )

    def total(kind: str) -> int:
        capped = {deck: getattr(room, kind) for deck, room in rooms.items()}
        found = {deck: getattr(sizes, kind) for deck, sizes in own.items()}
        return capped_total(deck_id, children, capped, found)

    return total("new"), total("review")


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
        backlogs=limits.backlogs(),
    )
    allowed = every.review + every.backlog
    return max(0, allowed - queue_counts(connection, deck_id, now, limits).review)


def energy_today(connection: sqlite3.Connection, day: StudyDay, now: datetime) -> Energy | None:
    """The energy the learner reported for the current study day, if they did."""
    value = plain_reads.setting(connection, ENERGY_SETTING)
    if value is None:
        return None
    day_given, energy = stored_setting("energy check-in", _check_in, value)
    return energy if day_given == day.date_of(now).isoformat() else None


def _check_in(value: Any) -> tuple[str, Energy]:
    """The study day (ISO date) and the energy of a stored check-in (see services.gentle)."""
    day = json_object(value)["day"]
    if not isinstance(day, str):
        raise TypeError(f"{day!r} is not a date")
    return day, Energy(value["energy"])
