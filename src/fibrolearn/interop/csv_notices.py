"""Rows of a CSV file that import, but not as the learner may think: said in the report.

Text that no column takes in is left out (in a column set to Ignore, past the header's
columns, or in one set to what an earlier column holds), a first row of column names
FibroLearn does not know becomes a card, rows of one column have no back, and a line may hold
several cards joined by semicolons; all are worth knowing before importing. ``word`` is what
the rows are called: "line", or "row" when the rows are not lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Sequence

from fibrolearn.domain.words import counted
from fibrolearn.interop.values import COLUMN_ROLE_NAMES, ColumnRole, CsvSettings

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
# Quizlet's rows joined by semicolons, read as lines: a definition and the next term, one value.
_JOINED_PAIRS = re.compile(r"\S;\S")
_LINES_NAMED = 5  # line numbers a notice lists before "and N more"


def usual_width(rows: list[tuple[int, list[str]]]) -> int:
    """How many values the rows most often have (0 without rows)."""
    widths = Counter(len(values) for _line, values in rows)
    return max(widths, key=lambda width: (widths[width], width), default=0)


def columns_left_out(values: list[str], used: Container[int]) -> list[int]:
    """The columns (0-based) where a row holds text that no column in ``used`` takes in."""
    return [index for index, value in enumerate(values) if value.strip() and index not in used]


def overlong_notice(
    lines: list[int], width: int, from_header: bool, word: str = "line"
) -> list[str]:
    """Rows whose values past ``width`` (the header's, or most rows') were left out: say so."""
    if not lines:
        return []
    columns = f"the {width:,} columns of the header" if from_header else f"most rows ({width:,})"
    verb = "has" if len(lines) == 1 else "have"
    return [
        f"{counted(len(lines), 'row')} ({_lines_named(lines, word)}) {verb} more values than "
        f"{columns}; the values after column {width:,} were left out."
    ]


def one_column_notice(widest: int, backless: int, word: str = "line") -> list[str]:
    """Every row has one column, and some no back for it: name the separator as the cause."""
    if widest != 1 or not backless:
        return []
    return [
        f"Every {word} has only one column, so FibroLearn cannot tell the term from the "
        "definition: choose what separates them under “Fields separated by” (Quizlet calls it "
        "“between term and definition”; on the command line, --separator)."
    ]


def holds_joined_pairs(values: list[str]) -> bool:
    """Whether a row read from one line looks like several of Quizlet's rows joined by ";".

    Each value between the first and the last then holds a definition, a semicolon and the
    next term, with no space around the semicolon, as Quizlet writes it.
    """
    return len(values) > 2 and all(_JOINED_PAIRS.search(value) for value in values[1:-1])


def joined_rows_notice(lines: list[int]) -> list[str]:
    """Lines that look like several cards joined by semicolons: say how to read them apart."""
    if not lines:
        return []
    which = _lines_named(lines).capitalize()
    verb = "seems" if len(lines) == 1 else "seem"
    return [
        f"{which} {verb} to hold several cards joined by semicolons, as Quizlet writes them "
        "when “between rows” is set to Semicolon. If so, choose Semicolon under “Rows "
        "separated by” (on the command line, --row-separator ';')."
    ]


def ignored_text_notice(
    lines_by_column: dict[int, list[int]], header: Sequence[str] | None, word: str = "line"
) -> list[str]:
    """Text in columns set to Ignore was not imported: say which columns and rows."""
    if not lines_by_column:
        return []
    columns = sorted(lines_by_column)
    lines = sorted({line for found in lines_by_column.values() for line in found})
    names = [_column_named(index, header) for index in columns]
    which = f"Column {names[0]} is" if len(names) == 1 else f"Columns {_listed(names)} are"
    verb = "has" if len(lines) == 1 else "have"
    them = "it holds" if len(names) == 1 else "they hold"
    return [
        f"{which} set to Ignore, yet {counted(len(lines), 'row')} ({_lines_named(lines, word)}) "
        f"{verb} text there; that text was not imported. If you need it, choose what "
        f"{them} in the Import window."
    ]


def repeated_role_notice(columns: Sequence[ColumnRole], header: Sequence[str] | None) -> list[str]:
    """Columns set to what an earlier column holds go into no card: say which."""
    notices = []
    for role, name in COLUMN_ROLE_NAMES.items():
        indexes = [index for index, held in enumerate(columns) if held == role]
        if role is ColumnRole.IGNORE or len(indexes) < 2:
            continue
        first, *rest = names = [_column_named(index, header) for index in indexes]
        every, others, them = (
            ("both", "column", "it holds") if len(rest) == 1 else ("all", "columns", "they hold")
        )
        notices.append(
            f"Columns {_listed(names)} are {every} set to {name}: only column {first} goes into "
            f"the cards, and the text of {others} {_listed(rest)} was not imported. If you need "
            f"it, choose what {them} in the Import window."
        )
    return notices


def _column_named(index: int, header: Sequence[str] | None) -> str:
    """``6``, or ``6 (Mechanism)`` when the header names the column."""
    name = header[index].strip() if header is not None and index < len(header) else ""
    return f"{index + 1:,} ({name})" if name else f"{index + 1:,}"


def _listed(items: list[str]) -> str:
    """``6, 7 and 8``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def unnamed_header_notice(
    settings: CsvSettings, rows: list[tuple[int, list[str]]], word: str = "line"
) -> list[str]:
    """A first row of column names FibroLearn does not know would become a card: say so."""
    if settings.has_header or not _looks_like_names(rows):
        return []
    line, names = rows[0]
    return [
        f"{word.capitalize()} {line:,} ({', '.join(names)}) looks like column names, yet it "
        "becomes a card. "
        "If it names the columns, tick “First row holds column names” in the Import window."
    ]


def _looks_like_names(rows: list[tuple[int, list[str]]]) -> bool:
    """Whether the first row stands over the rest as names do: a word over a column of numbers."""
    first, below = (rows[0][1], rows[1:]) if rows else ([], [])
    return any(
        name.strip() and not _NUMBER.fullmatch(name.strip()) and _numbers_only(below, index)
        for index, name in enumerate(first)
    )


def _numbers_only(rows: list[tuple[int, list[str]]], index: int) -> bool:
    """Whether column ``index`` of ``rows`` holds numbers and blanks, and some numbers."""
    column = [v[index].strip() for _line, v in rows if index < len(v) and v[index].strip()]
    return bool(column) and all(_NUMBER.fullmatch(value) for value in column)


def _lines_named(lines: list[int], word: str = "line") -> str:
    """``line 4`` or ``lines 4, 9, 12, 20, 31 and 3 more`` (``rows …`` for ``word`` "row")."""
    named = ", ".join(f"{line:,}" for line in lines[:_LINES_NAMED])
    if len(lines) > _LINES_NAMED:
        named += f" and {len(lines) - _LINES_NAMED:,} more"
    return f"{word} {named}" if len(lines) == 1 else f"{word}s {named}"
