"""Open a collection file: create it at the newest schema, upgrade an older one, refuse the rest.

The common case, a collection already at head, is decided with the standard ``sqlite3``
module alone, so Alembic (slow to import) stays off the start-up path.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from enum import Enum, auto
from pathlib import Path

from fibrolearn.domain.faults import RESTORE_BY_COMMAND, StorageProblemKind, what_lets_it_write
from fibrolearn.storage.backup_archive import remove_database, stamp
from fibrolearn.storage.backup_database import snapshot
from fibrolearn.storage.backup_files import free_name
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.db import Database
from fibrolearn.storage.durable import sync_folder
from fibrolearn.storage.file_check import is_damage
from fibrolearn.storage.read_only_files import readable_uri
from fibrolearn.storage.schema_revisions import HEAD, REVISIONS, damaged_revision

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BEING_MADE = ".new"  # a new collection's name until it is whole (see _create_whole)


class CollectionError(Exception):
    """The collection file cannot be opened; the file was left exactly as it was."""


class NotACollectionError(CollectionError):
    """The file is not a FibroLearn collection."""


class NewerCollectionError(CollectionError):
    """The collection was written by a newer FibroLearn."""


class DamagedCollectionError(CollectionError):
    """The collection file is damaged."""


class FileStatus(Enum):
    """What is at the collection path."""

    MISSING = auto()
    EMPTY = auto()  # a 0-byte file: a collection someone emptied, never a new one
    CURRENT = auto()
    OUTDATED = auto()


def inspect_collection(path: Path) -> tuple[FileStatus, str | None]:
    """Classify the file at ``path`` without writing to it.

    Returns:
        The status and the schema revision found (None when there is none yet). A 0-byte
        file is EMPTY, not MISSING: it may be a collection something emptied, and is never
        silently made into a new one.

    Raises:
        NotACollectionError: a file that is not SQLite, or SQLite without our schema.
        NewerCollectionError: a revision a newer version may have written.
        DamagedCollectionError: SQLite reports corruption, or the stored revision is damaged.
        CollectionError: A file stands where the collection's folder (or one above) should be.
    """
    if not path.exists():
        blocking = next((p for p in path.parents if p.exists()), None)
        if blocking is not None and not blocking.is_dir():
            raise CollectionError(
                f"{blocking} is a file, not a folder, so there is no collection at {path} and "
                "none can be made there. Choose a folder as FibroLearn's data folder."
            )
        return FileStatus.MISSING, None
    if path.stat().st_size == 0:
        return FileStatus.EMPTY, None
    with path.open("rb") as handle:
        if handle.read(16) != _SQLITE_MAGIC:
            raise NotACollectionError(
                f"{path} is not a FibroLearn collection (it is not an SQLite database). "
                "It was left untouched; move it away or choose another data folder."
            )
    try:
        connection = sqlite3.connect(readable_uri(path), uri=True)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if not is_damage(error):  # locked, or a folder SQLite may not write to: not damage
            raise CollectionError(
                f"{path} cannot be opened ({error}). It was left untouched."
            ) from error
        raise DamagedCollectionError(
            f"{path} is damaged and cannot be read ({error}). It was left untouched."
        ) from error
    if not tables:
        return FileStatus.MISSING, None
    if revision is None:
        raise NotACollectionError(
            f"{path} is an SQLite database but not a FibroLearn collection. It was left untouched."
        )
    damaged = None if revision in REVISIONS else damaged_revision(revision)
    if damaged is not None:
        # Its cause says a stored value is damaged, as a damaged JSON value's would: opening
        # then sets the file aside, and passes over backups holding the same value.
        raise DamagedCollectionError(
            f"{path} is damaged: {damaged}. It was left untouched."
        ) from StoredValueError(damaged)
    if revision not in REVISIONS:
        raise NewerCollectionError(
            f"{path} was written by a newer version of FibroLearn (schema {revision}). "
            "Update FibroLearn to open it; the file was left untouched. To go back to a backup "
            f"this version can open instead (the one made before the upgrade, say), use "
            f"{RESTORE_BY_COMMAND.format(run='fibrolearn')}: the newer collection is kept "
            "beside it, not deleted."
        )
    return (FileStatus.CURRENT if revision == HEAD else FileStatus.OUTDATED), revision


def open_collection(path: Path, backups_dir: Path, *, target: str = HEAD) -> Database:
    """Open (creating or upgrading as needed) the collection at ``path``.

    An outdated collection is copied to ``backups_dir`` before it is upgraded.
    A new collection that cannot be made (a full disk) leaves no file behind.
    ``target`` exists for migration tests; the app always opens at head.
    """
    status, revision = inspect_collection(path)
    if status is FileStatus.EMPTY:
        raise DamagedCollectionError(_emptied(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    if status is FileStatus.OUTDATED:
        backup_before_upgrade(path, backups_dir, revision or "none")
    if status is FileStatus.MISSING:
        _create_whole(path, target)
    database = Database(path)
    if status is FileStatus.OUTDATED or (status is FileStatus.CURRENT and target != HEAD):
        try:
            upgrade(database, target)
        except BaseException:
            database.close()  # the caller gets no database to close, and may move the file
            raise
    return database


def _create_whole(path: Path, target: str) -> None:
    """Make a new collection at ``path``: beside it first, given the name only once whole.

    A first start killed while the tables were being made (or failing on a full disk) left
    an empty file at ``path``, which the next start took for a collection emptied by damage
    and set aside. What such a start left beside it goes now. A file that appeared at
    ``path`` meanwhile is never replaced: it is opened as it is.
    """
    new = path.with_name(f"{path.name}{_BEING_MADE}")
    remove_database(new)
    database = Database(new)
    try:
        upgrade(database, target)
        with database.engine.connect() as connection:  # all in the file: one file to move
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        database.close()
        with contextlib.suppress(OSError):  # the failure that led here is the one to tell
            remove_database(new)
        raise
    database.close()
    try:
        os.link(new, path)  # unlike a rename, never over a file there
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links (FAT): the folder is this process's
        if not path.exists():
            os.replace(new, path)
    finally:
        remove_database(new)
    sync_folder(path.parent)


def open_collection_read_only(
    path: Path, *, because: StorageProblemKind = StorageProblemKind.READ_ONLY
) -> Database:
    """Open the collection at ``path`` for reading only.

    ``because`` its folder cannot be written, or the disk is full. Nothing is created,
    upgraded or written: a missing or older collection is refused with a message, since
    making or upgrading one means writing.
    """
    status, _revision = inspect_collection(path)
    if status is FileStatus.EMPTY:
        raise DamagedCollectionError(_emptied(path))
    if status is FileStatus.MISSING:
        raise CollectionError(
            f"There is no collection at {path}, and FibroLearn cannot create one because "
            "the folder is read-only. Make it writable, or choose another data folder."
        )
    if status is FileStatus.OUTDATED:
        raise CollectionError(
            f"{path} was saved by an older FibroLearn and must be upgraded, which means "
            f"writing it. It was left untouched; {what_lets_it_write(because)} and start again."
        )
    return Database(path, read_only=True, because=because)


def _emptied(path: Path) -> str:
    return (
        f"{path} is empty (0 bytes): the collection in it was emptied or cut short. It was "
        "left untouched; restore a backup, or move the file away to start a new collection."
    )


def backup_before_upgrade(path: Path, backups_dir: Path, revision: str) -> Path:
    """A consistent copy of the collection, made with SQLite's online backup.

    The copy is a bare collection file, listed and restorable like every other backup. It
    takes its name once whole: a copy the disk cut short leaves nothing behind. A second copy
    made within the same second (an upgrade tried again) is numbered, never put in its place.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stem = f"before-upgrade-from-{revision}-{stamp(datetime.now(UTC))}"
    destination = free_name(backups_dir, stem, ".sqlite3")
    partial = destination.with_name(destination.name + ".partial")
    try:
        snapshot(path, partial)
        os.replace(partial, destination)
        sync_folder(backups_dir)  # the copy's name, too, survives a power cut mid-upgrade
    except BaseException:
        with contextlib.suppress(OSError):  # the failure that led here is the one to tell
            remove_database(partial)
        raise
    return destination


def upgrade(database: Database, target: str = HEAD) -> None:
    """Run the Alembic revisions up to ``target`` on the database's own connection."""
    from alembic import command  # noqa: PLC0415 - heavy, needed only on first start or upgrade
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with database.engine.connect() as connection:
        # Batch mode copies tables; foreign keys must be off meanwhile (checked afterwards).
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # ends SQLAlchemy's implicit transaction; the pragma needs none
        try:
            with connection.begin():
                # The sqlite3 driver runs DDL outside any transaction unless one is already
                # open; opening one here makes an interrupted upgrade (or creation) leave the
                # old schema intact instead of half of the new one. Alembic commits nothing.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                config.attributes["connection"] = connection
                command.upgrade(config, target)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        finally:
            # The pooled connection is used again: a failed upgrade must not leave it
            # deleting notes without their cascades.
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    if problems:
        raise DamagedCollectionError(f"foreign key problems after upgrade: {problems[:5]}")
