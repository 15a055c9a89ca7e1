"""Which backups to keep: the most recent few, then one a day, one a week, one a month.

The stages follow Anki's defaults (12 daily, 10 weekly, 9 monthly: about a year in all).
Anki also keeps every backup of today and yesterday; FibroLearn keeps a fixed number of the
most recent instead, because a busy day of 30-minute backups should not fill a small disk
(each keeps the version of every media file it names, stored once beside the backups). The
most recent are counted in each kind of backup apart (the caller says the kinds), so that a
day of routine backups never pushes out the few made before an import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How many backups each stage keeps.

    Attributes:
        recent: The newest backups (of each kind), kept whatever their age.
        daily: Then the newest backup of each of this many earlier days.
        weekly: Then of this many earlier weeks (weeks start on Monday).
        monthly: Then of this many earlier months.
    """

    recent: int = 10
    daily: int = 12
    weekly: int = 10
    monthly: int = 9


_STAGES = ("daily", "weekly", "monthly")


def backups_to_remove(
    created: Sequence[datetime],
    policy: RetentionPolicy,
    local_zone: tzinfo | None = None,
    kinds: Sequence[Hashable] | None = None,
    order: Sequence[int] | None = None,
) -> set[int]:
    """The positions in ``created`` of the backups the policy lets go.

    The ``recent`` newest backups of each kind (``kinds[i]`` is that of ``created[i]``; all
    are of one kind when None) are kept. Then, walking from newest to oldest, a backup is
    kept in the first stage that still has room when no backup kept so far falls in its day
    (week, month); days, weeks and months are those of ``local_zone`` (the system's zone
    when None). Newest means made last: by ``order`` (higher later, then by time), where
    given, since times stamped while a clock ran ahead would pass for newer than they are.
    """
    ranks = order or [0] * len(created)
    newest_first = sorted(range(len(created)), key=lambda i: (ranks[i], created[i]), reverse=True)
    periods = [_periods(moment.astimezone(local_zone)) for moment in created]
    recent = _most_recent(newest_first, kinds or [None] * len(created), policy.recent)
    covered = {stage: {periods[index][stage] for index in recent} for stage in _STAGES}
    room = {"daily": policy.daily, "weekly": policy.weekly, "monthly": policy.monthly}
    remove: set[int] = set()
    for index in newest_first:
        if index in recent:
            continue
        stage = next((name for name in _STAGES if room[name] > 0), None)
        if stage is None or periods[index][stage] in covered[stage]:
            remove.add(index)
            continue
        room[stage] -= 1
        for name in _STAGES:
            covered[name].add(periods[index][name])
    return remove


def _most_recent(newest_first: list[int], kinds: Sequence[Hashable], count: int) -> set[int]:
    """The first ``count`` positions of each kind in ``newest_first``."""
    seen: Counter[Hashable] = Counter()
    recent = set()
    for index in newest_first:
        seen[kinds[index]] += 1
        if seen[kinds[index]] <= count:
            recent.add(index)
    return recent


def _periods(moment: datetime) -> dict[str, int]:
    day = moment.date().toordinal()  # day 1 (1 January of year 1) was a Monday
    return {"daily": day, "weekly": (day - 1) // 7, "monthly": moment.year * 12 + moment.month}
