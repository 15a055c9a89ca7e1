"""Subdecks in and out: an Anki package's come in under their parents (made when missing),
and a parent deck goes out with them.

Found importing a package Anki's own library wrote: its cards were in
"Languages::Spanish::Verbs" and "Languages::French" only, so no "Languages" deck came in,
and the deck list showed two unrelated decks named by their whole paths, with nothing to
study both. Anki makes a subdeck's parents with it; so does the import now. And exporting
"Science" wrote its own cards alone, leaving out "Science::Biology", which Anki takes along.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_subdeck_study import import_cards

from anki_packages import write_anki_package
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions


def test_the_parents_of_an_anki_packages_subdecks_are_made_and_study_them(
    services: Services, tmp_path: Path
) -> None:
    anki_collection = pytest.importorskip(
        "anki.collection", reason="Anki's library is not installed (pip install -e '.[anki]')"
    )
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    basic = col.models.by_name("Basic")
    for deck, word in (("Languages::Spanish::Verbs", "hablar"), ("Languages::French", "parler")):
        note = col.new_note(basic)
        note["Front"], note["Back"] = word, "to speak"
        col.add_note(note, col.decks.id(deck))
    package = write_anki_package(col, tmp_path / "languages.apkg")
    col.close()

    report = services.importer.run(package, ImportOptions())

    assert report.decks_created == (
        "Languages",
        "Languages::French",
        "Languages::Spanish",
        "Languages::Spanish::Verbs",
    )
    counts = {deck.name: deck.new for deck in services.decks.list_decks()}
    assert counts["Languages"] == 2  # both cards, studied from the parent
    assert counts["Languages::Spanish"] == 1


def test_exporting_a_parent_deck_takes_its_subdecks_cards_too(
    services: Services, tmp_path: Path
) -> None:
    """As Anki exports a deck: "Science" with "Science::Biology", not its own cards alone."""
    science = import_cards(services, tmp_path, "Science", 1)
    import_cards(services, tmp_path, "Science::Biology", 2)
    import_cards(services, tmp_path, "Science fiction", 1)  # named alike only

    report = services.exporter.export_csv(tmp_path / "science.txt", deck_id=science)

    assert report.notes == 3
    text = (tmp_path / "science.txt").read_text(encoding="utf-8")
    assert "Science::Biology question 1" in text
    assert "Science fiction question" not in text
