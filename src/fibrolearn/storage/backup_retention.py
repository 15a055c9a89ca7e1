"""Which backups to keep: the most recent few, then one a day, one a week, one a month.

The stages follow Anki's defaults (12 daily, 10 weekly, 9 monthly: about a year in all).
Anki also keeps every backup of today and yesterday; FibroLearn keeps a fixed number of the
most recent instead, because its backups carry the media too and a busy day of 30-minute
backups should not fill a small disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How many backups each stage keeps.

    Attributes:
        recent: The newest backups, kept whatever their age.
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
    created: Sequence[datetime], policy: RetentionPolicy, local_zone: tzinfo | None = None
) -> set[int]:
    """The positions in ``created`` of the backups the policy lets go.

    Walking from newest to oldest, a backup is kept in the first stage that still has room
    when it falls in an earlier day (week, month) than the last backup kept; days, weeks and
    months are those of ``local_zone`` (the system's zone when None).
    """
    newest_first = sorted(range(len(created)), key=lambda i: created[i], reverse=True)
    room = {"daily": policy.daily, "weekly": policy.weekly, "monthly": policy.monthly}
    last_kept: dict[str, int] | None = None
    remove: set[int] = set()
    for rank, index in enumerate(newest_first):
        periods = _periods(created[index].astimezone(local_zone))
        if rank < policy.recent:
            last_kept = periods
            continue
        stage = next((name for name in _STAGES if room[name] > 0), None)
        if stage is None or (last_kept is not None and periods[stage] >= last_kept[stage]):
            remove.add(index)
            continue
        room[stage] -= 1
        last_kept = periods
    return remove


def _periods(moment: datetime) -> dict[str, int]:
    day = moment.date().toordinal()  # day 1 (1 January of year 1) was a Monday
    return {"daily": day, "weekly": (day - 1) // 7, "monthly": moment.year * 12 + moment.month}
