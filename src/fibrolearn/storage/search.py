"""A parsed Browse search as SQL conditions: one on cards alone, one on their notes.

Kept apart so that a search without note terms (``deck:``, ``is:``) never joins the notes.
Free text looks in every note field and the tags. Fields are stored as JSON, so a plain LIKE
over the JSON text could also match field names, JSON syntax and escape sequences; that LIKE is
a cheap first filter (a necessary condition), and the rows it lets through are checked field by
field with ``json_each`` unless the first filter is already exact for them (see
:func:`_json_text_is_exact`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.search import CardStatus, Search, SearchField, SearchTerm
from fibrolearn.storage.models import CardRecord, DeckRecord, FactorRecord, FactRecord, NoteRecord

ESCAPE = "\\"
_LEARNING = (int(CardState.LEARNING), int(CardState.RELEARNING))
_NOTE_FIELDS = frozenset(
    (SearchField.TEXT, SearchField.TAG, SearchField.FACTOR, SearchField.CERTAINTY)
)
# The field names of notes without a note type (basic, reversed and cloze notes).
_BUILT_IN_FIELD_NAMES = ("front", "back", "text", "extra")
# Every character JSON writes outside strings (punctuation, spaces, numbers, null, true,
# false), in lower case.
_OUTSIDE_STRINGS = frozenset("{}[],: 0123456789+-.e" + "nulltruefalse")
# What follows the backslash of a JSON escape (\n, \u00e9, ...), in lower case.
_ESCAPE_TAILS = frozenset('"\\/bfnrtu0123456789abcdef')
# Combining accents (Unicode's blocks of combining diacritical marks), left after decomposing.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@dataclass(frozen=True, slots=True)
class SearchConditions:
    """A search as SQL: ``card`` on the cards table alone, ``note`` on the card's note.

    Attributes:
        card: The terms about the card itself (deck, state); retired cards never match.
        note: The terms about its note (text, tags, facts); None when no term looks at notes.
    """

    card: ColumnElement[bool]
    note: ColumnElement[bool] | None


def search_conditions(search: Search, *, now: datetime, due_before: datetime) -> SearchConditions:
    """The conditions a card (and its note) must meet to match every term of ``search``.

    Args:
        search: The parsed search.
        now: The current instant (for ``is:buried`` and ``is:due``).
        due_before: End of the current study day: ``is:due`` cards fall due before it.
    """
    card: list[ColumnElement[bool]] = [CardRecord.retired.is_(False)]
    note: list[ColumnElement[bool]] = []
    for term in search.terms:
        condition = _condition(term, now, due_before)
        (note if term.field in _NOTE_FIELDS else card).append(
            not_(condition) if term.negated else condition
        )
    return SearchConditions(and_(*card), and_(*note) if note else None)


def needs_casefold(search: Search) -> bool:
    """Whether the search compares non-ASCII letters, which SQLite's LIKE does not fold."""
    return not all(term.value.isascii() for term in search.terms)


def register_text_functions(session: Session) -> None:
    """Give the session's SQLite connection the Unicode text functions SQLite lacks.

    ``fibrolearn_casefold`` folds case for searches; ``fibrolearn_sort_key`` orders text for
    sorting (see :func:`sort_key`). Deterministic, so SQLite may compute each once per row.
    """
    driver = session.connection().connection.driver_connection
    driver.create_function("fibrolearn_casefold", 1, _casefold, deterministic=True)
    driver.create_function("fibrolearn_sort_key", 1, sort_key, deterministic=True)


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def sort_key(value: object) -> object:
    """Text as a reader sorts it: case and accents ignored, so "Äpfel" sorts with "apple".

    SQLite compares the result code point by code point; once per row, this costs far less
    than a collation, which Python would run for every comparison of a sort.
    """
    if not isinstance(value, str):
        return value
    if value.isascii():  # most text: nothing to decompose
        return value.lower()
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", value.casefold()))


def like_pattern(value: str) -> str:
    """``value`` as a LIKE pattern (backslash escapes): literal except ``*``, matching anything."""
    escaped = (
        value.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    )
    return escaped.replace("*", "%")


def _like(text: ColumnElement[str], value: str, template: str = "{}") -> ColumnElement[bool]:
    """``text`` matches ``template`` with ``value`` in it, case-insensitively.

    SQLite's LIKE folds only A-Z; a value with other letters compares case-folded text, through
    a Python function that :func:`register_text_functions` must have installed.
    """
    if value.isascii():
        return text.like(template.format(like_pattern(value)), escape=ESCAPE)
    folded = func.fibrolearn_casefold(text)
    return folded.like(template.format(like_pattern(value.casefold())), escape=ESCAPE)


def _condition(term: SearchTerm, now: datetime, due_before: datetime) -> ColumnElement[bool]:
    match term.field:
        case SearchField.TEXT:
            return _text(term.value)
        case SearchField.DECK:
            # A deck's key (always lower case) only whole: keys are never shown, so a part of
            # one, or a wildcard, would catch decks the learner never named.
            decks = select(DeckRecord.id).where(
                or_(_like(DeckRecord.name, term.value), DeckRecord.key == term.value.lower())
            )
            return CardRecord.deck_id.in_(decks)
        case SearchField.TAG:
            # A whole tag: all the tags, the first, the last or one between. (Not LIKE over the
            # tags padded with spaces: building that string for every note costs more.)
            tags = NoteRecord.tags
            whole = (_like(tags, term.value, form) for form in ("{}", "{} %", "% {}", "% {} %"))
            return and_(tags != "", or_(*whole))
        case SearchField.FACTOR:
            return _teaches_fact_where(
                or_(_like(FactRecord.factor_key, term.value), _like(FactorRecord.name, term.value))
            )
        case SearchField.CERTAINTY:
            # The certainty the card shows: the literature's where it differs from the source.
            shown = func.coalesce(
                func.nullif(FactRecord.evidence_certainty, ""), FactRecord.certainty
            )
            return _teaches_fact_where(shown == term.value)
        case SearchField.IS:
            return _status(CardStatus(term.value), now, due_before)
    raise AssertionError(f"unhandled search field {term.field}")  # pragma: no cover


def _text(value: str) -> ColumnElement[bool]:
    json_text = type_coerce(NoteRecord.fields, String)
    field_values = func.json_each(NoteRecord.fields).table_valued("value")
    in_a_field: ColumnElement[bool] = exists(
        select(1).select_from(field_values).where(_like(field_values.c.value, value, "%{}%"))
    )
    if _json_text_is_exact(value):
        # Plain notes need no check field by field: json_each costs more than the LIKE itself,
        # and a common word lets most notes through.
        plain_note = NoteRecord.note_type_id.is_(None)
        if value[0].lower() in _ESCAPE_TAILS:  # the value could start inside an escape
            plain_note = and_(plain_note, func.instr(json_text, literal(ESCAPE)) == 0)
        in_a_field = or_(plain_note, in_a_field)
    in_fields = and_(json_text.like(_json_prefilter(value), escape=ESCAPE), in_a_field)
    return or_(in_fields, _like(NoteRecord.tags, value, "%{}%"))


def _json_text_is_exact(value: str) -> bool:
    """Whether ``value`` found in the JSON text of a plain note is surely found in a field.

    A plain note has the built-in field names, and no escapes (no backslash) unless the value
    cannot start inside one. JSON writes printable ASCII other than quote and backslash as
    itself, so a value of those without ``*`` (which could reach across a quote) is found inside
    one string or outside all strings; a letter JSON never writes outside strings rules out the
    latter, and not being part of a field name leaves the fields' values (a list or object value
    is searched as its JSON text anyway).
    """
    lowered = value.lower()
    return (
        all(" " <= char <= "~" and char not in '"\\*' for char in value)
        and not set(lowered) <= _OUTSIDE_STRINGS
        and not any(lowered in name for name in _BUILT_IN_FIELD_NAMES)
    )


def _json_prefilter(value: str) -> str:
    """A LIKE pattern the raw JSON text of any note whose fields contain ``value`` matches.

    JSON writes printable ASCII as itself (except quote and backslash) and everything else as an
    escape, so only those characters are kept; any other run becomes ``%``.
    """
    parts = []
    for char in value:
        plain = " " <= char <= "~" and char not in '"\\'
        piece = like_pattern(char) if plain else "%"
        if piece != "%" or not parts or parts[-1] != "%":
            parts.append(piece)
    return f"%{''.join(parts)}%"


def _teaches_fact_where(fact_condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """The note teaches a fact (of its own deck) meeting ``fact_condition``."""
    matching_facts = (
        select(FactRecord.deck_id, FactRecord.key)
        .outerjoin(
            FactorRecord,
            and_(
                FactorRecord.deck_id == FactRecord.deck_id,
                FactorRecord.key == FactRecord.factor_key,
            ),
        )
        .where(fact_condition)
    )
    keys = func.json_each(NoteRecord.fact_keys).table_valued("value")
    # Uncorrelated, so SQLite builds the set of matching facts once, not per note.
    return exists(
        select(1)
        .select_from(keys)
        .where(tuple_(NoteRecord.deck_id, keys.c.value).in_(matching_facts))
    )


def _status(status: CardStatus, now: datetime, due_before: datetime) -> ColumnElement[bool]:
    card = CardRecord
    buried = and_(card.buried_until.is_not(None), card.buried_until > now)
    match status:
        case CardStatus.NEW:
            return card.state == int(CardState.NEW)
        case CardStatus.LEARNING:
            return card.state.in_(_LEARNING)
        case CardStatus.REVIEW:
            return card.state == int(CardState.REVIEW)
        case CardStatus.SUSPENDED:
            return card.suspended.is_(True)
        case CardStatus.BURIED:
            return buried
        case CardStatus.DUE:
            return and_(
                card.state != int(CardState.NEW),
                card.due < due_before,
                card.suspended.is_(False),
                not_(buried),
            )
    raise AssertionError(f"unhandled card status {status}")  # pragma: no cover
