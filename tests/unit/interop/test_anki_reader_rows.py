"""Reading an Anki collection's rows: damage is named as it always was, odd values read as Anki."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from fibrolearn.interop.anki_reader import read_collection
from fibrolearn.interop.errors import InteropError

LEGACY = Path(__file__).resolve().parents[2] / "data" / "interop" / "small-legacy.apkg"
NOT_UTF8 = "CAST(X'67E4' AS TEXT)"  # "g" and a lone byte of a two-byte character


def collection(tmp_path: Path, *statements: str) -> Path:
    """The legacy fixture's collection (three notes, four cards), changed by ``statements``."""
    path = tmp_path / "collection.anki21"
    with zipfile.ZipFile(LEGACY) as archive:
        path.write_bytes(archive.read("collection.anki21"))
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return path


def note_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM notes ORDER BY id")]
    connection.close()
    return ids


def message(path: Path) -> str:
    with pytest.raises(InteropError) as raised:
        read_collection(path, with_reviews=True, label="damaged.apkg")
    return str(raised.value)


def test_the_first_damaged_row_is_named_of_two(tmp_path: Path) -> None:
    path = collection(
        tmp_path,
        "UPDATE notes SET flds = X'00FF' WHERE id = (SELECT min(id) FROM notes)",
        "UPDATE notes SET mid = 'x' WHERE id = (SELECT max(id) FROM notes)",
    )
    first = note_ids(path)[0]
    assert message(path) == (
        f"Row {first} of the collection's notes table is damaged: flds should be text, "
        "not b'\\x00\\xff'."
    )


def test_a_damaged_row_is_named_before_text_that_is_not_utf8(tmp_path: Path) -> None:
    """Text SQLite stores but Python cannot decode stops a plain read of the table; the row of
    the wrong kind after it is still what the message names."""
    path = collection(
        tmp_path,
        f"UPDATE notes SET flds = {NOT_UTF8} WHERE id = (SELECT min(id) FROM notes)",
        "UPDATE notes SET mid = 'x' WHERE id = (SELECT max(id) FROM notes)",
    )
    last = note_ids(path)[-1]
    assert message(path) == (
        f"Row {last} of the collection's notes table is damaged: mid should be a number, not 'x'."
    )


def test_text_that_is_not_utf8_alone_is_named_as_damage(tmp_path: Path) -> None:
    path = collection(tmp_path, f"UPDATE notes SET tags = {NOT_UTF8}")
    assert message(path).startswith(
        "The collection in damaged.apkg is damaged (Could not decode to UTF-8 column 'tags'"
    )


def test_reals_and_empty_values_are_read_as_anki_reads_them(tmp_path: Path) -> None:
    """A number stored as a real is rounded down; card data left empty (NULL) reads as ''."""
    path = collection(
        tmp_path,
        # Another program's table, without Anki's NOT NULL.
        "CREATE TABLE loose AS SELECT * FROM cards",
        "DROP TABLE cards",
        "ALTER TABLE loose RENAME TO cards",
        "UPDATE cards SET due = 12.7, data = NULL WHERE id = (SELECT min(id) FROM cards)",
        "UPDATE notes SET mid = mid + 0.5 WHERE id = (SELECT min(id) FROM notes)",
    )
    read = read_collection(path, with_reviews=True, label="odd.apkg")
    first_card, *others = read.cards
    assert (first_card.due, first_card.data) == (12, "")
    assert [(card.due, card.data) for card in others] == [(2, "{}"), (3, "{}"), (3, "{}")]
    assert [note.notetype_id for note in read.notes] == [
        1795854567261,
        1795854567261,
        1795854567265,
    ]
