"""The collection's files on disk: find them, set them aside, put a restored one in place.

A collection is up to three files: the database, its write-ahead log (-wal) and the log's
index (-shm). They belong together: a WAL left beside a different database file would be
replayed into it and damage it, so they always move as one.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from fibrolearn.storage.backup_archive import SIDE_FILES, stamp
from fibrolearn.storage.db import Database
from fibrolearn.storage.durable import sync_folder


def collection_file(database: Database) -> Path:
    """The file an open database reads and writes."""
    return database.path


def companion_files(collection: Path) -> list[Path]:
    """The collection's log and index files that exist right now."""
    return [
        collection.with_name(collection.name + suffix)
        for suffix in SIDE_FILES
        if collection.with_name(collection.name + suffix).exists()
    ]


def move_aside(collection: Path, label: str, moment: datetime) -> Path:
    """Rename the collection and its companions to ``<name>.<label>-<stamp>``; never overwrites.

    The companions keep their suffix after the new name, so SQLite still pairs them with the
    moved file if someone opens it to rescue what it holds. Returns the moved database.
    """
    base = f"{collection.name}.{label}-{stamp(moment)}"
    target = collection.with_name(base)
    attempt = 1
    while any(_paired(target, s).exists() for s in ("", *SIDE_FILES)):
        attempt += 1
        target = collection.with_name(f"{base}-{attempt}")
    for companion in companion_files(collection):
        companion.rename(_paired(target, companion.name[len(collection.name) :]))
    if collection.exists():
        collection.rename(target)
    sync_folder(collection.parent)
    return target


def moved_aside(collection: Path, label: str) -> list[Path]:
    """Database files earlier set aside under ``label``, oldest name first."""
    prefix = f"{collection.name}.{label}-"
    return sorted(
        path for path in collection.parent.glob(f"{prefix}*") if not path.name.endswith(SIDE_FILES)
    )


def put_in_place(replacement: Path, collection: Path, moment: datetime) -> None:
    """Atomically make ``replacement`` the collection (the collection must be closed).

    Left-over log files of the old collection are first set aside (they would otherwise be
    replayed into the new database); at every instant a whole database is at the path.
    """
    leftovers = companion_files(collection)
    if leftovers:
        base = collection.with_name(f"{collection.name}.replaced-{stamp(moment)}")
        for companion in leftovers:
            companion.rename(_paired(base, companion.name[len(collection.name) :]))
    os.replace(replacement, collection)
    sync_folder(collection.parent)


def _paired(database: Path, suffix: str) -> Path:
    return database.with_name(database.name + suffix)
