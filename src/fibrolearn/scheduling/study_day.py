"""Study-day boundaries: a study day runs from the rollover hour to the next (default 04:00).

Late-night reviews count toward the day they started in, as in Anki. The rollover is a local
wall-clock hour, so its UTC instant follows daylight-saving time: each boundary takes the
offset its own day has, never the one in force now. A day clocks spring forward in is 23 hours
long, one they fall back in 25.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True, slots=True)
class StudyDay:
    """Maps instants to study days in the learner's local time zone.

    Attributes:
        rollover_hour: Local hour (0-23) at which a new study day starts.
        zone: Local time zone; None means the machine's, with the offset each date has there.
    """

    rollover_hour: int = 4
    zone: tzinfo | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.rollover_hour <= 23:
            raise ValueError(f"rollover hour must be 0-23, not {self.rollover_hour}")

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone) if self.zone else moment.astimezone()

    def date_of(self, moment: datetime) -> date:
        """The study date an instant belongs to."""
        return (self._local(moment) - timedelta(hours=self.rollover_hour)).date()

    def start(self, moment: datetime) -> datetime:
        """When the study day containing ``moment`` began, in UTC."""
        return self.begins(self.date_of(moment))

    def end(self, moment: datetime) -> datetime:
        """When the study day containing ``moment`` ends (exclusive), in UTC."""
        return self.begins(self.date_of(moment) + timedelta(days=1))

    def begins(self, day: date) -> datetime:
        """When the study day of date ``day`` begins, in UTC.

        Counting study days from a date, not 24-hour steps from an instant: those land on the
        day before or after when the clocks change in between.
        """
        wall = datetime.combine(day, time(self.rollover_hour))  # local wall time, no zone yet
        if self.zone is not None:
            return wall.replace(tzinfo=self.zone).astimezone(UTC)
        # A naive time is read as the machine's local time with the offset in force on that
        # day (the C library's zone rules), not today's offset; no zone database is loaded.
        start = wall.astimezone(UTC)
        if start.astimezone().replace(tzinfo=None) != wall:
            # The hour does not exist that day (clocks sprang forward over it): the day
            # begins when the clocks jump, as with a named zone (fold=0).
            start = max(start, wall.replace(fold=1).astimezone(UTC))
        return start
