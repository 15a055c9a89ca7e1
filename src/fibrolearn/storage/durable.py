"""Writes that survive a power cut: a file's content, and the names in a folder."""

from __future__ import annotations

import os
from pathlib import Path


def sync_file(path: Path) -> None:
    """Make the content written to the file at ``path`` durable."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make renames and new files in ``folder`` durable (a no-op where not needed)."""
    if os.name != "posix":  # Windows cannot open a directory; its renames are durable
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
