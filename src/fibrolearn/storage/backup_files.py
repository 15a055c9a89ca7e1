"""The collection's files on disk: find them, set them aside, put a restored one in place.

A collection is up to three files: the database, its write-ahead log (-wal) and the log's
index (-shm). They belong together: a WAL left beside a different database file would be
replayed into it and damage it, so they always move as one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import datetime
from pathlib import Path

from fibrolearn.storage.backup_archive import SIDE_FILES, stamp
from fibrolearn.storage.db import Database
from fibrolearn.storage.durable import sync_file, sync_folder

# A collection replaced by a restore: kept beside it when no backup of it could be made.
REPLACED_LABEL = "replaced"


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
    target = _free_name(collection, label, moment)
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


def keep_beside(collection: Path, moment: datetime) -> Path:
    """Keep the collection (closed) under a second name beside it, before it is replaced.

    Named as :func:`move_aside` names it, with :data:`REPLACED_LABEL`; returns where. A
    second link to the same file where the file system has them, else a whole copy: the
    collection stays in place meanwhile, so a failure leaves it as it was, and nothing beside.
    """
    target = _free_name(collection, REPLACED_LABEL, moment)
    try:
        os.link(collection, target)
    except OSError:  # no hard links (FAT on a memory stick, say)
        partial = target.with_name(f"{target.name}.partial")
        try:
            shutil.copyfile(collection, partial)
            sync_file(partial)
            os.replace(partial, target)
        finally:  # cut short (a full disk, say): no unfinished copy stays behind
            with contextlib.suppress(OSError):  # the failure that led here is the one to tell
                partial.unlink(missing_ok=True)
    sync_folder(collection.parent)
    return target


def put_in_place(
    replacement: Path, collection: Path, moment: datetime, kept: Path | None = None
) -> None:
    """Atomically make ``replacement`` the collection (the collection must be closed).

    Left-over log files of the old collection are first set aside (they would otherwise be
    replayed into the new database), beside where it is ``kept`` if it is (see
    :func:`keep_beside`); at every instant a whole database is at the path.
    """
    leftovers = companion_files(collection)
    if leftovers:
        base = kept or collection.with_name(f"{collection.name}.{REPLACED_LABEL}-{stamp(moment)}")
        for companion in leftovers:
            companion.rename(_paired(base, companion.name[len(collection.name) :]))
    os.replace(replacement, collection)
    sync_folder(collection.parent)


def free_name(folder: Path, stem: str, suffix: str, attempt: int = 1) -> Path:
    """``<stem><suffix>`` in ``folder``, else ``<stem>-<n><suffix>`` for the first n free.

    Counted from ``attempt``, where 1 is the name without a number: never one taken.
    """
    while True:
        path = folder / (f"{stem}{suffix}" if attempt == 1 else f"{stem}-{attempt}{suffix}")
        if not path.exists():
            return path
        attempt += 1


def _free_name(collection: Path, label: str, moment: datetime) -> Path:
    """``<name>.<label>-<stamp>`` beside the collection, numbered on if taken (logs included)."""
    base = f"{collection.name}.{label}-{stamp(moment)}"
    target = collection.with_name(base)
    attempt = 1
    while any(_paired(target, s).exists() for s in ("", *SIDE_FILES)):
        attempt += 1
        target = collection.with_name(f"{base}-{attempt}")
    return target


def _paired(database: Path, suffix: str) -> Path:
    return database.with_name(database.name + suffix)
