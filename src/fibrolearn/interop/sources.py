"""Decide what a file is from its content, and open it as an import plan."""

from __future__ import annotations

import errno
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from fibrolearn.interop.anki_import import plan_anki_import
from fibrolearn.interop.anki_package import is_anki_package, open_package
from fibrolearn.interop.anki_reader import read_collection
from fibrolearn.interop.archive import Limits, SafeArchive
from fibrolearn.interop.csv_import import inspect_csv, plan_csv
from fibrolearn.interop.errors import InteropError
from fibrolearn.interop.values import (
    FileVersion,
    ImportOptions,
    ImportPlan,
    ImportSource,
    NoteTypeSpec,
    SourceKind,
)
from fibrolearn.storage.backup_archive import MANIFEST_MEMBER

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PACKAGE_SUFFIXES = (".apkg", ".colpkg")
_FULL = (errno.ENOSPC, errno.EDQUOT)


def detect_kind(path: Path) -> SourceKind:
    """Whether ``path`` is an Anki package or delimited text, judged by its first bytes.

    Raises:
        InteropError: The file is missing, empty, a bare database, or some other binary file.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise InteropError(f"{path} cannot be read: {error.strerror or error}.") from error
    if not head:
        raise InteropError(f"{path.name} is empty.")
    if head.startswith(_ZIP_MAGIC):
        return SourceKind.ANKI
    if head.startswith(_SQLITE_MAGIC):
        raise InteropError(
            f"{path.name} is a bare database file. To bring in an Anki collection, export it "
            "from Anki as a deck package (.apkg) or collection package (.colpkg)."
        )
    if path.suffix.lower() in _PACKAGE_SUFFIXES:  # read as text, its bytes made nonsense cards
        raise InteropError(
            f"{path.name} is not an Anki package, though named like one: a package is a zip "
            "archive, and this file is not one (it may be damaged, or a web page saved in its "
            "place). Export it from Anki again; a text file of cards needs a name ending in "
            ".txt or .csv."
        )
    if path.suffix.lower() == ".toml":  # read as text, its lines made nonsense cards
        raise InteropError(
            f"{path.name} is a deck file (the format FibroLearn's own decks are written in): "
            "load it with File ▸ Load deck file…, or `fibrolearn deck load` on the command line."
        )
    return SourceKind.CSV


def inspect_source(
    path: Path, limits: Limits, delimiter: str | None = None, row_separator: str | None = None
) -> ImportSource:
    """What ``path`` is, described for the learner, with the layout of a CSV file.

    A CSV file's layout is detected, or read with ``delimiter`` and ``row_separator`` when
    given.

    Raises:
        InteropError: The file cannot be imported; the message says why.
    """
    kind = detect_kind(path)
    if kind is SourceKind.CSV:
        layout = inspect_csv(path, delimiter, row_separator)
        label = f"text file {path.name} ({layout.encoding}, {layout.column_count} columns)"
        return ImportSource(path, kind, label, layout)
    with SafeArchive(path, limits) as archive:
        if not is_anki_package(archive):
            raise _not_a_package(path, archive)
    return ImportSource(path, kind, f"Anki package {path.name}")


def _not_a_package(path: Path, archive: SafeArchive) -> InteropError:
    """Why the zip archive at ``path`` cannot be imported: it holds no Anki collection.

    One of FibroLearn's own backups is said as that, with how to restore it, as a restore
    of an Anki package says to import it.
    """
    if archive.has(MANIFEST_MEMBER):
        return InteropError(
            f"{path.name} is a FibroLearn backup, not an Anki package: restore it instead "
            "(File ▸ Backups… in the app, or `fibrolearn restore FILE`)."
        )
    return InteropError(
        f"{path.name} is a zip archive but not an Anki package: it holds no collection."
    )


@contextmanager
def open_plan(
    path: Path,
    options: ImportOptions,
    now: datetime,
    limits: Limits,
    note_types: Iterable[NoteTypeSpec] = (),
    *,
    check: Callable[[], None] = lambda: None,
) -> Iterator[ImportPlan]:
    """The import plan for ``path``; its media can be saved until the block ends.

    ``note_types`` are the collection's: a text file's lines may name them (a package brings
    its own). ``check`` raises to stop the reading (a cancel): it is called before each row
    of a text file, and once a package is unpacked.

    Raises:
        InteropError: The file cannot be imported; the message says why.
    """
    version = _version(path)
    if options.read_as not in (None, version):
        raise InteropError(
            f"{path.name} changed after the preview was made, so it may not hold what the "
            "preview showed. Import it again to see what it holds now."
        )
    if detect_kind(path) is SourceKind.CSV:
        settings = options.csv or inspect_csv(path).settings
        yield _read_whole(path, version, plan_csv(path, settings, options, note_types, check=check))
        return
    with _work_folder() as workdir, SafeArchive(path, limits) as archive:
        if not is_anki_package(archive):
            raise _not_a_package(path, archive)
        try:
            package = open_package(archive, workdir)
        except OSError as error:  # the collection is copied there, and it may not fit
            raise _temp_folder_problem(error) from error
        check()
        collection = read_collection(
            package.collection_path, with_reviews=options.with_history, label=package.label
        )
        yield _read_whole(path, version, plan_anki_import(package, collection, options, now))


def _version(path: Path) -> FileVersion:
    try:
        found = path.stat()
    except OSError as error:
        raise InteropError(f"{path} cannot be read: {error.strerror or error}.") from error
    return found.st_size, found.st_mtime_ns


def _read_whole(path: Path, version: FileVersion, plan: ImportPlan) -> ImportPlan:
    """``plan``, read from ``version`` of the file.

    Raises:
        InteropError: The file changed while it was read: the plan may hold part of each.
    """
    if _version(path) != version:
        raise InteropError(
            f"{path.name} changed while it was being read (is a program still saving it?). "
            "Once it is saved, import it again."
        )
    return replace(plan, read_as=version)


@contextmanager
def _work_folder() -> Iterator[Path]:
    """A private folder in the system's temporary folder, removed with what it holds."""
    try:
        folder = tempfile.TemporaryDirectory(prefix="fibrolearn-import-")
    except OSError as error:
        raise _temp_folder_problem(error) from error
    with folder:
        yield Path(folder.name)


def _temp_folder_problem(error: OSError) -> InteropError:
    """Why the package cannot be unpacked, naming the temporary folder at fault.

    That folder is often a small disk of its own while the data folder has room: a bare
    "the disk is full" would send the learner to the wrong disk.
    """
    folder = tempfile.tempdir  # set once the folder was chosen; None when none was usable
    where = f"the temporary folder {folder}" if folder else "a temporary folder"
    advice = "Free some space there" if error.errno in _FULL else "Make it writable"
    return InteropError(
        f"The package cannot be unpacked in {where}: {error.strerror or error}. {advice}, or "
        "set the TMPDIR environment variable (TEMP on Windows) to a folder on a disk with "
        "room, then import again."
    )
