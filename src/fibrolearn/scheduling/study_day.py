"""Study-day boundaries: a study day runs from the rollover hour to the next (default 04:00).

Late-night reviews count toward the day they started in, as in Anki.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True, slots=True)
class StudyDay:
    """Maps instants to study days in the learner's local time zone.

    Attributes:
        rollover_hour: Local hour (0-23) at which a new study day starts.
        zone: Local time zone; None means the machine's current one.
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
        return self._boundary(self.date_of(moment))

    def end(self, moment: datetime) -> datetime:
        """When the study day containing ``moment`` ends (exclusive), in UTC."""
        return self._boundary(self.date_of(moment) + timedelta(days=1))

    def _boundary(self, day: date) -> datetime:
        naive = datetime.combine(day, time(self.rollover_hour))
        zone = self.zone or datetime.now().astimezone().tzinfo
        # Build the local wall time, then let the zone decide its offset (handles DST).
        return naive.replace(tzinfo=zone).astimezone(UTC)
