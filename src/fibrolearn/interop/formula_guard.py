"""Keeping a spreadsheet from running a text export's fields as formulas (CSV injection).

Excel and LibreOffice take a cell starting with "=", "+", "-", "@", a tab or a carriage return
as a formula, so a note reading ``=HYPERLINK("http://…","Click")`` would become a live link, or
worse, when an exported file is opened there (OWASP's "CSV Injection"). OWASP's remedy, a
leading apostrophe, would reach Anki and FibroLearn as part of the text. The export declares
its fields HTML instead, so a field's first character is written as a character reference
(``&#61;HYPERLINK…``): the same text to Anki and to FibroLearn, inert text to a spreadsheet.
The deck and tags columns are not HTML; a leading space guards them, as both programs drop
spaces around a deck name and between tags.
"""

from __future__ import annotations

import re

_FORMULA_STARTS = frozenset("=+-@\t\r")
# What :func:`guarded_html` writes: one of those characters as a decimal character reference.
_GUARD = re.compile("&#(" + "|".join(str(ord(char)) for char in sorted(_FORMULA_STARTS)) + ");")


def guarded_html(field_html: str) -> str:
    """An HTML field with a formula's first character written as a character reference."""
    if field_html[:1] in _FORMULA_STARTS:
        return f"&#{ord(field_html[0])};{field_html[1:]}"
    return field_html


def unguarded_html(field_html: str) -> str:
    """A field as it was before :func:`guarded_html`: the same HTML, shown the same."""
    found = _GUARD.match(field_html)
    return chr(int(found[1])) + field_html[found.end() :] if found else field_html


def guarded_text(text: str) -> str:
    """A deck name or tag list a spreadsheet reads as text: a leading space when it must."""
    return f" {text}" if text[:1] in _FORMULA_STARTS else text
