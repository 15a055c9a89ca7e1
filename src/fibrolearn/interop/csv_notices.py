"""Rows of a CSV file that import, but not as the learner may think: said in the report.

Values past the header's columns are left out, and a first row of column names FibroLearn
does not know becomes a card; both are worth knowing before importing.
"""

from __future__ import annotations

import re
from collections import Counter

from fibrolearn.domain.words import counted
from fibrolearn.interop.values import ColumnRole, CsvSettings

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_LINES_NAMED = 5  # line numbers a notice lists before "and N more"


def usual_width(rows: list[tuple[int, list[str]]]) -> int:
    """How many values the rows most often have (0 without rows)."""
    widths = Counter(len(values) for _line, values in rows)
    return max(widths, key=lambda width: (widths[width], width), default=0)


def values_left_out(columns: tuple[ColumnRole, ...], values: list[str], width: int) -> bool:
    """Whether the row has values past the usual ``width`` that no column takes in."""
    return any(
        value.strip() and (index >= len(columns) or columns[index] is ColumnRole.IGNORE)
        for index, value in enumerate(values[width:], start=width)
    )


def overlong_notice(lines: list[int], width: int, from_header: bool) -> list[str]:
    """Rows whose values past ``width`` (the header's, or most rows') were left out: say so."""
    if not lines:
        return []
    columns = f"the {width:,} columns of the header" if from_header else f"most rows ({width:,})"
    verb = "has" if len(lines) == 1 else "have"
    return [
        f"{counted(len(lines), 'row')} ({_lines_named(lines)}) {verb} more values than "
        f"{columns}; the values after column {width:,} were left out."
    ]


def unnamed_header_notice(settings: CsvSettings, rows: list[tuple[int, list[str]]]) -> list[str]:
    """A first row of column names FibroLearn does not know would become a card: say so."""
    if settings.has_header or not _looks_like_names(rows):
        return []
    line, names = rows[0]
    return [
        f"Line {line:,} ({', '.join(names)}) looks like column names, yet it becomes a card. "
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


def _lines_named(lines: list[int]) -> str:
    """``line 4`` or ``lines 4, 9, 12, 20, 31 and 3 more``."""
    named = ", ".join(f"{line:,}" for line in lines[:_LINES_NAMED])
    if len(lines) > _LINES_NAMED:
        named += f" and {len(lines) - _LINES_NAMED:,} more"
    return f"line {named}" if len(lines) == 1 else f"lines {named}"
