"""What ``fibrolearn check`` reads of an open collection: integrity, schema, cards to show.

A file that is not open yet is checked by :mod:`fibrolearn.storage.file_check`.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, func, not_, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import CardState, Certainty, Rating
from fibrolearn.domain.progress import Cancelled, StopWith
from fibrolearn.domain.quiz_session import QuizMode
from fibrolearn.domain.words import counted
from fibrolearn.storage.bulk_sql import one_of
from fibrolearn.storage.damaged_data import (
    FIRST_STORED_YEAR,
    LAST_STORED_YEAR,
    ORDINAL,
    StoredValueError,
    stored_as,
    stored_count,
    stored_json_shape,
    stored_time,
)
from fibrolearn.storage.db import Database
from fibrolearn.storage.file_check import interrupts_kept
from fibrolearn.storage.models import (
    Base,
    CardRecord,
    DeckRecord,
    FactRecord,
    NoteRecord,
    QuizAnswerRecord,
    QuizSessionRecord,
)
from fibrolearn.storage.stored_options import options_of
from fibrolearn.storage.stored_quiz import stored_answer, stored_score, stored_sitting
from fibrolearn.storage.study_repo import references_of
from fibrolearn.storage.types import ShapedJson, UtcDateTime


@dataclass(frozen=True, slots=True)
class CardToShow:
    """A card study may show, with what showing it takes."""

    card_id: int
    ordinal: int
    kind: str
    fields: dict[str, Any]
    note_type_id: int | None
    deck: str


def integrity_problems(database: Database, *, stop_with: StopWith | None = None) -> list[str]:
    """SQLite's own integrity report plus foreign-key violations; empty when healthy.

    The check takes seconds on a large collection, most of it inside one call: with
    ``stop_with``, it is handed a way to interrupt that call, and raises ``Cancelled`` if
    that was used.
    """
    with database.engine.connect() as connection:
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)
        rows = _interruptible_rows(driver, "PRAGMA integrity_check", stop_with)
        problems = [] if rows == ["ok"] else rows
        problems += [
            f"foreign key violation in {table} row {rowid} -> {parent}"
            for table, rowid, parent, _ in connection.execute(text("PRAGMA foreign_key_check"))
        ]
    return problems


def _interruptible_rows(
    driver: sqlite3.Connection, pragma: str, stop_with: StopWith | None
) -> list[str]:
    """The first column of ``pragma``'s rows, stoppable through ``stop_with`` if given."""
    hand_over = stop_with or _nobody_stops
    with interrupts_kept(driver):
        try:
            hand_over(driver.interrupt)  # sqlite3's interrupt may be called from any thread
            return [row[0] for row in driver.execute(pragma)]
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT:
                raise Cancelled from error
            raise
        finally:
            hand_over(None)


def _nobody_stops(_stop: Callable[[], None] | None) -> None:
    """A :data:`StopWith` for a check no one can cancel (the command line's)."""


def schema_revision(database: Database) -> str | None:
    """The Alembic revision the collection is at; None when it records none."""
    with database.engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as error:
            if "no such table" in str(error.orig):  # another program dropped it
                return None
            raise


def cards_to_show(session: Session) -> Iterator[CardToShow]:
    """Every card that is not retired, with its note's content and its deck's name."""
    rows = session.execute(
        select(
            CardRecord.id,
            CardRecord.ordinal,
            NoteRecord.kind,
            NoteRecord.fields,
            NoteRecord.note_type_id,
            DeckRecord.name,
        )
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .join(DeckRecord, DeckRecord.id == CardRecord.deck_id)
        .where(CardRecord.retired.is_(False))
        .order_by(CardRecord.id)
    )
    for card_id, ordinal, *rest in rows:
        yield CardToShow(card_id, stored_count(ORDINAL, ordinal), *rest)


def values_of_no_known_kind(session: Session, note_kinds: Collection[str]) -> list[str]:
    """Stored values that none of their kind is (a card's state 66): each column, how many.

    Such a value stops its card where it is read; ``note_kinds`` are those a note may have.
    """
    checks = (
        ("cards", "state", CardState),
        ("reviews", "rating", Rating),
        ("reviews", "before_state", CardState),
        ("reviews", "after_state", CardState),
        ("facts", "certainty", Certainty),
        ("facts", "evidence_certainty", ("", *Certainty)),
        ("notes", "kind", note_kinds),
    )
    found = []
    for table, column, kinds in checks:
        known = tuple(kind.value if isinstance(kind, Enum) else kind for kind in kinds)
        marks = ", ".join("?" * len(known))
        statement = f'SELECT count(*) FROM {table} WHERE "{column}" NOT IN ({marks})'
        rows = session.connection().exec_driver_sql(statement, known).scalar_one()
        if rows:
            found.append(f"{table}.{column} ({rows:,})")
    return found


def unreadable_options_and_references(session: Session) -> list[str]:
    """Decks whose stored options, and facts whose stored references, cannot be read back.

    Such a value stops studying the deck, or showing the fact's cards, where it is read.
    """
    decks = _unreadable_rows(session, DeckRecord, options_of)
    facts = _unreadable_rows(session, FactRecord, references_of)
    found = [f"the options of {counted(decks, 'deck')}"] if decks else []
    return found + ([f"the references of {counted(facts, 'fact')}"] if facts else [])


def unreadable_quizzes(session: Session) -> list[str]:
    """Quiz sittings, and their answers, whose stored values cannot be read back.

    Such a sitting stops its results (or carrying it on) where it is read.
    """
    sittings = _unreadable_rows(session, QuizSessionRecord, _read_sitting)
    answers = _unreadable_rows(session, QuizAnswerRecord, stored_answer)
    found = [f"the set-up of {counted(sittings, 'quiz')}"] if sittings else []
    return found + ([f"{counted(answers, 'quiz answer')}"] if answers else [])


def _unreadable_rows(session: Session, model: type[Base], read: Callable[[Any], object]) -> int:
    """How many of ``model``'s rows cannot be read back: as rows, or by ``read``.

    A row whose JSON list or object is something else cannot even be loaded (``ShapedJson``
    refuses it): those are found first, in the stored text, and the others loaded and read.
    """
    misshapen = _misshapen_ids(session, model)
    # Nor can a row with a time that is none; those are counted as such (unreadable_stored_times).
    unloadable = misshapen + _untimed_ids(session, model.__table__)
    query = select(model)
    if unloadable:
        query = query.where(not_(one_of(model.__table__.c.id, unloadable)))
    loaded = session.scalars(query)
    return len(misshapen) + sum(1 for row in loaded if not _readable(read, row))


def _misshapen_ids(session: Session, model: type[Base]) -> list[int]:
    """Rows of ``model`` whose JSON list or object column holds anything else, or no JSON.

    Read as stored and parsed as the ORM column parses it, so that exactly the rows it
    refuses are found (SQLite's own JSON functions take more, JSON5 from 3.42 on).
    """
    shaped = [c for c in model.__table__.columns if isinstance(c.type, ShapedJson)]
    if not shaped:
        return []
    names = ", ".join(f'"{column.name}"' for column in shaped)
    statement = f'SELECT id, {names} FROM "{model.__table__.name}"'
    shapes = [column.type.shape for column in shaped]
    rows = session.connection().exec_driver_sql(statement)
    return [row_id for row_id, *values in rows if not _shaped(shapes, values)]


def _shaped(shapes: list[type[list[Any]] | type[dict[str, Any]]], values: list[Any]) -> bool:
    """Whether each stored value reads back as its column's shape (NULL passes)."""
    try:
        for shape, value in zip(shapes, values, strict=True):
            if value is not None:
                stored_json_shape(shape, value)
    except StoredValueError:
        return False
    return True


def _read_sitting(sitting: QuizSessionRecord) -> None:
    stored_sitting(sitting.options)
    stored_as(QuizMode, sitting.mode)
    stored_score(sitting.correct, sitting.total)


# Stored numbers as the storage layer reads them back (stored_state, stored_count): counts
# whole and not negative, FSRS numbers finite (SQLite reads a REAL past the largest as Inf).
_COUNT = "typeof({0}) != 'integer' OR {0} < 0"
_STEP = "typeof({0}) NOT IN ('integer', 'null') OR {0} < 0"
_FSRS_NUMBER = "typeof({0}) NOT IN ('real', 'integer', 'null') OR abs({0}) > " + repr(
    sys.float_info.max
)
# Recall divides by a stability: one of 0 or less is no memory state FSRS makes.
_STABILITY = _FSRS_NUMBER + " OR {0} <= 0"
_STATE_AFTER = {"step": _STEP, "stability": _STABILITY, "difficulty": _FSRS_NUMBER}
_STATE = {**_STATE_AFTER, "reps": _COUNT, "lapses": _COUNT}
_NUMBERS_READ = {  # table: what its numbers make, its rows' name, each column's condition
    "cards": ("the memory states", "card", _STATE),
    "reviews": (
        "the stored values",
        "logged answer",
        {
            **{f"before_{name}": condition for name, condition in _STATE.items()},
            **{f"after_{name}": condition for name, condition in _STATE_AFTER.items()},
            "duration_ms": _COUNT,
        },
    ),
}


# A time as FibroLearn writes one: naive UTC to the microsecond.
_WRITTEN = "{0}-{1}-{1} {1}:{1}:{1}.{2}".format("[0-9]" * 4, "[0-9]" * 2, "[0-9]" * 6)
# The tables holding times, and their rows' name.
TIMES_READ = {
    "decks": "deck",
    "note_types": "note type",
    "notes": "note",
    "cards": "card",
    "reviews": "logged answer",
    "card_resets": "card reset",
    "quiz_sessions": "quiz",
    "quiz_answers": "quiz answer",
}


def unreadable_stored_times(session: Session) -> list[str]:
    """Rows holding a time that does not read back as one, per table that has times.

    Such a time stops whatever reads its row: study, Browse, an export, a quiz's results.
    """
    found = []
    for table, row in TIMES_READ.items():
        rows = len(_untimed_ids(session, Base.metadata.tables[table]))
        if rows:
            found.append(f"the times of {counted(rows, row)}")
    return found


def _untimed_ids(session: Session, table: Table) -> list[int]:
    """The rows of ``table`` holding a stored time that does not read back as one.

    SQLite passes over the times written as FibroLearn writes them, within the years read
    back, that its ``datetime`` gives back unchanged once it has counted them as an instant
    (a real day and time: "+0 days" makes it count). Each other one is read both ways the
    app reads times: by the storage layer (``stored_time``), and by SQLite's date functions,
    which count the statistics' days (a time Python reads, "2026-03-04X12:00", they do not).
    """
    times = [c.name for c in table.columns if isinstance(c.type, UtcDateTime)]
    if not times:
        return []
    read = ", ".join(f'"{name}", datetime("{name}") IS NOT NULL' for name in times)
    unusual = " OR ".join(f"NOT {_as_written(name)}" for name in times)
    statement = f'SELECT id, {read} FROM "{table.name}" WHERE {unusual}'
    rows = session.connection().exec_driver_sql(statement)
    return [
        row_id for row_id, *cells in rows if not all(map(_readable_time, cells[::2], cells[1::2]))
    ]


def _as_written(column: str) -> str:
    """SQL, never NULL: ``column`` is NULL, or a real day and time as FibroLearn writes one.

    The length in bytes, as GLOB stops at a NUL character.
    """
    value = f'"{column}"'
    first, last = f"{FIRST_STORED_YEAR:04}", f"{LAST_STORED_YEAR:04}"
    return (
        f"({value} IS NULL OR (typeof({value}) = 'text' AND {value} GLOB '{_WRITTEN}'"
        f" AND length(CAST({value} AS BLOB)) = 26"
        f" AND substr({value}, 1, 4) BETWEEN '{first}' AND '{last}'"
        f" AND datetime({value}, '+0 days') IS substr({value}, 1, 19)))"
    )


def _readable_time(value: Any, dated_by_sqlite: bool) -> bool:
    if value is None:
        return True
    try:
        stored_time(value)
    except StoredValueError:
        return False
    return dated_by_sqlite


# Ids count up from 1, one per note or card ever made: FibroLearn would take 146,000 years
# to pass this at a million a second. One past it came from a failing disk or another program,
# and an import, which gives its new rows the ids after the highest, may find no room there.
_HIGHEST_ID_GIVEN = 2**62


def ids_never_given(session: Session) -> list[str]:
    """Each of the notes' and cards' highest id that FibroLearn never gives, with its table."""
    found = []
    for model in (NoteRecord, CardRecord):
        highest = session.scalar(select(func.max(model.id)))
        if highest is not None and highest > _HIGHEST_ID_GIVEN:
            found.append(f"{model.__tablename__}' highest id, {highest}")
    return found


def unreadable_stored_numbers(session: Session) -> list[str]:
    """Cards whose stored memory state is not one, and logged answers with such a number.

    Such a card stops study where it is shown; such an answer, its undo or an export.
    """
    found = []
    for table, (what, row, checks) in _NUMBERS_READ.items():
        condition = " OR ".join(check.format(column) for column, check in checks.items())
        statement = f"SELECT count(*) FROM {table} WHERE {condition}"
        rows = session.connection().exec_driver_sql(statement).scalar_one()
        if rows:
            found.append(f"{what} of {counted(rows, row)}")
    return found


def _readable(read: Callable[[Any], object], record: Any) -> bool:
    try:
        read(record)
    except StoredValueError:
        return False
    return True
