"""What a collection holds, as a digest: whether it changed since a backup was made.

A backup records the digest of its snapshot; the next automatic backup is only made once
the collection's digest differs, so that opening the app, or the app keeping its own
place, makes no backup.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections.abc import Collection
from pathlib import Path

from fibrolearn.storage.read_only_files import read_only_uri

# Tables only ever added to (undo takes back the newest row): their size and newest row say
# whether they changed, without reading a million answers.
_LOGS = frozenset({"reviews"})
_PRIME = 2_147_483_647  # 2**31 - 1: sums of products stay within SQLite's 64-bit integers
_CRC = "fibrolearn_crc32"  # the SQL name of _crc32 while a fingerprint is read


def content_fingerprint(connection: sqlite3.Connection, ignored_settings: Collection[str]) -> str:
    """A digest of what a collection holds, the same as long as its content is the same.

    Unlike the files' modification times, it stays the same when the app only checkpoints
    its log or rewrites a value it keeps for itself (``ignored_settings``, such as where
    study stands). Each table counts by its size and a sum of one number per row that
    changes with any of the row's values; the review log, which is only added to, by its
    size and newest answer. Read it within one transaction (a closed file, or after
    ``BEGIN``) to read one state.
    """
    connection.create_function(_CRC, 1, _crc32, deterministic=True)
    digest = hashlib.blake2b(digest_size=16)
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        " ORDER BY name"
    )
    for (table,) in tables.fetchall():
        summary = _table_summary(connection, table, ignored_settings)
        digest.update(repr((table, summary)).encode())
    return digest.hexdigest()


def collection_fingerprint(collection: Path, ignored_settings: Collection[str]) -> str:
    """:func:`content_fingerprint` of the collection as it is now (it may be open)."""
    connection = sqlite3.connect(read_only_uri(collection), uri=True)
    try:
        connection.execute("BEGIN")  # one committed state, while the app may write
        return content_fingerprint(connection, ignored_settings)
    finally:
        connection.close()


def closed_fingerprint(database: Path, ignored_settings: Collection[str]) -> str:
    """:func:`content_fingerprint` of a database no one writes (a backup's snapshot)."""
    connection = sqlite3.connect(read_only_uri(database, immutable=True), uri=True)
    try:
        return content_fingerprint(connection, ignored_settings)
    finally:
        connection.close()


def _table_summary(
    connection: sqlite3.Connection, table: str, ignored_settings: Collection[str]
) -> tuple[object, ...]:
    """What :func:`content_fingerprint` takes from one table."""
    name = _quoted(table)
    if table in _LOGS:
        rows = connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        return rows, connection.execute(f"SELECT max(rowid) FROM {name}").fetchone()[0]
    ignored = list(ignored_settings) if table == "settings" else []
    where = f' WHERE "key" NOT IN ({", ".join("?" * len(ignored))})' if ignored else ""
    query = f"SELECT count(*), sum({_row_number(connection, name)}) FROM {name}{where}"
    return tuple(connection.execute(query, ignored).fetchone())


def _row_number(connection: sqlite3.Connection, name: str) -> str:
    """SQL for one number per row of table ``name`` that changes when any of its values does.

    Each value becomes an integer (a number itself, text and bytes their CRC-32), then all
    are spread over 0..2**31 by large multipliers, one per column and one for the row's id
    (so a value moved to another row changes the sum too). Everything is taken modulo a
    prime on the way, so no sum outgrows SQLite's 64-bit integers.
    """
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({name})")]
    terms = [
        f"(({_as_integer(_quoted(column))}) % {_PRIME}) * {_multiplier(position)} % {_PRIME}"
        for position, column in enumerate(columns, start=1)
    ]
    row = f"((rowid % {_PRIME}) * {_multiplier(0)} % {_PRIME} + 1)"
    return f"(({' + '.join(terms)}) % {_PRIME}) * {row} % {_PRIME}"


def _as_integer(value: str) -> str:
    """SQL for an integer that stands for ``value`` (a quoted column)."""
    return (
        f"CASE typeof({value}) WHEN 'integer' THEN {value}"
        f" WHEN 'real' THEN CAST({value} * 1e9 AS INTEGER)"  # to a billionth: enough
        # As bytes: text that is not UTF-8 (damage) would stop Python decoding it, and the
        # backup with it. UTF-8 text gives the same bytes, and so the same number, as before.
        f" WHEN 'null' THEN -1 ELSE {_CRC}(CAST({value} AS BLOB)) END"
    )


def _multiplier(position: int) -> int:
    """A large multiplier, different for each column position (Knuth's golden-ratio hash)."""
    return 2_654_435_761 * (position + 1) % _PRIME


def _crc32(value: bytes) -> int:
    return zlib.crc32(value)


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
