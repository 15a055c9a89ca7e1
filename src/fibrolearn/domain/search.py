"""The Browse search language: parsed into terms that all must hold (see docs/search-syntax.md).

``sleep deck:"Causes of fibromyalgia" -is:suspended`` finds cards whose note mentions "sleep",
in that deck, that are not suspended. Words are combined with AND; ``-`` negates a term;
"quotes" keep a phrase (or a value with spaces) together; ``*`` matches any run of characters.
``or`` between terms makes either do, and (brackets) group them, as in Anki: ``is:new (sleep or
pain)``; ``or`` binds looser than the AND of terms side by side. Everything is case-insensitive.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from fibrolearn.domain.enums import Certainty
from fibrolearn.domain.search_props import (
    LocatedError,
    TermValueError,
    days_test,
    property_test,
)


class SearchField(StrEnum):
    """What a term looks at. TEXT is a bare word or phrase; the others are written ``name:``."""

    TEXT = "text"
    DECK = "deck"
    TAG = "tag"
    FACTOR = "factor"
    IS = "is"
    CERTAINTY = "certainty"
    NC = "nc"  # a word or phrase, accents and case ignored: "nc:cafe" finds "Café"
    PROP = "prop"  # a number of the card: prop:ivl>=10 (see search_props)
    ADDED = "added"  # the note added in the last N study days
    EDITED = "edited"  # the note changed in the last N study days
    RATED = "rated"  # the card answered in the last N study days (rated:N:answer)
    INTRODUCED = "introduced"  # the card first answered in the last N study days


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
_ANKI_SPELLINGS = {"learn": CardStatus.LEARNING.value}  # Anki's "is:learn"
_EXAMPLES = {
    SearchField.NC: "nc:cafe",
    SearchField.DECK: 'deck:"Causes of fibromyalgia"',
    SearchField.TAG: "tag:sleep",
    SearchField.FACTOR: "factor:central-sensitization",
    SearchField.IS: "is:due",
    SearchField.CERTAINTY: "certainty:consensus",
    SearchField.PROP: "prop:ivl>=10",
    SearchField.ADDED: "added:7",
    SearchField.EDITED: "edited:7",
    SearchField.RATED: "rated:3",
    SearchField.INTRODUCED: "introduced:7",
}
DAY_FIELDS = frozenset(
    (SearchField.ADDED, SearchField.EDITED, SearchField.RATED, SearchField.INTRODUCED)
)
_NAMED_FIELDS = tuple(f for f in SearchField if f is not SearchField.TEXT)
# What SQLite can take: deeper brackets overflowed its parser's stack (at 16), a thousand terms
# its expression tree, and a word of 50,000 characters its LIKE; well before those, a search
# of 500 terms took ten seconds. No one types near these, but a paste may hold anything.
MAX_LENGTH = 5000
MAX_TERMS = 100
MAX_DEPTH = 8


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
class SearchGroup:
    """Terms in brackets, or joined with ``or``.

    A card matches when it matches every item of at least one of the alternatives (and, when
    ``negated``, when it does not).
    """

    alternatives: tuple[tuple[SearchItem, ...], ...]
    negated: bool = False


SearchItem = SearchTerm | SearchGroup


@dataclass(frozen=True, slots=True)
class Search:
    """A parsed search: a card matches when it matches every item (no items: every card)."""

    terms: tuple[SearchItem, ...] = ()


def terms_in(items: Iterable[SearchItem]) -> Iterator[SearchTerm]:
    """Each term of ``items``, those in groups too."""
    for item in items:
        if isinstance(item, SearchTerm):
            yield item
        else:
            for alternative in item.alternatives:
                yield from terms_in(alternative)


class SearchSyntaxError(LocatedError):
    """The search text cannot be read; ``start``/``end`` locate the bad part in it."""


def parse_search(text: str) -> Search:
    """Read a search string.

    Raises:
        SearchSyntaxError: naming the part that is wrong and how to fix it.
    """
    if len(text) > MAX_LENGTH:
        raise SearchSyntaxError(
            f"a search can be at most {MAX_LENGTH:,} characters long and this one has "
            f"{len(text):,}; shorten it (what goes past the limit is selected)",
            MAX_LENGTH,
            len(text),
        )
    alternatives = _Reader(text).alternatives(None)
    if len(alternatives) == 1:
        return Search(alternatives[0])
    return Search((SearchGroup(alternatives),))


class _Reader:
    """Reads terms left to right; ``position`` is the index of the next character."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.depth = 0  # brackets open around ``position``
        self.count = 0  # terms read

    def alternatives(self, opening: int | None) -> tuple[tuple[SearchItem, ...], ...]:
        """The items up to the end, or to the ``)`` of the bracket opened at ``opening``.

        Split into alternatives where ``or`` stands between them; stops on that ``)``.
        """
        found: list[tuple[SearchItem, ...]] = []
        items: list[SearchItem] = []
        joiner: tuple[str, int] | None = None  # the last "or"/"and", still waiting for a term
        while self._skip_spaces() and self.text[self.position] != ")":
            word = self._joiner()
            if word is None:
                items.append(self._item())
                joiner = None
                continue
            if not items or joiner is not None:
                self._joiner_without_term(word, self.position)
            joiner = (word, self.position)
            self.position += len(word)
            if word.lower() == "or":
                found.append(tuple(items))
                items = []
        if joiner is not None:
            self._joiner_without_term(*joiner)
        if self.position == len(self.text) and opening is not None:
            raise SearchSyntaxError(
                'the bracket "(" opened here is never closed; add a ")" after what it groups',
                opening,
                opening + 1,
            )
        if self.position < len(self.text) and opening is None:
            raise SearchSyntaxError(
                'this ")" closes no bracket; remove it, or put it in quotes to find it: ")"',
                self.position,
                self.position + 1,
            )
        if not items and opening is not None and not found:
            raise SearchSyntaxError(
                'empty brackets "()"; put the terms to group between them',
                opening,
                self.position + 1,
            )
        return (*found, tuple(items))

    def _joiner(self) -> str | None:
        """The word ``or`` or ``and`` (any case) standing alone at ``position``, or None."""
        for word in ("or", "and"):
            end = self.position + len(word)
            if self.text[self.position : end].lower() == word and (
                end == len(self.text) or self.text[end].isspace() or self.text[end] in '"()'
            ):
                return self.text[self.position : end]
        return None

    def _joiner_without_term(self, word: str, start: int) -> None:
        raise SearchSyntaxError(
            f'"{word}" needs a term on each side, e.g. sleep {word.lower()} pain; '
            f'to find the word itself, put it in quotes: "{word}"',
            start,
            start + len(word),
        )

    def _item(self) -> SearchItem:
        start = self.position
        if self.text[start] != "(" and self.text[start : start + 2] != "-(":
            return self._term()
        negated = self.text[start] == "-"
        self.position += 1 + negated
        if self.depth == MAX_DEPTH:
            raise SearchSyntaxError(
                f"brackets can go at most {MAX_DEPTH} inside one another; this one is "
                f"the {MAX_DEPTH + 1}th: take some away",
                self.position - 1,
                self.position,
            )
        self.depth += 1
        alternatives = self.alternatives(self.position - 1)
        self.depth -= 1
        self.position += 1  # the closing ")"
        return SearchGroup(alternatives, negated)

    def _skip_spaces(self) -> bool:
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1
        return self.position < len(self.text)

    def _term(self) -> SearchTerm:
        start = self.position
        self.count += 1
        if self.count > MAX_TERMS:
            raise SearchSyntaxError(
                f"a search can hold at most {MAX_TERMS} terms; leave out some of them "
                f"(those past the {MAX_TERMS}th are selected)",
                start,
                len(self.text.rstrip()),
            )
        negated = self.text[start] == "-"
        if negated:
            self.position += 1
            if (
                self.position == len(self.text)
                or self.text[self.position].isspace()
                or (self.text[self.position] == ")")
            ):
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
        value_start = self.position - len(value)
        if not value and self.position < len(self.text) and self.text[self.position] == '"':
            value_start = self.position + 1
            value = self._quoted(start)
        if not value:
            raise SearchSyntaxError(
                f'"{name}:" needs a value after the colon, e.g. {_EXAMPLES[field]}',
                start,
                self.position,
            )
        try:
            return SearchTerm(field, self._checked(field, value, start), negated)
        except TermValueError as error:
            raise SearchSyntaxError(
                error.message, value_start + error.start, value_start + error.end
            ) from None

    def _bare_word(self) -> str:
        start = self.position
        while (
            self.position < len(self.text)
            and not self.text[self.position].isspace()
            and self.text[self.position] not in '"()'
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
        if field is SearchField.PROP:
            property_test(value)
            return value.lower()
        if field in DAY_FIELDS:
            days_test(field, value)
            return value
        choices = _CHOICES.get(field)
        if choices is None:
            return value
        if value.lower() in choices:
            return value.lower()
        if field is SearchField.IS and value.lower() in _ANKI_SPELLINGS:
            return _ANKI_SPELLINGS[value.lower()]
        close = difflib.get_close_matches(value.lower(), choices, n=1)
        hint = f' — did you mean "{field}:{close[0]}"?' if close else "."
        raise SearchSyntaxError(
            f'"{field}:" cannot be "{value}"{hint} Choose from: {", ".join(choices)}',
            start,
            self.position,
        )
