"""A parsed Browse search as SQL conditions: one on cards alone, one on their notes.

Kept apart so that a search without note terms (``deck:``, ``is:``) never joins the notes.
Free text looks in every field value and the tags, through each note's searchable text
(``note_text``: those values and tags, nothing else), so a word search reads the notes table
only for a wildcard, which must be checked value by value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    LargeBinary,
    and_,
    cast,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from fibrolearn.domain.cloze_syntax import CLOZE_DELETION
from fibrolearn.domain.enums import CardState, NoteKind
from fibrolearn.domain.html_text import html_to_text
from fibrolearn.domain.search import (
    CardStatus,
    Search,
    SearchField,
    SearchItem,
    SearchTerm,
    terms_in,
)
from fibrolearn.storage import note_text
from fibrolearn.storage.models import (
    CardRecord,
    DeckRecord,
    FactorRecord,
    FactRecord,
    NoteRecord,
    NoteTextRecord,
)
from fibrolearn.storage.search_props import SearchMoment, card_number_condition

ESCAPE = "\\"
_LEARNING = (int(CardState.LEARNING), int(CardState.RELEARNING))
_OWN_KINDS = frozenset(NoteKind)  # their fields are plain text; an imported note's are HTML
_WORD_FIELDS = frozenset((SearchField.TEXT, SearchField.NC))  # look in note_text
_FOLDED_FIELDS = _WORD_FIELDS | {SearchField.DECK, SearchField.TAG, SearchField.FACTOR}
_NOTE_FIELDS = _WORD_FIELDS | {
    SearchField.TAG,
    SearchField.FACTOR,
    SearchField.CERTAINTY,
    SearchField.ADDED,
    SearchField.EDITED,
}
_DOTTED_I = "i\u0307"  # what casefold makes of "İ"
# Combining accents (Unicode's blocks of combining diacritical marks), left after decomposing.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Typographic quotes and apostrophes, compared as the straight ones a keyboard types: 'fibro
# finds ‘fibro fog’, and brain’s (pasted from a card) finds brain's.
TYPOGRAPHIC_QUOTES = "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
_QUOTES = str.maketrans(TYPOGRAPHIC_QUOTES, "''''\"\"\"\"")
_STRAIGHT_QUOTES = frozenset("'\"")


@dataclass(frozen=True, slots=True)
class SearchConditions:
    """A search as SQL: ``card`` on the cards table alone, ``note`` on the card's note.

    Attributes:
        card: The terms about the card itself (deck, state); retired cards never match.
        note: The terms about its note (text, tags, facts); None when no term looks at notes.
        reads_notes: Whether ``note`` reads the notes table (tags, facts, fields one by one).
        reads_text: Whether ``note`` reads the note's searchable text (``note_text``).
        card_terms: Whether ``card`` asks more than that the card is not retired; when it
            does not, the cards found are the live cards of the notes ``note`` finds.
        card_reads_notes: Whether ``card`` reads notes too: ``or`` between a term about the
            card and one about its note (``is:new or sleep``).
    """

    card: ColumnElement[bool]
    note: ColumnElement[bool] | None
    reads_notes: bool = False
    reads_text: bool = False
    card_terms: bool = True
    card_reads_notes: bool = False


def search_conditions(
    search: Search, *, moment: SearchMoment, most_letters: int
) -> SearchConditions:
    """The conditions a card (and its note) must meet to match every term of ``search``.

    Args:
        search: The parsed search.
        moment: When it is made (``is:due`` cards fall due before tomorrow's study day
            begins; ``prop:`` and ``rated:`` etc. count days and recall from it).
        most_letters: The most any note's searchable text holds (``note_text.most_letters``):
            words need not fold texts in Python that no note has.
    """
    context = _Context(moment, most_letters)
    card: list[ColumnElement[bool]] = [CardRecord.retired.is_(False)]
    note: list[ColumnElement[bool]] = []
    mixed = False
    for item in search.terms:
        condition = _item_condition(item, context)
        about_notes = [term.field in _NOTE_FIELDS for term in terms_in((item,))]
        (note if all(about_notes) else card).append(condition)
        mixed |= any(about_notes) and not all(about_notes)
    terms = list(terms_in(search.terms))
    reads_text = any(term.field in _WORD_FIELDS for term in terms)
    reads_notes = any(
        _may_span_values(term.value) if term.field in _WORD_FIELDS else term.field in _NOTE_FIELDS
        for term in terms
    )
    return SearchConditions(
        and_(*card), and_(*note) if note else None, reads_notes, reads_text, len(card) > 1, mixed
    )


@dataclass(frozen=True, slots=True)
class _Context:
    """What the terms need beyond themselves: the moment, and the letters notes hold."""

    moment: SearchMoment
    most_letters: int


def _item_condition(item: SearchItem, context: _Context) -> ColumnElement[bool]:
    """The condition of a term, or of a group: any of its alternatives, each all of its items."""
    if isinstance(item, SearchTerm):
        condition = _condition(item, context)
    else:
        condition = or_(
            *(
                and_(*(_item_condition(inner, context) for inner in alternative))
                for alternative in item.alternatives
            )
        )
    return not_(condition) if item.negated else condition


def needs_casefold(search: Search) -> bool:
    """Whether the search may fold text in Python: it compares text (see :func:`_like`)."""
    return any(term.field in _FOLDED_FIELDS for term in terms_in(search.terms))


def register_text_functions(session: Session) -> None:
    """Give the session's SQLite connection the Unicode text functions SQLite lacks.

    ``fibrolearn_casefold`` folds case for searches; ``fibrolearn_sort_key`` orders text for
    sorting (see :func:`sort_key`), ``fibrolearn_field_sort_key`` a note's field (see
    :func:`field_sort_key`). Deterministic, so SQLite may compute each once per row.
    """
    driver = session.connection().connection.driver_connection
    driver.create_function("fibrolearn_casefold", 1, _casefold, deterministic=True)
    driver.create_function("fibrolearn_sort_key", 1, sort_key, deterministic=True)
    driver.create_function("fibrolearn_field_sort_key", 2, field_sort_key, deterministic=True)


def _casefold(value: object) -> object:
    return folded(value) if isinstance(value, str) else value


def folded(text: str) -> str:
    """Text as a search compares it: case folded, each accented letter written one way.

    A letter and its accent may come as one character ("é") or as two (an "e", then a
    combining accent: text pasted from a PDF, or typed on some keyboards); both become one.
    Turkish "İ" folds to "i", as its lower case "i" does ("istanbul" finds "İstanbul"); the
    dotless "ı" stays a letter of its own. Typographic quotes become straight ones.
    """
    folded_text = unicodedata.normalize("NFC", text.casefold()).replace(_DOTTED_I, "i")
    return folded_text.translate(_QUOTES)


def sort_key(value: object) -> object:
    """Text as a reader sorts it: case, accents and the shape of quotes ignored: "Äpfel", "apple".

    SQLite compares the result code point by code point; once per row, this costs far less
    than a collation, which Python would run for every comparison of a sort.
    """
    if not isinstance(value, str):
        return value
    if value.isascii():  # most text: nothing to decompose
        return value.lower()
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", value.casefold())).translate(_QUOTES)


def field_sort_key(value: object, kind: object) -> object:
    """A note's field as a reader sorts it: by its words, not its markup.

    "{{c1::Apfel}} ist rund" sorts as "apfel ist rund", with the A's, not after the Z's; the
    HTML of an imported Anki note's field (of a ``kind`` not FibroLearn's own) as its text, so
    "<b>Sleep</b>" sorts with the S's, as in Anki, not before every letter.
    """
    if isinstance(value, str) and kind not in _OWN_KINDS and ("<" in value or "&" in value):
        value = html_to_text(value)
    if isinstance(value, str) and "{{" in value:
        value = CLOZE_DELETION.sub(r"\g<term>", value)
    return sort_key(value)


def like_pattern(value: str) -> str:
    """``value`` as a LIKE pattern (backslash escapes): literal except ``*``, matching anything."""
    escaped = (
        value.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    )
    return escaped.replace("*", "%")


@dataclass(frozen=True, slots=True)
class TextLetters:
    """What is known of the letters of a note's text compared (see ``note_text.letters``).

    Attributes:
        column: What ``note_text.letters`` says of the text; None for a part of it (tags).
        most: The most any note's text holds.
    """

    column: ColumnElement[int] | None
    most: int


Letters = TextLetters | None
Templates = tuple[str, ...]  # LIKE patterns, "{}" standing for the value


def _like(
    text: ColumnElement[str], value: str, templates: Templates = ("{}",), letters: Letters = None
) -> ColumnElement[bool]:
    """``text`` matches a template with ``value`` in it, case folded (see :func:`folded`).

    SQLite's LIKE folds only A-Z, so text beyond ASCII is folded by a Python function, which
    :func:`register_text_functions` must have installed, and only where it can matter: for a
    value in ASCII, text holding letters that fold into it ("ß" for "ss"). ``letters`` is
    what ``note_text.letters`` says of ``text``; without it, any text beyond ASCII is folded.
    """
    beyond = _holding(text, letters, note_text.BEYOND_ASCII)
    into_ascii = _holding(text, letters, note_text.INTO_ASCII)
    fold = (folded, func.fibrolearn_casefold)
    return _folded_like(text, value, templates, fold, (beyond, into_ascii))


def _unaccented_like(
    text: ColumnElement[str], value: str, templates: Templates = ("{}",), letters: Letters = None
) -> ColumnElement[bool]:
    """``text`` matches a template with ``value`` in it, ignoring case and accents (``nc:``).

    Both sides are compared as they sort (:func:`sort_key`: case folded, accents taken off),
    so "cafe" finds "Café", "strasse" "Straße" and "istanbul" "İstanbul".
    """
    beyond = _holding(text, letters, note_text.BEYOND_ASCII)
    fold = (sort_key, func.fibrolearn_sort_key)
    return _folded_like(text, value, templates, fold, (beyond, beyond))


def _folded_like(
    text: ColumnElement[str],
    value: str,
    templates: Templates,
    fold: tuple[Callable[[str], object], Callable[[ColumnElement[str]], ColumnElement[str]]],
    needs: tuple[ColumnElement[bool] | None, ColumnElement[bool] | None],
) -> ColumnElement[bool]:
    """``text`` matches any of ``templates`` with ``value`` in it, both folded by ``fold``.

    ``fold`` is the Python fold and its SQL function; ``needs`` says which text it must fold
    (None: none): for a value beyond ASCII, and for one in ASCII. Text that matches an ASCII
    value as it is needs no folding.
    """
    in_python, in_sql = fold
    beyond, into_ascii = needs
    value = str(in_python(value))
    patterns = [template.format(like_pattern(value)) for template in templates]
    folded_text = or_(*(_escaped_like(in_sql(text), pattern) for pattern in patterns))
    if not value.isascii():  # text in ASCII alone cannot match
        return false() if beyond is None else and_(beyond, folded_text)
    as_it_is = [_escaped_like(text, pattern) for pattern in patterns]
    if _STRAIGHT_QUOTES & set(value):  # typographic quotes in the text match only folded
        into_ascii = beyond
    if into_ascii is not None:
        as_it_is.append(and_(into_ascii, folded_text))
    return or_(*as_it_is)


def _holding(text: ColumnElement[str], letters: Letters, kind: int) -> ColumnElement[bool] | None:
    """Which texts may hold letters of ``kind`` (or more); None if no note's text does."""
    if letters is not None and letters.most < kind:
        return None
    if letters is None or letters.column is None:
        return _beyond_ascii(text)
    return letters.column >= kind


def _beyond_ascii(text: ColumnElement[str]) -> ColumnElement[bool]:
    """``text`` holds characters beyond ASCII: more bytes than characters."""
    return func.length(text) != func.length(cast(text, LargeBinary))


def _escaped_like(text: ColumnElement[str], pattern: str) -> ColumnElement[bool]:
    """``text LIKE pattern``, with an ESCAPE clause only if the pattern escapes something.

    SQLite's LIKE runs about a tenth slower with one: 0.7 ms of a word's 7 ms scan of
    100,000 notes.
    """
    return text.like(pattern, escape=ESCAPE if ESCAPE in pattern else None)


def _condition(term: SearchTerm, context: _Context) -> ColumnElement[bool]:
    moment, most_letters = context.moment, context.most_letters
    match term.field:
        case SearchField.TEXT | SearchField.NC:
            like = _like if term.field is SearchField.TEXT else _unaccented_like
            return _text(term.value, like, TextLetters(NoteTextRecord.letters, most_letters))
        case SearchField.DECK:
            # A deck's key (always lower case) only whole: keys are never shown, so a part of
            # one, or a wildcard, would catch decks the learner never named. As in Anki, a deck
            # takes in the decks under it: "Biology::Cells" (imported so) for "deck:biology".
            name = DeckRecord.name
            decks = select(DeckRecord.id).where(
                or_(
                    _like(name, term.value, ("{}", "{}::%")),
                    DeckRecord.key == term.value.lower(),
                )
            )
            return CardRecord.deck_id.in_(decks)
        case SearchField.TAG:
            return _tag(term.value, TextLetters(None, most_letters))
        case SearchField.FACTOR | SearchField.CERTAINTY:
            return _teaches_fact_where(_fact_condition(term))
        case SearchField.IS:
            return _status(CardStatus(term.value), moment.now, moment.day_starts(1))
        case (
            SearchField.PROP
            | SearchField.ADDED
            | SearchField.EDITED
            | SearchField.RATED
            | SearchField.INTRODUCED
        ):
            return card_number_condition(term.field, term.value, moment)
    raise AssertionError(f"unhandled search field {term.field}")  # pragma: no cover


def _fact_condition(term: SearchTerm) -> ColumnElement[bool]:
    """What a fact the note teaches must meet for ``factor:`` or ``certainty:``."""
    if term.field is SearchField.FACTOR:
        return or_(_like(FactRecord.factor_key, term.value), _like(FactorRecord.name, term.value))
    # The certainty the card shows: the literature's where it differs from the source.
    shown = func.coalesce(func.nullif(FactRecord.evidence_certainty, ""), FactRecord.certainty)
    return shown == term.value


def _tag(value: str, letters: TextLetters) -> ColumnElement[bool]:
    """The note has the tag ``value``, or one under it; ``none``, as in Anki: no tag at all.

    A whole tag: all the tags, the first, the last or one between; or, as in Anki, a tag under
    it ("sleep::deep" for "sleep"), first or later. (Not LIKE over the tags padded with spaces:
    building that string for every note costs more.) The tags are part of the note's text, so
    ``letters`` tells whether any note's tags need folding in Python.
    """
    tags = NoteRecord.tags
    if value.lower() == "none":
        return tags == ""
    forms = ("{}", "{} %", "% {}", "% {} %", "{}::%", "% {}::%")
    return and_(tags != "", _like(tags, value, forms, letters))


def _text(
    value: str, like: Callable[..., ColumnElement[bool]], letters: TextLetters
) -> ColumnElement[bool]:
    """A field value or the tags of the note hold ``value`` (``*`` standing for anything).

    ``like`` compares: :func:`_like` for words, :func:`_unaccented_like` for ``nc:``.
    """
    found = like(NoteTextRecord.text, value, ("%{}%",), letters)
    if not _may_span_values(value):
        return found
    # The searchable text narrows it down; each value is then checked on its own, since the
    # wildcard could have matched from the end of one value into the next.
    values = func.json_each(NoteRecord.fields).table_valued("value")
    in_a_field = exists(
        select(1).select_from(values).where(like(values.c.value, value, ("%{}%",), letters))
    )
    return and_(found, or_(in_a_field, like(NoteRecord.tags, value, ("%{}%",), letters)))


def _may_span_values(value: str) -> bool:
    """Whether ``value`` could match across two values of the searchable text (a wildcard)."""
    return "*" in value


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
