"""A line of a text file repeating a note already in its deck is not added a second time.

Anki's text import finds such a duplicate by its first field; FibroLearn found only the notes
that came from the same file before, and added a second copy of a note the learner had written
or a deck file had brought. The copy is skipped now, the report says so, and the note is kept.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sqlalchemy import text

from fibrolearn.domain.browse import NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions


def backs(services: Services, front: str) -> list[str]:
    query = text("SELECT json_extract(fields, '$.back') FROM notes WHERE fields ->> 'front' = :f")
    with services.database.engine.connect() as connection:
        return list(connection.scalars(query, {"f": front}))


def test_a_line_repeating_a_note_written_in_the_deck_is_skipped(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "Tender points.txt"
    path.write_text("allodynia\tpain from a touch\n", encoding="utf-8")
    assert services.importer.run(path, ImportOptions()).added == 1
    deck = next(d for d in services.notes.decks() if d.name == "Tender points")
    services.notes.add(deck.deck_id, NoteDraft(NoteKind.BASIC, front="fog", back="my words"))

    path.write_text(
        "allodynia\tpain from a touch\n  fog \tslow thinking\nfatigue\ttiredness\n",
        encoding="utf-8",
    )
    said = [
        ("line 2", "it repeats a note already in the deck “Tender points”, which was left as it is")
    ]
    preview = services.importer.preview(path, ImportOptions())
    assert (preview.notes, preview.new_notes, preview.existing_notes) == (2, 1, 1)
    assert [(s.where, s.reason) for s in preview.skipped] == said
    report = services.importer.run(path, ImportOptions())
    assert (report.added, report.unchanged) == (1, 1)
    assert [(s.where, s.reason) for s in report.skipped] == said
    assert backs(services, "fog") == ["my words"]


def test_a_line_repeating_a_deck_files_note_is_skipped(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text("beta,Factor B\ngamma,Factor C\n", encoding="utf-8")
    report = services.importer.run(path, ImportOptions(deck="Small deck"))
    assert report.added == 1
    assert [s.where for s in report.skipped] == ["line 1"]
    assert backs(services, "beta") == ["Factor B"]


NFC = unicodedata.normalize("NFC", "Müdigkeit")
NFD = unicodedata.normalize("NFD", "Müdigkeit")  # as macOS writes it: "u" and an accent


def test_a_front_written_in_another_unicode_form_is_the_same_note(
    services: Services, tmp_path: Path
) -> None:
    both = tmp_path / "Symptome.txt"
    both.write_text(f"{NFC}\ttiredness\n{NFD}\tfatigue\n", encoding="utf-8")
    report = services.importer.run(both, ImportOptions())
    assert report.added == 1
    assert [(s.where, s.reason) for s in report.skipped] == [
        ("line 2", "it repeats the note on line 1")
    ]

    from_a_mac = tmp_path / "mac.txt"
    from_a_mac.write_text(f"{NFD}\tfatigue\n", encoding="utf-8")
    again = services.importer.run(from_a_mac, ImportOptions(deck="Symptome"))
    assert again.added == 0
    assert backs(services, NFC) == ["tiredness"]
    assert backs(services, NFD) == []


def test_a_file_imported_in_either_form_finds_its_notes_again(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "Symptome.txt"
    path.write_text(f"{NFD}\tfatigue\n", encoding="utf-8")
    assert services.importer.run(path, ImportOptions()).added == 1
    path.write_text(f"{NFD}\ttiredness\n", encoding="utf-8")
    report = services.importer.run(path, ImportOptions())
    assert (report.added, report.updated) == (0, 1)
    assert backs(services, NFD) == ["tiredness"]
