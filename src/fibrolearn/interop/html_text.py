"""Between HTML fields (Anki's, CSV marked as HTML) and plain text (FibroLearn's own notes)."""

from __future__ import annotations

import html
import re

from fibrolearn.domain.html_text import COMMENT_OR_SCRIPT, LINE_BREAK_TAG, TAG

_NEWLINE = re.compile(r"\r\n|\r|\n")
# What makes a field more than its plain text: a tag, a character reference, a raw line break.
_MARKUP = re.compile(r"[<&\r\n]")


def plain_or_none(field_html: str) -> str | None:
    """The field as plain text when that loses nothing, else None.

    A field is plain when its only markup is line breaks and character references: then
    ``text_to_html(plain_or_none(x))`` shows exactly what ``x`` showed.
    """
    if _MARKUP.search(field_html) is None:
        return field_html  # most fields of an import: nothing to read, three regexes saved
    # A raw line break in HTML shows as a space; in plain text it would start a new line.
    collapsed = _NEWLINE.sub(" ", field_html)
    if "<" in LINE_BREAK_TAG.sub("", collapsed):
        return None
    return html.unescape(LINE_BREAK_TAG.sub("\n", collapsed))


def one_kind_of_line_break(text: str) -> str:
    """Plain text with every line break one newline, as written on Windows (CR LF) or not."""
    return _NEWLINE.sub("\n", text)


def text_to_html(text: str) -> str:
    """Plain text as an HTML field: escaped, line breaks as ``<br>``."""
    return "<br>".join(html.escape(line, quote=False) for line in _NEWLINE.split(text))


def strip_html(field_html: str) -> str:
    """Anki's ``text:`` filter: the field without tags, kept safe for insertion into HTML."""
    return html.escape(html.unescape(TAG.sub("", COMMENT_OR_SCRIPT.sub("", field_html))))
