"""Synthetic notes shaped like the bundled deck's, each teaching a fact with its sources.

Each generated deck gets the bundled deck's facts (claim, explanation, evidence, certainty,
references) copied in turn under new keys, one fact for every ``NOTES_PER_FACT`` notes, as in
the bundled deck. Notes fill the same fields as its basic notes (front and back about as
long, empty text and extra), link their fact, and are tagged with ``bench`` and their fact's
factor. Browse's benchmark searches the words they hold: each note has "involved" and its
number, and one topic in seven is "serotonin".

The decks get no factors, so no mastery map, as a learner's decks from Anki have none.
Progress's benchmark loads the bundled deck, as the app does, for a map to draw. (With the
bundled deck's factors in every generated deck, Progress's overview, which maps every deck,
took 3.6 s at 10,000 cards before the fix of ``knowledge_repo.factor_cards``; 0.18 s after it,
and 1.8 s at 100,000, where each card's recall is reckoned in Python; 0.10 s and 0.87 s once
``knowledge_repo.factor_memories`` read each card's plain values.)
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from functools import cache

from fibrolearn.content.deck_file import load_deck
from fibrolearn.domain.knowledge import DeckDocument, Fact
from fibrolearn.paths import bundled_dir

NOTES_PER_FACT = 3  # the bundled deck: its 141 cards (114 notes) teach 51 facts
TOPICS = ("serotonin", "sleep", "glutamate", "cortisol", "microglia", "small fibres", "stress")


@cache
def bundled() -> DeckDocument:
    """The bundled deck, whose facts and note lengths the synthetic decks copy."""
    (path,) = bundled_dir("decks").glob("*.toml")
    return load_deck(path)


def fact_key(number_in_deck: int) -> str:
    """The key of the fact taught by a deck's ``number_in_deck``-th note (from 0)."""
    return f"F{number_in_deck // NOTES_PER_FACT}"


def note_columns(index: int, number_in_deck: int) -> tuple[str, str, str]:
    """The fields, fact keys and tags of the ``index``-th note, its deck's ``number_in_deck``-th."""
    topic = TOPICS[index % len(TOPICS)]
    fields = {
        "front": f"How is {topic} involved in fibromyalgia? ({index})",
        "back": f"Through way {index}: it changes how strongly the nerves signal pain.",
        "text": "",
        "extra": "",
    }
    factor = _fact_model(number_in_deck).factor
    return json.dumps(fields), json.dumps([fact_key(number_in_deck)]), f"bench {factor}"


def insert_facts(connection: sqlite3.Connection, notes_by_deck: dict[int, int]) -> None:
    """The facts that each deck's ``notes_by_deck[deck]`` notes teach."""
    connection.executemany(
        "INSERT INTO facts (deck_id, key, factor_key, claim, finding, certainty, explanation,"
        ' evidence, "references", related, retired, evidence_certainty)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        [
            _fact_row(deck, number)
            for deck, notes in notes_by_deck.items()
            for number in range(0, notes, NOTES_PER_FACT)
        ],
    )


def _fact_model(number_in_deck: int) -> Fact:
    facts = bundled().facts
    return facts[(number_in_deck // NOTES_PER_FACT) % len(facts)]


def _fact_row(deck: int, number_in_deck: int) -> tuple[object, ...]:
    fact = _fact_model(number_in_deck)
    return (
        deck,
        fact_key(number_in_deck),
        fact.factor,
        fact.claim,
        fact.finding,
        str(fact.certainty),
        fact.explanation,
        fact.evidence,
        json.dumps([asdict(reference) for reference in fact.references]),
        json.dumps(list(fact.related)),
        str(fact.evidence_certainty or ""),
    )
