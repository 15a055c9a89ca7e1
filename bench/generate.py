"""Synthetic collections for the benchmarks: 1k, 10k and 100k cards, up to 1M logged reviews.

The collection is created at the current schema by the app's own code, then filled with bulk
``executemany`` inserts in one transaction (seconds, not the minutes the ORM would take).
States follow a long-time learner: most cards in review with FSRS stabilities spread from
days to years, a third still new, some suspended; ten decks of uneven size (or, asked for,
each with subdecks: 610 decks for ``--subdecks 60``, the deck list's case of many decks);
reviews spread over two years with about 10 % "Again". This morning the learner studied within
the decks' limits, and the cards then introduced or forgotten are the ones learning now; the reviews
left due are a backlog (``bench.synthetic_schedule``). Notes look like the bundled deck's,
each with a fact of its sources and evidence (``bench.synthetic_notes``).

    python bench/generate.py 10k /tmp/collection.sqlite3
    python bench/generate.py 100k /tmp/many-decks.sqlite3 --subdecks 60
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.synthetic_notes import insert_facts, note_columns
from bench.synthetic_schedule import (
    LEARNING_STEPS,
    NEW_PER_DAY,
    RELEARNING_STEP,
    REVIEWS_PER_DAY,
    Learner,
    Schedule,
)
from fibrolearn.domain.enums import CardState
from fibrolearn.storage.migrate import open_collection

# The afternoon of a study day in this machine's time zone, whatever it is: a fixed UTC hour
# fell on the day's rollover (04:00) in UTC-8, where no learner had studied yet today.
NOW = datetime(2026, 3, 4, 16, 0).astimezone(UTC)
DECKS = 10


@dataclass(frozen=True, slots=True)
class Size:
    """How big a synthetic collection is."""

    name: str
    cards: int
    reviews: int


SIZES = {
    size.name: size
    for size in (
        Size("1k", 1_000, 10_000),
        Size("10k", 10_000, 100_000),
        Size("100k", 100_000, 1_000_000),
    )
}


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated collection and what it cost on disk."""

    path: Path
    size: Size
    empty_bytes: int
    cards_bytes: int
    total_bytes: int

    @property
    def bytes_per_card(self) -> float:
        return (self.cards_bytes - self.empty_bytes) / self.size.cards

    @property
    def bytes_per_review(self) -> float:
        return (self.total_bytes - self.cards_bytes) / self.size.reviews


def stamp(moment: datetime) -> str:
    """SQLAlchemy's SQLite text form of an aware UTC time (see storage.types.UtcDateTime)."""
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(size: Size, path: Path, seed: int = 1, subdecks: int = 0) -> Generated:
    """Build a collection of ``size`` at ``path`` (a new file); ``subdecks`` in each deck."""
    open_collection(path, path.parent / "backups").close()
    empty = _settled_size(path)
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    try:
        cards = _insert_cards(connection, size, rng, deck_names(subdecks))
        connection.commit()
        with_cards = _settled_size(path, connection)
        _insert_reviews(connection, size, cards, rng)
        connection.commit()
        total = _settled_size(path, connection)
    finally:
        connection.close()
    return Generated(path, size, empty, with_cards, total)


def _settled_size(path: Path, connection: sqlite3.Connection | None = None) -> int:
    if connection is not None:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def deck_names(subdecks: int) -> list[str]:
    """The decks' names: :data:`DECKS` decks, each followed by its ``subdecks``."""
    return [
        name
        for d in range(DECKS)
        for name in (
            f"Bench deck {d + 1}",
            *(f"Bench deck {d + 1}::Part {s + 1}" for s in range(subdecks)),
        )
    ]


def _insert_cards(
    connection: sqlite3.Connection, size: Size, rng: random.Random, names: list[str]
) -> list[tuple[int, Schedule]]:
    """Decks, notes, facts and cards; returns each card's id and schedule."""
    created = stamp(NOW - timedelta(days=730))
    decks = len(names)
    weights = [1 / (d + 1) for d in range(decks)]
    connection.executemany(
        "INSERT INTO decks (id, key, name, description, disclaimer, bundled_version, new_per_day,"
        " reviews_per_day, desired_retention, learning_steps, relearning_steps, created_at)"
        " VALUES (?, ?, ?, '', '', NULL, ?, ?, 0.9, ?, ?, ?)",
        [
            (
                d + 1, f"bench-{d + 1}", name, NEW_PER_DAY, REVIEWS_PER_DAY,
                json.dumps(list(LEARNING_STEPS)), json.dumps([RELEARNING_STEP]), created,
            )
            for d, name in enumerate(names)
        ],
    )  # fmt: skip
    learner = Learner(NOW, rng)
    notes, cards, schedules = [], [], []
    notes_by_deck = dict.fromkeys(range(1, decks + 1), 0)
    for index in range(size.cards):
        card_id = index + 1
        deck = rng.choices(range(1, decks + 1), weights)[0]
        fields, fact_keys, tags = note_columns(index, notes_by_deck[deck])
        notes_by_deck[deck] += 1
        notes.append(
            (card_id, deck, f"n{card_id}", "basic", fields, fact_keys, tags, 0, created, created)
        )
        card = learner.schedule(deck)
        suspended = not card.today and rng.random() < 0.02  # none answered today
        cards.append(
            (
                card_id, card_id, deck, 0, card.state, card.step, card.stability, card.difficulty,
                stamp(card.due), stamp(card.last) if card.last else None, card.reps, card.lapses,
                suspended, None, 0, index,
            )
        )  # fmt: skip
        schedules.append((card_id, card))
    connection.executemany(
        "INSERT INTO notes (id, deck_id, key, kind, fields, fact_keys, tags, retired, created_at,"
        " modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        notes,
    )
    connection.executemany(
        "INSERT INTO cards (id, note_id, deck_id, ordinal, state, step, stability, difficulty, due,"
        " last_review, reps, lapses, suspended, buried_until, retired, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cards,
    )
    insert_facts(connection, notes_by_deck)
    return schedules


def _insert_reviews(
    connection: sqlite3.Connection,
    size: Size,
    cards: list[tuple[int, Schedule]],
    rng: random.Random,
) -> None:
    """The review log: ``size.reviews`` answers, each card's leading to its schedule."""
    rows = []
    introduced = [(i, card) for i, card in cards if card.state == CardState.LEARNING]
    for card_id, card in introduced:  # first seen this morning: every answer was today
        assert card.last is not None and card.stability is not None
        for number in range(card.reps):
            at = card.last - timedelta(minutes=card.reps - 1 - number)
            before = CardState.LEARNING if number else CardState.NEW
            rows.append(_review_row(rng, card_id, at, number, before, card.state, card.stability))
    older = [
        (i, card) for i, card in cards if card.state in (CardState.REVIEW, CardState.RELEARNING)
    ]
    per_card = (size.reviews - len(rows)) / len(older)
    for position, (card_id, card) in enumerate(older):
        # Spread the total exactly: each card gets floor or ceil of the mean.
        count = int((position + 1) * per_card) - int(position * per_card)
        assert card.last is not None and card.stability is not None
        moment = card.last - timedelta(days=rng.uniform(30, 700))
        for number in range(count):
            at = moment + (card.last - moment) * ((number + 1) / count)
            before = CardState.REVIEW if number else CardState.NEW
            after = card.state if number == count - 1 else CardState.REVIEW
            stability = card.stability * ((number + 1) / count)
            rows.append(_review_row(rng, card_id, at, number, before, after, stability))
    rows.sort(key=lambda row: row[1])  # ids follow time, as when the reviews were given
    connection.executemany(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, before_state,"
        " before_step, before_stability, before_difficulty, before_due, before_last_review,"
        " before_reps, before_lapses, after_state, after_step, after_stability,"
        " after_difficulty, after_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _review_row(
    rng: random.Random,
    card_id: int,
    at: datetime,
    number: int,
    before: CardState,
    after: CardState,
    stability: float,
) -> tuple[object, ...]:
    """One answer, the card's ``number``-th."""
    forgotten = after == CardState.RELEARNING  # only an Again leaves a card relearning
    rating = 1 if forgotten else rng.choices((1, 2, 3, 4), (10, 10, 75, 5))[0]
    before_s = stability * number / (number + 1) if number else None
    return (
        card_id, stamp(at), rating, int(rng.lognormvariate(8.9, 0.6)),
        before, None, before_s, 5.0 if number else None, stamp(at),
        None, number, 0,
        after, None, stability, 5.0, stamp(at + timedelta(days=stability)),
    )  # fmt: skip


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description="Build a synthetic collection.")
    arguments.add_argument("size", choices=SIZES)
    arguments.add_argument("path", type=Path)
    arguments.add_argument("--subdecks", type=int, default=0, help="in each of the ten decks")
    asked = arguments.parse_args()
    made = generate(SIZES[asked.size], asked.path, subdecks=asked.subdecks)
    print(
        f"{made.path}: {made.total_bytes} bytes, {made.bytes_per_card:.0f} B/card, "
        f"{made.bytes_per_review:.0f} B/review"
    )
