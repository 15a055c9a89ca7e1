"""Notes as a text file that Anki's "Import File" and FibroLearn both read.

The file starts with Anki's header lines (separator, HTML, and which columns hold the guid, the
note type, the deck and the tags), so Anki maps every column without asking, and re-importing
it updates notes by guid instead of duplicating them. No field, deck or tag starts a cell that
a spreadsheet would run as a formula (see ``interop.formula_guard``).

A file named .txt or .tsv is tab-separated, as Anki's own "Notes in Plain Text" export. One
named .csv is what a spreadsheet opens as columns: comma-separated, quoted as RFC 4180 says,
lines ending in CRLF, and UTF-8 behind a byte order mark. Excel reads a .csv without the mark
in the machine's legacy code page ("MÃ¼digkeit" for "Müdigkeit"); LibreOffice, Anki and
FibroLearn read the mark as UTF-8's and drop it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from fibrolearn.interop.errors import InteropError, refused_by_disk
from fibrolearn.interop.formula_guard import guarded_html, guarded_text
from fibrolearn.interop.note_types import STOCK_NAMES, anki_fields, note_type_id
from fibrolearn.interop.values import TEMPLATE_KIND, ExportNote, NoteTypeSpec
from fibrolearn.paths import unwritable_target
from fibrolearn.whole_file import written_whole


@dataclass(frozen=True, slots=True)
class _Layout:
    """How a text export separates and encodes: Anki's tab-separated notes, or CSV."""

    delimiter: str
    separator_name: str  # as Anki's "#separator:" header line names the delimiter
    encoding: str
    line_end: str


_TAB_SEPARATED = _Layout("\t", "tab", "utf-8", "\n")
_SPREADSHEET_CSV = _Layout(",", "Comma", "utf-8-sig", "\r\n")  # utf-8-sig: with the mark


def write_notes_csv(
    target: Path,
    notes: Iterable[ExportNote],
    note_types: Mapping[str, NoteTypeSpec],
    kinds: Iterable[tuple[str, str | None]],
) -> None:
    """Write one line per note: guid, note type, deck, every field (as HTML), tags.

    Args:
        target: Where to write; a name ending in .csv gets comma-separated values, any
            other Anki's tab-separated notes.
        notes: The notes, read once as they are written.
        note_types: The note types of template notes, by key.
        kinds: Every (kind, note type key) among the notes: the widest sets the columns.

    Raises:
        InteropError: The file cannot be written there (its folder must exist already).
    """
    unfit = unwritable_target(target)  # no new folders, nor FibroLearn's own files
    if unfit is not None:
        raise InteropError(unfit)
    width = _width(kinds, note_types)
    layout = _SPREADSHEET_CSV if target.suffix.lower() == ".csv" else _TAB_SEPARATED
    header = (
        f"#separator:{layout.separator_name}", "#html:true", "#guid column:1",
        "#notetype column:2", "#deck column:3", f"#tags column:{width + 1}",
    )  # fmt: skip
    try:
        with (
            written_whole(target) as part,
            part.open("w", encoding=layout.encoding, newline="") as out,
        ):
            out.write("".join(line + layout.line_end for line in header))
            writer = csv.writer(out, delimiter=layout.delimiter, lineterminator=layout.line_end)
            # A line starting with "#" is a comment to Anki and may read as a header line: a
            # note whose guid starts with one (Anki's alphabet holds it) has its line quoted.
            quoted = csv.writer(
                out,
                delimiter=layout.delimiter,
                lineterminator=layout.line_end,
                quoting=csv.QUOTE_ALL,
            )
            for note in notes:
                row = _row(note, note_types)
                line = [*row, *[""] * (width - len(row)), guarded_text(" ".join(note.tags))]
                (quoted if note.guid.startswith("#") else writer).writerow(line)
    except OSError as error:
        raise refused_by_disk(f"{target} cannot be written", error, "export again") from error


def _row(note: ExportNote, note_types: Mapping[str, NoteTypeSpec]) -> list[str]:
    """A note's guid, note type, deck and fields; only the guid may be a spreadsheet formula.

    Anki finds the note type by the name in its column, or by its id: a name a spreadsheet
    would run ("=cmd", "-Vocab") is written as the id, which is a number to a spreadsheet and
    the same note type to Anki (the id the .apkg export gives it) and to FibroLearn's import.
    Anki reads a guid only as it is written, so it is.
    """
    spec, values = anki_fields(note.kind, note.fields, note_types.get(note.note_type_key or ""))
    name = STOCK_NAMES.get(note.kind, spec.name)
    if guarded_text(name) != name:
        name = str(note_type_id(spec.key))
    return [note.guid, name, guarded_text(note.deck), *map(guarded_html, values)]


def _width(kinds: Iterable[tuple[str, str | None]], note_types: Mapping[str, NoteTypeSpec]) -> int:
    """The columns before the tags: those of the widest row (three without notes)."""
    widths = [3]
    for kind, key in kinds:
        note_type = note_types.get(key or "")
        if kind != TEMPLATE_KIND or note_type is not None:  # otherwise it is not exported
            widths.append(3 + len(anki_fields(kind, {}, note_type)[1]))
    return max(widths)
