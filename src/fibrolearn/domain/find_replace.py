"""Browse's Find and replace (Anki's Notes ▸ Find and Replace): what to find, and the rewrite.

Plain text or a regular expression, case-insensitive unless asked, in one field or every
field. Fields hold HTML: the text between tags is rewritten, never a tag itself, so a link,
a picture or a formatting tag can neither be broken nor found. A character written as an
entity (``&amp;``, ``&nbsp;``) is replaced only whole: replacing "&" by "and" must not leave
"andamp;" on a card, but "&nbsp;" may be replaced by a space, as Anki users tidy notes.
Text split by formatting ("<b>fibro</b> fog") is not found as one phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fibrolearn.domain.browse import NoteError

# A tag or an HTML comment: never rewritten. A "<" starting no tag ("x < 5") is text.
_TAG = re.compile(r"(<!--.*?-->|</?[A-Za-z][^>]*>)", re.DOTALL)
# A character written as an entity: replaced whole or not at all.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
LONGEST = 1000  # characters of what to find, or to put instead


class FindError(NoteError):
    """What to find (or to put instead) cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Replacement:
    r"""What to find and what to put instead.

    Attributes:
        find: The text, or the regular expression, to find.
        put: What replaces it; with a regular expression, ``\1`` or ``\g<name>`` put
            back what a group found.
        field: The field to look in, by its label; None for every field.
        regex: ``find`` is a regular expression (Python's syntax: ``\1``, not Anki's ``$1``).
        ignore_case: Capitals and small letters are found alike (the default, as in Anki).
    """

    find: str
    put: str
    field: str | None = None
    regex: bool = False
    ignore_case: bool = True

    def pattern(self) -> re.Pattern[str]:
        """The compiled search.

        Raises:
            FindError: Nothing to find, too long, or a regular expression that cannot be read
                (where, and why).
        """
        if not self.find:
            raise FindError("type what to find")
        if len(self.find) > LONGEST or len(self.put) > LONGEST:
            raise FindError(f"what to find, and what to put instead, fit in {LONGEST} characters")
        flags = re.IGNORECASE if self.ignore_case else 0
        try:
            return re.compile(self.find if self.regex else re.escape(self.find), flags)
        except re.error as error:
            where = "" if error.pos is None else f" at character {error.pos + 1}"
            raise FindError(f"the regular expression cannot be read{where}: {error.msg}") from None

    def rewrite(self, pattern: re.Pattern[str], html: str) -> str:
        """``html`` with each find replaced in its text between tags.

        Raises:
            FindError: The replacement names a group the expression does not have.
        """
        parts = _TAG.split(html)
        try:
            for at in range(0, len(parts), 2):  # text, tag, text, …
                if parts[at]:
                    parts[at] = self._rewrite_text(pattern, parts[at])
        except (re.error, IndexError) as error:
            raise FindError(f"what to put instead cannot be used: {error}") from None
        return "".join(parts)

    def _rewrite_text(self, pattern: re.Pattern[str], text: str) -> str:
        """``text`` (between tags) with each find replaced, but one cutting into an entity."""
        entities = [entity.span() for entity in _ENTITY.finditer(text)]

        def put(found: re.Match[str]) -> str:
            start, end = found.span()
            if any(first < start < last or first < end < last for first, last in entities):
                return found.group()
            return found.expand(self.put) if self.regex else self.put

        return pattern.sub(put, text)
