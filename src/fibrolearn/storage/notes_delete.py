"""Delete notes and cards so that undo can put every row back exactly, and no history is lost.

The review log is append-only, so a deleted card's answers stay: they are detached from the
card (``card_id`` NULL) and name it in ``external_card`` ("deleted:<deck>/<note>/<ordinal>"),
the way history of cards the collection never had is kept; statistics still count them. Its
resets (``card_resets``) stay the same way, so the optimizer still leaves out the answers a
Forget gave up. Undo re-inserts the rows as they were stored (raw SQLite values, so byte for
byte) and re-attaches the answers and resets. Ids freed by the delete are reused when still
free; a note or card whose id was taken meanwhile gets a new one.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from fibrolearn.domain.browse import NoteError
from fibrolearn.domain.review_log import DELETED_CARD_PREFIX

_HISTORY = ("reviews", "card_resets")  # tables of a card's history, kept when it goes
_LINKS_OF = {
    table: text(f"SELECT id, card_id, external_card FROM {table} WHERE card_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for table in _HISTORY
}
# SQLite reads the old row in SET expressions, so the subquery still sees the card id.
_DETACH = {
    table: text(
        f"UPDATE {table} SET external_card = ("
        f" SELECT '{DELETED_CARD_PREFIX}' || decks.key || '/' || notes.key || '/' || cards.ordinal"
        " FROM cards JOIN notes ON notes.id = cards.note_id JOIN decks ON decks.id = cards.deck_id"
        f" WHERE cards.id = {table}.card_id), card_id = NULL"
        " WHERE card_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    for table in _HISTORY
}
# A note from a deck file is remembered as deleted, so a deck update does not add it again.
_REMEMBER_DECK_NOTES = text(
    "INSERT OR IGNORE INTO deck_note_deletions (deck_id, key)"
    " SELECT deck_id, key FROM notes WHERE id IN :ids AND from_deck IS NOT NULL"
).bindparams(bindparam("ids", expanding=True))
_FORGET_DECK_NOTE = text("DELETE FROM deck_note_deletions WHERE deck_id = :deck_id AND key = :key")
_REATTACH = {
    table: text(
        f"UPDATE {table} SET card_id = :card_id, external_card = :external_card"
        " WHERE id = :row_id AND card_id IS NULL"
    )
    for table in _HISTORY
}
Links = tuple[tuple[int, int, str | None], ...]  # (row id, card id, external card) of history


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows of one table exactly as SQLite stores them, compressed while they wait for undo.

    Deleting 100,000 cards keeps about 100 MB of rows as Python tuples, a tenth of that packed.
    Only this process ever reads them back, so pickle is safe here.
    """

    columns: tuple[str, ...]
    count: int
    packed: bytes

    @classmethod
    def pack(cls, columns: tuple[str, ...], values: list[tuple[Any, ...]]) -> Rows:
        """Keep ``values`` (rows in ``columns`` order)."""
        return cls(columns, len(values), zlib.compress(pickle.dumps(values), level=1))

    def values(self) -> list[tuple[Any, ...]]:
        """The rows, unpacked."""
        return pickle.loads(zlib.decompress(self.packed)) if self.count else []


@dataclass(frozen=True, slots=True)
class DeletedRows:
    """What a delete removed: notes, cards, and the links of their history it detached.

    ``imports`` are the notes' imported versions (``note_imports``), gone with the notes;
    ``history`` the (row id, card id, external card) links of the cards' answers and resets,
    by table.
    """

    notes: Rows
    cards: Rows
    history: dict[str, Links]
    imports: Rows

    def card_ids(self) -> list[int]:
        """The ids the deleted cards had."""
        return _ids(self.cards)


def _ids(rows: Rows) -> list[int]:
    return [row[rows.columns.index("id")] for row in rows.values()]


def delete_notes(session: Session, note_ids: Sequence[int]) -> DeletedRows:
    """Delete notes with their cards; their review history stays, detached."""
    cards = _select(session, "cards", "note_id", note_ids)
    card_ids = _ids(cards)
    history = _detach_history(session, card_ids)
    _delete(session, "cards", card_ids)
    notes = _select(session, "notes", "id", note_ids)
    imports = _select(session, "note_imports", "note_id", note_ids, order="note_id")
    if note_ids:
        session.execute(_REMEMBER_DECK_NOTES, {"ids": list(note_ids)})
    _delete(session, "notes", note_ids)  # their note_imports rows go with them (cascade)
    return DeletedRows(notes, cards, history, imports)


def delete_cards(session: Session, card_ids: Sequence[int]) -> DeletedRows:
    """Delete single cards (their notes stay); their review history stays, detached."""
    cards = _select(session, "cards", "id", card_ids)
    history = _detach_history(session, card_ids)
    _delete(session, "cards", card_ids)
    return DeletedRows(Rows.pack(("id",), []), cards, history, Rows.pack((), []))


def restore(session: Session, deleted: DeletedRows) -> tuple[int, ...]:
    """Put deleted rows back and re-attach their history; returns the notes' ids now.

    Raises:
        NoteError: A note with the same key or Anki id was added since (an import brought it
            back), or its deck is gone; nothing is restored.
    """
    _check_restorable(session, deleted.notes)
    note_ids = _insert(session, "notes", deleted.notes, {})
    _forget_deletions(session, deleted.notes)
    _insert_imports(session, deleted.imports, note_ids)
    card_ids = _insert(session, "cards", deleted.cards, {"note_id": note_ids})
    for table, links in deleted.history.items():
        rows = [
            {"row_id": row, "card_id": card_ids[card], "external_card": external}
            for row, card, external in links
        ]
        if rows:
            session.execute(_REATTACH[table], rows)
    return tuple(note_ids.values())


_AT_ONCE = 500  # note ids in one statement, well under SQLite's limit on parameters
_NOTES_AS_THEY_ARE = text(
    "SELECT notes.*, cards.*, (SELECT count(*) FROM reviews WHERE reviews.card_id = cards.id)"
    " FROM notes LEFT JOIN cards ON cards.note_id = notes.id"
    " WHERE notes.id IN :ids ORDER BY notes.id, cards.id"
).bindparams(bindparam("ids", expanding=True))


def as_they_are(session: Session, note_ids: Sequence[int]) -> int:
    """A digest of the notes, their cards and how many answers each has, as stored now.

    A delete done again compares it with the one taken when the undo brought them back: a
    note edited, a card studied or rescheduled since, and nothing is deleted.
    """
    rows = []
    for start in range(0, len(note_ids), _AT_ONCE):
        part = list(note_ids[start : start + _AT_ONCE])
        rows += [tuple(row) for row in session.execute(_NOTES_AS_THEY_ARE, {"ids": part})]
    return hash(tuple(rows))


def _forget_deletions(session: Session, notes: Rows) -> None:
    """Let deck updates reach restored notes again."""
    deck_at, key_at = notes.columns.index("deck_id"), notes.columns.index("key")
    keys = [{"deck_id": row[deck_at], "key": row[key_at]} for row in notes.values()]
    if keys:
        session.execute(_FORGET_DECK_NOTE, keys)


def _insert_imports(session: Session, imports: Rows, note_ids: dict[int, int]) -> None:
    """Put back the imported versions of restored notes, under the notes' ids now."""
    values = imports.values()
    if values:
        note_at, version_at = imports.columns.index("note_id"), imports.columns.index("version")
        session.execute(
            text("INSERT INTO note_imports (note_id, version) VALUES (:note_id, :version)"),
            [{"note_id": note_ids[row[note_at]], "version": row[version_at]} for row in values],
        )


def _select(
    session: Session, table: str, column: str, ids: Sequence[int], order: str = "id"
) -> Rows:
    if not ids:
        return Rows.pack((), [])
    query = text(f"SELECT * FROM {table} WHERE {column} IN :ids ORDER BY {order}").bindparams(
        bindparam("ids", expanding=True)
    )
    result = session.execute(query, {"ids": list(ids)})
    return Rows.pack(tuple(result.keys()), [tuple(row) for row in result])


def _delete(session: Session, table: str, ids: Sequence[int]) -> None:
    if ids:
        statement = text(f"DELETE FROM {table} WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        session.execute(statement, {"ids": list(ids)})


def _detach_history(session: Session, card_ids: Sequence[int]) -> dict[str, Links]:
    """Detach the cards' answers and resets; their links, by table, to attach them again."""
    if not card_ids:
        return {}
    bound = {"ids": list(card_ids)}
    history = {
        table: tuple((row, card, external) for row, card, external in session.execute(links, bound))
        for table, links in _LINKS_OF.items()
    }
    detach_history(session, card_ids)
    return history


def detach_history(session: Session, card_ids: Sequence[int]) -> None:
    """Keep the answers and resets of cards about to be deleted, naming the card they were."""
    for detach in _DETACH.values():
        session.execute(detach, {"ids": list(card_ids)})


def _check_restorable(session: Session, notes: Rows) -> None:
    values = notes.values()
    if not values:
        return
    index = {name: i for i, name in enumerate(notes.columns)}
    deck_ids = {row[index["deck_id"]] for row in values}
    if deck_ids - set(_existing(session, "SELECT id FROM decks WHERE id IN :ids", deck_ids)):
        raise NoteError("the deck these notes were in no longer exists")
    keys = {(row[index["deck_id"]], row[index["key"]]) for row in values}
    guids = {row[index["guid"]] for row in values} - {None}
    found = session.execute(
        text("SELECT deck_id, key FROM notes WHERE key IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": [key for _deck, key in keys]},
    )
    taken = {(deck, key) for deck, key in found}
    clashes = sorted(key for _deck, key in keys & taken)
    clashes += _existing(session, "SELECT guid FROM notes WHERE guid IN :ids", guids)
    if clashes:
        raise NoteError(
            f"a note ({clashes[0]}) was added to the collection again since it was deleted "
            "(by an import), so the deleted one cannot come back"
        )


def _existing(session: Session, sql: str, values: Collection[Any]) -> list[Any]:
    """The values a ``... WHERE x IN :ids`` query finds."""
    if not values:
        return []
    query = text(sql).bindparams(bindparam("ids", expanding=True))
    return list(session.execute(query, {"ids": list(values)}).scalars())


def _insert(
    session: Session, table: str, rows: Rows, remap: dict[str, dict[int, int]]
) -> dict[int, int]:
    """Insert rows, keeping each id if it is still free; returns old id -> id now."""
    values = rows.values()
    if not values:
        return {}
    id_at = rows.columns.index("id")
    taken = set(
        _existing(session, f"SELECT id FROM {table} WHERE id IN :ids", [r[id_at] for r in values])
    )
    with_id = _insert_statement(table, rows.columns)
    without_id = _insert_statement(table, tuple(c for c in rows.columns if c != "id"))
    ids: dict[int, int] = {}
    keep: list[dict[str, Any]] = []
    for row in values:
        values = {
            name: remap[name].get(value, value) if name in remap else value
            for name, value in zip(rows.columns, row, strict=True)
        }
        old = row[id_at]
        if old in taken:  # the id went to a newer row meanwhile: take a new one
            del values["id"]
            ids[old] = session.execute(without_id, values).lastrowid
        else:
            keep.append(values)
            ids[old] = old
    if keep:
        session.execute(with_id, keep)
    return ids


def _insert_statement(table: str, columns: tuple[str, ...]) -> TextClause:
    names = ", ".join(f'"{name}"' for name in columns)
    values = ", ".join(f":{name}" for name in columns)
    return text(f"INSERT INTO {table} ({names}) VALUES ({values})")
