"""A deck made in Anki, its fields in HTML, quizzed on its notes the ways its cards ask them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from anki_packages import write_anki_package
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.interop.values import ImportOptions
from fibrolearn.services.container import Services
from fibrolearn.services.quiz_notes import quiz_notes

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")

WORDS = {"perro": "dog", "gato": "cat", "casa": "house", "rojo": "red", "agua": "water"}


def spanish_package(folder: Path) -> Path:
    """Words both ways (bold fronts, backs in divs), one as a basic note, and a cloze."""
    col: Any = anki_collection.Collection(str(folder / "collection.anki2"))
    deck = col.decks.id("Spanish")
    for front, back in WORDS.items():
        note = col.new_note(col.models.by_name("Basic (and reversed card)"))
        note["Front"], note["Back"] = f"<b>{front}</b>", f"<div>{back}</div>"
        col.add_note(note, deck)
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "<b>libro</b>", "<div>book</div>"
    col.add_note(note, deck)
    note = col.new_note(col.models.by_name("Cloze"))
    note["Text"] = "El {{c1::<i>sol</i>}} es amarillo"
    col.add_note(note, deck)
    path = write_anki_package(col, folder / "spanish.apkg")
    col.close()
    return path


def test_an_anki_deck_is_asked_both_ways_where_its_cards_are(
    services: Services, tmp_path: Path
) -> None:
    services.importer.run(spanish_package(tmp_path), ImportOptions())
    deck_id = next(d.deck_id for d in services.quiz.decks() if d.name == "Spanish")
    with services.database.read() as session:
        kinds = sorted(str(note.kind) for note in quiz_notes(session, deck_id))
    assert kinds == ["basic", "cloze", *["reversed"] * len(WORDS)]
    assert services.quiz.usable_notes(deck_id) == len(WORDS) + 2
    sitting = services.quiz.start(QuizSetup(deck_id, length=7, seed=1))
    shown = [q.prompt for q in sitting.questions] + [i for q in sitting.questions for i in q.items]
    assert not any("<" in text for text in shown)
    typed = services.quiz.start(
        QuizSetup(deck_id, length=7, seed=1, kinds=(QuizKind.TYPED_RECALL,))
    )
    assert {q.accepted for q in typed.questions} >= {("sol",)}


JAPANESE = {"犬": ("いぬ", "dog"), "猫": ("ねこ", "cat"), "水": ("みず", "water")}
JAPANESE |= {"山": ("やま", "mountain"), "川": ("かわ", "river")}


def vocabulary_package(folder: Path) -> Path:
    """A three-field note type asking the meaning first, and Anki's "type in the answer"."""
    col: Any = anki_collection.Collection(str(folder / "collection.anki2"))
    deck = col.decks.id("Japanese")
    models = col.models
    model = models.new("Vocabulary")
    for name in ("Word", "Reading", "Meaning"):
        models.add_field(model, models.new_field(name))
    template = models.new_template("Recognise")
    template["qfmt"] = "<div class=meaning>{{Meaning}}</div>{{hint:Reading}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Word}}<br>{{Reading}}"
    models.add_template(model, template)
    models.add(model)
    for word, (reading, meaning) in JAPANESE.items():
        note = col.new_note(model)
        note["Word"], note["Reading"], note["Meaning"] = word, reading, f"<i>{meaning}</i>"
        col.add_note(note, deck)
    note = col.new_note(col.models.by_name("Basic (type in the answer)"))
    note["Front"], note["Back"] = "<b>sky</b>", "<b>空</b>"
    col.add_note(note, deck)
    path = write_anki_package(col, folder / "japanese.apkg")
    col.close()
    return path


def test_a_note_of_more_fields_is_asked_what_its_card_shows(
    services: Services, tmp_path: Path
) -> None:
    services.importer.run(vocabulary_package(tmp_path), ImportOptions())
    deck_id = next(d.deck_id for d in services.quiz.decks() if d.name == "Japanese")
    with services.database.read() as session:
        notes = quiz_notes(session, deck_id)
    asked = {(note.front, note.back) for note in notes}
    assert ("<i>dog</i>", "犬 · いぬ") in asked  # the question its card shows, not Word → Reading
    assert ("<b>sky</b>", "<b>空</b>") in asked  # {{type:Back}} asks nothing, answers the Back
    typed = services.quiz.start(
        QuizSetup(deck_id, length=6, seed=2, kinds=(QuizKind.TYPED_RECALL,))
    )
    assert {(q.prompt, q.accepted) for q in typed.questions} >= {
        ("dog", ("犬 · いぬ",)),
        ("sky", ("空",)),
    }
