"""Backup files: a consistent snapshot of the collection, and a list of its media, in a zip.

Zip, because the standard library reads and writes it, it is the format Anki's .colpkg uses,
every operating system opens it, each member carries a CRC that is checked on reading, and
its central directory lets the small manifest be read without touching the (large) database
member. The database goes in as one committed state, a single file (see
``backup_database``). The media files are stored once, shared by every backup (see
``backup_media``); backups made before (format 1) hold theirs in the archive, and restore so.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import sqlite3
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from fibrolearn.domain.anki_files import ANKI_COLLECTION_FILES
from fibrolearn.domain.backups import UnreadableMedia
from fibrolearn.domain.progress import NoProgress, Progress
from fibrolearn.domain.words import size_words
from fibrolearn.storage.backup_database import collection_counts, collection_mtime_ns, snapshot
from fibrolearn.storage.backup_fingerprint import closed_fingerprint
from fibrolearn.storage.backup_media import (
    MEDIA_INDEX_MEMBER,
    MediaIndexError,
    RestoredMedia,
    index_json,
    media_size,
    read_index,
    restore_named,
    safe_media_name,
    store_media,
    store_of,
)
from fibrolearn.storage.damaged_data import FIRST_STORED_YEAR, LAST_STORED_YEAR
from fibrolearn.storage.durable import sync_file, sync_folder
from fibrolearn.storage.json_text import parse_json
from fibrolearn.storage.zip_dates import dated_member

# What zipfile and zlib raise for a damaged archive: a bad CRC or header, a cut-short or
# garbled compressed stream, and a version or method no zip tool writes (NotImplementedError).
_DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError)

MANIFEST_MEMBER = "fibrolearn-backup.json"
COLLECTION_MEMBER = "collection.sqlite3"
MEDIA_PREFIX = "media/"  # in format 1, which held the media files
ARCHIVE_FORMAT = 2  # the media shared, not in the archive: an earlier FibroLearn refuses it
_FORMATS = (1, ARCHIVE_FORMAT)
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
STAMP = re.compile(r"\d{8}T\d{6}Z")

_SQLITE_MAGIC = b"SQLite format 3\x00"
_CHUNK = 1024 * 1024
# SQLite's own files beside a database it writes, its log (in either journal mode) and the
# log's index: a copy cut short (a full disk) leaves them.
SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupFileError(Exception):
    """A file is not a usable FibroLearn backup; the message says why."""


class _NewerFormatError(ValueError):
    """A manifest in a format only a newer FibroLearn writes."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a backup holds, stored beside the database in the archive.

    Attributes:
        created_at: When the snapshot was taken.
        reason: Why (a :class:`fibrolearn.domain.backups.BackupReason` value).
        app_version: The FibroLearn that made it.
        schema_revision: The collection's schema revision.
        cards: Cards in the collection, retired ones left out.
        reviews: Rows in the review log.
        media_files: Media files the backup holds (stored beside it, or in it).
        source_mtime_ns: Newest modification time of the collection's files just before the
            snapshot. Still written for earlier versions of FibroLearn, which require it; it
            says little, since the app's own housekeeping changes it too.
        content_fingerprint: :func:`content_fingerprint` of the snapshot; "" in backups
            made before it was recorded.
        number: One more than the highest number among the backups in the folder when it
            was made, so their order is known when a clock ran wrong; 0 in backups made
            before it was recorded.
        media_left_out: The media files the system would not open as it was made.
        restoring: For one made before a restore, the :func:`stamp` of the backup restored.
    """

    created_at: datetime
    reason: str
    app_version: str
    schema_revision: str | None
    cards: int
    reviews: int
    media_files: int
    source_mtime_ns: int
    content_fingerprint: str = ""
    number: int = 0
    media_left_out: tuple[UnreadableMedia, ...] = ()
    restoring: str = ""

    def to_json(self) -> str:
        """The manifest as the JSON member stores it."""
        fields = asdict(self) | {"format": ARCHIVE_FORMAT}
        fields["created_at"] = self.created_at.strftime(STAMP_FORMAT)
        return json.dumps(fields, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read a manifest member; raises ValueError or KeyError on a malformed one."""
        fields = parse_json(text)
        if not isinstance(fields, dict):
            raise ValueError("it is not a JSON object")
        written = fields.pop("format")
        if type(written) is int and written > ARCHIVE_FORMAT:
            raise _NewerFormatError(f"backup format {written}")
        if written not in _FORMATS or type(written) is not int:
            raise ValueError(f"its format is not one ({written!r:.40})")
        created = stamped_time(fields.pop("created_at"))
        known = {name: fields[name] for name in cls.__dataclass_fields__ if name in fields}
        for name, value in known.items():
            if not _MANIFEST_VALUES[name](value):
                raise ValueError(f"its {name} is not one ({value!r:.40})")
        left_out = tuple(UnreadableMedia(*pair) for pair in known.pop("media_left_out", ()))
        return cls(created_at=created, **known, media_left_out=left_out)


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


# What each manifest field may hold (an earlier FibroLearn's backup may lack the last).
_MANIFEST_VALUES: dict[str, Callable[[object], bool]] = {
    "reason": lambda value: isinstance(value, str),
    "app_version": lambda value: isinstance(value, str),
    "schema_revision": lambda value: value is None or isinstance(value, str),
    "cards": _count,
    "reviews": _count,
    "media_files": _count,
    "source_mtime_ns": lambda value: type(value) is int,  # only said, never relied on
    "content_fingerprint": lambda value: isinstance(value, str),
    "number": _count,
    "restoring": lambda value: isinstance(value, str),  # only said, never relied on
    "media_left_out": lambda value: (
        isinstance(value, list)
        and all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(t, str) for t in pair)
            for pair in value
        )
    ),
}


def stamp(moment: datetime) -> str:
    """The UTC time stamp used in backup and moved-aside file names."""
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def stamped_time(text: str) -> datetime:
    """The time a :func:`stamp` names.

    Raises:
        ValueError: It names none, or one in the first or last year of the calendar, where
            showing it in local time leaves the calendar (only damage writes one).
    """
    moment = datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=UTC)
    if not FIRST_STORED_YEAR <= moment.year <= LAST_STORED_YEAR:
        raise ValueError(f"its time is out of range ({text})")
    return moment


def write_archive(
    collection: Path,
    media_dir: Path,
    destination: Path,
    *,
    reason: str,
    created_at: datetime,
    app_version: str,
    number: int,
    ignored_settings: Collection[str] = (),
    restoring: str = "",
    progress: Progress | None = None,
) -> Manifest:
    """Write a backup archive of the collection to ``destination``, its media beside it.

    The media files are stored in the folder's shared store first (see ``backup_media``),
    and are on the disk before the archive naming them is. The archive appears under its
    final name only once complete and on disk, so a crash or a full disk leaves either no
    backup or a whole one. The manifest records the snapshot's
    :func:`content_fingerprint`, leaving out ``ignored_settings``, and the media files the
    system would not open (its permissions, another program holding them), left out: one
    picture must not stop every backup of the answers. One made before a restore records the
    :func:`stamp` of the backup ``restoring``. ``progress`` is told the bytes read of the
    whole (the collection twice: copied, then packed; each media file once).

    Raises:
        OSError: SQLite could not copy the collection (on a full or failing disk, mostly;
            its error is the cause), or the disk refused the archive.
    """
    source_mtime = collection_mtime_ns(collection)
    partial = destination.with_name(destination.name + ".partial")
    database = destination.with_name(destination.name + ".sqlite3.partial")
    size = collection.stat().st_size
    tally = _Tally(progress or NoProgress(), 2 * size + media_size(media_dir))
    try:
        try:
            snapshot(collection, database)
        except sqlite3.OperationalError as error:  # writing the copy, as a rule
            raise OSError(f"could not copy the collection ({error})") from error
        revision, cards, reviews = collection_counts(database)
        fingerprint = closed_fingerprint(database, ignored_settings)
        tally.add(size)
        media, unreadable = store_media(media_dir, store_of(destination.parent), tally.add)
        with zipfile.ZipFile(
            partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1, strict_timestamps=False
        ) as archive:
            archive.write(database, COLLECTION_MEMBER)
            archive.writestr(dated_member(MEDIA_INDEX_MEMBER, created_at), index_json(media))
            manifest = Manifest(
                created_at=created_at,
                reason=reason,
                app_version=app_version,
                schema_revision=revision,
                cards=cards,
                reviews=reviews,
                media_files=len(media),
                source_mtime_ns=source_mtime,
                content_fingerprint=fingerprint,
                number=number,
                media_left_out=unreadable,
                restoring=restoring,
            )
            # Last, as earlier versions wrote it (it is read by its name).
            archive.writestr(dated_member(MANIFEST_MEMBER, created_at), manifest.to_json())
        sync_file(partial)
        os.replace(partial, destination)
        sync_folder(destination.parent)
        tally.add(size)
    finally:
        # One another program holds (an antivirus scanning it, on Windows) fails nothing: it
        # goes with the next backup's leftovers.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
            remove_database(database)
    return manifest


class _Tally:
    """The bytes a backup has read so far, told to its progress as they add up."""

    def __init__(self, progress: Progress, total: int) -> None:
        self._progress = progress
        self._total = total
        self._done = 0
        progress.advance(0, total)

    def add(self, size: int) -> None:
        """``size`` more bytes are done (a media file may have grown since it was counted)."""
        self._done += size
        self._progress.advance(min(self._done, self._total), self._total)


def remove_database(path: Path) -> None:
    """Remove a database file and SQLite's files beside it, those that are there."""
    for leftover in (path, *(path.with_name(path.name + end) for end in SIDE_FILES)):
        leftover.unlink(missing_ok=True)


def read_manifest(path: Path) -> Manifest:
    """What a backup file holds, read without unpacking the database.

    A bare SQLite collection file (such as the copy made before a schema upgrade) counts as a
    backup without media; its creation time is the one in its name, else its file time.

    Raises:
        BackupFileError: The file is neither a FibroLearn backup nor a collection.
    """
    try:
        if is_sqlite_file(path):
            return _bare_collection_manifest(path)
        with zipfile.ZipFile(path) as archive:
            held = archive.NameToInfo  # an Anki package holds its collection in place of a manifest
            if MANIFEST_MEMBER not in held and any(
                name in held for name in ANKI_COLLECTION_FILES.values()
            ):
                raise BackupFileError(
                    f"{path} is an Anki package, not a FibroLearn backup: import it instead "
                    "(File ▸ Import… in the app, or `fibrolearn import FILE`)."
                )
            return Manifest.from_json(archive.read(MANIFEST_MEMBER).decode("utf-8"))
    except (OSError, *_DAMAGED_ZIP) as error:
        # The system's words alone: its error names the file again, in full.
        why = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise BackupFileError(f"{path} cannot be read as a backup ({why})") from None
    except _NewerFormatError as error:
        raise BackupFileError(
            f"{path} was made by a newer version of FibroLearn ({error}); update FibroLearn "
            "to restore it."
        ) from None
    except (KeyError, ValueError, TypeError) as error:
        raise BackupFileError(
            f"{path} is not a FibroLearn backup (its manifest is missing or unreadable: {error})"
        ) from None
    except sqlite3.DatabaseError as error:
        raise BackupFileError(f"{path} is not a readable collection ({error})") from None


def extract_collection(path: Path, destination: Path) -> None:
    """Write the backup's database to ``destination`` (a bare collection is copied).

    Its list of media is read too: a backup that cannot say which media it holds is damaged.

    Raises:
        BackupFileError: The archive is damaged (a CRC mismatch) or holds no collection.
    """
    if is_sqlite_file(path):
        snapshot(path, destination, read_only=True)
        return
    try:
        with _read_as_damaged(path), zipfile.ZipFile(path) as archive:
            _media_index(path, archive)
            info = archive.getinfo(COLLECTION_MEMBER)
            _require_space(destination.parent, info.file_size)
            with archive.open(info) as member, destination.open("wb") as out:
                shutil.copyfileobj(member, out, _CHUNK)
        sync_file(destination)
    except KeyError:
        raise BackupFileError(f"{path} holds no collection") from None


def extract_media(path: Path, destination: Path, store: Path) -> RestoredMedia:
    """Put the backup's media files in ``destination``; returns those damaged, and missing.

    Those it names are copied from the shared store beside it, else from ``store`` (for one
    copied from elsewhere), each checked against its SHA-256; one held in the archive (as
    earlier versions made them) is unpacked from it. A damaged file (a bad sector) is left
    out, not written in part, and so is one found nowhere: the collection and every other
    file still come back. Names are checked so that nothing lands outside ``destination``.
    """
    if is_sqlite_file(path):
        return RestoredMedia()
    with _read_as_damaged(path), zipfile.ZipFile(path) as archive:
        index = _media_index(path, archive)
    if index is not None:
        _require_space(destination, sum(size for _digest, size in index.values()))
        return restore_named(index, (store_of(path.parent), store), destination)
    damaged: list[str] = []
    with _read_as_damaged(path), zipfile.ZipFile(path) as archive:
        members = [i for i in archive.infolist() if i.filename.startswith(MEDIA_PREFIX)]
        _require_space(destination, sum(i.file_size for i in members))
        for info in members:
            relative = safe_media_name(info.filename[len(MEDIA_PREFIX) :])
            if relative is None or info.is_dir():
                continue
            target = destination.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with (
                    _read_as_damaged(path),
                    archive.open(info) as member,
                    target.open("wb") as out,
                ):
                    shutil.copyfileobj(member, out, _CHUNK)
            except BackupFileError:
                target.unlink(missing_ok=True)
                damaged.append(relative.as_posix())
                continue
            sync_file(target)  # on the disk before the restore says it is done
    return RestoredMedia(damaged=tuple(damaged))


def media_names(path: Path) -> frozenset[str]:
    """The media files a backup holds, by their names in the media folder.

    Those named in the list of a backup sharing them, or held in an earlier version's; none
    for one that cannot be read now: it holds none that can be counted on.
    """
    try:
        with _read_as_damaged(path), zipfile.ZipFile(path) as archive:
            index = _media_index(path, archive)
            names = archive.namelist() if index is None else ()
    except (OSError, BackupFileError):
        return frozenset()
    if index is not None:
        return frozenset(index)
    return frozenset(name[len(MEDIA_PREFIX) :] for name in names if name.startswith(MEDIA_PREFIX))


def _media_index(path: Path, archive: zipfile.ZipFile) -> dict[str, tuple[str, int]] | None:
    """The media ``archive`` names (see ``backup_media.read_index``); None for format 1.

    Raises:
        BackupFileError: Its list is damaged.
    """
    try:
        return read_index(archive)
    except MediaIndexError as error:
        raise BackupFileError(f"{path} is damaged ({error})") from None


@contextmanager
def _read_as_damaged(path: Path) -> Iterator[None]:
    """Inside, what a damaged archive makes zipfile raise is a :class:`BackupFileError`.

    A damaged directory can also name a member's place before the file's start, which the
    system refuses to seek to (EINVAL); other system errors are the disk's, and pass.
    """
    try:
        yield
    except _DAMAGED_ZIP as error:
        raise BackupFileError(f"{path} is damaged ({error})") from None
    except OSError as error:
        if error.errno != errno.EINVAL:
            raise
        raise BackupFileError(f"{path} is damaged ({error})") from None


def is_sqlite_file(path: Path) -> bool:
    """Whether the file starts like an SQLite database."""
    with path.open("rb") as handle:
        return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


def _bare_collection_manifest(path: Path) -> Manifest:
    match = STAMP.search(path.name)
    try:
        created = stamped_time(match.group()) if match else _modified(path)
    except ValueError:  # a name that only looks stamped
        created = _modified(path)
    revision, cards, reviews = collection_counts(path)
    reason = "before-upgrade" if path.name.startswith("before-upgrade") else "manual"
    return Manifest(created, reason, "", revision, cards, reviews, 0, source_mtime_ns=0)


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _require_space(folder: Path, needed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    if needed > free:
        message = (
            f"not enough free space in {folder}: {size_words(needed)} needed, "
            f"{size_words(free)} free"
        )
        raise OSError(errno.ENOSPC, message)
