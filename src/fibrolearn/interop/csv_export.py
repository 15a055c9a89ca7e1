"""Notes as a tab-separated text file that Anki's "Import File" and FibroLearn both read.

The file starts with Anki's header lines (separator, HTML, and which columns hold the guid, the
note type, the deck and the tags), so Anki maps every column without asking, and re-importing
it updates notes by guid instead of duplicating them.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.note_types import STOCK_NAMES, anki_fields
from fibrolearn.interop.values import ExportNote, NoteTypeSpec
from fibrolearn.whole_file import written_whole


def write_notes_csv(
    target: Path, notes: Sequence[ExportNote], note_types: Mapping[str, NoteTypeSpec]
) -> None:
    """Write one line per note: guid, note type, deck, every field (as HTML), tags.

    Raises:
        InteropError: The file cannot be written there.
    """
    rows = []
    for note in notes:
        spec, values = anki_fields(note.kind, note.fields, note_types.get(note.note_type_key or ""))
        rows.append([note.guid, STOCK_NAMES.get(note.kind, spec.name), note.deck, *values])
    width = max((len(row) for row in rows), default=3)
    header = (
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        f"#tags column:{width + 1}\n"
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with written_whole(target) as part, part.open("w", encoding="utf-8", newline="") as out:
            out.write(header)
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            for row, note in zip(rows, notes, strict=True):
                writer.writerow([*row, *[""] * (width - len(row)), " ".join(note.tags)])
    except OSError as error:
        raise InteropError(f"{target} cannot be written: {error.strerror or error}.") from error
