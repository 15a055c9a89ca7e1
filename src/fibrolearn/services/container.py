"""The set of services one open collection offers, built in one place."""

from __future__ import annotations

from dataclasses import dataclass

from fibrolearn.domain.clock import Clock
from fibrolearn.services.decks import DeckService
from fibrolearn.services.stats import StatsService
from fibrolearn.services.study import StudyService
from fibrolearn.storage.db import Database


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the UI and the command line may call on an open collection."""

    database: Database
    decks: DeckService
    study: StudyService
    stats: StatsService

    @classmethod
    def build(cls, database: Database, clock: Clock) -> Services:
        """Wire the services to one database and clock."""
        return cls(
            database=database,
            decks=DeckService(database, clock),
            study=StudyService(database, clock),
            stats=StatsService(database, clock),
        )

    def close(self) -> None:
        """Release the database."""
        self.database.close()
