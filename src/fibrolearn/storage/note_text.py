"""Each note's searchable text (the ``note_text`` table): whether it is right, and putting it right.

Triggers keep it: on ``notes`` for the text (migration 0015), on ``cards`` for the count of
the note's live cards (0016, which also rewrote the triggers on notes), and which letters the
text holds (0019, which rewrote them again). This repeats 0019's SQL: a migration stays as it
was written, and this is what ``fibrolearn check --repair`` puts back. Only another program
that dropped or bypassed those triggers can leave it wrong; Browse word searches would then
miss the notes concerned, or count their cards wrongly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from fibrolearn.storage.models import CardRecord, NoteRecord, NoteTextRecord

# A note's field values and tags, joined by the unit separator (U+001F).
_TEXT = (
    "coalesce((SELECT group_concat(value, char(31)) FROM json_each({row}.fields)), '')"
    " || char(31) || {row}.tags"
)
# How many of a note's cards are not retired.
_LIVE = "(SELECT count(*) FROM cards WHERE cards.note_id = {note} AND cards.retired IS 0)"
# The characters beyond ASCII that Browse's case folding (search.folded) turns into ASCII:
# ß, ẞ, İ, ŉ, ſ, ẚ, the Kelvin sign, the ligatures ﬀ-ﬆ, and two Greek marks that are ; and `.
FOLDING_INTO_ASCII = (
    "\u00df\u1e9e\u0130\u0149\u017f\u1e9a\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
    "\u037e\u1fef"
)
# Which letters a text holds (NoteTextRecord.letters): only ASCII; others too; some of those
# that fold into ASCII. The byte length differs from the length in characters beyond ASCII.
ONLY_ASCII, BEYOND_ASCII, INTO_ASCII = 0, 1, 2


def _letters(text: str) -> str:
    """SQL for which letters the text ``text`` (a column's name) holds."""
    return (
        f"CASE WHEN length({text}) = length(CAST({text} AS BLOB)) THEN {ONLY_ASCII} WHEN "
        + " OR ".join(f"instr({text}, '{letter}')" for letter in FOLDING_INTO_ASCII)
        + f" THEN {INTO_ASCII} ELSE {BEYOND_ASCII} END"
    )


_LETTERS = _letters("t")
# A note's text, its letters and its live cards, from ``source`` (the note's id as ``text_note``,
# its text as ``t``: names no table here has).
_ROW = (
    f"SELECT text_note, t, {_LETTERS} AS l, {_LIVE.format(note='text_note')} AS n FROM ({{source}})"
)
_COLUMNS = "note_text (note_id, text, letters, live_cards)"
_NEW = f"SELECT NEW.id AS text_note, {_TEXT.format(row='NEW')} AS t"
_WRITE = f"INSERT INTO {_COLUMNS} {_ROW.format(source=_NEW)};"
_NOTES = f"SELECT id AS text_note, {_TEXT.format(row='notes')} AS t FROM notes"
_RECOUNT = "UPDATE note_text SET live_cards = {live} WHERE note_id IN ({{notes}});".format(
    live=_LIVE.format(note="note_text.note_id")
)
TRIGGERS = {
    "note_text_insert": (
        f"AFTER INSERT ON notes BEGIN DELETE FROM note_text WHERE note_id = NEW.id; {_WRITE} END"
    ),
    "note_text_update": (
        "AFTER UPDATE OF id, fields, tags ON notes BEGIN"
        " DELETE FROM note_text WHERE note_id IN (OLD.id, NEW.id);"
        f" {_WRITE} END"
    ),
    "note_text_delete": (
        "AFTER DELETE ON notes BEGIN DELETE FROM note_text WHERE note_id = OLD.id; END"
    ),
    "note_text_cards_insert": (
        "AFTER INSERT ON cards WHEN NEW.retired IS 0 BEGIN UPDATE note_text"
        " SET live_cards = live_cards + 1 WHERE note_id = NEW.note_id; END"
    ),
    "note_text_cards_update": (
        "AFTER UPDATE OF note_id, retired ON cards BEGIN"
        f" {_RECOUNT.format(notes='OLD.note_id, NEW.note_id')} END"
    ),
    "note_text_cards_delete": (
        f"AFTER DELETE ON cards BEGIN {_RECOUNT.format(notes='OLD.note_id')} END"
    ),
}


# The triggers that run once for each note or card added; see texts_in_bulk.
_PER_ADDED_ROW = ("note_text_insert", "note_text_cards_insert")


@contextmanager
def texts_in_bulk(session: Session) -> Iterator[None]:
    """Notes and cards added in the block get their search text at its end, all at once.

    For an import, which adds thousands of notes and cards in one transaction: the triggers
    that would run once per row are dropped for the block, then the added notes get their
    text and card count and the notes that gained cards their count, and the triggers are
    written back. Rows added are those past the highest ids before the block. The caller's
    transaction must hold the write lock from before the block (``Database.write(locked=
    True)``): then a failure or cancel rolls the dropped triggers back too, and no other
    writer adds rows meanwhile. Outside a transaction (a read-only collection, which refuses
    the first INSERT anyway), and where the triggers are not as FibroLearn wrote them
    (another program, a failing disk), the triggers are left to run, as they would: the
    check tells changed ones, and Repair mends them.
    """
    connection = session.connection()
    driver = cast(sqlite3.Connection, connection.connection.driver_connection)
    if not (driver.in_transaction and _as_written(session, _PER_ADDED_ROW)):
        yield
        return
    notes_before = session.scalar(select(func.max(NoteRecord.id))) or 0
    cards_before = session.scalar(select(func.max(CardRecord.id))) or 0
    for name in _PER_ADDED_ROW:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    yield
    # The text first, then its letters and the cards from the stored text: in one statement
    # (_ROW) SQLite works the text out again for each use of it, which took twice the time.
    connection.exec_driver_sql(
        f"INSERT OR REPLACE INTO {_COLUMNS} SELECT text_note, t, 0, 0 FROM ({_NOTES} WHERE id > ?)",
        (notes_before,),
    )
    connection.exec_driver_sql(
        f"UPDATE note_text SET letters = {_letters('text')},"
        f" live_cards = {_LIVE.format(note='note_text.note_id')}"
        " WHERE note_id IN (SELECT id FROM notes WHERE id > ?)",  # not a stray text past them
        (notes_before,),
    )
    connection.exec_driver_sql(
        f"UPDATE note_text SET live_cards = {_LIVE.format(note='note_text.note_id')}"
        " WHERE note_id <= ? AND note_id IN (SELECT note_id FROM cards WHERE id > ?)",
        (notes_before, cards_before),
    )
    for name in _PER_ADDED_ROW:
        connection.exec_driver_sql(written(name))


def most_letters(session: Session) -> int:
    """The most any note's searchable text holds (``NoteTextRecord.letters``), in its index."""
    found = session.scalar(
        select(func.max(NoteTextRecord.letters)).where(NoteTextRecord.letters != ONLY_ASCII)
    )
    return found or ONLY_ASCII


def _as_written(session: Session, names: tuple[str, ...]) -> bool:
    """Whether the triggers ``names`` are all there, each exactly as FibroLearn wrote it."""
    present = stored_triggers(session)
    return all(present.get(name) == written(name) for name in names)


@dataclass(frozen=True, slots=True)
class NoteTextState:
    """What is wrong with the search text; all zero and empty when it is right."""

    missing_triggers: tuple[str, ...]  # those that keep it up to date
    changed_triggers: tuple[str, ...]  # present, but not as FibroLearn wrote them
    wrong_notes: int  # notes whose text or card count is missing or differs from the notes
    stray_rows: int  # texts of no note

    @property
    def right(self) -> bool:
        """Whether nothing is wrong."""
        return not (
            self.missing_triggers or self.changed_triggers or self.wrong_notes or self.stray_rows
        )


def note_text_state(session: Session) -> NoteTextState:
    """Compare the search text with the notes and cards, and its triggers with their SQL."""
    present = stored_triggers(session)
    wrong, stray = session.execute(
        text(
            f"SELECT (SELECT count(*) FROM ({_ROW.format(source=_NOTES)}) AS wanted"
            " LEFT JOIN note_text ON note_id = wanted.text_note WHERE note_text.text IS NOT t"
            " OR note_text.letters IS NOT l OR note_text.live_cards IS NOT n),"
            " (SELECT count(*) FROM note_text WHERE note_id NOT IN (SELECT id FROM notes))"
        )
    ).one()
    missing = tuple(name for name in TRIGGERS if name not in present)
    return NoteTextState(missing, changed_triggers(present), int(wrong), int(stray))


def stored_triggers(session: Session) -> dict[str, str]:
    """Every trigger's stored statement, by name.

    Read as bytes: a byte a failing disk changed in a trigger must read as a changed trigger
    (U+FFFD in its place), not stop the reading.
    """
    stored = (
        "SELECT CAST(name AS BLOB), CAST(sql AS BLOB) FROM sqlite_master WHERE type = 'trigger'"
    )
    return {
        name.decode(errors="replace"): statement.decode(errors="replace")
        for name, statement in session.execute(text(stored)).all()
    }


def changed_triggers(present: dict[str, str]) -> tuple[str, ...]:
    """Which search-text triggers in ``present`` (name to stored statement) are not as written.

    Only another program, or a byte changed by a failing disk, changes them.
    """
    return tuple(name for name in TRIGGERS if name in present and present[name] != written(name))


def rebuild_note_texts(session: Session) -> int:
    """Write every trigger and every note's text again; how many notes."""
    for name in TRIGGERS:
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        session.execute(text(written(name)))
    session.execute(text("DELETE FROM note_text"))
    filled = session.execute(text(f"INSERT INTO {_COLUMNS} {_ROW.format(source=_NOTES)}"))
    return int(filled.rowcount)


def written(name: str) -> str:
    """The statement that creates trigger ``name``, as FibroLearn writes it and SQLite keeps it."""
    return f"CREATE TRIGGER {name} {TRIGGERS[name]}"
