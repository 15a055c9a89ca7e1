"""Write a file whole or not at all: a half-written export or report is never left behind.

The content goes to a temporary file beside the target, which takes the target's name only
once it is complete; a failure removes it, and an older file of that name stays as it was.
What a write cut short by a crash left there goes at the next write beside it.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Older than this, a work file or folder is no write under way, in this process or another:
# one that is gets written to far more often.
_ABANDONED_S = 60 * 60


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# What a file created the usual way gets (mkstemp makes it readable by its owner only).
_USUAL_MODE = 0o666 & ~_umask()


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A temporary path to write ``path``'s content to; it becomes ``path`` when the block ends.

    Raises:
        OSError: If the folder cannot be written, or the block raised it.
    """
    remove_abandoned(path.parent, f".{glob.escape(path.name)}.*.part")  # "[1]" is no pattern
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(descriptor)
    part = Path(name)
    try:
        yield part
        part.chmod(_USUAL_MODE)
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def remove_abandoned(folder: Path, pattern: str) -> None:
    """Remove the work files or folders matching ``pattern`` in ``folder`` that a crash left.

    ``pattern`` is a glob pattern: a file name in it must be escaped (``glob.escape``).

    A write killed midway (the app closed by force, a power cut) leaves its work beside the
    file it was writing, in a folder of the learner's, where nothing else would ever remove
    it. Only what has not changed for an hour goes: a write still under way elsewhere keeps
    its own.
    """
    abandoned = time.time() - _ABANDONED_S
    for work in folder.glob(pattern):
        try:
            inside = work.rglob("*") if work.is_dir() else ()
            if max((p.stat().st_mtime for p in (work, *inside)), default=0) >= abandoned:
                continue
            if work.is_dir():
                shutil.rmtree(work, ignore_errors=True)
            else:
                work.unlink(missing_ok=True)
        except OSError:  # gone meanwhile, or not ours to remove: left as it is
            continue
