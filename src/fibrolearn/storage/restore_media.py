"""The media a restore brings back: moved into the media folder, never over a file lost so.

A restore puts the backup's media files in place of same-named ones. A file replaced must be
in the backup made just before the restore, or it is lost: one that backup left out (the
system would not let FibroLearn open it), or any file when no backup could be made first (the
collection replaced was damaged), is kept as it is, unless it is the backup's very file.
"""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

from fibrolearn.storage import durable
from fibrolearn.storage.backup_archive import media_names


def held_media(archive: Path | None) -> frozenset[str]:
    """The media files a backup ``archive`` holds, by their names in the media folder.

    Empty for no backup, or one that cannot be read now: it holds none that can be counted on.
    """
    return frozenset() if archive is None else media_names(archive)


def keep_unheld(unpacked: Path, media_dir: Path, held: frozenset[str]) -> tuple[str, ...]:
    """Keep the media files a restore would lose: those in ``media_dir`` not ``held``.

    For each file unpacked from the backup whose name is taken in ``media_dir`` by a file
    not ``held`` (in the backup made just before the restore) and not the same, the backup's
    is left out of ``unpacked``, so that it is never moved in (nor by a restore finished after
    a crash). Returns the names kept, as in the media folder.
    """
    kept = []
    for source in sorted(unpacked.rglob("*")) if unpacked.is_dir() else ():
        name = source.relative_to(unpacked).as_posix()
        target = media_dir / name
        if source.is_file() and name not in held and target.exists() and not _same(source, target):
            source.unlink()
            kept.append(name)
    return tuple(kept)


def move_media(unpacked: Path, media_dir: Path) -> None:
    """Move the media files unpacked from a backup into ``media_dir``, replacing same-named ones.

    The moves are made durable, as the files were when unpacked: a power cut after the
    restore must not take back what it said it restored.
    """
    moved_into: set[Path] = set()
    for source in sorted(unpacked.rglob("*")) if unpacked.is_dir() else ():
        if source.is_file():  # same disk as the media folder: a rename, no extra space
            target = media_dir / source.relative_to(unpacked)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            moved_into.add(target.parent)
    for folder in sorted(moved_into):
        durable.sync_folder(folder)


def _same(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes; not when either cannot be read to tell."""
    try:
        return filecmp.cmp(one, other, shallow=False)
    except OSError:
        return False
