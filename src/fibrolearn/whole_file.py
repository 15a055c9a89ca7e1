"""Write a file whole or not at all: a half-written export or report is never left behind.

The content goes to a temporary file beside the target, which takes the target's name only
once it is complete; a failure removes it, and an older file of that name stays as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
