"""Lookups and bulk writes behind importing notes, cards and review history.

Imports write thousands of rows in one transaction, so rows go in with bulk INSERTs (one
statement per batch, with the ids they are given) rather than one ORM object at a time, and rows
already there are rewritten with one executemany UPDATE, only those that change. Those
statements, and the batched IN (...) lookups, are built by :mod:`fibrolearn.storage.bulk_sql`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, select, text, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from fibrolearn.domain.deck_tree import parent_names
from fibrolearn.domain.decks import deck_name_key
from fibrolearn.domain.study import MemoryState
from fibrolearn.storage import decks_repo
from fibrolearn.storage.bulk_sql import LARGEST_INTEGER, Same, insert_many, one_of, update_many
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.models import (
    CardRecord,
    DeckRecord,
    NoteImportRecord,
    NoteRecord,
    ReviewRecord,
)

_VERSIONS_OF_NEW_NOTES = text(
    "INSERT INTO note_imports (note_id, version)"
    " SELECT id, json_object('fields', json(fields), 'tags', tags) FROM notes WHERE id > :before"
)


# Rows read and written here are named tuples: an import makes one per note and card, and a
# frozen dataclass took several times as long to build.
class ExistingNote(NamedTuple):
    """A note already in the collection that an imported one may update."""

    id: int
    deck_id: int
    key: str
    guid: str | None
    kind: str
    fields: dict[str, Any]
    tags: str
    note_type_id: int | None
    origin_type_id: int | None
    retired: bool
    from_import: dict[str, Any] | None  # the version it was last imported as


class NewNote(NamedTuple):
    """A note to insert."""

    deck_id: int
    key: str
    guid: str | None
    kind: str
    fields: dict[str, str]
    tags: str
    note_type_id: int | None
    origin_type_id: int | None  # the Anki note type a note of FibroLearn's own kinds came from


class NewCard(NamedTuple):
    """A card to insert."""

    note_id: int
    deck_id: int
    ordinal: int
    state: MemoryState
    suspended: bool
    position: int
    buried_until: datetime | None = None
    retired: bool = False  # set aside: a card the file gives a note that does not make it


class ExistingCard(NamedTuple):
    """A card already in the collection, as far as a re-import compares it with the file's."""

    id: int
    reps: int
    last_review: datetime | None
    buried_until: datetime | None
    retired: bool


@dataclass(frozen=True, slots=True)
class CardSchedule:
    """The scheduling a re-import writes over an existing card."""

    card_id: int
    state: MemoryState
    suspended: bool
    buried_until: datetime | None


class NewReview(NamedTuple):
    """An imported answer to append to the review log."""

    card_id: int | None
    external_card: str | None
    reviewed_at: datetime
    rating: int
    duration_ms: int
    before: MemoryState
    after: MemoryState
    early: bool = False  # a review answered before its day, as the file tells (Anki's log)


def decks_by_name(session: Session) -> dict[str, tuple[int, str]]:
    """Every deck by its name's ``deck_name_key``, and by the names it had before: (id, key).

    A deck's name now wins over another deck's former one.
    """
    rows = list(session.execute(select(DeckRecord.name, DeckRecord.id, DeckRecord.key)))
    by_key = {key: (deck_id, key) for _name, deck_id, key in rows}
    former = decks_repo.former_names(session)
    named = {deck_name_key(name): by_key[key] for name, key in former.items() if key in by_key}
    named.update({deck_name_key(name): (deck_id, key) for name, deck_id, key in rows})
    return named


def deck_keys(session: Session) -> set[str]:
    """Every deck key in use."""
    return set(session.scalars(select(DeckRecord.key)))


def unused_deck_key(name: str, taken: set[str]) -> str:
    """A key for a new deck called ``name`` that no deck of ``taken`` has."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "deck"
    key, number = f"imported-{slug}", 1
    while key in taken:
        number += 1
        key = f"imported-{slug}-{number}"
    return key


def add_deck(session: Session, key: str, name: str, now: datetime) -> int:
    """Create a deck with default study options; returns its id."""
    deck = DeckRecord(key=key, name=name, created_at=now)
    session.add(deck)
    session.flush()
    return deck.id


def add_missing_parents(
    session: Session, name: str, known: Collection[str], now: datetime
) -> list[str]:
    """Make the decks ``name`` is under that ``known`` (deck name keys) lacks; returns them.

    A subdeck without its parent was listed at the top under its whole name.
    """
    made = [above for above in parent_names(name) if deck_name_key(above) not in known]
    taken = deck_keys(session)
    for above in made:
        key = unused_deck_key(above, taken)
        taken.add(key)
        add_deck(session, key, above, now)
    return made


def notes_by_guid(session: Session, guids: Collection[str]) -> dict[str, ExistingNote]:
    """The notes carrying any of ``guids``."""
    return {
        note.guid or "": note for note in _existing_notes(session, one_of(NoteRecord.guid, guids))
    }


def notes_by_key(session: Session, deck_id: int, keys: Collection[str]) -> dict[str, ExistingNote]:
    """The notes of a deck with any of ``keys``."""
    notes = _existing_notes(session, NoteRecord.deck_id == deck_id, one_of(NoteRecord.key, keys))
    return {note.key: note for note in notes}


def notes_by_id(session: Session, note_ids: Collection[int]) -> dict[int, ExistingNote]:
    """The notes with these ids."""
    return {note.id: note for note in _existing_notes(session, one_of(NoteRecord.id, note_ids))}


def live_note_fields(session: Session, deck_ids: Collection[int]) -> list[tuple[int, Any]]:
    """(deck id, fields) of each note of these decks that is not retired."""
    query = select(NoteRecord.deck_id, NoteRecord.fields).where(
        one_of(NoteRecord.deck_id, deck_ids), NoteRecord.retired.is_(False)
    )
    return [(deck_id, fields) for deck_id, fields in session.connection().execute(query)]


def keys_without_guid(session: Session) -> list[tuple[int, str, str]]:
    """(id, deck key, key) of each note that has no guid yet: its exported guid derives from them.

    Only these three columns, so that a large collection of deck-file notes is read quickly;
    the few notes a file matches are read whole by :func:`notes_by_id`.
    """
    query = (
        select(NoteRecord.id, DeckRecord.key, NoteRecord.key)
        .join(DeckRecord, DeckRecord.id == NoteRecord.deck_id)
        .where(NoteRecord.guid.is_(None))
    )
    return [(note_id, deck_key, key) for note_id, deck_key, key in session.execute(query)]


def _existing_notes(session: Session, *where: ColumnElement[bool]) -> Iterator[ExistingNote]:
    """The notes matching ``where``, each with the version it was last imported as.

    Read as plain rows, not ORM objects: an import reads tens of thousands.
    """
    query = (
        select(  # in the order of ExistingNote's fields
            NoteRecord.id,
            NoteRecord.deck_id,
            NoteRecord.key,
            NoteRecord.guid,
            NoteRecord.kind,
            NoteRecord.fields,
            NoteRecord.tags,
            NoteRecord.note_type_id,
            NoteRecord.origin_type_id,
            NoteRecord.retired,
            NoteImportRecord.version,
        )
        .outerjoin(NoteImportRecord, NoteImportRecord.note_id == NoteRecord.id)
        .where(*where)
    )
    for row in session.connection().execute(query):
        yield ExistingNote(*row)


def insert_notes(session: Session, notes: Sequence[NewNote], now: datetime) -> list[int]:
    """Insert notes in bulk; returns their ids in the same order."""
    if not notes:
        return []
    columns: dict[str, Any] = {
        "deck_id": [note.deck_id for note in notes],
        "key": [note.key for note in notes],
        "guid": [note.guid for note in notes],
        "kind": [note.kind for note in notes],
        "fields": [note.fields for note in notes],
        "fact_keys": Same([]),
        "tags": [note.tags for note in notes],
        "retired": Same(False),
        "note_type_id": [note.note_type_id for note in notes],
        "origin_type_id": [note.origin_type_id for note in notes],
        "created_at": Same(now),
        "modified_at": Same(now),
    }
    ids = _new_ids(session, NoteRecord.id, len(notes))
    insert_many(session, NoteRecord.__table__, len(notes), {"id": list(ids), **columns})
    # Each note was imported as it now is; SQLite copies that in one statement.
    session.execute(_VERSIONS_OF_NEW_NOTES, {"before": ids.start - 1})
    return list(ids)


def update_notes(
    session: Session, updates: Sequence[tuple[int, NewNote, dict[str, Any]]], now: datetime
) -> None:
    """Replace existing notes' content (deck and key stay), each with what it was imported as.

    ``updates`` holds (note id, its new content, the version it was imported as); one
    executemany writes the notes, another the versions.
    """
    if updates:
        session.execute(
            update(NoteRecord),
            [
                {
                    "id": note_id,
                    "guid": note.guid,
                    "kind": note.kind,
                    "fields": note.fields,
                    "tags": note.tags,
                    "note_type_id": note.note_type_id,
                    "origin_type_id": note.origin_type_id,
                    "retired": False,
                    "modified_at": now,
                }
                for note_id, note, _imported in updates
            ],
        )
        remember_imports(session, {note_id: imported for note_id, _note, imported in updates})


def set_origin_types(session: Session, origins: Sequence[tuple[int, int | None]]) -> None:
    """Write the Anki note type each note came from, (note id, note type id), in one executemany.

    For notes an import leaves otherwise as they are (imported before their origin was kept).
    """
    if origins:
        ids = [note_id for note_id, _origin in origins]
        columns = {"origin_type_id": [origin for _note_id, origin in origins]}
        update_many(session, NoteRecord.__table__, ids, columns)


def remember_imports(session: Session, versions: Mapping[int, dict[str, Any]]) -> None:
    """Record the version each note was imported as, by note id."""
    if versions:
        statement = insert(NoteImportRecord)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[NoteImportRecord.note_id],
                set_={"version": statement.excluded.version},
            ),
            [{"note_id": note_id, "version": version} for note_id, version in versions.items()],
        )


def cards_of_notes(
    session: Session, note_ids: Collection[int]
) -> dict[int, dict[int, ExistingCard]]:
    """For each note, its cards by ordinal, with what a re-import compares (in one query)."""
    found: dict[int, dict[int, ExistingCard]] = {}
    rows = session.connection().execute(
        select(  # the note and ordinal, then ExistingCard's fields in order
            CardRecord.note_id,
            CardRecord.ordinal,
            CardRecord.id,
            CardRecord.reps,
            CardRecord.last_review,
            CardRecord.buried_until,
            CardRecord.retired,
        ).where(one_of(CardRecord.note_id, note_ids))
    )
    for note_id, ordinal, *card in rows:
        found.setdefault(note_id, {})[ordinal] = ExistingCard(*card)
    return found


def set_retired(session: Session, card_ids: Sequence[int], *, retired: bool) -> int:
    """Retire cards (out of study and Browse, history kept), or bring them back; how many."""
    if not card_ids:
        return 0  # no statement: an unchanged file writes nothing
    result = session.execute(
        update(CardRecord)
        .where(one_of(CardRecord.id, card_ids), CardRecord.retired.is_not(retired))
        .values(retired=retired)
    )
    return result.rowcount


def last_positions(session: Session) -> dict[int, int]:
    """The highest new-card position used in each deck."""
    rows = session.execute(
        select(CardRecord.deck_id, func.max(CardRecord.position)).group_by(CardRecord.deck_id)
    )
    return {deck_id: position or 0 for deck_id, position in rows}


def insert_cards(session: Session, cards: Sequence[NewCard]) -> list[int]:
    """Insert cards in bulk; returns their ids in the same order."""
    if not cards:
        return []
    states = [card.state for card in cards]
    columns: dict[str, Any] = {
        "note_id": [card.note_id for card in cards],
        "deck_id": [card.deck_id for card in cards],
        "ordinal": [card.ordinal for card in cards],
        "suspended": [card.suspended for card in cards],
        "retired": [card.retired for card in cards],
        "position": [card.position for card in cards],
        "buried_until": [card.buried_until for card in cards],
        **_state_columns(states),
    }
    ids = _new_ids(session, CardRecord.id, len(cards))
    insert_many(session, CardRecord.__table__, len(cards), {"id": list(ids), **columns})
    return list(ids)


def _new_ids(session: Session, column: ColumnElement[int], count: int) -> range:
    """Ids for ``count`` rows added after the highest in ``column``, as SQLite would give them.

    Given in the INSERT, they need not be read back: this transaction is the only writer.

    Raises:
        StoredValueError: The highest id leaves no room for ``count`` more (SQLite's ids are
            64-bit, and only a damaged row holds one that high).
    """
    first = (session.scalar(select(func.max(column))) or 0) + 1
    if first + count - 1 > LARGEST_INTEGER:
        table = column.table.name
        raise StoredValueError(f"{table} holds an id of {first - 1}, too high to add {count} more")
    return range(first, first + count)


def update_schedules(session: Session, schedules: Sequence[CardSchedule]) -> None:
    """Replace existing cards' memory state, suspension and bury, with one executemany."""
    if schedules:
        columns: dict[str, Any] = {
            **_state_columns([schedule.state for schedule in schedules]),
            "suspended": [schedule.suspended for schedule in schedules],
            "buried_until": [schedule.buried_until for schedule in schedules],
        }
        ids = [schedule.card_id for schedule in schedules]
        update_many(session, CardRecord.__table__, ids, columns)


def bury_cards(session: Session, card_ids: Sequence[int], until: datetime) -> None:
    """Hide cards from study until ``until``."""
    if not card_ids:
        return
    session.execute(
        update(CardRecord).where(one_of(CardRecord.id, card_ids)).values(buried_until=until)
    )


def _state_columns(states: Sequence[MemoryState], prefix: str = "") -> dict[str, list[Any]]:
    """The memory-state columns of ``states``, column by column."""
    return {
        f"{prefix}state": [int(state.state) for state in states],
        f"{prefix}step": [state.step for state in states],
        f"{prefix}stability": [state.stability for state in states],
        f"{prefix}difficulty": [state.difficulty for state in states],
        f"{prefix}due": [state.due for state in states],
        f"{prefix}last_review": [state.last_review for state in states],
        f"{prefix}reps": [state.reps for state in states],
        f"{prefix}lapses": [state.lapses for state in states],
    }


def logged_answers(session: Session, card_ids: Collection[int]) -> set[tuple[int, int, int]]:
    """(card id, rating, Unix second) of every answer already logged for these cards."""
    rows = session.execute(
        select(ReviewRecord.card_id, ReviewRecord.rating, ReviewRecord.reviewed_at).where(
            one_of(ReviewRecord.card_id, card_ids)
        )
    )
    return {
        (card_id, rating, math.floor(moment.timestamp()))
        for card_id, rating, moment in rows
        if card_id is not None
    }


def external_review_keys(session: Session) -> set[tuple[str, datetime]]:
    """(external card, time) of history already kept for cards the collection lacks."""
    rows = session.execute(
        select(ReviewRecord.external_card, ReviewRecord.reviewed_at).where(
            ReviewRecord.external_card.is_not(None)
        )
    )
    return {(external or "", moment) for external, moment in rows}


def adopt_history(session: Session, cards: Mapping[str, int]) -> None:
    """Give history kept without a card (external card -> card id) to the card it was for."""
    # Only the history without a card is read (ix_reviews_card), never the whole log.
    kept = session.scalars(
        select(ReviewRecord.external_card).where(ReviewRecord.card_id.is_(None)).distinct()
    )
    adopted = [(cards[source], source) for source in kept if source in cards]
    if adopted:
        session.connection().exec_driver_sql(
            f"UPDATE {ReviewRecord.__tablename__} SET card_id = ?, external_card = NULL"
            " WHERE card_id IS NULL AND external_card = ?",
            adopted,
        )


def insert_reviews(session: Session, reviews: Sequence[NewReview]) -> int:
    """Append imported answers to the review log; returns how many."""
    if not reviews:
        return 0
    after = _state_columns([review.after for review in reviews], "after_")
    columns: dict[str, Any] = {
        "card_id": [review.card_id for review in reviews],
        "external_card": [review.external_card for review in reviews],
        "reviewed_at": [review.reviewed_at for review in reviews],
        "rating": [review.rating for review in reviews],
        "duration_ms": [review.duration_ms for review in reviews],
        "imported": Same(True),
        "early": [review.early for review in reviews],
        **_state_columns([review.before for review in reviews], "before_"),
        **{name: after[name] for name in _AFTER_COLUMNS},
    }
    insert_many(session, ReviewRecord.__table__, len(reviews), columns)
    return len(reviews)


# The log keeps the state after an answer only as far as it is not implied by the answer.
_AFTER_COLUMNS = ("after_state", "after_step", "after_stability", "after_difficulty", "after_due")
