"""Delimited text files: CSV, TSV, Quizlet's export, Anki's "Notes in Plain Text".

Quizlet exports a term, a tab and a definition per line; Anki starts its file with header lines
(``#separator:``, ``#html:``, ``#guid column:`` and the like) that say how to read it.

:func:`inspect_csv` detects the encoding, delimiter, header row and a column mapping to propose;
:func:`plan_csv` turns the rows into notes with the settings the learner confirmed.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from fibrolearn.content.cloze import cloze_numbers
from fibrolearn.domain.enums import NoteKind
from fibrolearn.interop import anki_cloze, template
from fibrolearn.interop.csv_notices import (
    columns_left_out,
    ignored_text_notice,
    overlong_notice,
    unnamed_header_notice,
    usual_width,
)
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.html_text import plain_or_none, text_to_html
from fibrolearn.interop.note_types import OWN_NOTE_TYPES, STOCK_NAMES
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

MAX_CSV_BYTES = 256 << 20
_SAMPLE_ROWS = 100
_SHOWN_ROWS = 5
_DELIMITERS = ("\t", ",", ";", "|")  # in order of preference when equally likely
_DELIMITER_NAMES = {
    "tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":",
}  # fmt: skip
_HEADER_WORDS = {
    ColumnRole.FRONT: {"front", "question", "term", "word", "text", "prompt"},
    ColumnRole.BACK: {"back", "answer", "definition", "meaning", "extra", "back extra"},
    ColumnRole.TAGS: {"tags", "tag"},
    ColumnRole.DECK: {"deck"},
    ColumnRole.GUID: {"guid", "id"},
}
_ANKI_COLUMN_DIRECTIVES = {
    "tags column": ColumnRole.TAGS,
    "deck column": ColumnRole.DECK,
    "guid column": ColumnRole.GUID,
    "notetype column": ColumnRole.IGNORE,
}
_HTML_TAG = re.compile(
    r"<(?:b|i|u|br|div|span|img|p|ul|ol|li|sup|sub|a|font|strong|em|hr|table)\b[^>]*>", re.I
)
# A whole field in quotes, as spreadsheets write one holding a line break or a quote: inside,
# only doubled quotes; the line may end in CRLF.
_QUOTED_FIELD = re.compile(r'(?:^|\t)"(?:[^"]|"")*"(?=\t|\r?$)', re.MULTILINE)
_ROW_LIKE_LINES = 3  # a quoted field holding this many lines that each look like a row
_SOURCE_LABEL = "text file {name}"
# Columns that hold something other than a note's fields.
_NOT_FIELDS = frozenset({ColumnRole.TAGS, ColumnRole.DECK, ColumnRole.GUID})


@dataclass(slots=True)
class _Text:
    """A decoded file with Anki's header lines taken off."""

    body: str
    encoding: str
    first_line: int  # file line number where ``body`` starts
    directives: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def inspect_csv(path: Path, delimiter: str | None = None) -> CsvLayout:
    """Detect how to read a delimited text file (or read it with ``delimiter``), with a sample.

    Raises:
        InteropError: The file is too large, is not text, or holds no rows.
    """
    text = _read_text(path)
    delimiter = delimiter or _directive_delimiter(text) or _detect_delimiter(text.body)
    rows = list(_rows(text, delimiter, limit=_SAMPLE_ROWS))
    if not rows:
        raise InteropError(f"{path.name} holds no rows to import.")
    column_count = max(len(values) for _line, values in rows)
    named = text.directives.get("columns")
    header = tuple(named.split(delimiter)) if named else ()
    has_header = False
    if not header and not text.directives and _looks_like_header(rows[0][1]):
        header, has_header = tuple(rows[0][1]), True
    settings = CsvSettings(
        delimiter=delimiter,
        has_header=has_header,
        html=_guess_html(text, rows),
        columns=_guess_columns(text.directives, header, column_count),
    )
    data_rows = rows[1:] if has_header else rows
    return CsvLayout(
        settings=settings,
        encoding=text.encoding,
        column_count=column_count,
        header=header,
        sample=tuple(tuple(values) for _line, values in data_rows[:_SHOWN_ROWS]),
        notices=tuple(text.notices),
    )


def plan_csv(
    path: Path,
    settings: CsvSettings,
    options: ImportOptions,
    note_types: Iterable[NoteTypeSpec] = (),
) -> ImportPlan:
    """The notes the rows of ``path`` make under ``settings``.

    ``note_types`` are the collection's: a row whose note type column names one of them, with
    a column for each of its fields, becomes a note of that type with all its fields.

    Raises:
        InteropError: The settings have no front column, or the file cannot be read, has a
            stray quote or holds only a header row.
    """
    if ColumnRole.FRONT not in settings.columns:
        raise InteropError("Choose which column holds the front of the cards.")
    text = _read_text(path)
    default_deck = options.deck or text.directives.get("deck") or path.stem
    extra_tags = tuple(text.directives.get("tags", "").split())
    notes: list[PlannedNote] = []
    skipped: list[Skipped] = []
    first_line_of: dict[tuple[str, str], int] = {}
    rows = _rows(text, settings.delimiter, notices=text.notices)
    reader = _RowReader(settings, _directive_column(text, "notetype"), note_types)
    header, head = _header_and_head(path.name, settings, rows)
    width = len(header) if header is not None else usual_width(head)
    overlong: list[int] = []
    ignored: dict[int, list[int]] = {}
    for line, values in itertools.chain(head, rows):
        cells = _by_role(settings.columns, values)
        where = f"line {line}"
        note, reason = reader.note(values, cells)
        whole_row = note is not None and note.whole_row
        left_out = columns_left_out(values, range(len(values)) if whole_row else reader.mapped)
        if any(index >= width for index in left_out):
            overlong.append(line)
        for index in left_out:
            if index < width:
                ignored.setdefault(index, []).append(line)
        if note is None:
            skipped.append(Skipped(where, reason))
            continue
        deck = options.deck or cells.get(ColumnRole.DECK, "").strip() or default_deck
        tags = tuple(cells.get(ColumnRole.TAGS, "").split()) + extra_tags
        guid = cells.get(ColumnRole.GUID, "").strip() or None
        key = f"guid-{guid}" if guid else f"csv-{_digest(note.fields)}"
        earlier = first_line_of.setdefault((deck, key), line)
        if earlier != line:
            skipped.append(Skipped(where, f"it repeats the note on line {earlier}"))
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
        *overlong_notice(overlong, width, header is not None),
        *ignored_text_notice(ignored, header),
        *unnamed_header_notice(settings, head),
    )
    used_types = dict.fromkeys(note.note_type_key for note in notes if note.note_type_key)
    return ImportPlan(
        source_label=_SOURCE_LABEL.format(name=path.name),
        notes=tuple(notes),
        note_types=tuple(reader.note_types[key] for key in used_types),
        skipped=tuple(skipped),
        problems=problems,
    )


def from_text_file(plan: ImportPlan) -> bool:
    """Whether ``plan`` was made from a text file (by :func:`plan_csv`)."""
    return plan.source_label.startswith(_SOURCE_LABEL.format(name=""))


@dataclass(frozen=True, slots=True)
class _RowNote:
    kind: str
    fields: dict[str, str]
    ordinals: tuple[int, ...]
    note_type_key: str | None = None
    whole_row: bool = False  # every column went into the note (a note type the row names)


def _directive_column(text: _Text, what: str) -> int | None:
    """The 0-based column a ``#<what> column:N`` header line names, if any."""
    number = text.directives.get(f"{what} column", "").strip()
    return int(number) - 1 if number.isdigit() and int(number) > 0 else None


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
            value
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
        return (None if note is None else replace(note, whole_row=True)), reason


def _note(
    cells: dict[ColumnRole, str], html: bool, *, two_way: bool = False
) -> tuple[_RowNote | None, str]:
    """The note a row makes; ``two_way``: a card each way (a reversed note), unless a cloze."""
    front = cells.get(ColumnRole.FRONT, "").strip()
    back = cells.get(ColumnRole.BACK, "").strip()
    if not front:
        return None, "the front is empty"
    plain_front, plain_back = (plain_or_none(front), plain_or_none(back)) if html else (front, back)
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
        ordinals = tuple(
            ordinal
            for ordinal, empty in enumerate(_empty_questions(spec))
            if template.render_note_card(spec, fields, ordinal).question_html != empty
        )
        if not ordinals:
            return None, f"every card of this “{spec.name}” note would have an empty question"
    return _RowNote(TEMPLATE_KIND, fields, ordinals, spec.key), ""


@functools.cache
def _empty_questions(spec: NoteTypeSpec) -> tuple[str, ...]:
    """The question of each template of ``spec`` for a note whose fields are all empty."""
    empty = dict.fromkeys(spec.fields, "")
    return tuple(
        template.render_note_card(spec, empty, ordinal).question_html
        for ordinal in range(len(spec.templates))
    )


def _by_role(columns: tuple[ColumnRole, ...], values: list[str]) -> dict[ColumnRole, str]:
    cells: dict[ColumnRole, str] = {}
    for role, value in zip(columns, values, strict=False):
        if role is not ColumnRole.IGNORE and role not in cells:
            cells[role] = value
    return cells


def _digest(fields: dict[str, str]) -> str:
    # FibroLearn's kinds and note types by their main field; any other note type by its first.
    main = (
        fields.get("front")
        or fields.get("text")
        or fields.get("Front")
        or fields.get("Text")
        or next(iter(fields.values()), "")
    )
    return hashlib.sha1((main or "").strip().encode(), usedforsecurity=False).hexdigest()[:16]


# --------------------------------------------------------------------- rows that look wrong
def _header_and_head(
    name: str, settings: CsvSettings, rows: Iterator[tuple[int, list[str]]]
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header row (when ``settings`` say there is one) and the first rows after it.

    Raises:
        InteropError: The file holds nothing but its header row.
    """
    head = list(itertools.islice(rows, _SAMPLE_ROWS))
    if not settings.has_header or not head:
        return None, head
    (_line, header), *head = head
    if not head:
        raise InteropError(
            f"{name} holds only a header row ({', '.join(header)}): there are no cards in it."
        )
    return header, head


# --------------------------------------------------------------------- reading the text
def _read_text(path: Path) -> _Text:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InteropError(
                f"{path.name} is {size / 2**20:,.0f} MiB; text files up to "
                f"{MAX_CSV_BYTES >> 20} MiB can be imported."
            )
        raw = path.read_bytes()
    except OSError as error:
        raise InteropError(f"{path.name} cannot be read: {error.strerror or error}.") from error
    body, encoding, notices = _decode(raw, path.name)
    return _take_directives(body, encoding, notices)


def _decode(raw: bytes, name: str) -> tuple[str, str, list[str]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16", []
        except UnicodeDecodeError as error:
            raise InteropError(f"{name} is not valid UTF-16 text ({error}).") from error
    if b"\x00" in raw[:65536]:
        raise InteropError(
            f"{name} is not an Anki package (not a zip archive) and not a text file (it holds "
            "binary data). If it is text, save it as UTF-8 and import it again."
        )
    try:
        return raw.decode("utf-8-sig"), "UTF-8", []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        notice = (
            f"{name} is not UTF-8 (the first unreadable byte is on line {line}); it was read as "
            "Windows-1252. Check accented letters in the preview; if they look wrong, save the "
            "file as UTF-8 and import it again."
        )
        return raw.decode("cp1252", errors="replace"), "Windows-1252", [notice]


def _take_directives(body: str, encoding: str, notices: list[str]) -> _Text:
    directives: dict[str, str] = {}
    lines = body.splitlines(keepends=True)
    taken = 0
    for line in lines:
        match = re.match(r"#([a-z ]+):(.*)$", line.rstrip("\r\n"))
        if match is None:
            break
        directives[match.group(1).strip().lower()] = match.group(2).strip()
        taken += 1
    return _Text("".join(lines[taken:]), encoding, taken + 1, directives, notices)


def _directive_delimiter(text: _Text) -> str | None:
    value = text.directives.get("separator")
    if value is None:
        return None
    return _DELIMITER_NAMES.get(value.lower(), value[:1] or None)


def _detect_delimiter(body: str) -> str:
    lines = [line for line in body.splitlines()[:_SAMPLE_ROWS] if line.strip()]
    best, best_score = "\t", 0.0
    for delimiter in _DELIMITERS:
        # Counted by records (a quoted field may hold line breaks) and by lines (a stray
        # quote would hide the rows after it in one record): the better reading counts.
        by_record = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        by_line = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        score = max(_regularity(by_record), _regularity(by_line))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _regularity(widths: list[int]) -> float:
    """The share of rows with the most common width, 0 when that width is one value."""
    if not widths:
        return 0.0
    common = max(set(widths), key=lambda n: (widths.count(n), n))
    return widths.count(common) / len(widths) if common >= 2 else 0.0


def _rows(
    text: _Text, delimiter: str, limit: int | None = None, notices: list[str] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows with the line each ends on; ``notices`` gets what looks doubtful.

    Raises:
        InteropError: A row cannot be read, or a quote opened on one line runs on to the end
            of the file or is closed badly further down (rows would silently merge).
    """
    quoting = csv.QUOTE_MINIMAL
    if delimiter == "\t" and not text.directives and not _QUOTED_FIELD.search(text.body):
        quoting = csv.QUOTE_NONE  # Quizlet writes quotes as they are, never around fields
    lines = _RecordLines(text.body)
    reader = csv.reader(lines, delimiter=delimiter, quoting=quoting)
    count = 0
    try:
        for values in reader:
            taken, lines.taken = lines.taken, []
            if not any(value.strip() for value in values):
                continue  # blank lines separate nothing
            if limit is not None and count >= limit:
                return
            count += 1
            last = text.first_line + reader.line_num - 1
            if quoting != csv.QUOTE_NONE and (len(taken) > 1 or lines.ended):
                first = last - len(taken) + 1
                if _badly_quoted(taken, delimiter):
                    raise InteropError(_stray_quote(first, last, to_the_end=lines.ended))
                if notices is not None and any(_row_like(v, delimiter) for v in values):
                    notices.append(_row_like_notice(first, last))
            yield last, values
    except csv.Error as error:
        last = text.first_line + reader.line_num - 1
        if len(lines.taken) > 1:  # a quoted field ran on until the reader gave up
            raise InteropError(_stray_quote(last - len(lines.taken) + 1, last)) from error
        raise InteropError(f"Line {last} cannot be read: {error}.") from error


class _RecordLines:
    """The text's lines for the csv reader, keeping those of the row being read."""

    def __init__(self, body: str) -> None:
        self._lines = io.StringIO(body, newline="")
        self.taken: list[str] = []
        self.ended = False  # the reader asked for a line after the last one

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            self.ended = True
            raise StopIteration
        self.taken.append(line)
        return line


def _badly_quoted(taken: list[str], delimiter: str) -> bool:
    """Whether the lines of one row, read strictly, show a quote that swallowed lines by mistake.

    A field really quoted over several lines closes right before a delimiter or a line break.
    A stray quote instead runs on to the end of the file, or "closes" on the quote of a later
    field with text after it.
    """
    # Spaces after a closing quote are a slip, not a stray quote: the field did close.
    spaces_after_quote = re.compile(rf'"[ ]+(?=[{re.escape(delimiter)}\r\n]|$)')
    lines = [spaces_after_quote.sub('"', line) for line in taken]
    try:
        for _row in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return True
    return False


def _row_like(value: str, delimiter: str) -> bool:
    """Whether a field's lines after its first all hold the delimiter, as rows would."""
    after_first = value.splitlines()[1:]
    return len(after_first) >= _ROW_LIKE_LINES and all(delimiter in line for line in after_first)


def _row_like_notice(first: int, last: int) -> str:
    return (
        f"Lines {first:,}–{last:,} were read as one quoted field, yet the lines in it look like "
        f"rows of their own. If a closing quote is missing on line {first:,}, those rows were "
        "not imported as cards."
    )


def _stray_quote(first: int, last: int, *, to_the_end: bool = False) -> str:
    reach = "the end of the file" if to_the_end else f"line {last:,}"
    merged = f", so lines {first:,}–{last:,} would be read as one field" if last > first else ""
    return (
        f'Line {first:,} opens a quote (") that is not closed before {reach}{merged}. Add the '
        "missing quote, or remove the stray one, then import again."
    )


def _looks_like_header(values: list[str]) -> bool:
    words = {value.strip().lower() for value in values}
    known = set().union(*_HEADER_WORDS.values())
    return bool(words & known) and all(value.strip() for value in values)


def _guess_html(text: _Text, rows: list[tuple[int, list[str]]]) -> bool:
    declared = text.directives.get("html")
    if declared is not None:
        return declared.lower() == "true"
    return any(_HTML_TAG.search(value) for _line, values in rows for value in values)


def _guess_columns(
    directives: dict[str, str], header: tuple[str, ...], count: int
) -> tuple[ColumnRole, ...]:
    roles: list[ColumnRole | None] = [None] * count
    for name, role in _ANKI_COLUMN_DIRECTIVES.items():
        number = directives.get(name, "")
        if number.isdigit() and 1 <= int(number) <= count:
            roles[int(number) - 1] = role
    for index, name in enumerate(header[:count]):
        if roles[index] is not None:
            continue
        for role, words in _HEADER_WORDS.items():
            if name.strip().lower() in words and role not in roles:
                roles[index] = role
                break
    free = [index for index, role in enumerate(roles) if role is None]
    for role in (ColumnRole.FRONT, ColumnRole.BACK):
        if role not in roles and free:
            roles[free.pop(0)] = role
    return tuple(role or ColumnRole.IGNORE for role in roles)
