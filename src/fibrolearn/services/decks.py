"""Deck list, deck options, and loading deck files into the collection."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fibrolearn.content.deck_file import load_deck
from fibrolearn.content.render import card_ordinals
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.knowledge import DeckDocument
from fibrolearn.domain.study import DeckOptions, DeckSummary
from fibrolearn.scheduling.queue import LEARN_AHEAD, remaining_allowance
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import decks_repo, study_repo
from fibrolearn.storage.db import Database
from fibrolearn.storage.deck_sync import SyncReport, sync_deck


class DeckService:
    """What the deck list shows and what deck settings change."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def list_decks(self) -> list[DeckSummary]:
        """Every deck with today's new, learning and due counts."""
        now = self._clock.now()
        with self._db.read() as session:
            day = current_study_day(session)
            start, end = day.start(now), day.end(now)
            totals = decks_repo.card_totals(session)
            summaries = []
            for deck in decks_repo.deck_rows(session):
                done = study_repo.done_today(session, deck.id, start)
                allowance = remaining_allowance(
                    decks_repo.options_of(deck),
                    new_done_today=done.new,
                    reviews_done_today=done.reviews,
                )
                new, learning, due = study_repo.queue_sizes(
                    session, deck.id, learning_until=now + LEARN_AHEAD, reviews_before=end
                )
                summaries.append(
                    DeckSummary(
                        deck_id=deck.id,
                        key=deck.key,
                        name=deck.name,
                        description=deck.description,
                        disclaimer=deck.disclaimer,
                        new=min(new, allowance.new),
                        learning=learning,
                        due=min(due, allowance.reviews),
                        total=totals.get(deck.id, 0),
                    )
                )
        return summaries

    def options(self, deck_id: int) -> DeckOptions:
        """A deck's study options."""
        with self._db.read() as session:
            return decks_repo.options_of(decks_repo.require_deck(session, deck_id))

    def set_options(self, deck_id: int, options: DeckOptions) -> None:
        """Change a deck's study options."""
        if not 0.7 <= options.desired_retention <= 0.99:
            raise ValueError("desired retention must be between 0.70 and 0.99")
        if options.new_per_day < 0 or options.reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")
        with self._db.write() as session:
            decks_repo.store_options(decks_repo.require_deck(session, deck_id), options)

    def load_deck_files(self, paths: Iterable[Path]) -> list[SyncReport]:
        """Load bundled deck files; a newer version updates its deck in place.

        All files load in one transaction: if any file is broken, nothing changes.
        """
        documents = [load_deck(path) for path in sorted(paths)]
        with self._db.write() as session:
            return [sync_deck(session, doc, _ordinals(doc), self._clock.now()) for doc in documents]


def _ordinals(doc: DeckDocument) -> dict[str, tuple[int, ...]]:
    return {note.key: card_ordinals(note) for note in doc.notes}
