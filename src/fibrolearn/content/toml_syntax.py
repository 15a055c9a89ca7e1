"""TOML's syntax errors, said as someone writing a deck would understand them.

The TOML reader words its errors for those who know the grammar: a text left unclosed is an
"Illegal character" (a line break), a Windows path an "Invalid hex value", a key given twice
"Cannot overwrite a value" with no key named. The mistakes authors make most are said here
in their own words; any other reason is kept as the reader gives it.
"""

from __future__ import annotations

import re

from fibrolearn.content.toml_lines import key_of

_UNCLOSED = (
    "a text is not closed: the quote that ends it is missing on this line (text over several "
    'lines goes between """ and """)'
)
_BACKSLASH = (
    'a \\ in text between "…" starts an escape such as \\n (a new line): write \\\\ for a '
    "backslash itself, or put the text between '…' instead"
)
_NO_VALUE = (
    'this is no value: text goes between straight quotes "…"; a number, true or false without them'
)
_REASONS = {
    "Illegal character '\\n'": _UNCLOSED,  # in "…"
    "Found invalid character '\\n'": _UNCLOSED,  # in '…', when a ' comes later in the file
    "Unescaped '\\' in a string": _BACKSLASH,
    "Invalid hex value": _BACKSLASH,  # \U or \u not followed by a character's number
    "Escaped character is not a Unicode scalar value": _BACKSLASH,
    "Invalid value": _NO_VALUE,  # unquoted or “curly quoted” text, True, …
}


# A key given text between '…' that its line does not close (nor opens with ''').
_OPENED_LITERAL = re.compile(r"""^\s*[\w."-]+\s*=\s*'(?!'')[^']*$""")
# "[note]" where "[[note]]" was meant, or a [deck] table written twice.
_SINGLE_TABLE = re.compile(r"\s*\[\s*([\w.-]+)\s*\]\s*(?:#.*)?$")
_DECLARED_TWICE = re.compile(r"Cannot declare \(.*\) twice")
_TRIPLE_QUOTES = re.compile(r"\"\"\"|'''")


def unclosed_text_line(reason: str, text: str) -> tuple[int, str] | None:
    """The line where a text the reader found no end of was opened, and why, in words.

    The reader says only "at the end of the document" of a '…' left open (when no ' comes
    after it) or of a text between three quotes never closed: the line to mend is where it
    was opened.
    """
    lines = text.split("\n")
    if reason == 'Expected "\'"':
        for number, line in enumerate(lines, start=1):
            if _OPENED_LITERAL.match(line):
                return number, _UNCLOSED
    if reason == "Unterminated string":
        opened: tuple[int, str] | None = None
        for number, line in enumerate(lines, start=1):
            for quotes in _TRIPLE_QUOTES.findall(line):
                if opened is None:
                    opened = (number, quotes)
                elif opened[1] == quotes:
                    opened = None
        if opened is not None:
            number, quotes = opened
            return number, f"a text opened with {quotes} here is never closed by another {quotes}"
    return None


def plain_reason(reason: str, line: str) -> str:
    """The TOML reader's ``reason`` for an error on ``line`` (its text), in an author's words."""
    if reason == "Cannot overwrite a value" and (key := key_of(line)):
        return f'"{key}" is given twice in one table'
    if (table := _SINGLE_TABLE.match(line)) and _DECLARED_TWICE.fullmatch(reason):
        name = table[1]
        return (
            f"the table [{name}] is given twice: a file has one of each [table], and a table "
            f"there are many of, as notes are, is written [[{name}]] each time"
        )
    return _REASONS.get(reason, reason)
