"""Planning notes from a delimited text file: CSV, TSV, Quizlet's export, Anki's plain text.

``interop.csv_text`` reads the file into rows; :func:`inspect_csv` proposes how to read it (the
encoding, what separates the rows and the fields, the header row and a column mapping), with a
sample; :func:`plan_csv` turns the rows into notes with the settings the learner confirmed.
"""

from __future__ import annotations

import hashlib
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from fibrolearn.content.cloze import cloze_numbers
from fibrolearn.domain.decks import clean_deck_name, deck_name_key
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.typed_tags import typed_tags
from fibrolearn.interop import anki_cloze, template
from fibrolearn.interop.csv_columns import (
    guess_columns,
    guess_html,
    header_and_head,
    looks_like_header,
)
from fibrolearn.interop.csv_notices import (
    columns_left_out,
    holds_joined_pairs,
    ignored_text_notice,
    joined_rows_notice,
    one_column_notice,
    overlong_notice,
    repeated_role_notice,
    unnamed_header_notice,
    usual_width,
)
from fibrolearn.interop.csv_text import (
    LINE_BREAK,
    SAMPLE_ROWS,
    read_rows,
    read_text,
    text_delimiter,
    text_row_separator,
)
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.formula_guard import unguarded_html
from fibrolearn.interop.html_text import one_kind_of_line_break, plain_or_none, text_to_html
from fibrolearn.interop.note_types import OWN_NOTE_TYPES, STOCK_NAMES, note_type_id
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ColumnRole,
    CsvLayout,
    CsvSettings,
    ImportOptions,
    ImportPlan,
    NoteTypeSpec,
    PlannedCard,
    PlannedNote,
    Skipped,
)

_SHOWN_ROWS = 5
_SOURCE_LABEL = "text file {name}"
# Columns that hold something other than a note's fields.
_NOT_FIELDS = frozenset({ColumnRole.TAGS, ColumnRole.DECK, ColumnRole.GUID})


def inspect_csv(
    path: Path, delimiter: str | None = None, row_separator: str | None = None
) -> CsvLayout:
    """Detect how to read a delimited text file, with a sample.

    ``delimiter`` and ``row_separator``, when given, are used instead of what is detected.

    Raises:
        InteropError: The file is too large, is not text, or holds no rows.
    """
    text = read_text(path)
    row_separator = row_separator or text_row_separator(text, delimiter)
    delimiter = delimiter or text_delimiter(text, row_separator)
    rows = list(read_rows(text, delimiter, limit=SAMPLE_ROWS, row_separator=row_separator))
    if not rows:
        raise InteropError(f"{path.name} holds no rows to import.")
    column_count = max(len(values) for _line, values in rows)
    named = text.directives.get("columns")
    header = tuple(named.split(delimiter)) if named else ()
    has_header = False
    if not header and not text.directives and looks_like_header(rows[0][1]):
        header, has_header = tuple(rows[0][1]), True
    settings = CsvSettings(
        delimiter=delimiter,
        has_header=has_header,
        html=guess_html(text, rows),
        columns=guess_columns(text.directives, header, column_count),
        row_separator=row_separator,
    )
    data_rows = rows[1:] if has_header else rows
    return CsvLayout(
        settings=settings,
        encoding=text.encoding,
        column_count=column_count,
        header=header,
        sample=tuple(tuple(values) for _line, values in data_rows[:_SHOWN_ROWS]),
        notices=tuple(text.notices),
        rows_may_be_joined=row_separator != LINE_BREAK
        or len(rows) == 1
        or any(holds_joined_pairs(values) for _line, values in rows),
    )


def plan_csv(
    path: Path,
    settings: CsvSettings,
    options: ImportOptions,
    note_types: Iterable[NoteTypeSpec] = (),
    *,
    check: Callable[[], None] = lambda: None,
) -> ImportPlan:
    """The notes the rows of ``path`` make under ``settings``.

    ``note_types`` are the collection's: a row whose note type column names one of them, with
    a column for each of its fields, becomes a note of that type with all its fields.
    ``check`` is called before each row: it raises to stop the reading (a cancel).

    Raises:
        InteropError: The settings have no front column, or the file cannot be read, has a
            stray quote or holds only a header row.
    """
    if ColumnRole.FRONT not in settings.columns:
        raise InteropError("Choose which column holds the front of the cards.")
    text = read_text(path)
    default_deck = _first_deck_name(options.deck, text.directives.get("deck"), path.stem)
    extra_tags = tuple(text.directives.get("tags", "").split())
    # Anki's plain text (its header lines) separates tags as Anki does, by spaces only; any
    # other file's tags column is a person's, often written "sleep, pain".
    split_column = str.split if text.directives else typed_tags
    notes: list[PlannedNote] = []
    skipped: list[Skipped] = []
    first_line_of: dict[str | tuple[str, str], int] = {}  # a note's identity: its first line
    rows = read_rows(
        text, settings.delimiter, notices=text.notices, row_separator=settings.row_separator
    )
    word = "line" if settings.row_separator == LINE_BREAK else "row"  # what a row is called
    reader = _RowReader(settings, text.directive_column("notetype"), note_types)
    header, head = header_and_head(path.name, settings, rows)
    width = len(header) if header is not None else usual_width(head)
    overlong: list[int] = []
    ignored: dict[int, list[int]] = {}
    joined: list[int] = []
    widest = backless = 0
    for line, values in itertools.chain(head, rows):
        check()  # a file of a million rows takes a while: a cancel stops it here
        cells = _by_role(settings.columns, values)
        where = f"{word} {line}"
        note, reason = reader.note(values, cells)
        widest = max(widest, len(values))
        if word == "line" and holds_joined_pairs(values):
            joined.append(line)
        whole_row = note is not None and note.whole_row
        left_out = columns_left_out(values, range(len(values)) if whole_row else reader.mapped)
        if any(index >= width for index in left_out):
            overlong.append(line)
        for index in left_out:
            if index < width:
                ignored.setdefault(index, []).append(line)
        if note is None:
            backless += len(values) == 1
            skipped.append(Skipped(where, reason))
            continue
        deck = _first_deck_name(options.deck, cells.get(ColumnRole.DECK)) or default_deck
        tags = tuple(split_column(cells.get(ColumnRole.TAGS, ""))) + extra_tags
        guid = cells.get(ColumnRole.GUID, "").strip() or None
        key = f"guid-{guid}" if guid else f"csv-{_digest(note.fields)}"
        # One note per GUID in the whole collection; else one per text in a deck, whose name
        # is matched as the import finds or makes the deck, and whose text as it shows.
        identity = key if guid else (deck_name_key(deck), main_text(note.fields))
        earlier = first_line_of.setdefault(identity, line)
        if earlier != line:
            same = "has the GUID of" if guid else "repeats"
            skipped.append(Skipped(where, f"it {same} the note on {word} {earlier}"))
            continue
        notes.append(
            PlannedNote(
                where=where,
                key=key,
                guid=guid,
                kind=note.kind,
                fields=note.fields,
                tags=tuple(dict.fromkeys(tags)),
                deck=deck,
                note_type_key=note.note_type_key,
                cards=tuple(
                    PlannedCard(ordinal, deck, new_order=line) for ordinal in note.ordinals
                ),
            )
        )
    problems = (
        *text.notices,
        *one_column_notice(widest, backless, word),
        *joined_rows_notice(joined),
        *overlong_notice(overlong, width, header is not None, word),
        *ignored_text_notice(ignored, header, word),
        *repeated_role_notice(settings.columns, header),
        *unnamed_header_notice(settings, head, word),
    )
    used_types = dict.fromkeys(note.note_type_key for note in notes if note.note_type_key)
    return ImportPlan(
        source_label=_SOURCE_LABEL.format(name=path.name),
        from_text_file=True,
        notes=tuple(notes),
        note_types=tuple(reader.note_types[key] for key in used_types),
        skipped=tuple(skipped),
        problems=problems,
    )


class _RowNote(NamedTuple):
    kind: str
    fields: dict[str, str]
    ordinals: tuple[int, ...]
    note_type_key: str | None = None
    whole_row: bool = False  # every column went into the note (a note type the row names)


# A note type column naming a two-card note type: Anki's stock name (FibroLearn's export
# writes it) and the name of FibroLearn's own in Anki.
_TWO_WAY_NAMES = {
    STOCK_NAMES[str(NoteKind.REVERSED)].casefold(),
    OWN_NOTE_TYPES[NoteKind.REVERSED].name.casefold(),
}
# Note type names standing for FibroLearn's own kinds: a plain-text row naming one becomes one.
_OWN_NAMES = frozenset(
    name.casefold()
    for name in (*STOCK_NAMES.values(), *(spec.name for spec in OWN_NOTE_TYPES.values()))
)


class _RowReader:
    """Turns rows into notes, as the note type a row names when the collection has it."""

    def __init__(
        self, settings: CsvSettings, type_column: int | None, note_types: Iterable[NoteTypeSpec]
    ) -> None:
        self._settings = settings
        self._type_column = type_column
        self._by_name: dict[str, list[NoteTypeSpec]] = {}
        for spec in note_types:
            self._by_name.setdefault(spec.name.casefold(), []).append(spec)
            # Anki reads its id there too: FibroLearn's export writes it for a name that
            # would be a spreadsheet formula.
            self._by_name.setdefault(str(note_type_id(spec.key)), []).append(spec)
        # Every note type a row may become, by key; FibroLearn's own as this version has them.
        self.note_types = {
            **{spec.key: spec for specs in self._by_name.values() for spec in specs},
            **{spec.key: spec for spec in OWN_NOTE_TYPES.values()},
        }
        # The columns a note of FibroLearn's own kinds takes in.
        self.mapped = {i for i, role in enumerate(settings.columns) if role != ColumnRole.IGNORE}
        if type_column is not None:
            self.mapped.add(type_column)

    def note(self, values: list[str], cells: dict[ColumnRole, str]) -> tuple[_RowNote | None, str]:
        """The note a row makes, or None and the reason it makes none."""
        if self._settings.html:  # a field FibroLearn's export kept from spreadsheets' formulas
            cells = {role: unguarded_html(value) for role, value in cells.items()}
        named = self._named(values)
        note, reason = _note(cells, self._settings.html, two_way=named in _TWO_WAY_NAMES)
        if named in _OWN_NAMES and (note is None or note.kind != TEMPLATE_KIND):
            return note, reason  # plain text: one of FibroLearn's own kinds
        specs = self._by_name.get(named, ())
        fields = self._field_cells(values) if specs else []
        for spec in specs:
            count = len(spec.fields)
            if len(fields) >= count and not any(value.strip() for value in fields[count:]):
                return self._typed(spec, fields[:count])
        return note, reason

    def _named(self, values: list[str]) -> str:
        """The note type the row's note type column names, case folded ("" for none)."""
        column = self._type_column
        if column is None or column >= len(values):
            return ""
        return values[column].strip().casefold()

    def _field_cells(self, values: list[str]) -> list[str]:
        """The row's fields in order, as Anki writes them: the columns holding nothing else."""
        roles = self._settings.columns
        return [
            unguarded_html(value) if self._settings.html else value
            for index, value in enumerate(values)
            if index != self._type_column
            and (roles[index] if index < len(roles) else ColumnRole.IGNORE) not in _NOT_FIELDS
        ]

    def _typed(self, spec: NoteTypeSpec, cells: Sequence[str]) -> tuple[_RowNote | None, str]:
        """The row as a note of the collection's note type ``spec``, with all its fields."""
        values = cells if self._settings.html else [text_to_html(value) for value in cells]
        if not values[0].strip():
            return None, f"its first field ({spec.fields[0]}) is empty"
        note, reason = _template_note(spec, dict(zip(spec.fields, values, strict=True)))
        return (None if note is None else note._replace(whole_row=True)), reason


def _note(
    cells: dict[ColumnRole, str], html: bool, *, two_way: bool = False
) -> tuple[_RowNote | None, str]:
    """The note a row makes; ``two_way``: a card each way (a reversed note), unless a cloze."""
    front = cells.get(ColumnRole.FRONT, "").strip()
    back = cells.get(ColumnRole.BACK, "").strip()
    if not front:
        return None, "the front is empty"
    if html:
        plain_front, plain_back = plain_or_none(front), plain_or_none(back)
    else:  # a note's own text, stored as the note editor writes it, whatever file it came from
        plain_front, plain_back = one_kind_of_line_break(front), one_kind_of_line_break(back)
    if plain_front is not None and plain_back is not None:
        numbers = cloze_numbers(plain_front)
        if numbers:
            fields = {"front": "", "back": "", "text": plain_front, "extra": plain_back}
            return _RowNote(str(NoteKind.CLOZE), fields, numbers), ""
        if not plain_back:
            return None, "the back is empty"
        fields = {"front": plain_front, "back": plain_back, "text": "", "extra": ""}
        kind, ordinals = (NoteKind.REVERSED, (0, 1)) if two_way else (NoteKind.BASIC, (0,))
        return _RowNote(str(kind), fields, ordinals), ""
    if anki_cloze.numbers(front):
        kind = NoteKind.CLOZE
    elif not back:
        return None, "the back is empty"
    else:
        kind = NoteKind.REVERSED if two_way else NoteKind.BASIC
    spec = OWN_NOTE_TYPES[kind]
    return _template_note(spec, dict(zip(spec.fields, (front, back), strict=True)))


def _template_note(spec: NoteTypeSpec, fields: dict[str, str]) -> tuple[_RowNote | None, str]:
    """A note of an Anki note type, with a card per cloze deletion, or per template.

    As in Anki, a template makes a card only when its question shows some of the note's text.
    """
    if spec.kind == "cloze":
        ordinals = template.cloze_numbers(spec, fields)
        if not ordinals:
            return None, f"it is a “{spec.name}” note without a cloze deletion"
    else:
        ordinals = template.template_ordinals(spec, fields)
        if not ordinals:
            return None, f"every card of this “{spec.name}” note would have an empty question"
    return _RowNote(TEMPLATE_KIND, fields, ordinals, spec.key), ""


def _by_role(columns: tuple[ColumnRole, ...], values: list[str]) -> dict[ColumnRole, str]:
    cells: dict[ColumnRole, str] = {}
    for role, value in zip(columns, values, strict=False):
        if role is not ColumnRole.IGNORE and role not in cells:
            cells[role] = value
    return cells


def _digest(fields: dict[str, str]) -> str:
    """The key of a row without a guid: its main field's characters as the file writes them.

    Not in NFC, so that a file imported before main texts were compared in NFC finds its notes
    again by their keys.
    """
    return hashlib.sha1(_main_field(fields).encode(), usedforsecurity=False).hexdigest()[:16]


def main_text(fields: Mapping[str, object]) -> str:
    """What tells a note from its repeats: the front, or the text of a cloze, in Unicode's NFC.

    "Müdigkeit" with "ü" as one character or as "u" and an accent (as macOS writes it) is one
    text: the two show alike, and had made two notes.
    """
    return unicodedata.normalize("NFC", _main_field(fields))


def _main_field(fields: Mapping[str, object]) -> str:
    """A note's main field without outer spaces.

    FibroLearn's kinds and note types by their main field; any other note type by its first.
    """
    main = (
        fields.get("front")
        or fields.get("text")
        or fields.get("Front")
        or fields.get("Text")
        or next(iter(fields.values()), "")
    )
    return str(main or "").strip()


def _first_deck_name(*names: str | None) -> str:
    """The first of ``names`` that is a deck name once cleaned (see ``clean_deck_name``)."""
    return next(filter(None, (clean_deck_name(name) for name in names if name)), "")
