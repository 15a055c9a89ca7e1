from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fibrolearn.content.deck_file import load_deck
from fibrolearn.content.resolve import resolved_deck

DECKS = Path(__file__).resolve().parents[2] / "data" / "decks"
SMALL = DECKS / "valid-small.toml"


def test_top_level_and_entry_keys_in_a_stable_order() -> None:
    data = resolved_deck(load_deck(SMALL), seed=1)
    assert list(data) == ["deck", "factors", "facts", "cards", "quiz"]
    assert data["deck"] == {
        "id": "bread-basics",
        "title": "Why bread rises",
        "version": 3,
        "language": "en-GB",
        "licence": "CC0-1.0",
        "description": "What yeast, gluten, heat, water, salt and sugar do to a loaf.",
        "disclaimer": "A test deck; bake at your own risk.",
        "synonyms": [],
    }
    assert data["factors"][0] == {
        "id": "yeast",
        "name": "Yeast activity",
        "summary": "Living cells that make the gas.",
        "links": ["temperature", "sugar"],
        "umbrella": False,
    }
    y1 = data["facts"][0]
    assert list(y1) == [
        "id",
        "factor",
        "claim",
        "finding",
        "certainty",
        "evidence_certainty",
        "explanation",
        "evidence",
        "related",
        "references",
    ]
    assert y1["certainty"] == "consensus"
    assert y1["references"][0]["citation"] == (
        "A. Baker, B. Miller (2001) The microbiology of bread. Journal of Imaginary Food Science."
        " doi:10.0000/jifs.2001.1"
    )
    assert list(data["quiz"][0]) == [
        "kind",
        "prompt",
        "options",
        "correct",
        "items",
        "accepted",
        "explanation",
        "evidence",
        "facts",
        "factors",
    ]


def test_cards_are_every_card_of_every_note() -> None:
    cards = resolved_deck(load_deck(SMALL), seed=1)["cards"]
    assert [(c["note"], c["ordinal"]) for c in cards[:4]] == [
        ("Y1-cloze", 1),
        ("Y1-cloze", 2),
        ("Y3-basic", 0),
        ("G-cloze", 1),
    ]
    assert len(cards) == 2 + 1 + 3 + 2 + 3 + 1 + 2 + 1
    first = cards[0]
    assert first["kind"] == "cloze"
    assert first["question_html"].startswith('Yeast turns sugar into <span class="cloze">[...]')
    assert first["facts"] == ["Y1", "Y2"]
    assert first["tags"] == ["yeast", "fermentation"]


def test_matching_answers_are_lists_and_others_are_indexes() -> None:
    quiz = resolved_deck(load_deck(SMALL), seed=1)["quiz"]
    for question in quiz:
        expected = list if question["kind"] == "matching" else int
        assert isinstance(question["correct"], expected)


def test_same_seed_same_output_and_json_ready() -> None:
    doc = load_deck(SMALL)
    first = json.dumps(resolved_deck(doc, seed=5), ensure_ascii=False)
    assert json.dumps(resolved_deck(doc, seed=5), ensure_ascii=False) == first
    assert json.dumps(resolved_deck(doc, seed=6), ensure_ascii=False) != first


def test_output_does_not_depend_on_string_hashing() -> None:
    # Set iteration order changes with PYTHONHASHSEED; the output must not.
    script = (
        "import json, sys; from pathlib import Path;"
        "from fibrolearn.content.deck_file import load_deck;"
        "from fibrolearn.content.resolve import resolved_deck;"
        "print(json.dumps(resolved_deck(load_deck(Path(sys.argv[1])), seed=3)))"
    )
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": os.pathsep.join(sys.path)}
        result = subprocess.run(
            [sys.executable, "-c", script, str(SMALL)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
