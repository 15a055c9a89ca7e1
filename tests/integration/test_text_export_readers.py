"""FibroLearn's text export of notes reads back whole, in Anki and in FibroLearn.

Anki writes a note's guid in a base-91 alphabet holding "#", so about one note in ninety has a
guid starting with it, and a line starting with "#" is a comment (Anki) or a header line.
"""

from __future__ import annotations

import csv
import html
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from anki_packages import write_anki_package
from fibrolearn.domain.clock import FixedClock
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")

GUIDS = ("#deck:like a header line", "#comment", "plain")


def _fibro(folder: Path) -> Services:
    paths = resolve_paths(folder)
    database = open_collection(paths.collection, paths.backups_dir)
    return Services.build(database, FixedClock(datetime.now(UTC)))


@pytest.fixture
def fibro(tmp_path: Path) -> Iterator[Services]:
    services = _fibro(tmp_path / "fibro")
    yield services
    services.close()


def _package_with_guids(folder: Path) -> Path:
    """An Anki deck "Words" of a note for each guid in GUIDS."""
    folder.mkdir()
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    try:
        for number, guid in enumerate(GUIDS):
            note = col.new_note(col.models.by_name("Basic"))
            note["Front"], note["Back"] = f"front {number}", "back"
            note.guid = guid
            col.add_note(note, col.decks.id("Words"))
        package = folder / "words.apkg"
        write_anki_package(col, package)
    finally:
        col.close()
    return package


def _guids_anki_reads(text_file: Path) -> list[str]:
    """The guids of the notes Anki's "Import File" makes of ``text_file``, as it maps them."""
    col = anki_collection.Collection(tempfile.mkdtemp(dir=text_file.parent) + "/c.anki2")
    try:
        metadata = col.get_csv_metadata(str(text_file), None)
        col.import_csv(anki_collection.ImportCsvRequest(path=str(text_file), metadata=metadata))
        return sorted(col.get_note(note_id).guid for note_id in col.find_notes(""))
    finally:
        col.close()


def test_notes_whose_guid_starts_with_a_hash_sign_are_read_back_by_anki_and_fibrolearn(
    fibro: Services, tmp_path: Path
) -> None:
    fibro.importer.run(_package_with_guids(tmp_path / "anki"), ImportOptions())
    exported = tmp_path / "words.txt"
    fibro.exporter.export_csv(exported)

    assert set(GUIDS) <= set(_guids_anki_reads(exported))
    fresh = _fibro(tmp_path / "fresh")
    try:
        report = fresh.importer.run(exported, ImportOptions())
        (words,) = (deck for deck in fresh.decks.list_decks() if deck.name == "Words")
    finally:
        fresh.close()
    assert report.skipped == ()
    assert words.total == len(GUIDS)


def test_anki_reads_the_cells_kept_from_spreadsheets_as_they_were(
    fibro: Services, tmp_path: Path
) -> None:
    # Each would be a formula in a spreadsheet; the export writes them so that it is none.
    source = tmp_path / "formulas.txt"
    source.write_text(
        "#separator:tab\n#html:true\n#deck column:3\n#tags column:4\n"
        '=HYPERLINK("http://evil.example","Click")\t@home\t-Deck::=Sub\t+one -two\n',
        encoding="utf-8",
    )
    assert fibro.importer.run(source, ImportOptions()).added == 1
    exported = tmp_path / "notes.csv"
    fibro.exporter.export_csv(exported)

    col = anki_collection.Collection(tempfile.mkdtemp(dir=tmp_path) + "/c.anki2")
    try:
        metadata = col.get_csv_metadata(str(exported), None)
        col.import_csv(anki_collection.ImportCsvRequest(path=str(exported), metadata=metadata))
        (note,) = (col.get_note(i) for i in col.find_notes('"deck:-Deck::=Sub"'))
        shown = [html.unescape(field) for field in note.fields]
        deck = col.decks.name(note.cards()[0].did)
        assert (shown, deck, sorted(note.tags)) == (
            ['=HYPERLINK("http://evil.example","Click")', "@home"],
            "-Deck::=Sub",
            ["+one", "-two"],
        )
    finally:
        col.close()


def test_a_note_type_named_like_a_formula_is_written_as_its_id_which_anki_reads(
    fibro: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "anki"
    folder.mkdir()
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    try:
        note_type = col.models.copy(col.models.by_name("Basic"), add=False)
        note_type["name"] = '=HYPERLINK("http://evil.example","Click")'
        col.models.add_field(note_type, col.models.new_field("Extra"))
        note_type = col.models.get(col.models.add_dict(note_type).id)
        note = col.new_note(note_type)
        note["Front"], note["Back"], note["Extra"] = "front", "back", "extra"
        col.add_note(note, col.decks.id("Words"))
        fibro.importer.run(write_anki_package(col, folder / "words.apkg"), ImportOptions())
        exported = tmp_path / "words.csv"
        report = fibro.exporter.export_csv(exported)

        with exported.open(encoding="utf-8-sig", newline="") as opened:
            (line,) = (row for row in csv.reader(opened) if not row[0].startswith("#"))
        assert line[1] == str(note_type["id"])  # a number to a spreadsheet
        metadata = col.get_csv_metadata(str(exported), None)
        done = col.import_csv(
            anki_collection.ImportCsvRequest(path=str(exported), metadata=metadata)
        ).log
        # The note it came from, found by its guid in its note type.
        assert (len(done.new), len(done.missing_notetype)) == (0, 0)
        assert len(done.updated) + len(done.duplicate) == 1
    finally:
        col.close()
    again = fibro.importer.run(exported, ImportOptions())
    assert (again.added, again.updated, again.unchanged) == (0, 0, report.notes)
