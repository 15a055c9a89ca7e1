"""A 100,000-card collection built with bulk SQL, and the plain-Python truth about it.

Rows go in with ``executemany`` in one transaction (seconds, not minutes through the ORM).
Every note and card is also kept as a small tuple so tests can compute the expected answer
of a search in plain Python and compare it with what the SQL search returns.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fibrolearn.storage.migrate import open_collection

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
TOPICS = ("serotonin", "sleep", "glutamate", "cortisol", "microglia", "nerve fibres", "stress")
ANSWERS = ("low", "raised", "disturbed", "unclear", "linked", "common", "rare", "shifted")
TAGS = ("brain", "body", "hormones", "immune", "lifestyle")
FACTORS = ("central", "neuro", "immune", "genes", "triggers", "gut", "sleep", "nerves")
CERTAINTIES = ("consensus", "supported", "emerging")
FACTS_PER_DECK = 40
BASIC, REVERSED, CLOZE = 78_000, 10_000, 1_000  # notes: 78,000 + 20,000 + 2,000 = 100,000 cards


@dataclass(frozen=True, slots=True)
class BulkNote:
    """What a search can see of a note."""

    note_id: int
    deck: str
    kind: str
    fields: dict[str, str]
    tags: tuple[str, ...]
    fact: str | None


@dataclass(frozen=True, slots=True)
class BulkCard:
    """What a search can see of a card."""

    card_id: int
    note: BulkNote
    state: int
    suspended: bool
    buried: bool
    due: datetime
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True)
class BulkCollection:
    """The collection file and its contents as plain values."""

    path: Path
    cards: tuple[BulkCard, ...]

    def factor_of(self, fact: str) -> str:
        """The factor key a generated fact belongs to."""
        return FACTORS[int(fact[1:]) % len(FACTORS)]

    def certainty_of(self, fact: str) -> str:
        """The certainty of a generated fact."""
        return CERTAINTIES[int(fact[1:]) % len(CERTAINTIES)]


def _stamp(moment: datetime) -> str:
    # SQLAlchemy's SQLite DATETIME text format, naive UTC (see storage.types.UtcDateTime).
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _note(index: int) -> BulkNote:
    deck = "Bulk extra" if index % 4 == 0 else "Bulk causes"
    topic, answer = TOPICS[index % len(TOPICS)], ANSWERS[index % len(ANSWERS)]
    if index < BASIC + REVERSED:
        kind = "basic" if index < BASIC else "reversed"
        fields = {
            "front": f"Question {index}: how is {topic} involved?",
            "back": f"Answer {index}: {answer}",
            "text": "",
            "extra": "",
        }
    else:
        kind = "cloze"
        fields = {
            "front": "",
            "back": "",
            "text": f"{{{{c1::{topic.capitalize()}}}}} is {{{{c2::{answer}}}}} in note {index}.",
            "extra": "",
        }
    tags = (TAGS[index % len(TAGS)],) + (("rare",) if index % 1000 == 7 else ())
    fact = None if deck == "Bulk extra" else f"F{index % FACTS_PER_DECK}"
    return BulkNote(index + 1, deck, kind, fields, tags, fact)


def _ordinals(note: BulkNote) -> tuple[int, ...]:
    return {"basic": (0,), "reversed": (0, 1), "cloze": (1, 2)}[note.kind]


def build_bulk_collection(path: Path) -> BulkCollection:
    """Create a 100,000-card collection at ``path`` (a new file)."""
    database = open_collection(path, path.parent / "backups")
    notes = [_note(i) for i in range(BASIC + REVERSED + CLOZE)]
    decks = {"Bulk causes": 1, "Bulk extra": 2}
    cards: list[BulkCard] = []
    card_rows = []
    for note in notes:
        for ordinal in _ordinals(note):
            number = len(cards)
            state = number % 4 if number % 4 != 3 else 2
            due = NOW + timedelta(days=(number % 20) - 10) if state else NOW
            reps, lapses = (0, 0) if state == 0 else (1 + number % 9, number % 3)
            card = BulkCard(
                number + 1, note, state, number % 50 == 0, number % 97 == 5, due, reps, lapses
            )
            cards.append(card)
            card_rows.append(
                (
                    card.card_id, note.note_id, decks[note.deck], ordinal, state,
                    None if state in (0, 2) else 0,
                    None if state == 0 else 5.0 + number % 30,
                    None if state == 0 else 5.0,
                    _stamp(due),
                    None if state == 0 else _stamp(due - timedelta(days=3 + number % 30)),
                    reps,
                    lapses,
                    card.suspended,
                    _stamp(NOW + timedelta(days=1)) if card.buried else None,
                    False,
                    number,
                )
            )  # fmt: skip
    created = _stamp(NOW - timedelta(days=100))
    with database.engine.begin() as connection:
        run = connection.exec_driver_sql
        run(
            "INSERT INTO decks (id, key, name, description, disclaimer, new_per_day,"
            " reviews_per_day, desired_retention, learning_steps, relearning_steps, created_at)"
            " VALUES (?, ?, ?, '', '', 20, 200, 0.9, '[60, 600]', '[600]', ?)",
            [(i, name.lower().replace(" ", "-"), name, created) for name, i in decks.items()],
        )
        run(
            "INSERT INTO factors (deck_id, key, name, summary, position, links)"
            " VALUES (1, ?, ?, '', ?, '[]')",
            [(key, f"Factor {key.title()}", n) for n, key in enumerate(FACTORS)],
        )
        run(
            "INSERT INTO facts (deck_id, key, factor_key, claim, finding, certainty,"
            ' explanation, evidence, "references", related, retired)'
            " VALUES (1, ?, ?, ?, '', ?, '', '', '[]', '[]', 0)",
            [
                (f"F{n}", FACTORS[n % len(FACTORS)], f"Fact {n}.", CERTAINTIES[n % 3])
                for n in range(FACTS_PER_DECK)
            ],
        )
        run(
            "INSERT INTO notes (id, deck_id, key, kind, fields, fact_keys, tags, retired,"
            " created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            [
                (
                    n.note_id, decks[n.deck], f"bulk-{n.note_id}", n.kind, json.dumps(n.fields),
                    json.dumps([n.fact] if n.fact else []), " ".join(n.tags), created,
                    _stamp(NOW - timedelta(minutes=n.note_id % 5000)),
                )
                for n in notes
            ],
        )  # fmt: skip
        run(
            "INSERT INTO cards (id, note_id, deck_id, ordinal, state, step, stability,"
            " difficulty, due, last_review, reps, lapses, suspended, buried_until, retired,"
            " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            card_rows,
        )
    database.close()
    return BulkCollection(path, tuple(cards))


_BUILT: dict[Path, BulkCollection] = {}


def shared_bulk_collection(base: Path) -> BulkCollection:
    """The bulk collection under ``base``, built on first use (pass the session's temp root).

    Tests that share it must not change it; copy it with :func:`copy_collection` first.
    """
    path = base / "bulk-collection" / "collection.sqlite3"
    if path not in _BUILT:
        path.parent.mkdir(parents=True, exist_ok=True)
        _BUILT[path] = build_bulk_collection(path)
    return _BUILT[path]


def copy_collection(bulk: BulkCollection, folder: Path) -> Path:
    """A private copy of the collection file, to change freely."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "collection.sqlite3"
    shutil.copyfile(bulk.path, target)
    return target
