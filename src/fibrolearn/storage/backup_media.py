"""Media shared by the backups: each file stored once, by its content, beside them.

A learner with 1 GB of pictures and sounds got a 1 GB archive at every backup (at start,
every 30 minutes of study, before each import), and the backups kept took tens of GB: a
small disk filled, and then answers could not be saved. So each media file is stored once
in the backups folder's ``media`` folder, named by the SHA-256 of its bytes
(``media/ab/ab12…``), and a backup archive holds the collection and a list naming each of
its media files' content (:data:`MEDIA_INDEX_MEMBER`) instead of their bytes.

Stored files are copied, not linked: a hard link shares its bytes with the media folder, so
an edit made in place (by an image editor) would change every backup's copy too, and links
do not cross disks (a backups folder on another drive). A file is written under a work name,
made durable, then given its name; the archive naming it is written only after. Hashing
reads about 1 GB a second, near what the disk gives, and is done on every backup: no cached
hash can go stale (a file changed within its time stamp's precision, or restored by a tool
that keeps times). A stored file found again is read against its name at most once a day
(:func:`_whole`): one a bad sector damaged since is written again from the media folder.

Stored files go once no backup names them (:func:`remove_unnamed`), after the backups that
named them are gone: a crash at any point leaves at worst a file no backup names, never a
backup naming a file that is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO, NamedTuple

from fibrolearn.domain.backups import NAME_NOT_TEXT, UnreadableMedia
from fibrolearn.storage.durable import sync_file, sync_folder
from fibrolearn.storage.json_text import parse_json

MEDIA_INDEX_MEMBER = "fibrolearn-media.json"
STORE_FOLDER = "media"
_DIGEST = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1024 * 1024
_WORK_SUFFIX = ".partial"
_RECHECK_AFTER = 24 * 60 * 60  # seconds: how often a stored file is read against its digest

# A backup's media, by name in the media folder: the SHA-256 of each file's bytes, and its size.
MediaIndex = dict[str, tuple[str, int]]


class MediaIndexError(ValueError):
    """A backup's list of media files cannot be read: it is damaged."""


class StoredMedia(NamedTuple):
    """The media a backup names, and those it left out (the system would not open them)."""

    index: MediaIndex
    left_out: tuple[UnreadableMedia, ...]


class RestoredMedia(NamedTuple):
    """Media a restore could not bring back, by name: damaged, or found nowhere."""

    damaged: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def store_of(backups_dir: Path) -> Path:
    """The folder of the media shared by the backups in ``backups_dir``."""
    return backups_dir / STORE_FOLDER


def stored_path(store: Path, digest: str) -> Path:
    """Where the file whose bytes have SHA-256 ``digest`` is kept in ``store``."""
    return store / digest[:2] / digest


def store_media(
    media_dir: Path, store: Path, stored: Callable[[int], None] = lambda _size: None
) -> StoredMedia:
    """Store each media file the system opens, once; what each holds, and those refused.

    A file is left out when it cannot be opened: one picture must not stop every backup of
    the answers. One gone meanwhile (removed by an edit) is neither stored nor said. A file
    that fails once it is open, or a store that refuses a file, is a failing disk, and
    fails the backup. Every file stored is on the disk, under its name, when this returns:
    all are copied under work names first, then made durable, then named (one flush each
    after all are written costs far less than one as each is). ``stored`` is told the size
    of each file as it is done with (for a backup's progress).
    """
    index: MediaIndex = {}
    unreadable = []
    pending: dict[Path, Path] = {}  # stored file: its copy under a work name
    try:
        for path, name in sorted(_media_files(media_dir)):
            if not _storable_name(name):
                unreadable.append(UnreadableMedia(_shown(name), NAME_NOT_TEXT))
                continue
            try:
                # Opened apart, as zipfile did: only a file the system refuses to open is
                # left out, not one that fails as it is read.
                source = open(path, "rb")  # noqa: SIM115 (closed below)
            except FileNotFoundError:
                continue
            except OSError as error:
                unreadable.append(UnreadableMedia(name, error.strerror or str(error)))
                continue
            with source:
                index[name] = _stored(source, store, pending)
            stored(index[name][1])
        for work in pending.values():
            sync_file(work)
        for target, work in pending.items():
            os.replace(work, target)
    finally:
        for work in pending.values():
            with contextlib.suppress(OSError):  # the failure that led here is the one to tell
                work.unlink(missing_ok=True)
    for folder in sorted({target.parent for target in pending}):
        sync_folder(folder)
    if pending:
        sync_folder(store)
        sync_folder(store.parent)
    return StoredMedia(index, tuple(unreadable))


def _stored(source: BinaryIO, store: Path, pending: dict[Path, Path]) -> tuple[str, int]:
    """Copy the open file's bytes unless ``store`` has them; their digest and size.

    The copy, under a work name, is added to ``pending``, named by what was copied (the
    file may change as it is read). A stored file not :func:`_whole` is written again: the
    copy replaces it once durable, so a crash leaves the old file or the new, never a part.
    """
    digest, size = _digest(source, None)
    target = stored_path(store, digest)
    if target in pending or _whole(target, digest, size):
        return digest, size
    source.seek(0)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(target.name + _WORK_SUFFIX)
    pending[target] = work  # so that it goes, should the copy fail
    with work.open("wb") as out:
        copied, size = _digest(source, out)
    if copied != digest:  # changed as it was read: stored as copied
        del pending[target]
        target = stored_path(store, copied)
        target.parent.mkdir(parents=True, exist_ok=True)
        pending[target] = work.replace(target.with_name(target.name + _WORK_SUFFIX))
    return copied, size


def _whole(stored: Path, digest: str, size: int) -> bool:
    """Whether the stored file holds the bytes of ``digest``, as far as is worth knowing.

    One of another size, or missing, is not. One checked against its digest within a day
    (its time stamp says when: set as it is written, and as it is found whole) counts as
    whole; an older one is read again, since a bad sector may have damaged it since, and
    every backup would otherwise name it while the media folder still has the good copy.
    """
    try:
        status = stored.stat()
    except OSError:
        return False
    if status.st_size != size:
        return False
    now = time.time()
    if abs(now - status.st_mtime) < _RECHECK_AFTER:
        return True
    try:
        with stored.open("rb") as held:
            if _digest(held, None)[0] != digest:
                return False
    except OSError:  # a sector the disk cannot read: written again from the media folder
        return False
    with contextlib.suppress(OSError):  # checked again at the next backup, then
        os.utime(stored, (now, now))
    return True


def _digest(source: BinaryIO, out: BinaryIO | None) -> tuple[str, int]:
    """SHA-256 and size of what is left to read in ``source``, copied to ``out`` if given."""
    hasher, size = hashlib.sha256(), 0
    while chunk := source.read(_CHUNK):
        hasher.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return hasher.hexdigest(), size


def index_json(index: MediaIndex) -> str:
    """The media list as a backup archive stores it."""
    return json.dumps({name: list(entry) for name, entry in sorted(index.items())}, indent=0)


def read_index(archive: zipfile.ZipFile) -> MediaIndex | None:
    """The media a backup archive names; None for one that holds its media in itself.

    Raises:
        MediaIndexError: The list is not one FibroLearn writes (damaged).
        zipfile.BadZipFile: Its checksum does not match (damaged).
    """
    if MEDIA_INDEX_MEMBER not in archive.NameToInfo:
        return None
    try:
        entries = parse_json(archive.read(MEDIA_INDEX_MEMBER))
    except (ValueError, UnicodeDecodeError) as error:
        raise MediaIndexError(f"its list of media files is unreadable ({error})") from None
    if not isinstance(entries, dict) or not all(
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and _DIGEST.fullmatch(entry[0])
        and type(entry[1]) is int
        and entry[1] >= 0
        for entry in entries.values()
    ):
        raise MediaIndexError("its list of media files is not one FibroLearn writes")
    return {name: (digest, size) for name, (digest, size) in entries.items()}


def restore_named(index: MediaIndex, stores: Iterable[Path], destination: Path) -> RestoredMedia:
    """Copy the media ``index`` names from the first of ``stores`` holding them whole.

    Each copy is checked against its SHA-256 as it is written: a stored file damaged since
    (a bad sector) is left out, not written in part, and so is one no store holds (a backup
    copied from another computer without its media). The rest still come back.
    """
    folders = list(dict.fromkeys(stores))
    damaged, missing = [], []
    for name, (digest, _size) in sorted(index.items()):
        relative = safe_media_name(name)
        if relative is None:
            continue
        target = destination.joinpath(*relative.parts)
        found = [stored_path(store, digest) for store in folders]
        found = [path for path in found if path.is_file()]
        if not any(_copied_whole(path, target, digest) for path in found):
            (damaged if found else missing).append(name)
    return RestoredMedia(tuple(damaged), tuple(missing))


def _copied_whole(stored: Path, target: Path, digest: str) -> bool:
    """Copy ``stored`` to ``target`` if its bytes are those of ``digest``; whether they were."""
    try:
        source = stored.open("rb")
    except OSError:  # the system will not open it (a damaged folder entry, say)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    with source, target.open("wb") as out:
        copied, _size = _digest(source, out)
    if copied != digest:
        target.unlink()
        return False
    sync_file(target)  # on the disk before the restore says it is done
    return True


def remove_unnamed(store: Path, archives: Iterable[Path]) -> None:
    """Remove the stored files none of ``archives`` names (and work files a crash left).

    Called after the backups let go are removed. One archive whose list cannot be read may
    name any file: then nothing is removed (:func:`unreadable_lists` says which). A file
    the system will not remove now goes later.
    """
    named, unreadable = _named_by(archives)
    if unreadable:
        return
    for path in _stored_files(store):
        if path.name not in named:
            with contextlib.suppress(OSError):
                path.unlink()


def unreadable_lists(archives: Iterable[Path]) -> list[Path]:
    """Those of ``archives`` whose lists of media cannot be read (not zip files, damaged).

    While one is there, :func:`remove_unnamed` keeps every stored file: it may name any.
    """
    return _named_by(archives)[1]


def _named_by(archives: Iterable[Path]) -> tuple[set[str], list[Path]]:
    """The digests ``archives`` name, and those of them whose lists cannot be read."""
    named: set[str] = set()
    unreadable = []
    for archive in archives:
        try:
            with zipfile.ZipFile(archive) as backup:
                index = read_index(backup)
        except FileNotFoundError:
            continue
        except (OSError, zipfile.BadZipFile, MediaIndexError, EOFError):
            unreadable.append(archive)
            continue
        named.update(digest for digest, _size in (index or {}).values())
    return named, unreadable


def shared_size(store: Path) -> tuple[int, int]:
    """How many files ``store`` holds, and their bytes."""
    sizes = [path.stat().st_size for path in _stored_files(store)]
    return len(sizes), sum(sizes)


def _stored_files(store: Path) -> Iterator[Path]:
    if not store.is_dir():
        return
    for folder in store.iterdir():
        if folder.is_dir():
            yield from (path for path in folder.iterdir() if path.is_file())


def media_size(media_dir: Path) -> int:
    """How many bytes the media folder's files hold, as a backup would read them."""
    total = 0
    for path, _name in _media_files(media_dir):
        with contextlib.suppress(OSError):  # gone meanwhile, or refused: the backup says so
            total += path.stat().st_size
    return total


def _media_files(media_dir: Path) -> Iterator[tuple[Path, str]]:
    if not media_dir.is_dir():
        return
    for path in media_dir.rglob("*"):
        if path.is_file():
            yield path, path.relative_to(media_dir).as_posix()


def _storable_name(name: str) -> bool:
    """Whether a backup can name a media file ``name``.

    A name not UTF-8 (Latin-1, from an old disk) reaches Python with its bytes kept aside,
    which neither JSON nor zip can store, nor a note name.
    """
    try:
        name.encode()
    except UnicodeEncodeError:
        return False
    return True


def _shown(name: str) -> str:
    """``name`` with the bytes that are not UTF-8 shown as "?"."""
    return name.encode(errors="surrogateescape").decode(errors="replace")


def safe_media_name(name: str) -> PurePosixPath | None:
    """``name`` as a path inside the media folder; None for one that would leave it."""
    relative = PurePosixPath(name)
    if "\\" in name or "\x00" in name or relative.is_absolute() or ".." in relative.parts:
        return None
    return relative if relative.parts else None
