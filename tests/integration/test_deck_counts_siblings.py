"""The deck list's new cards leave out siblings of today's answers, whichever way it asks.

Asked card by card (is this card's note in today's log?), the rule cost a look for every new
card counted: at 600 decks, 9,000 looks and most of the deck list's read. With more of those
than answers today, the notes answered today are listed once instead; both ways must count
exactly what studying each deck brings.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState
from fibrolearn.services import deck_list
from fibrolearn.services.container import Services
from fibrolearn.services.deck_list import read_deck_list
from fibrolearn.storage import deck_counts
from fibrolearn.storage.migrate import open_collection
from fibrolearn.storage.plain_reads import QueueSizes, db_time

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
DAY_START = NOW - timedelta(hours=6)  # the study day began before any answer "today" here
DAY_END = DAY_START + timedelta(days=1)
DECKS = {  # name: (new a day, reviews a day)
    "Art": (3, 200),
    "Art::Drawing": (10, 4),
    "Art::Drawing::Ink": (2, 200),
    "Biology": (50, 200),
    "Lone": (20, 200),
    "Lone::Sub": (1, 3),
}
NEW, LEARNING, REVIEW = int(CardState.NEW), int(CardState.LEARNING), int(CardState.REVIEW)


class Built:
    """A collection of DECKS, its cards as plain rows and the notes answered today."""

    def __init__(
        self, path: Path, decks: dict[str, tuple[int, int]], seed: int, today: float = 0.12
    ) -> None:
        """``today``: about the share of cards answered today; as many again earlier."""
        self.path = path
        self.cards: list[dict[str, object]] = []
        self.answered_notes: set[int] = set()
        rng = random.Random(seed)
        open_collection(path, path.parent / "backups").close()
        connection = sqlite3.connect(path)
        stamp = db_time(NOW - timedelta(days=30))
        connection.executemany(
            "INSERT INTO decks (id, key, name, description, disclaimer, new_per_day,"
            " reviews_per_day, desired_retention, learning_steps, relearning_steps, created_at)"
            " VALUES (?, ?, ?, '', '', ?, ?, 0.9, '[60, 600]', '[600]', ?)",
            [
                (at + 1, f"d{at + 1}", name, new, reviews, stamp)
                for at, (name, (new, reviews)) in enumerate(decks.items())
            ],
        )
        notes, reviews = [], []
        for deck_id in range(1, len(decks) + 1):
            for _ in range(rng.randint(10, 30)):
                note_id = len(notes) + 1
                notes.append((note_id, deck_id, f"n{note_id}", "[]", "[]", "", stamp, stamp))
                for ordinal in range(rng.choice((1, 1, 2, 3))):
                    self.cards.append(self._card(rng, note_id, deck_id, ordinal))
        for card in self.cards:
            answered = rng.random()
            if answered < 2 * today:
                when = (
                    NOW - timedelta(hours=1) if answered < today else DAY_START - timedelta(hours=2)
                )
                reviews.append(_review(card, when))
                if when >= DAY_START:
                    self.answered_notes.add(int(card["note_id"]))  # type: ignore[call-overload]
        connection.executemany(
            "INSERT INTO notes (id, deck_id, key, kind, fields, fact_keys, tags, retired,"
            " created_at, modified_at) VALUES (?, ?, ?, 'basic', ?, ?, ?, 0, ?, ?)",
            notes,
        )
        columns = list(self.cards[0])
        connection.executemany(
            f"INSERT INTO cards ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [tuple(card.values()) for card in self.cards],
        )
        connection.executemany(
            "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, before_state,"
            " before_due, before_reps, before_lapses, after_state, after_due)"
            " VALUES (?, ?, 3, 1000, ?, ?, 0, 0, ?, ?)",
            reviews,
        )
        connection.commit()
        connection.close()

    def _card(
        self, rng: random.Random, note_id: int, deck_id: int, ordinal: int
    ) -> dict[str, object]:
        state = rng.choice((NEW, NEW, NEW, LEARNING, REVIEW, REVIEW))
        due = NOW + timedelta(hours=rng.uniform(-200, 60))
        buried = rng.choice((None,) * 8 + (NOW + timedelta(hours=5), NOW - timedelta(hours=1)))
        return {
            "id": len(self.cards) + 1,
            "note_id": note_id,
            "deck_id": deck_id,
            "ordinal": ordinal,
            "state": state,
            "due": db_time(due),
            "last_review": None if state == NEW else db_time(due - timedelta(days=3)),
            "reps": 0 if state == NEW else 2,
            "lapses": 0,
            "suspended": rng.random() < 0.1,
            "retired": rng.random() < 0.05,
            "buried_until": None if buried is None else db_time(buried),
            "position": rng.randint(0, 1000),
        }

    def expected(
        self, caps: dict[int, QueueSizes], passed: frozenset[int] = frozenset()
    ) -> dict[int, QueueSizes]:
        """What ``deck_counts.sizes_by_deck`` should count, in plain Python."""
        held = self.answered_notes | {c["note_id"] for c in self.cards if c["id"] in passed}
        counts = {}
        for deck_id, cap in caps.items():
            shown = [
                card
                for card in self.cards
                if card["deck_id"] == deck_id
                and not card["suspended"]
                and not card["retired"]
                and (card["buried_until"] is None or str(card["buried_until"]) <= db_time(NOW))
            ]
            new = [c for c in shown if c["state"] == NEW and c["note_id"] not in held]
            due = [
                c
                for c in shown
                if c["state"] == REVIEW
                and str(c["due"]) < db_time(DAY_END)
                and c["id"] not in passed
            ]
            counts[deck_id] = QueueSizes(min(cap.new, len(new)), 0, min(cap.review, len(due)))
        return counts


def _review(card: dict[str, object], when: datetime) -> tuple[object, ...]:
    return (card["id"], db_time(when), card["state"], card["due"], card["state"], card["due"])


@pytest.fixture
def built(tmp_path: Path) -> Built:
    return Built(tmp_path / "collection.sqlite3", DECKS, seed=7)


@pytest.fixture
def held_back_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[int, int]]]:
    """What each listing of today's answered notes found (a spy on ``_held_back``)."""
    found: list[dict[int, int]] = []
    listing = deck_counts._held_back

    def spy(*args: object) -> dict[int, int]:
        found.append(listing(*args))  # type: ignore[arg-type]
        return found[-1]

    monkeypatch.setattr(deck_counts, "_held_back", spy)
    yield found


@pytest.mark.parametrize("passed", [frozenset(), frozenset({3, 8, 40, 77})])
@pytest.mark.parametrize(("new_cap", "listed"), [(3, False), (40, True)])
def test_each_deck_s_new_cards_wait_for_today_s_answered_notes_either_way(
    built: Built,
    held_back_lists: list[dict[int, int]],
    new_cap: int,
    listed: bool,
    passed: frozenset[int],
) -> None:
    """Few new cards to count: asked card by card; many: today's notes listed once."""
    caps = {deck_id: QueueSizes(new_cap, 0, 5 + deck_id) for deck_id in range(1, len(DECKS) + 1)}
    with sqlite3.connect(built.path) as connection:
        counted = deck_counts.sizes_by_deck(
            connection, caps, now=NOW, reviews_before=DAY_END, day_start=DAY_START, passed=passed
        )

    assert counted == built.expected(caps, passed)
    assert bool(held_back_lists) == listed
    assert not listed or any(held_back_lists[0].values())  # some new cards did wait


def test_the_deck_list_counts_what_studying_each_deck_brings(
    built: Built, held_back_lists: list[dict[int, int]]
) -> None:
    services = Services.build(
        open_collection(built.path, built.path.parent / "backups"), FixedClock(NOW)
    )
    try:
        listed = services.decks.deck_list()
        counts = {deck.deck_id: (deck.new, deck.learning, deck.due) for deck in listed.decks}
        studied = {deck: tuple(services.study.queue_counts(deck)) for deck in counts}
    finally:
        services.close()

    assert held_back_lists  # the deck list listed today's notes
    assert counts == studied
    assert len(set(counts.values())) == len(counts)  # every deck its own counts


def test_many_decks_new_cards_cost_about_as_much_as_without_the_rule(tmp_path: Path) -> None:
    """600 decks of new cards and a few answers today: SQLite's work, not a clock, compared."""
    decks = {f"Deck {at}": (20, 200) for at in range(600)}
    built = Built(tmp_path / "many.sqlite3", decks, seed=3, today=0.01)
    caps = {deck_id: QueueSizes(20, 0, 200) for deck_id in range(1, 601)}

    def steps(day_start: datetime | None) -> int:
        with sqlite3.connect(built.path) as connection:
            taken = [0]

            def step() -> int:
                taken[0] += 1
                return 0

            connection.set_progress_handler(step, 100)
            deck_counts.sizes_by_deck(
                connection, caps, now=NOW, reviews_before=DAY_END, day_start=day_start
            )
            return taken[0]

    assert steps(DAY_START) < 1.5 * steps(None)


def test_options_stored_alike_but_for_their_type_are_still_refused(built: Built) -> None:
    """Decks' options are made once for those stored alike: the text "20" is not 20 for that."""
    assert read_deck_list(built.path, NOW) is not None
    with sqlite3.connect(built.path) as connection:
        connection.execute("UPDATE decks SET new_per_day = x'3230' WHERE name = 'Lone'")  # "20"
        connection.execute("UPDATE decks SET new_per_day = 20 WHERE name = 'Art'")

    assert read_deck_list(built.path, NOW) is None  # damaged: the full opening says so


def test_the_deck_list_walks_today_s_answers_once_for_its_counts_and_notes(
    built: Built, held_back_lists: list[dict[int, int]]
) -> None:
    """Today's answers by deck and the notes answered come from one pass over today's log."""
    walks: list[str] = []

    def traced(statement: str) -> None:
        if "reviewed_at >=" in statement and "JOIN cards" in statement:
            walks.append(statement)

    with sqlite3.connect(built.path) as connection:
        connection.set_trace_callback(traced)
        listed = deck_list.deck_list(connection, NOW)

    assert held_back_lists  # the notes answered today held some new cards back
    assert len(walks) == 1
    assert listed == read_deck_list(built.path, NOW)
