"""Browse's Find and replace (Anki's Notes ▸ Find and Replace): what to find, and the rewrite.

Plain text or a regular expression, case-insensitive unless asked, in one field or every
field. Fields hold HTML: the text between tags is rewritten, never a tag itself, so a link,
a picture or a formatting tag can neither be broken nor found. A character written as an
entity (``&amp;``, ``&nbsp;``) is replaced only whole: replacing "&" by "and" must not leave
"andamp;" on a card, but "&nbsp;" may be replaced by a space, as Anki users tidy notes.
Text split by formatting ("<b>fibro</b> fog") is not found as one phrase. In a regular
expression ``^`` and ``$`` are the field's start and end, as in Anki, not those of each piece
of text between tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fibrolearn.domain.browse import NoteError

# A tag or an HTML comment: never rewritten. A "<" starting no tag ("x < 5") is text.
_TAG = re.compile(r"(<!--.*?-->|</?[A-Za-z][^>]*>)", re.DOTALL)
# A character written as an entity: replaced whole or not at all.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
# Anki's way of putting back a group: $1, ${1}, $name, ${name}; $$ is a dollar sign.
_ANKI_GROUP = re.compile(r"\$(?:\$|\{(\w+)\}|(\d+)|([^\W\d]\w*))")
# Flags written at the start of an expression, "(?i)": they must stay at its start.
_LEADING_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))*")
LONGEST = 1000  # characters of what to find, or to put instead


class FindError(NoteError):
    """What to find (or to put instead) cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Replacement:
    r"""What to find and what to put instead.

    Attributes:
        find: The text, or the regular expression, to find.
        put: What replaces it; with a regular expression, ``\1`` or ``\g<name>`` (or, as
            Anki writes them, ``$1``, ``${1}`` or ``${name}``) put back what a group found.
        field: The field to look in, by its label; None for every field.
        regex: ``find`` is a regular expression (Python's syntax).
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
        put = _ANKI_GROUP.sub(_python_group, self.put) if self.regex else self.put
        entities = [entity.span() for entity in _ENTITY.finditer(html)]
        out, start = [], 0
        try:
            for tag in [*_TAG.finditer(html), None]:
                end = len(html) if tag is None else tag.start()
                for found in _matches(pattern, html, start, end):
                    if _cuts_into(found, entities):
                        continue
                    out += [html[start : found.start()], found.expand(put) if self.regex else put]
                    start = found.end()
                if tag is not None:
                    out.append(html[start : tag.end()])
                    start = tag.end()
        except (re.error, IndexError) as error:
            raise FindError(f"what to put instead cannot be used: {error}") from None
        out.append(html[start:])
        return "".join(out)


def _cuts_into(found: re.Match[str], entities: list[tuple[int, int]]) -> bool:
    """Whether a find begins or ends inside a character written as an entity."""
    start, end = found.span()
    return any(first < start < last or first < end < last for first, last in entities)


def _python_group(dollar: re.Match[str]) -> str:
    r"""Anki's ``$1`` or ``${name}`` as Python's ``\g<1>``; ``$$`` a dollar sign."""
    name = next((group for group in dollar.groups() if group), None)
    return "$" if name is None else f"\\g<{name}>"


def _matches(pattern: re.Pattern[str], html: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The finds in the text ``html[start:end]``, matched where it stands in the field.

    So ``^`` finds only the field's start. Searched up to ``end``, ``$`` would also find the
    end of each piece of text: a find reaching there counts only if it ends there as well
    with the field going on (see :func:`_ending_here`), or if the field ends there.
    """
    at = start
    while at <= end:
        found = pattern.search(html, at, end)
        if found is None:
            return
        if found.end() == end < len(html) and not _ending_here(pattern).match(
            html[:end] + "\x00", found.start()
        ):
            at = found.start() + 1  # it needed the end of the field: look further on
            continue
        yield found
        at = found.end() + (found.end() == found.start())  # past an empty find


def _ending_here(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, found only where a character follows (a NUL, which no text holds).

    Not at the end of the string, so ``$`` finds nothing there: a find that can end where a
    piece of text does (before a tag) only through ``$`` is not found. Trying the pattern on
    the text with more after it instead missed greedy finds, which ran on into what was
    added: ``[^,]+`` on "<b>fibro fog</b>" found nothing to replace.
    """
    flags = _LEADING_FLAGS.match(pattern.pattern).group()  # always matches, maybe empty
    rest = pattern.pattern[len(flags) :]
    closing = "\n)" if pattern.flags & re.VERBOSE else ")"  # past a comment at its end
    return re.compile(f"{flags}(?:{rest}{closing}(?=\x00)", pattern.flags)
