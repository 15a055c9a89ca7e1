"""Health of an open collection, for ``fibrolearn check``."""

from __future__ import annotations

from dataclasses import dataclass

from fibrolearn.storage import health
from fibrolearn.storage.db import Database
from fibrolearn.storage.migrate import HEAD


@dataclass(frozen=True, slots=True)
class HealthReport:
    """The result of a full check."""

    revision: str | None
    expected_revision: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Healthy and at the schema this version expects."""
        return not self.problems and self.revision == self.expected_revision


def check_health(database: Database) -> HealthReport:
    """Run SQLite's integrity and foreign-key checks and read the schema revision."""
    return HealthReport(
        revision=health.schema_revision(database),
        expected_revision=HEAD,
        problems=tuple(health.integrity_problems(database)),
    )
