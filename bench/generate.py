"""Synthetic collections for the benchmarks: 1k, 10k and 100k cards, up to 1M logged reviews.

The collection is created at the current schema by the app's own code, then filled with bulk
``executemany`` inserts in one transaction (seconds, not the minutes the ORM would take).
States follow a long-time learner: most cards in review with FSRS stabilities spread from
days to years, a third still new, a few learning, some suspended; ten decks of uneven size;
reviews spread over two years with about 10 % "Again". Notes look like the bundled deck's,
each with a fact of its sources and evidence (``bench.synthetic_notes``).

    python bench/generate.py 10k /tmp/collection.sqlite3
"""

from __future__ import annotations

import math
import random
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.synthetic_notes import insert_knowledge, note_columns
from fibrolearn.storage.migrate import open_collection

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
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


def generate(size: Size, path: Path, seed: int = 1) -> Generated:
    """Build a collection of ``size`` at ``path`` (a new file)."""
    open_collection(path, path.parent / "backups").close()
    empty = _settled_size(path)
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    try:
        cards = _insert_cards(connection, size, rng)
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


def _insert_cards(
    connection: sqlite3.Connection, size: Size, rng: random.Random
) -> list[tuple[int, int, float | None, datetime | None, int]]:
    """Decks, notes, facts and cards; returns (card id, state, stability, last review, reps)."""
    created = stamp(NOW - timedelta(days=730))
    weights = [1 / (d + 1) for d in range(DECKS)]
    connection.executemany(
        "INSERT INTO decks (id, key, name, description, disclaimer, bundled_version, new_per_day,"
        " reviews_per_day, desired_retention, learning_steps, relearning_steps, created_at)"
        " VALUES (?, ?, ?, '', '', NULL, 20, 200, 0.9, '[60, 600]', '[600]', ?)",
        [(d + 1, f"bench-{d + 1}", f"Bench deck {d + 1}", created) for d in range(DECKS)],
    )
    notes, cards, summary = [], [], []
    notes_by_deck = dict.fromkeys(range(1, DECKS + 1), 0)
    for index in range(size.cards):
        card_id = index + 1
        deck = rng.choices(range(1, DECKS + 1), weights)[0]
        fields, fact_keys, tags = note_columns(index, notes_by_deck[deck])
        notes_by_deck[deck] += 1
        notes.append(
            (card_id, deck, f"n{card_id}", "basic", fields, fact_keys, tags, 0, created, created)
        )
        state, step, stability, difficulty, due, last, reps, lapses = _card_state(rng)
        cards.append(
            (
                card_id, card_id, deck, 0, state, step, stability, difficulty, stamp(due),
                stamp(last) if last else None, reps, lapses, rng.random() < 0.02, None, 0, index,
            )
        )  # fmt: skip
        summary.append((card_id, state, stability, last, reps))
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
    insert_knowledge(connection, notes_by_deck)
    return summary


def _card_state(rng: random.Random):
    roll = rng.random()
    if roll < 0.30:  # new
        return 0, None, None, None, NOW, None, 0, 0
    if roll < 0.33:  # learning or relearning, due within the hour
        state = 1 if roll < 0.32 else 3
        last = NOW - timedelta(minutes=rng.uniform(1, 50))
        stability = rng.uniform(0.2, 3.0)
        due = last + timedelta(minutes=10)
        return state, rng.randint(0, 1), stability, 6.0, due, last, rng.randint(1, 4), state // 3
    stability = math.exp(rng.gauss(math.log(25), 1.2))  # days: median about 3 weeks
    last = NOW - timedelta(days=rng.uniform(0, min(stability * 1.1, 700)))
    due = last + timedelta(days=stability)
    reps = max(2, int(math.log2(stability + 1) * 2))
    return 2, None, stability, rng.uniform(2, 9), due, last, reps, rng.randint(0, reps // 4)


def _insert_reviews(
    connection: sqlite3.Connection,
    size: Size,
    cards: list[tuple[int, int, float | None, datetime | None, int]],
    rng: random.Random,
) -> None:
    reviewed = [card for card in cards if card[1] != 0]
    per_card = size.reviews / len(reviewed)
    rows = []
    for position, (card_id, state, stability, last, _reps) in enumerate(reviewed):
        # Spread the total exactly: each card gets floor or ceil of the mean.
        count = int((position + 1) * per_card) - int(position * per_card)
        assert last is not None and stability is not None
        moment = last - timedelta(days=rng.uniform(30, 700))
        for number in range(count):
            at = moment + (last - moment) * ((number + 1) / count)
            rating = rng.choices((1, 2, 3, 4), (10, 10, 75, 5))[0]
            before_s = stability * (number / count) if number else None
            after_s = stability * ((number + 1) / count)
            rows.append(
                (
                    card_id, stamp(at), rating, int(rng.lognormvariate(8.9, 0.6)),
                    2 if number else 0, None, before_s, 5.0 if number else None, stamp(at),
                    None, number, 0,
                    state if number == count - 1 else 2, None, after_s, 5.0,
                    stamp(at + timedelta(days=after_s)),
                )
            )  # fmt: skip
    rows.sort(key=lambda row: row[1])  # ids follow time, as when the reviews were given
    connection.executemany(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, before_state,"
        " before_step, before_stability, before_difficulty, before_due, before_last_review,"
        " before_reps, before_lapses, after_state, after_step, after_stability,"
        " after_difficulty, after_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


if __name__ == "__main__":
    made = generate(SIZES[sys.argv[1]], Path(sys.argv[2]))
    print(
        f"{made.path}: {made.total_bytes} bytes, {made.bytes_per_card:.0f} B/card, "
        f"{made.bytes_per_review:.0f} B/review"
    )
