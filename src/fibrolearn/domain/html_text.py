"""How an HTML field (Anki's, CSV marked as HTML) reads as plain text.

One reading for what shows fields (interop/html_text.py, Browse's rows) and what sorts by them
(the Browse sort in storage/search.py), which may not import each other.
"""

from __future__ import annotations

import html
import re
import unicodedata

LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
COMMENT_OR_SCRIPT = re.compile(
    r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
# Anki's reference to a sound file in a field: ``[sound:name.mp3]``.
SOUND_REFERENCE = re.compile(r"\[sound:(?P<name>[^\]]+)\]")
_BLOCK_END = re.compile(r"</(?:div|p|li|tr|h[1-6])\s*>|<(?:div|p|li|tr|h[1-6]|hr)\b[^>]*>", re.I)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_NEWLINES = re.compile(r"\n\s*\n+")


def html_to_text(field_html: str) -> str:
    """Readable plain text of an HTML fragment (for previews, CSV and search), whitespace tidied."""
    without_code = COMMENT_OR_SCRIPT.sub("", field_html)
    with_breaks = _BLOCK_END.sub("\n", LINE_BREAK_TAG.sub("\n", without_code))
    text = html.unescape(TAG.sub("", with_breaks))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _NEWLINES.sub("\n", "\n".join(lines)).strip()


def shows_nothing(text: str) -> bool:
    """Whether ``text`` is only spaces, line breaks and invisible characters.

    A zero-width space or a direction mark, pasted from a web page, looks like nothing: a
    side made of them is as blank as an empty one.
    """
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)
