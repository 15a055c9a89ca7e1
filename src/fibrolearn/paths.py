"""Where FibroLearn keeps things. No version in the paths, so upgrades keep the data."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import NamedTuple

from fibrolearn.instance_lock import LOCK_NAME

APP_NAME = "fibrolearn"
_COLLECTION_NAME = "collection.sqlite3"
_MEDIA_FOLDER = "media"
_BACKUPS_FOLDER = "backups"
HOME_VARIABLE = "FIBROLEARN_HOME"
_PACKAGE_DIR = Path(__file__).resolve().parent


class AppPaths(NamedTuple):
    """The folders of one FibroLearn installation.

    Attributes:
        data_dir: Holds the collection, media and backups.
        config_dir: Holds UI preferences (window size and the like).
    """

    data_dir: Path
    config_dir: Path

    @property
    def collection(self) -> Path:
        """The SQLite collection file."""
        return self.data_dir / _COLLECTION_NAME

    @property
    def media_dir(self) -> Path:
        """Images and sounds cards refer to."""
        return self.data_dir / _MEDIA_FOLDER

    @property
    def backups_dir(self) -> Path:
        """Automatic and manual backups."""
        return self.data_dir / _BACKUPS_FOLDER


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The paths to use: ``data_dir``, else $FIBROLEARN_HOME, else the platform's folders.

    An explicit folder (portable installs, tests) keeps its configuration inside it too.
    """
    chosen = data_dir or os.environ.get(HOME_VARIABLE)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=root, config_dir=root / "config")
    import platformdirs  # noqa: PLC0415 - only needed without an explicit folder

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def bundled_dir(name: str) -> Path:
    """A folder of bundled content (``decks`` or ``resources``).

    The wheel carries it inside the package; a source checkout has it at the top level.
    """
    packaged = _PACKAGE_DIR / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parents[1] / name


def not_a_folder(folder: Path) -> str | None:
    """Why ``folder`` cannot be a data folder because something else is there; None if it can.

    A folder that does not exist yet is fine (it is made when a collection is started),
    unless a file stands where it or one of the folders above it would be, or the system
    will not look it up at all (see :func:`unusable_folder`).
    """
    unusable = unusable_folder(folder)
    if unusable is not None:
        return unusable
    existing = next((path for path in (folder, *folder.parents) if path.exists()), None)
    if existing is None or existing.is_dir():
        return None
    where = "" if existing == folder else f"{folder} cannot be made: "
    return (
        f"{where}{existing} is a file, not a folder. The data folder (--data-dir or "
        f"{HOME_VARIABLE}) must be a folder, where FibroLearn keeps the collection, its media "
        "and backups: name a folder, or a new one to be made."
    )


def unusable_folder(folder: Path) -> str | None:
    """Why the system will not even look ``folder`` up as the data folder; None if it will.

    A name too long for it, or a folder above it of another account's: a command, and the
    app's window, had ended in a traceback.
    """
    refused = lookup_refused(folder)
    if refused is None:
        return None
    return (
        f"{folder} cannot be the data folder (--data-dir or {HOME_VARIABLE}): "
        f"{refused.strerror or refused}. Name another folder."
    )


def lookup_refused(path: Path) -> OSError | None:
    """Why the system will not even look ``path`` up; None if it will, there or not.

    A name longer than the file system takes, or a folder above it of another account's:
    asked whether it exists, Python raises the system's error, which a command then blamed
    on the data folder.
    """
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):  # not there: said where it is needed
        return None
    except OSError as error:
        return error
    return None


def missing_folder(out: Path) -> str | None:
    """Why no file can be written at ``out`` because its folder is missing; None if it exists.

    Commands write only into folders that exist: a mistyped path must not grow new folders.
    """
    folder = out.parent
    if folder.is_dir():
        return None
    if folder.exists():
        return f"Cannot write {out}: {folder} is a file, not a folder. Nothing was written."
    return (
        f"Cannot write {out}: the folder {folder} does not exist. Create it first, or name a "
        "file in a folder that exists. Nothing was written."
    )


def unwritable_target(out: Path) -> str | None:
    """Why no export may be written at ``out``; None if it may.

    Its folder must exist (see :func:`missing_folder`), and it must not be one of the files
    FibroLearn keeps in a data folder, this one or another: an export named like the
    collection, its side files or the lock, or put among the media or the backups, would
    replace what a learner cannot get back.
    """
    refused = lookup_refused(out)
    if refused is not None:
        return f"Cannot write {out}: {refused.strerror or refused}. Nothing was written."
    missing = missing_folder(out)
    if missing is not None:
        return missing
    target = out.expanduser().resolve()
    folder = target.parent
    # Compared as a file system that ignores case would (macOS's, Windows's): the names
    # FibroLearn gives are all lower case.
    name = target.name.casefold()
    if _is_data_folder(folder) and name.startswith((_COLLECTION_NAME, LOCK_NAME)):
        return (
            f"Cannot write {out}: that is FibroLearn's own collection, which an export there "
            "would replace. Choose another name or folder. Nothing was written."
        )
    kept = _KEPT_FOLDERS.get(folder.name.casefold())
    if kept is not None and _is_data_folder(folder.parent):
        return (
            f"Cannot write {out}: {folder} holds FibroLearn's own {kept}. Choose another "
            "folder. Nothing was written."
        )
    return None


_KEPT_FOLDERS = {_MEDIA_FOLDER: "media files", _BACKUPS_FOLDER: "backups"}


def _is_data_folder(folder: Path) -> bool:
    """Whether ``folder`` is a FibroLearn data folder: it holds a collection, or the lock."""
    return (folder / _COLLECTION_NAME).exists() or (folder / LOCK_NAME).exists()


def file_writable(path: Path) -> bool:
    """Whether FibroLearn may write to the file at ``path`` (True when there is none).

    Asked of the system, which answers for this account, a read-only mount and a file
    locked against changes (even for root, which ignores the permission bits).
    """
    return not path.exists() or os.access(path, os.W_OK)


def folder_writable(folder: Path) -> bool:
    """Whether FibroLearn can create files in ``folder`` (making the folder if need be)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return new_file_refused(folder) is None


def new_file_refused(folder: Path, *, holding: int = 0) -> OSError | None:
    """The system's refusal to create a file in ``folder``, or None if it created one.

    Tried, not inferred from permission bits: a read-only mount refuses even root, and
    root ignores the bits; a disk the system made read-only after an error is still
    called writable by ``os.access`` and ``statvfs``. The folder is not made: one gone
    with its disk is refused (ENOENT), not made again where the disk was. With ``holding``,
    that many bytes are written in it too: a space quota used up (EDQUOT) still lets an
    empty file be made.
    """
    # One name per thread: two threads trying at once must not refuse each other.
    probe = folder / f".fibrolearn-write-test-{os.getpid()}-{threading.get_ident()}"
    try:
        descriptor = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            if holding:
                os.write(descriptor, bytes(holding))
        finally:
            os.close(descriptor)
            probe.unlink()
    except OSError as error:
        return error
    return None
