"""The synthetic collections look like a learner's: a morning's study within the decks' limits,
and notes like the bundled deck's."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.bench_browse import open_services
from bench.generate import NOW, Size, deck_names, generate, stamp
from bench.synthetic_notes import bundled
from bench.synthetic_schedule import NEW_PER_DAY, REVIEWS_PER_DAY, Learner

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import NoteSpec
from fibrolearn.paths import resolve_paths
from fibrolearn.services import daily_limits
from fibrolearn.storage import todays_log
from fibrolearn.storage.plain_reads import connection_of


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "collection.sqlite3"
    generate(Size("small", 2_000, 20_000), path)
    return path


@pytest.fixture
def collection(generated: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(generated)
    yield connection
    connection.close()


def test_todays_answers_leave_room_in_every_decks_limits(generated: Path) -> None:
    services = open_services(resolve_paths(generated.parent))
    try:
        with services.database.read() as session:
            connection = connection_of(session)
            today = daily_limits.study_today(connection, NOW)
            done = todays_log.answered_today(connection, today.start, notes=False).done
            limits = [daily_limits.today_limits(connection, deck, NOW) for deck in done]
        decks = services.decks.list_decks()
    finally:
        services.close()
    assert len(done) == len(decks)  # every deck was studied this morning
    for deck in done.values():
        assert 0 < deck.new <= NEW_PER_DAY // 4
        assert deck.reviews <= REVIEWS_PER_DAY // 4  # 1 % of its review cards: 0 in a small one
    assert sum(deck.reviews for deck in done.values()) > 0
    assert all(limit.new > 0 and limit.reviews > 0 for limit in limits)
    largest = max(decks, key=lambda deck: deck.total)
    assert largest.new > 0 and largest.learning > 0 and largest.due > 0


def test_the_cards_learning_now_are_those_introduced_or_forgotten_this_morning(
    collection: sqlite3.Connection,
) -> None:
    learning = collection.execute(
        "SELECT count(*), sum(last_review >= ?) FROM cards WHERE state IN (1, 3)",
        (stamp(Learner(NOW, random.Random()).day_start),),
    ).fetchone()
    assert learning[0] > 0 and learning[0] == learning[1]


def test_notes_fill_the_fields_of_the_bundled_decks_notes_and_each_teaches_a_stored_fact(
    collection: sqlite3.Connection,
) -> None:
    rows = collection.execute("SELECT deck_id, fields, fact_keys, tags FROM notes").fetchall()
    facts = set(collection.execute("SELECT deck_id, key FROM facts"))
    lengths = [len(" ".join((note.front, note.back))) for note in _bundled_basic_notes()]
    for deck_id, fields, fact_keys, tags in rows:
        values = json.loads(fields)
        assert set(values) == {"front", "back", "text", "extra"}
        assert min(lengths) <= len(" ".join((values["front"], values["back"]))) <= max(lengths)
        (key,) = json.loads(fact_keys)
        assert (deck_id, key) in facts
        assert tags.split()[0] == "bench"


def test_facts_carry_the_bundled_decks_evidence_and_sources(
    collection: sqlite3.Connection,
) -> None:
    factors = {factor.key for factor in bundled().factors}
    rows = collection.execute(
        'SELECT factor_key, certainty, explanation, evidence, "references" FROM facts'
    ).fetchall()
    assert rows
    for factor, certainty, explanation, evidence, references in rows:
        assert factor in factors and certainty and explanation and evidence
        assert json.loads(references)


def _bundled_basic_notes() -> list[NoteSpec]:
    return [note for note in bundled().notes if note.kind == NoteKind.BASIC]


def test_many_decks_are_ten_each_with_its_subdecks() -> None:
    names = deck_names(60)
    assert len(names) == 610 and len(set(names)) == 610
    assert names[:2] == ["Bench deck 1", "Bench deck 1::Part 1"]
    assert deck_names(0) == [f"Bench deck {d}" for d in range(1, 11)]
