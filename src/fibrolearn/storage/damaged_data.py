"""Tell an error caused by damaged stored data from one caused by the code or the disk.

SQLite's ``quick_check`` looks at the file's structure, not at what its rows hold: a byte
changed inside a row (a failing disk, another program) passes it, and surfaces only when the
row is read. Only what speaks of the collection's file counts here: damage SQLite itself
reports, text stored in it that is not UTF-8, stored JSON that SQLite's JSON functions cannot
parse, and :class:`StoredValueError`, raised where the storage layer turns a stored value into
Python; and, checked against the collection itself, table definitions that were changed.
Errors that only look alike (a misspelt column, a file the learner chose that is not UTF-8)
are the code's or the input's, and a collection is never called damaged for them.

A changed trigger of Browse's search text is told apart too (:func:`changed_search_text`): it
is not damage, as a repair puts it right and loses nothing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from fibrolearn.storage.file_check import is_damage
from fibrolearn.storage.json_text import parse_json
from fibrolearn.storage.read_only_files import read_only_uri
from fibrolearn.storage.schema_revisions import HEAD

T = TypeVar("T")

FIRST_STORED_YEAR, LAST_STORED_YEAR = 2, 9998  # of the times read back (within_calendar)

# The driver's words for stored text it cannot decode, and SQLite's for stored JSON.
_DAMAGE_WORDS = ("could not decode to utf-8", "malformed json")
# SQLite's words when a statement (a trigger's, say) names what the stored definitions do not
# have, or meets a link between tables that names no key of the other table.
_DEFINITION_WORDS = ("no such column", "no such table", "no such function", "foreign key mismatch")
_NO_COLUMN_NAMED = " has no column named "  # an INSERT's: "table reviews has no column named …"
# An INSERT's too, when a column it does not name must have a value: "… review_tally.NTEGER".
_UNFILLED = "NOT NULL constraint failed"
_TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
_REVISION = "SELECT version_num FROM alembic_version"
_UNREADABLE = "\ufffd"  # what a damaged byte in a definition reads as (see _definitions_reader)


# What a card's number among its note's cards is called in a message about a stored one.
ORDINAL = "card's number in its note"


class StoredValueError(ValueError):
    """A value read from the collection is not what its column holds (JSON, a time)."""


class StoredSettingError(StoredValueError):
    """A setting read from the collection is not one.

    Unlike other damage, it has a default to take its place (``fibrolearn check --repair``),
    and no card or review is lost.
    """


def stored_json(value: Any) -> Any:
    """:func:`parse_json` for a value read from the collection.

    A number comes back as it is, as SQLAlchemy's SQLite JSON type reads one: the JSON
    columns have numeric affinity, so SQLite keeps a JSON number (or text a damaged row header
    makes read as one) as a number. Text, or a blob, is parsed; what does not parse, or is
    neither (NULL), is damage.
    """
    if isinstance(value, int | float):
        return value
    try:
        return parse_json(value)
    except (TypeError, ValueError) as error:  # not text; not JSON; too deep; bytes not UTF-8
        raise StoredValueError(f"a stored JSON value does not parse ({error})") from error


def stored_shape(shape: type[list[Any]] | type[dict[str, Any]], value: Any) -> Any:
    """``value``, parsed from a column whose JSON is always a list, or always an object.

    Read back as anything else (a number a damaged row header makes of it), it is damage:
    code that iterates the list would fail as if mistaken.
    """
    if isinstance(value, shape):
        return value
    kind = "list" if shape is list else "JSON object"
    raise StoredValueError(f"a stored {kind} is not one ({value!r:.40})")


def stored_json_shape(shape: type[list[Any]] | type[dict[str, Any]], value: Any) -> Any:
    """A JSON list or object as a plain read gets it from its column: parsed and checked."""
    return stored_shape(shape, stored_json(value))


def stored_as(kind: Callable[[Any], T], value: Any) -> T:
    """``kind(value)`` for a value read from the collection: one ``kind`` refuses is damage.

    For the enums stored as their values (a card's state, a fact's certainty, a note's kind).
    """
    try:
        return kind(value)
    except ValueError as error:
        raise StoredValueError(f"a stored value is not one ({error})") from error


def stored_count(name: str, value: Any) -> int:
    """A stored whole number that is not negative (a count of answers, a duration in ms).

    ``name`` says what it is in the message ("count of lapses").
    """
    if type(value) is int and value >= 0:  # SQLite keeps whatever type was written
        return value
    raise StoredValueError(f"a stored {name} is not one ({value!r:.40})")


def stored_texts(name: str, value: Any) -> tuple[str, ...]:
    """A stored list of texts (a quiz answer's fact keys, a note type's field names).

    ``name`` says what they are in the message ("quiz's options").
    """
    if isinstance(value, list) and all(isinstance(text, str) for text in value):
        return tuple(value)
    raise StoredValueError(f"the stored {name} are not texts ({value!r:.40})")


def stored_sum(value: Any) -> int:
    """A whole number SQL made of stored times or counts (a study day, a sum of durations).

    A stored time that is not one makes its day NULL; a stored count past the largest REAL
    sums to infinity. Either is damage, not a number to show.
    """
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise StoredValueError(f"a stored time or count is not one ({value!r:.40})") from error


def stored_time(text: str) -> datetime:
    """``datetime.fromisoformat`` for a value read from the collection (:func:`within_calendar`)."""
    try:
        moment = datetime.fromisoformat(text)
    except (ValueError, TypeError) as error:
        raise StoredValueError(f"a stored time is not one ({error})") from error
    return within_calendar(moment)


def within_calendar(moment: datetime) -> datetime:
    """``moment``, a time read from the collection, when a study day's arithmetic can take it.

    Raises:
        StoredValueError: It is in the first or the last year of Python's calendar, where
            adding a time zone's offset or taking the rollover hour off leaves it. FibroLearn
            and its imports store no such time: damage or another program did.
    """
    if FIRST_STORED_YEAR <= moment.year <= LAST_STORED_YEAR:  # whole years bound the range
        return moment
    naive = moment.replace(tzinfo=None)
    raise StoredValueError(f"a stored time is out of range ({naive.isoformat(' ', 'minutes')})")


def causes(error: BaseException, *, hidden_too: bool = False) -> Iterator[BaseException]:
    """``error`` and what caused it, as a traceback shows them.

    A context hidden by ``raise ... from None`` is left out unless ``hidden_too``.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        shown = hidden_too or not current.__suppress_context__
        current = current.__cause__ or (current.__context__ if shown else None)


def damage_in(collection: Path, error: BaseException) -> str | None:
    """What is damaged in ``collection``, when reading it raised ``error``; else None.

    Damage to its pages or values (:func:`damaged_data`), or to its tables' definitions.
    """
    return damaged_data(error) or damaged_definitions(collection, error)


def damaged_data(error: BaseException) -> str | None:
    """What is damaged, in words, when ``error`` (or its cause) came of damaged data; else None.

    SQLAlchemy's errors are followed to the driver's, their cause.
    """
    for cause in causes(error):
        if isinstance(cause, sqlite3.DatabaseError) and is_damage(cause):
            return f"damage SQLite reports ({cause})"
    return damaged_values(error)


def damaged_values(error: BaseException) -> str | None:
    """What is damaged when ``error`` came of values the rows hold; else None.

    Unlike damage to the file's pages or tables, such a value is copied as it is, so a backup
    made after the damage holds it too.
    """
    for cause in causes(error):
        if isinstance(cause, StoredValueError):
            return str(cause)
        if isinstance(cause, sqlite3.DatabaseError) and str(cause).lower().startswith(
            _DAMAGE_WORDS
        ):
            return f"stored data that cannot be read back ({cause})"
    return None


def damaged_definitions(collection: Path, error: BaseException) -> str | None:
    """What is changed in the tables' stored definitions, when ``error`` came of it; else None.

    A statement naming a column, table or function that is not there, a link SQLite cannot
    follow ("foreign key mismatch"), or an error whose message is not text (it quotes a
    definition's bytes) is usually a mistake in the code. It is damage when the collection,
    at the schema revision this version writes, lacks a column or link that revision has, or
    holds a changed trigger: a stored definition was changed (a byte of its text, say). See
    :func:`changed_definitions`.
    """
    return changed_definitions(collection) if _met_a_definition(error) else None


def _met_a_definition(error: BaseException) -> bool:
    """Whether ``error`` came of a statement the stored definitions do not let run.

    A missing column, table or function, a link SQLite cannot follow, a column no INSERT
    fills, or a message that is not text (SQLite quoting a definition's damaged bytes).
    """
    return any(
        (
            isinstance(cause, sqlite3.OperationalError)
            and (str(cause).startswith(_DEFINITION_WORDS) or _NO_COLUMN_NAMED in str(cause))
        )
        or (isinstance(cause, sqlite3.IntegrityError) and str(cause).startswith(_UNFILLED))
        or isinstance(cause, UnicodeDecodeError)  # SQLite's message quotes damaged bytes
        for cause in causes(error)
    )


def changed_definitions(collection: Path) -> str | None:
    """What the tables' stored definitions lack of this version's: columns, links, triggers.

    None when they are as this version writes them, and for a collection at another schema
    revision (one not upgraded yet, or whose upgrade failed on a mistake in the code).
    """
    # Only on damage: SQLAlchemy, and hashlib (OpenSSL, ~4 ms before the first paint).
    from fibrolearn.storage.head_triggers import changed_triggers  # noqa: PLC0415
    from fibrolearn.storage.models import Base  # noqa: PLC0415

    try:  # a collection gone (mid-restore) or unreadable has nothing to compare
        with _definitions_reader(collection) as connection:
            revision = connection.execute(_REVISION).fetchone()
            if revision != (HEAD,):
                return None
            missing, unlinked, unfilled = [], [], []
            for table in Base.metadata.sorted_tables:
                columns = connection.execute(f'PRAGMA table_info("{table.name}")').fetchall()
                stored = {row[1] for row in columns}
                missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in stored]
                # A column of no model's that must have a value: this version's INSERTs, which
                # do not name it, all fail (a byte changed "review_cards INTEGER" to
                # "review_cards ,NTEGER").
                unfilled += [
                    f"{table.name}.{name}"
                    for _, name, _, required, default, key in columns
                    if required and default is None and not key and name not in table.columns
                ]
                links = {  # (the other table, this table's column, the other's)
                    (row[2], row[3], row[4])
                    for row in connection.execute(f'PRAGMA foreign_key_list("{table.name}")')
                }
                wanted = {
                    (k.column.table.name, k.parent.name, k.column.name) for k in table.foreign_keys
                }
                unlinked += [
                    f"{table.name}.{column} to {other}" for other, column, _ in wanted - links
                ]
            triggers = dict(connection.execute(_TRIGGERS).fetchall())
    except sqlite3.Error:
        return None
    found = [f"without {', '.join(missing)}"] if missing else []
    found += [f"without the link of {', '.join(unlinked)}"] if unlinked else []
    found += [f"with columns this version cannot fill ({', '.join(unfilled)})"] if unfilled else []
    changed = changed_triggers(triggers)
    found += [f"with changed triggers ({', '.join(changed)})"] if changed else []
    return f"table definitions {'; '.join(found)}" if found else None


def changed_search_text(collection: Path, error: BaseException) -> str | None:
    """Which of Browse's search-text triggers ``error`` came of, changed since written; or None.

    Such a trigger fires when a note is written (an edit, an import, a deck update): a byte
    changed in it names a column or function that is not there. It is not damage, as nothing
    the learner made is lost: ``check --repair`` writes the triggers again. Only for a
    collection at this version's schema revision (another has other triggers), and only a
    trigger holding what the error names, or damaged bytes when the message quotes them.
    """
    named = _names_in(error)
    if not named:
        return None
    from fibrolearn.storage.note_text import changed_triggers, written  # noqa: PLC0415

    try:  # a collection gone (mid-restore) or unreadable has nothing to compare
        with _definitions_reader(collection) as connection:
            if connection.execute(_REVISION).fetchone() != (HEAD,):
                return None
            stored = dict(connection.execute(_TRIGGERS).fetchall())
    except sqlite3.Error:
        return None
    # What the error names is in the stored trigger, and not in the one FibroLearn wrote.
    blamed = [
        name
        for name in changed_triggers(stored)
        if any(_names(stored[name], word) and not _names(written(name), word) for word in named)
    ]
    return f"changed search-text triggers ({', '.join(blamed)})" if blamed else None


def _names(statement: str, word: str) -> bool:
    """Whether ``statement`` holds ``word`` whole, in any case (SQL's names ignore case)."""
    if word == _UNREADABLE:  # beside any letter: it stands for a byte of one
        return word in statement
    return re.search(rf"(?<![\w.]){re.escape(word)}(?![\w.])", statement, re.IGNORECASE) is not None


def _names_in(error: BaseException) -> set[str]:
    """What a statement's error says is not there ("no such column: NEW.fie1ds": NEW.fie1ds).

    U+FFFD for a message that is not text, which quotes a definition's damaged bytes.
    """
    named = set()
    for cause in causes(error):
        if isinstance(cause, UnicodeDecodeError):
            named.add(_UNREADABLE)
        elif isinstance(cause, sqlite3.OperationalError):
            words = str(cause)
            if words.startswith(_DEFINITION_WORDS) and ": " in words:
                name = words.partition(": ")[2]
                # A table the trigger names bare: "no such table: main.json_eac6".
                named.add(name.removeprefix("main."))
            elif _NO_COLUMN_NAMED in words:
                named.add(words.partition(_NO_COLUMN_NAMED)[2])
    return named


def _definitions_reader(collection: Path) -> closing[sqlite3.Connection]:
    """A read-only connection that reads damaged bytes in a definition as U+FFFD."""
    connection = sqlite3.connect(read_only_uri(collection), uri=True)
    connection.text_factory = lambda stored: stored.decode("utf-8", "replace")
    return closing(connection)
