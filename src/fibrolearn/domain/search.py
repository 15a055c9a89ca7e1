"""The Browse search language: parsed into terms that all must hold (see docs/search-syntax.md).

``sleep deck:"Causes of fibromyalgia" -is:suspended`` finds cards whose note mentions "sleep",
in that deck, that are not suspended. Words are combined with AND; ``-`` negates a term;
"quotes" keep a phrase (or a value with spaces) together; ``*`` matches any run of characters.
Everything is case-insensitive.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

from fibrolearn.domain.enums import Certainty


class SearchField(StrEnum):
    """What a term looks at. TEXT is a bare word or phrase; the others are written ``name:``."""

    TEXT = "text"
    DECK = "deck"
    TAG = "tag"
    FACTOR = "factor"
    IS = "is"
    CERTAINTY = "certainty"


class CardStatus(StrEnum):
    """The values of ``is:``."""

    NEW = "new"
    LEARNING = "learning"  # learning or relearning
    REVIEW = "review"
    DUE = "due"  # learning or review cards due by the end of today's study day
    SUSPENDED = "suspended"
    BURIED = "buried"


_CHOICES: dict[SearchField, tuple[str, ...]] = {
    SearchField.IS: tuple(CardStatus),
    SearchField.CERTAINTY: tuple(Certainty),
}
_EXAMPLES = {
    SearchField.DECK: 'deck:"Causes of fibromyalgia"',
    SearchField.TAG: "tag:sleep",
    SearchField.FACTOR: "factor:central-sensitization",
    SearchField.IS: "is:due",
    SearchField.CERTAINTY: "certainty:consensus",
}
_NAMED_FIELDS = tuple(f for f in SearchField if f is not SearchField.TEXT)


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One condition.

    Attributes:
        field: What it looks at.
        value: The text to find (may hold ``*`` wildcards); for IS and CERTAINTY one of their
            choices, in lower case.
        negated: Written with a leading ``-``: the card must NOT match.
    """

    field: SearchField
    value: str
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Search:
    """A parsed search: a card matches when it matches every term (no terms: every card)."""

    terms: tuple[SearchTerm, ...] = ()


class SearchSyntaxError(ValueError):
    """The search text cannot be read; ``start``/``end`` locate the bad part in it."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


def parse_search(text: str) -> Search:
    """Read a search string.

    Raises:
        SearchSyntaxError: naming the part that is wrong and how to fix it.
    """
    return Search(tuple(_Reader(text).terms()))


class _Reader:
    """Reads terms left to right; ``position`` is the index of the next character."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def terms(self) -> list[SearchTerm]:
        found = []
        while self._skip_spaces():
            found.append(self._term())
        return found

    def _skip_spaces(self) -> bool:
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1
        return self.position < len(self.text)

    def _term(self) -> SearchTerm:
        start = self.position
        negated = self.text[start] == "-"
        if negated:
            self.position += 1
            if self.position == len(self.text) or self.text[self.position].isspace():
                raise SearchSyntaxError(
                    '"-" must be followed by what to leave out, e.g. -is:suspended',
                    start,
                    start + 1,
                )
        if self.text[self.position] == '"':
            return SearchTerm(SearchField.TEXT, self._quoted(start), negated)
        word = self._bare_word()
        name, colon, value = word.partition(":")
        if not colon or not name.isalpha():
            return SearchTerm(SearchField.TEXT, word, negated)
        field = self._field(name, start)
        if not value and self.position < len(self.text) and self.text[self.position] == '"':
            value = self._quoted(start)
        if not value:
            raise SearchSyntaxError(
                f'"{name}:" needs a value after the colon, e.g. {_EXAMPLES[field]}',
                start,
                self.position,
            )
        return SearchTerm(field, self._checked(field, value, start), negated)

    def _bare_word(self) -> str:
        start = self.position
        while (
            self.position < len(self.text)
            and not self.text[self.position].isspace()
            and self.text[self.position] != '"'
        ):
            self.position += 1
        return self.text[start : self.position]

    def _quoted(self, term_start: int) -> str:
        opening = self.position
        closing = self.text.find('"', opening + 1)
        if closing == -1:
            raise SearchSyntaxError(
                f'the quote opened in {self.text[term_start:]!r} is never closed; add a closing "',
                opening,
                len(self.text),
            )
        self.position = closing + 1
        phrase = self.text[opening + 1 : closing]
        if not phrase.strip():
            raise SearchSyntaxError(
                'empty quotes ""; put the words to find between them', opening, closing + 1
            )
        return phrase

    def _field(self, name: str, start: int) -> SearchField:
        try:
            return SearchField(name.lower())
        except ValueError:
            pass
        names = [str(f) for f in _NAMED_FIELDS]
        close = difflib.get_close_matches(name.lower(), names, n=1)
        hint = f' — did you mean "{close[0]}:"?' if close else "."
        raise SearchSyntaxError(
            f'unknown search field "{name}:"{hint} Fields are '
            + ", ".join(f"{n}:" for n in names)
            + '. To find the text itself, put it in quotes: "'
            + self.text[start : self.position].lstrip("-")
            + '"',
            start,
            start + len(name) + 1 + (self.text[start] == "-"),
        )

    def _checked(self, field: SearchField, value: str, start: int) -> str:
        choices = _CHOICES.get(field)
        if choices is None:
            return value
        if value.lower() in choices:
            return value.lower()
        close = difflib.get_close_matches(value.lower(), choices, n=1)
        hint = f' — did you mean "{field}:{close[0]}"?' if close else "."
        raise SearchSyntaxError(
            f'"{field}:" cannot be "{value}"{hint} Choose from: {", ".join(choices)}',
            start,
            self.position,
        )
