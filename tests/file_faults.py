"""A file the system refuses to open, as for another account's file or one a program holds.

Root, which runs the tests here, may open any file whatever its permissions: the refusal
is made in Python's ``open`` instead, which ``zipfile`` and FibroLearn's reads both call.
"""

from __future__ import annotations

import builtins
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def refuse_to_open(monkeypatch: pytest.MonkeyPatch, refused: Path, error: OSError) -> None:
    """Make opening ``refused`` raise ``error`` until the test ends."""

    def refusing() -> Any:
        raise error

    open_as(monkeypatch, refused, refusing)


def open_as(monkeypatch: pytest.MonkeyPatch, path: Path, opened_file: Callable[[], Any]) -> None:
    """Make opening ``path`` give ``opened_file()`` (a stand-in, or raise) until the test ends."""
    opened = builtins.open

    def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file) == path:
            return opened_file()
        return opened(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", opening)


def permission_denied(path: Path) -> PermissionError:
    """What the system says of a file this account may not read."""
    return PermissionError(13, "Permission denied", str(path))


@contextmanager
def files_cut_short_at(size: int) -> Iterator[None]:
    """Inside, no file grows past ``size`` bytes: the system refuses the rest of a write.

    As a disk that fills up while a file is written, and for every writer in the process,
    Qt's too (which Python's ``open`` does not see): the write fails with EFBIG ("File too
    large") where a full disk gives ENOSPC. Not on Windows, which has no such limit.
    """
    resource = pytest.importorskip("resource")
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, not the process's end
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, ignored)
