"""An import makes a deck only when a note or card goes into it.

Matched notes keep their deck, so re-importing them from a file with another name (whose name
would be the deck of new notes), or with another deck chosen, must not leave an empty deck.
"""

from __future__ import annotations

from pathlib import Path

from test_interop_hostile import LATEST

from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions

NOTES = "#separator:tab\n#guid column:1\nclz1\t{{c1::Serotonin}} and {{c2::dopamine}}\textra\n"


def deck_names(services: Services) -> set[str]:
    return {deck.name for deck in services.decks.list_decks()}


def test_the_same_notes_from_a_file_of_another_name_make_no_deck(
    services: Services, tmp_path: Path
) -> None:
    first, second = tmp_path / "c1.txt", tmp_path / "c2.txt"
    first.write_text(NOTES, encoding="utf-8")
    second.write_text(NOTES.replace("{{c2::dopamine}}", "dopamine"), encoding="utf-8")
    assert services.importer.run(first, ImportOptions()).decks_created == ("c1",)

    report = services.importer.run(second, ImportOptions())

    assert report.updated == 1
    assert report.decks_created == ()
    assert "c2" not in deck_names(services)


def test_a_new_card_of_a_note_already_there_joins_the_notes_deck(
    services: Services, tmp_path: Path
) -> None:
    first, second = tmp_path / "c1.txt", tmp_path / "c3.txt"
    first.write_text(NOTES, encoding="utf-8")
    second.write_text(NOTES.replace(" and ", " and {{c3::noradrenaline}} and "), "utf-8")
    services.importer.run(first, ImportOptions())

    report = services.importer.run(second, ImportOptions())

    assert (report.updated, report.cards_added, report.decks_created) == (1, 1, ())
    by_deck = {d.name: d.deck_id for d in services.decks.list_decks()}
    with services.database.engine.connect() as connection:
        decks = connection.exec_driver_sql(
            "SELECT DISTINCT c.deck_id FROM cards c JOIN notes n ON n.id = c.note_id "
            "WHERE n.guid = 'clz1'"
        ).all()
    assert decks == [(by_deck["c1"],)]


def test_a_deck_is_made_for_the_new_notes_only(services: Services, tmp_path: Path) -> None:
    first = tmp_path / "c1.txt"
    first.write_text(NOTES, encoding="utf-8")
    services.importer.run(first, ImportOptions())
    more = tmp_path / "more.txt"
    more.write_text(NOTES + "new1\tA {{c1::new}} note\t\n", encoding="utf-8")

    report = services.importer.run(more, ImportOptions())

    assert (report.added, report.unchanged, report.decks_created) == (1, 1, ("more",))
    assert "more" in deck_names(services)


def test_a_package_imported_again_into_a_chosen_deck_leaves_no_empty_deck(
    services: Services,
) -> None:
    services.importer.run(LATEST, ImportOptions())

    report = services.importer.run(LATEST, ImportOptions(deck="Elsewhere"))

    assert report.added == 0 and report.decks_created == ()
    assert "Elsewhere" not in deck_names(services)


def test_the_preview_names_only_the_decks_the_import_puts_cards_in(
    services: Services, tmp_path: Path
) -> None:
    """It said "into 1 deck: Elsewhere" for notes that then stayed where they were."""
    services.importer.run(LATEST, ImportOptions())
    again = services.importer.preview(LATEST, ImportOptions(deck="Elsewhere"))
    assert (again.existing_notes, again.decks) == (3, ())

    first = tmp_path / "c1.txt"
    first.write_text(NOTES, encoding="utf-8")
    services.importer.run(first, ImportOptions())
    renamed = tmp_path / "c2.txt"
    renamed.write_text(NOTES, encoding="utf-8")
    assert services.importer.preview(renamed, ImportOptions()).decks == ()
    more = tmp_path / "more.txt"
    more.write_text(NOTES + "new1\tA {{c1::new}} note\t\n", encoding="utf-8")
    assert services.importer.preview(more, ImportOptions()).decks == ("more",)
