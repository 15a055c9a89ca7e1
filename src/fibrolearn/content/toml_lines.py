"""Where tables and keys sit in TOML source text.

tomllib returns values without positions, so problems in a deck would have no line numbers.
This scanner reads the raw text once and records, for every table, the line of its header and
of each key written in it. It tracks strings and comments so that text inside a multi-line
string never passes for a header or a key. It trusts the text to be valid TOML (tomllib has
already said so) and only has to be right about where things are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEGMENT = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_SEGMENT}(?:\s*\.\s*{_SEGMENT})*"
_END = r"\s*(?:#.*)?$"
_ARRAY_HEADER = re.compile(rf"\s*\[\[\s*({_DOTTED})\s*\]\]{_END}")
_TABLE_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]{_END}")
_KEY = re.compile(rf"\s*({_SEGMENT})(?:\s*\.\s*{_SEGMENT})*\s*=")
_SEGMENTS = re.compile(_SEGMENT)


@dataclass
class TableLines:
    """Lines of one table: its header and the keys written directly in it.

    Attributes:
        line: The header line (1-based), or the line of the key that holds the table.
        keys: First line of each key, including the names of sub-tables and arrays of tables.
        tables: Sub-tables by name.
        arrays: Arrays of tables by name, one entry per ``[[...]]`` header, in order.
    """

    line: int | None = None
    keys: dict[str, int] = field(default_factory=dict)
    tables: dict[str, TableLines] = field(default_factory=dict)
    arrays: dict[str, list[TableLines]] = field(default_factory=dict)

    def key_line(self, key: str) -> int | None:
        """The line of ``key`` in this table, else the table's own line."""
        return self.keys.get(key, self.line)

    def table(self, name: str) -> TableLines:
        """The lines of sub-table ``name``; unknown parts fall back to the line of its key."""
        return self.tables.get(name) or TableLines(self.key_line(name))

    def element(self, name: str, index: int) -> TableLines:
        """The lines of element ``index`` of the array of tables ``name``.

        An array written inline (``name = [{...}]``) has no headers; its elements then get the
        line of ``name``.
        """
        elements = self.arrays.get(name, [])
        if index < len(elements):
            return elements[index]
        return TableLines(self.key_line(name))


def scan(text: str) -> TableLines:
    """Map the tables and keys of TOML ``text`` to their lines; returns the root table."""
    root = TableLines(line=None)
    current = root
    in_string = ""  # the closing delimiter of an open multi-line string
    # tomllib counts only "\n" as a line break, so splitlines() (which knows more) would not do.
    for number, line in enumerate(text.split("\n"), start=1):
        if not in_string:
            current = _structure(root, current, line, number)
        in_string = _string_state(line, in_string)
    return root


def _structure(root: TableLines, current: TableLines, line: str, number: int) -> TableLines:
    """Record what ``line`` declares; returns the table that following keys belong to."""
    if match := _ARRAY_HEADER.match(line):
        *path, name = _names(match[1])
        parent = _resolve(root, path, number)
        parent.keys.setdefault(name, number)
        element = TableLines(number)
        parent.arrays.setdefault(name, []).append(element)
        return element
    if match := _TABLE_HEADER.match(line):
        *path, name = _names(match[1])
        parent = _resolve(root, path, number)
        parent.keys.setdefault(name, number)
        table = parent.tables.setdefault(name, TableLines(number))
        table.line = number
        return table
    if key := key_of(line):
        current.keys.setdefault(key, number)
    return current


def key_of(line: str) -> str | None:
    """The key a ``key = value`` line sets (of a dotted key, its first part); None for others."""
    match = _KEY.match(line)
    return _names(match[1])[0] if match else None


def _resolve(root: TableLines, path: list[str], number: int) -> TableLines:
    """Follow a dotted header path: an array of tables stands for its last element."""
    table = root
    for name in path:
        if table.arrays.get(name):
            table = table.arrays[name][-1]
        else:
            table.keys.setdefault(name, number)
            table = table.tables.setdefault(name, TableLines(table.keys[name]))
    return table


def _names(dotted: str) -> list[str]:
    return [_unquote(segment) for segment in _SEGMENTS.findall(dotted)]


def _unquote(segment: str) -> str:
    if segment[0] in "\"'":
        # Escapes in quoted keys are rare in decks; the raw text is close enough for a lookup.
        return segment[1:-1]
    return segment


def _string_state(line: str, in_string: str) -> str:
    """Which multi-line string (if any) is still open at the end of ``line``."""
    i = 0
    while i < len(line):
        if in_string:
            end = _closing(line, i, in_string)
            if end < 0:
                return in_string
            i, in_string = end, ""
            continue
        char = line[i]
        if char == "#":
            break
        if line.startswith('"""', i) or line.startswith("'''", i):
            in_string = line[i : i + 3]
            i += 3
        elif char in "\"'":
            end = _closing(line, i + 1, char)
            i = end if end >= 0 else len(line)
        else:
            i += 1
    return in_string


def _closing(line: str, start: int, delimiter: str) -> int:
    """Index just past ``delimiter`` closing a string from ``start``, or -1 if not on this line.

    Basic strings ("...", \"\"\"...\"\"\") honour backslash escapes; literal ones do not.
    """
    i = start
    while i < len(line):
        if delimiter[0] == '"' and line[i] == "\\":
            i += 2
            continue
        if line.startswith(delimiter, i):
            end = i + len(delimiter)
            # A multi-line string may end with up to two extra quotes: """a"""" closes last.
            while len(delimiter) == 3 and end < len(line) and line[end] == delimiter[0]:
                end += 1
            return end
        i += 1
    return -1
