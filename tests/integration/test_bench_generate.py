"""The synthetic collections look like a learner's: notes like the bundled deck's."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from bench.generate import Size, generate
from bench.synthetic_notes import bundled

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import NoteSpec


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("generated") / "collection.sqlite3"
    generate(Size("small", 600, 6_000), path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


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
