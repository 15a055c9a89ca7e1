"""Which backups the retention policy keeps: recent ones, then daily, weekly, monthly."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from fibrolearn.storage.backup_retention import RetentionPolicy, backups_to_remove

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday


def kept(created: list[datetime], policy: RetentionPolicy) -> list[datetime]:
    removed = backups_to_remove(created, policy, UTC)
    return sorted((c for i, c in enumerate(created) if i not in removed), reverse=True)


def test_recent_backups_are_all_kept_whatever_their_age() -> None:
    created = [NOW - timedelta(minutes=30 * i) for i in range(5)]
    assert kept(created, RetentionPolicy(recent=5, daily=0, weekly=0, monthly=0)) == created


def test_one_backup_per_day_is_kept_after_the_recent_ones() -> None:
    # Three backups a day for six days, newest first.
    created = [NOW - timedelta(days=d, hours=h) for d in range(6) for h in (0, 3, 6)]
    result = kept(created, RetentionPolicy(recent=2, daily=3, weekly=0, monthly=0))
    # The two newest, then the newest backup of each of the three previous days.
    assert result == [
        NOW,
        NOW - timedelta(hours=3),
        NOW - timedelta(days=1),
        NOW - timedelta(days=2),
        NOW - timedelta(days=3),
    ]


def test_daily_then_weekly_then_monthly_over_a_year() -> None:
    created = [NOW - timedelta(days=d) for d in range(400)]
    result = kept(created, RetentionPolicy(recent=1, daily=12, weekly=10, monthly=9))
    assert len(result) == 1 + 12 + 10 + 9
    days = [(NOW - moment).days for moment in result]
    assert days[:13] == list(range(13))
    weekly = result[13:23]
    # Weekly picks are the newest backup of each earlier week: Sundays, one week apart.
    assert all(moment.weekday() == 6 for moment in weekly)
    assert all((a - b).days == 7 for a, b in itertools.pairwise(weekly))
    monthly = result[23:]
    months = [(m.year, m.month) for m in monthly]
    assert len(set(months)) == 9
    # Each monthly pick is the last day of its month (the newest backup in it).
    assert all((m + timedelta(days=1)).month != m.month for m in monthly)
    assert max(days) < 365


def test_order_of_the_input_does_not_matter() -> None:
    created = [NOW - timedelta(hours=7 * i) for i in range(60)]
    shuffled = created[::2] + created[1::2]
    policy = RetentionPolicy(recent=3, daily=4, weekly=2, monthly=1)
    assert kept(shuffled, policy) == kept(created, policy)


def test_nothing_to_thin() -> None:
    assert backups_to_remove([], RetentionPolicy()) == set()


def test_each_kind_of_backup_keeps_its_own_most_recent() -> None:
    """A day of routine backups does not push out the few made before an import that day."""
    safety = [NOW - timedelta(hours=h) for h in (9, 10)]  # the morning's imports
    routine = [NOW - timedelta(minutes=30 * i) for i in range(8)]  # then every 30 minutes
    created = routine + safety
    kinds = ["routine"] * len(routine) + ["safety"] * len(safety)
    policy = RetentionPolicy(recent=3, daily=0, weekly=0, monthly=0)
    removed = backups_to_remove(created, policy, UTC, kinds)
    assert sorted(created[i] for i in range(len(created)) if i not in removed) == sorted(
        routine[:3] + safety
    )


def test_earlier_days_keep_their_newest_backup_whatever_its_kind() -> None:
    created = [
        NOW,  # today: routine
        NOW - timedelta(hours=1),  # today: before an import
        NOW - timedelta(days=1),  # yesterday evening: routine
        NOW - timedelta(days=1, hours=8),  # yesterday morning: before an import
        NOW - timedelta(days=2),  # the day before: routine
    ]
    kinds = ["routine", "safety", "routine", "safety", "routine"]
    policy = RetentionPolicy(recent=1, daily=2, weekly=0, monthly=0)
    assert backups_to_remove(created, policy, UTC, kinds) == {3}


def test_the_most_recent_are_the_ones_made_last_when_a_clock_ran_ahead() -> None:
    """Found in review: backups stamped a year ahead took every recent place for a year."""
    ahead = [NOW + timedelta(days=365, minutes=30 * i) for i in range(4)]  # made first
    since = [NOW + timedelta(minutes=30 * i) for i in range(3)]  # the clock put right
    created = ahead + since
    order = list(range(1, len(created) + 1))
    policy = RetentionPolicy(recent=3, daily=0, weekly=0, monthly=0)

    removed = backups_to_remove(created, policy, UTC, order=order)

    assert removed == {0, 1, 2, 3}
