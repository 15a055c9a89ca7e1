"""Reading a delimited text file into rows: its encoding, header lines and separators.

Quizlet exports a term, a tab and a definition per line, unless the learner chose another
text "between term and definition" (a comma, " - ") or "between rows" (a semicolon); Anki
starts its file with header lines (``#separator:``, ``#html:``, ``#guid column:`` and the like)
that say how to read it. This decodes the bytes, takes those lines off, finds what separates the
rows and the fields and reads the records (stopping at a stray quote that would merge rows);
``interop.csv_columns`` guesses the header row, HTML and columns; ``interop.csv_import`` plans
notes from the rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fibrolearn.domain.words import size_words
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.html_text import one_kind_of_line_break
from fibrolearn.interop.values import ColumnRole

MAX_CSV_BYTES = 256_000_000  # in decimal units, as sizes are said: "256.0 MB"
SAMPLE_ROWS = 100  # rows read to guess a file's layout, and to judge rows that look wrong
_SAMPLE_CHARS = 1 << 16  # text looked at to tell Quizlet's rows joined by semicolons
LINE_BREAK = "\n"  # the row separator of rows that are lines, whatever their line ending
# Quizlet's "between rows" set to a blank line, so that a definition may run on for lines.
BLANK_LINE = "\n\n"
_DELIMITERS = ("\t", ",", ";", "|")  # in order of preference when equally likely
# Text Quizlet learners put "between term and definition": on every line, a strong sign.
_DASHES = (" - ", " – ", " — ")
# Quizlet's "between rows" choice other than a new line, and what it then writes "between
# term and definition" (never quoting anything).
_QUIZLET_ROW_SEPARATOR = ";"
_QUIZLET_TERM_SEPARATORS = ("\t", ",")
_DELIMITER_NAMES = {
    "tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":",
}  # fmt: skip
ANKI_COLUMN_DIRECTIVES = {  # the columns Anki's header lines name
    "tags column": ColumnRole.TAGS,
    "deck column": ColumnRole.DECK,
    "guid column": ColumnRole.GUID,
    "notetype column": ColumnRole.IGNORE,
}
# The header lines Anki reads (``#separator:tab``); a first row only looking like one
# ("#tip: rest<tab>rest more") is a row of the file.
_ANKI_HEADER_LINES = frozenset(
    {"separator", "html", "tags", "columns", "deck", "notetype", "if matches"}
    | ANKI_COLUMN_DIRECTIVES.keys()
)
# A whole field in quotes, as spreadsheets write one holding a line break or a quote: inside,
# only doubled quotes; the line may end in CRLF.
_QUOTED_FIELD = re.compile(r'(?:^|\t)"(?:[^"]|"")*"(?=\t|\r?$)', re.MULTILINE)
_ROW_LIKE_LINES = 3  # a quoted field holding this many lines that each look like a row
# The first line Excel reads, and some programs write, to name the delimiter: "sep=;".
_EXCEL_SEPARATOR = re.compile(r'"?sep=(.)"?')


@dataclass(slots=True)
class Text:
    """A decoded file with Anki's header lines taken off."""

    body: str
    encoding: str
    first_line: int  # file line number where ``body`` starts
    directives: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    named_delimiter: str | None = None  # as Excel's first line "sep=;" names it

    def directive_column(self, what: str) -> int | None:
        """The 0-based column a ``#<what> column:N`` header line names, if any."""
        number = self.directives.get(f"{what} column", "").strip()
        return int(number) - 1 if number.isdigit() and int(number) > 0 else None


# --------------------------------------------------------------------- reading the text
def read_text(path: Path) -> Text:
    """The text of ``path``, decoded, with Anki's header lines taken off.

    Raises:
        InteropError: The file is too large, cannot be read, or is not text.
    """
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InteropError(
                f"{path.name} is {size_words(size)}; text files up to "
                f"{size_words(MAX_CSV_BYTES)} can be imported."
            )
        raw = path.read_bytes()
    except OSError as error:
        raise InteropError(f"{path.name} cannot be read: {error.strerror or error}.") from error
    body, encoding, notices = _decode(raw, path.name)
    _refuse_nul(body, path.name)
    return _take_directives(body, encoding, notices)


def _decode(raw: bytes, name: str) -> tuple[str, str, list[str]]:
    # UTF-32's little-endian mark starts with UTF-16's: read as UTF-16, every other
    # character of its text would be a NUL.
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return raw.decode("utf-32"), "UTF-32", []
        except UnicodeDecodeError as error:
            raise InteropError(f"{name} is not valid UTF-32 text ({error}).") from error
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


def _refuse_nul(body: str, name: str) -> None:
    """Refuse text holding a NUL character, which no text file holds.

    Past the part looked at for binary data, one went into a note as it was.
    """
    nul = body.find("\x00")
    if nul >= 0:
        line = body.count("\n", 0, nul) + 1
        raise InteropError(
            f"{name} holds a NUL character on line {line:,}, which text files do not hold: "
            "part of it may be damaged or binary data."
        )


def _take_directives(body: str, encoding: str, notices: list[str]) -> Text:
    directives: dict[str, str] = {}
    lines = body.splitlines(keepends=True)
    excel = _EXCEL_SEPARATOR.fullmatch(lines[0].rstrip("\r\n")) if lines else None
    if excel is not None:  # not a row: the header row, if any, comes next
        return Text("".join(lines[1:]), encoding, 2, {}, notices, excel.group(1))
    taken = 0
    for line in lines:
        match = re.match(r"#([a-z ]+):(.*)$", line.rstrip("\r\n"))
        if match is None or match.group(1).strip() not in _ANKI_HEADER_LINES:
            break
        directives[match.group(1).strip().lower()] = match.group(2).strip()
        taken += 1
    return Text("".join(lines[taken:]), encoding, taken + 1, directives, notices)


# --------------------------------------------------------------------- the separators
def text_row_separator(text: Text, delimiter: str | None = None) -> str:
    """What separates the rows: a line break, or the semicolon of Quizlet's export so set.

    With ``delimiter`` (the learner's choice), the semicolon only when Quizlet would have
    written that delimiter with it.
    """
    if text.directives or text.named_delimiter:  # Anki's plain text, Excel's: a row per line
        return LINE_BREAK
    term_separator = _quizlet_term_separator(text.body)
    if term_separator is not None and delimiter in (None, term_separator):
        return _QUIZLET_ROW_SEPARATOR
    if _rows_of_several_lines(text.body, delimiter):
        return BLANK_LINE
    return LINE_BREAK


def _rows_of_several_lines(body: str, delimiter: str | None) -> bool:
    """Whether blank lines separate Quizlet's rows, some running on for lines.

    The first line of every row then holds the term separator (the learner's, or else a tab or
    a comma), and the lines after it, some rows have, do not: they go on with the definition.
    A field in quotes is a spreadsheet's, whose quoted fields may hold blank lines: not Quizlet's.
    """
    head = body[:_SAMPLE_CHARS]
    rows = _split_rows(head, BLANK_LINE, SAMPLE_ROWS)
    if len(rows) > SAMPLE_ROWS or len(head) < len(body):
        rows.pop()  # it runs on past what is looked at
    lines = [row.strip("\n").split("\n") for row in rows if row.strip("\n")]
    for separator in (delimiter,) if delimiter else _QUIZLET_TERM_SEPARATORS:
        quoted = re.compile(rf'(?:^|{re.escape(separator)})"', re.MULTILINE)
        if (
            len(lines) > 1
            and quoted.search(head) is None
            and all(separator in first for first, *_rest in lines)
            and all(separator not in line for _first, *rest in lines for line in rest)
            and any(len(row) > 1 for row in lines)
        ):
            return True
    return False


def _split_rows(body: str, row_separator: str, most: int = -1) -> list[str]:
    """``body`` split at ``row_separator`` (``most`` times at most).

    A line feed in the separator stands for a line break of any kind, Windows' too.
    """
    if LINE_BREAK in row_separator:
        body = one_kind_of_line_break(body)
    return body.split(row_separator, most)


def _quizlet_term_separator(body: str) -> str | None:
    """Quizlet's tab or comma "between term and definition", when it wrote ";" between rows.

    Such a file has several pairs on a line, each holding the term separator, while a file of
    semicolon-separated columns has about one semicolon-separated piece per column of a line,
    and the same number of semicolons on every line.
    """
    head = body[:_SAMPLE_CHARS]
    pieces = head.split(_QUIZLET_ROW_SEPARATOR, SAMPLE_ROWS)
    if len(pieces) > SAMPLE_ROWS or len(head) < len(body):
        pieces.pop()  # it runs on past what is looked at
    records = [piece for piece in pieces if piece.strip()]
    lines = [line for line in _QUIZLET_ROW_SEPARATOR.join(pieces).splitlines() if line.strip()]
    if len(records) < max(2, 2 * len(lines)):
        return None  # most lines hold one pair or none
    if len(lines) > 1 and len({line.count(_QUIZLET_ROW_SEPARATOR) for line in lines}) == 1:
        return None  # as regular as columns are
    return next(
        (sep for sep in _QUIZLET_TERM_SEPARATORS if all(sep in record for record in records)),
        None,
    )


def text_delimiter(text: Text, row_separator: str = LINE_BREAK) -> str:
    """The delimiter Anki's ``#separator:`` or Excel's ``sep=`` line names, or the likeliest."""
    named = _directive_delimiter(text) or text.named_delimiter
    return named or _detect_delimiter(text.body, row_separator)


def _directive_delimiter(text: Text) -> str | None:
    value = text.directives.get("separator")
    if value is None:
        return None
    return _DELIMITER_NAMES.get(value.lower(), value[:1] or None)


def _detect_delimiter(body: str, row_separator: str) -> str:
    """The delimiter that splits the first rows most regularly, tab winning ties.

    Rows that are not lines are Quizlet's, split at their first delimiter: there the one found
    in the most rows wins. A dash on every row wins over a delimiter that does not split every
    row alike: Quizlet's "term - definition" with a comma in some definitions is still term and
    definition.
    """
    rows = _sample_rows(body, row_separator)
    best, best_score = "\t", 0.0
    for delimiter in _DELIMITERS:
        if delimiter == row_separator:
            continue
        if row_separator == LINE_BREAK:
            score = _csv_regularity(rows, delimiter)
        else:  # read as Quizlet writes: split at the first delimiter, wherever it is
            score = sum(delimiter in row for row in rows) / len(rows)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score < 1 and rows:
        return next((dash for dash in _DASHES if all(dash in row for row in rows)), best)
    return best


def _csv_regularity(rows: list[str], delimiter: str) -> float:
    """How regularly ``delimiter`` splits the rows read as CSV; 0 when they cannot be read.

    Counted by records (a quoted field may hold line breaks) and by lines (a stray quote would
    hide the rows after it in one record): the better reading counts. A reading the csv module
    refuses (a field past its limit, say: the rows a stray quote swallows) is no sign of this
    delimiter; reading the file then says what is wrong on which line.
    """
    by_record = csv.reader(rows, delimiter=delimiter)
    by_line = (next(csv.reader([line], delimiter=delimiter)) for line in rows)
    return max(_regularity(_widths(by_record)), _regularity(_widths(by_line)))


def _widths(records: Iterator[list[str]]) -> list[int]:
    """How many fields each record has; none when the csv module refuses one."""
    try:
        return [len(record) for record in records]
    except csv.Error:
        return []


def _sample_rows(body: str, row_separator: str) -> list[str]:
    """The first rows of ``body``, unsplit, without blank ones."""
    if row_separator == LINE_BREAK:
        rows = body.splitlines()[:SAMPLE_ROWS]
    else:
        rows = _split_rows(body, row_separator, SAMPLE_ROWS)[:SAMPLE_ROWS]
    return [row for row in rows if row.strip()]


def _regularity(widths: list[int]) -> float:
    """The share of rows with the most common width, 0 when that width is one value."""
    if not widths:
        return 0.0
    common = max(set(widths), key=lambda n: (widths.count(n), n))
    return widths.count(common) / len(widths) if common >= 2 else 0.0


# --------------------------------------------------------------------- records
def read_rows(
    text: Text,
    delimiter: str,
    limit: int | None = None,
    notices: list[str] | None = None,
    row_separator: str = LINE_BREAK,
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows, each with the line it ends on; ``notices`` gets what looks doubtful.

    Rows separated by other text than a line break, or split by a delimiter longer than one
    character, are read as Quizlet writes them: no quotes, each split at its first delimiter.
    Such rows, when not lines, are numbered in order.

    Raises:
        InteropError: A row cannot be read, or a quote opened on one line runs on to the end
            of the file or is closed badly further down (rows would silently merge).
    """
    if row_separator != LINE_BREAK or len(delimiter) > 1:
        return _unquoted_rows(text, delimiter, row_separator, limit)
    return _csv_rows(text, delimiter, limit, notices)


def _unquoted_rows(
    text: Text, delimiter: str, row_separator: str, limit: int | None
) -> Iterator[tuple[int, list[str]]]:
    """Rows as Quizlet writes them: a term, the delimiter, a definition; never quotes."""
    if row_separator == LINE_BREAK:  # the lines the csv reader would read
        rows = [line.rstrip("\r\n") for line in io.StringIO(text.body, newline="")]
        first = text.first_line
    else:  # line breaks around a row are layout; inside one, text
        rows, first = [row.strip("\r\n") for row in _split_rows(text.body, row_separator)], 1
    count = 0
    for number, row in enumerate(rows, start=first):
        values = row.split(delimiter, 1)
        if not any(value.strip() for value in values):
            continue
        if limit is not None and count >= limit:
            return
        count += 1
        yield number, values


def _csv_rows(
    text: Text, delimiter: str, limit: int | None, notices: list[str] | None
) -> Iterator[tuple[int, list[str]]]:
    """Rows read as CSV, each with the line it ends on (see :func:`read_rows`)."""
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
        raise InteropError(f"Line {last} cannot be read: {csv_reason(error)}.") from error


def csv_reason(error: csv.Error) -> str:
    """Why the csv module refused a line, in the learner's words where it has its own."""
    if str(error).startswith("field larger than field limit"):
        return f"a field on it is longer than {csv.field_size_limit():,} characters"
    return str(error)


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
