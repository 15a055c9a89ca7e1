"""The Browse table's queries: count the cards a search finds, list them, read some of them.

Nothing loads every row. The table asks for a window of card ids in sort order (one query with
ORDER BY ... LIMIT/OFFSET, so an expensive sort is paid once per window, not once per screenful),
then for the columns of the few cards on screen, by id. The sort keys end with the card id, so
windows never overlap or skip. Notes and decks are joined only when a term or the sort needs
them: a ``deck:`` or ``is:`` search then reads the cards table alone.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from fibrolearn.domain.browse import SortKey
from fibrolearn.domain.search import Search
from fibrolearn.storage import note_text
from fibrolearn.storage.bulk_sql import one_of
from fibrolearn.storage.damaged_data import ORDINAL, stored_count, stored_json_shape
from fibrolearn.storage.models import (
    CardRecord,
    DeckRecord,
    FactorRecord,
    FactRecord,
    NoteRecord,
    NoteTextRecord,
)
from fibrolearn.storage.plain_reads import connection_of, instant_of
from fibrolearn.storage.search import (
    SearchConditions,
    needs_casefold,
    register_text_functions,
    search_conditions,
)
from fibrolearn.storage.search_props import SearchMoment

_NOTE_SORTS = frozenset((SortKey.MODIFIED, SortKey.QUESTION, SortKey.FACTOR, SortKey.TAGS))
_TEXT_SORTS = frozenset((SortKey.QUESTION, SortKey.DECK, SortKey.FACTOR, SortKey.TAGS))
_FEW_NOTES = 1000  # fewer matching notes than this: their cards are found by note id


@dataclass(frozen=True, slots=True)
class CardListing:
    """The columns of one card and its note that a Browse row is made from."""

    card_id: int
    note_id: int
    ordinal: int
    state: int
    suspended: bool
    buried_until: datetime | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    kind: str
    fields: dict[str, Any]
    fact_keys: tuple[str, ...]
    tags: str
    note_type_id: int | None
    created: datetime
    modified: datetime
    deck_id: int
    deck: str


@dataclass(frozen=True, slots=True)
class Listing:
    """Where and how to list: the search, its moment, and the order.

    ``decks``: only cards in these decks (Custom study's search in one deck and its
    subdecks); None: in any deck.
    """

    search: Search
    moment: SearchMoment
    sort: SortKey = SortKey.CREATED
    descending: bool = False
    decks: tuple[int, ...] | None = None


def find_cards(session: Session, listing: Listing, limit: int) -> tuple[int, list[int]]:
    """How many cards the search finds, and the ids of the first ``limit`` in order.

    A first window shorter than ``limit`` holds every card found, so its length is the count;
    only a search finding more counts them with a second query.
    """
    conditions = _by_few_notes(session, _conditions(session, listing))
    ids = _ids(session, _page(select(CardRecord.id), listing, conditions, 0, limit))
    if len(ids) < limit:
        return len(ids), ids
    return int(session.scalar(_count(conditions)) or 0), ids


def _count(conditions: SearchConditions) -> Select[Any]:
    """How many cards meet ``conditions``.

    A search that asks only about notes finds their live cards, which each note's searchable
    text counts: summing those over the notes found reads no card, in half the time of
    joining every card to its note (a common word in 100,000 notes: 8 ms against 17).
    """
    if conditions.card_terms or conditions.note is None:
        return _searched(select(func.count(CardRecord.id)), conditions)
    query = select(func.sum(NoteTextRecord.live_cards)).select_from(NoteTextRecord)
    if conditions.reads_notes:
        query = query.join(NoteRecord, NoteRecord.id == NoteTextRecord.note_id)
    return query.where(conditions.note)


def cards_by_ids(session: Session, card_ids: Collection[int]) -> dict[int, CardListing]:
    """The columns Browse shows of the given cards (missing ids are left out).

    Plain SQL on the session's connection: built and read through SQLAlchemy, 100 rows took
    1.6 ms, of which SQLite's part was 0.2. The ids go in as one JSON array.
    """
    rows = connection_of(session).execute(_LISTING_SQL, (json.dumps(list(card_ids)),))
    return {row[0]: _listing(row) for row in rows}


_LISTING_SQL = (
    "SELECT cards.id, cards.note_id, cards.ordinal, cards.state, cards.suspended,"
    " cards.buried_until, cards.due, cards.last_review, cards.reps, cards.lapses, notes.kind,"
    " notes.fields, notes.fact_keys, notes.tags, notes.note_type_id, notes.created_at,"
    " notes.modified_at, cards.deck_id, decks.name"
    " FROM cards JOIN notes ON notes.id = cards.note_id JOIN decks ON decks.id = cards.deck_id"
    " WHERE cards.id IN (SELECT value FROM json_each(?))"
)


def _listing(row: tuple[Any, ...]) -> CardListing:
    """A row of ``_LISTING_SQL`` (in ``CardListing``'s order), its values converted."""
    card_id, note_id, ordinal, state, suspended, buried, due, last, reps, lapses, *rest = row
    kind, fields, fact_keys, tags, note_type_id, created, modified, deck_id, deck = rest
    return CardListing(
        card_id,
        note_id,
        stored_count(ORDINAL, ordinal),
        state,
        bool(suspended),
        instant_of(buried),
        instant_of(due),  # type: ignore[arg-type] - a card always has a due time
        instant_of(last),
        reps,
        lapses,
        kind,
        stored_json_shape(dict, fields),
        tuple(stored_json_shape(list, fact_keys)),
        tags,
        note_type_id,
        instant_of(created),  # type: ignore[arg-type] - never NULL
        instant_of(modified),  # type: ignore[arg-type] - never NULL
        deck_id,
        deck,
    )


def list_card_ids(session: Session, listing: Listing, offset: int, limit: int) -> list[int]:
    """The ids of the cards in rows ``offset`` to ``offset + limit`` of the listing."""
    query = _page(select(CardRecord.id), listing, _conditions(session, listing), offset, limit)
    return _ids(session, query)


def rows_of_cards(session: Session, listing: Listing, card_ids: Collection[int]) -> dict[int, int]:
    """The row (from 0) of each given card in the listing; cards it does not list are left out.

    Numbers every card the search finds in the table's own order, then keeps the asked ones:
    about the cost of reading the listing's last window, so it is for a sort, not every search.
    The ids go in as one JSON array, so any number of them costs one pass.
    """
    if not card_ids:
        return {}
    row = func.row_number().over(order_by=_order(listing)) - 1
    query = select(CardRecord.id.label("card_id"), row.label("row"))
    numbered = _listed(query, listing, _by_few_notes(session, _conditions(session, listing)))
    rows = numbered.subquery()
    found = select(rows.c.card_id, rows.c.row).where(one_of(rows.c.card_id, card_ids))
    return {card_id: row for card_id, row in session.execute(found)}


def factor_names(
    session: Session, facts: Collection[tuple[int, str]]
) -> dict[tuple[int, str], str]:
    """For (deck id, fact key) pairs: the name of the factor each fact belongs to.

    Plain SQL, the pairs in as one JSON array, each looked up in the facts' index. Asked as
    (deck, key) IN (...), SQLite scanned every fact: 15 of the 25 ms a page of Browse's rows
    took with 33,000 facts.
    """
    pairs = json.dumps([[deck_id, key] for deck_id, key in facts])
    rows = connection_of(session).execute(_FACTOR_NAMES_SQL, (pairs,))
    return {(deck_id, key): name or factor for deck_id, key, name, factor in rows}


_FACTOR_NAMES_SQL = (
    'SELECT facts.deck_id, facts."key", factors.name, facts.factor_key'
    " FROM json_each(?) AS wanted"
    ' JOIN facts ON facts.deck_id = wanted.value ->> 0 AND facts."key" = wanted.value ->> 1'
    ' LEFT JOIN factors ON factors.deck_id = facts.deck_id AND factors."key" = facts.factor_key'
)


def decks_of_cards(session: Session, card_ids: Iterable[int]) -> list[int]:
    """The distinct decks of the given cards, in id order."""
    query = select(CardRecord.deck_id).where(one_of(CardRecord.id, list(card_ids))).distinct()
    return sorted(session.scalars(query))


def note_ids_of_cards(session: Session, card_ids: Iterable[int]) -> list[int]:
    """The distinct notes of the given cards, in id order."""
    query = select(CardRecord.note_id).where(one_of(CardRecord.id, list(card_ids))).distinct()
    return sorted(session.scalars(query))


def _searched(
    query: Select[Any], conditions: SearchConditions, *, with_notes: bool = False
) -> Select[Any]:
    """``query`` over the cards meeting ``conditions``, joined with what they read of notes."""
    query = query.select_from(CardRecord).where(conditions.card)
    if conditions.reads_text:
        query = query.join(NoteTextRecord, NoteTextRecord.note_id == CardRecord.note_id)
    if conditions.reads_notes or with_notes:
        query = query.join(NoteRecord, NoteRecord.id == CardRecord.note_id)
    return query if conditions.note is None else query.where(conditions.note)


def _by_few_notes(session: Session, conditions: SearchConditions) -> SearchConditions:
    """``conditions`` with the ids of the matching notes in place of their condition, if few.

    Cards joined with their notes look up the note of every card they pass, and a search for a
    rare word passes them all; reading the few matching notes first scans the notes once. A
    common word stops this probe early and keeps the join (its first window fills quickly).
    """
    if conditions.note is None or conditions.card_reads_notes:  # the join stays for ``card``
        return conditions
    if conditions.reads_text:
        probe = select(NoteTextRecord.note_id)
        if conditions.reads_notes:
            probe = probe.join(NoteRecord, NoteRecord.id == NoteTextRecord.note_id)
    else:
        probe = select(NoteRecord.id)
    note_ids = _ids(session, probe.where(conditions.note).limit(_FEW_NOTES))
    if len(note_ids) == _FEW_NOTES:
        return conditions
    return SearchConditions(and_(conditions.card, CardRecord.note_id.in_(note_ids)), None)


def _ids(session: Session, query: Select[Any]) -> list[int]:
    """The single column ``query`` selects, read at once and without the ORM.

    Read through the ORM a row at a time, the 2,000 card ids and up to 1,000 note ids of a
    common word's search cost 0.6 ms more (of 14).
    """
    return list(session.connection().execute(query).scalars().all())


def _conditions(session: Session, listing: Listing) -> SearchConditions:
    if needs_casefold(listing.search) or listing.sort in _TEXT_SORTS:
        register_text_functions(session)
    most_letters = note_text.most_letters(session)
    found = search_conditions(listing.search, moment=listing.moment, most_letters=most_letters)
    if listing.decks is None:
        return found
    in_decks = and_(found.card, CardRecord.deck_id.in_(listing.decks))
    return replace(found, card=in_decks, card_terms=True)


def _page(
    query: Select[Any], listing: Listing, conditions: SearchConditions, offset: int, limit: int
) -> Select[Any]:
    listed = _listed(query, listing, conditions)
    return listed.order_by(*_order(listing)).offset(offset).limit(limit)


def _listed(query: Select[Any], listing: Listing, conditions: SearchConditions) -> Select[Any]:
    """``query`` over the cards found, joined with what the listing's sort reads."""
    query = _searched(query, conditions, with_notes=listing.sort in _NOTE_SORTS)
    if listing.sort is SortKey.DECK:
        query = query.join(DeckRecord, DeckRecord.id == CardRecord.deck_id)
    return query


def _order(listing: Listing) -> list[ColumnElement[Any]]:
    """The listing's ORDER BY, ending with the card id so no two cards tie."""
    order = [
        key.desc() if listing.descending and not kept_ascending else key
        for key, kept_ascending in _sort_keys(listing.sort)
    ]
    return [*order, CardRecord.id.desc() if listing.descending else CardRecord.id]


def _sort_keys(sort: SortKey) -> list[tuple[ColumnElement[Any], bool]]:
    """The ORDER BY keys of a sort, before the card id; ``True`` marks a key kept ascending.

    Cards without a value (new cards for due and interval, notes without facts for factor or
    without tags for tags) come last in both directions. Text sorts by ``fibrolearn_sort_key``
    (``lower`` folds only A-Z and would put "Äpfel" after "Zink").
    """
    card, note = CardRecord, NoteRecord
    new = card.state == 0
    factor = _first_factor_name()
    interval = func.julianday(card.due) - func.julianday(card.last_review)
    tags = func.trim(note.tags)  # as the row shows them, split at spaces
    keys: dict[SortKey, list[tuple[ColumnElement[Any], bool]]] = {
        SortKey.CREATED: [],  # card ids grow as cards are added
        SortKey.MODIFIED: [(note.modified_at, False)],
        SortKey.QUESTION: [(func.fibrolearn_field_sort_key(_sort_field(), note.kind), False)],
        SortKey.DECK: [(func.fibrolearn_sort_key(DeckRecord.name), False)],
        SortKey.FACTOR: [(factor.is_(None), True), (func.fibrolearn_sort_key(factor), False)],
        SortKey.DUE: [
            (new, True),
            (case((new, card.position), else_=None), False),
            (card.due, False),
        ],
        SortKey.INTERVAL: [(card.last_review.is_(None), True), (interval, False)],
        SortKey.REVIEWS: [(card.reps, False)],
        SortKey.LAPSES: [(card.lapses, False)],
        SortKey.TAGS: [(tags == "", True), (func.fibrolearn_sort_key(tags), False)],
    }
    return keys[sort]


def _sort_field() -> ColumnElement[Any]:
    """The note's first field: the question of basic notes, the text of cloze notes."""
    fields = NoteRecord.fields
    first_value = (
        select(func.json_each(fields).table_valued("value").c.value).limit(1).scalar_subquery()
    )
    return func.coalesce(
        func.nullif(func.json_extract(fields, "$.front"), ""),
        func.nullif(func.json_extract(fields, "$.text"), ""),
        first_value,  # notes of imported note types name their fields freely
    )


def _first_factor_name() -> ColumnElement[Any]:
    first_fact = func.json_extract(NoteRecord.fact_keys, "$[0]")
    return (
        select(func.coalesce(FactorRecord.name, FactRecord.factor_key))
        .select_from(FactRecord)
        .outerjoin(FactorRecord, _factor_of_fact())
        .where(FactRecord.deck_id == NoteRecord.deck_id, FactRecord.key == first_fact)
        .scalar_subquery()
    )


def _factor_of_fact() -> ColumnElement[bool]:
    return and_(
        FactorRecord.deck_id == FactRecord.deck_id, FactorRecord.key == FactRecord.factor_key
    )
