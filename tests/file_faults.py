"""A file the system refuses to open, as for another account's file or one a program holds.

Root, which runs the tests here, may open any file whatever its permissions: the refusal
is made in Python's ``open`` instead, which ``zipfile`` and FibroLearn's reads both call.
"""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest


def refuse_to_open(monkeypatch: pytest.MonkeyPatch, refused: Path, error: OSError) -> None:
    """Make opening ``refused`` raise ``error`` until the test ends."""
    opened = builtins.open

    def refusing(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file) == refused:
            raise error
        return opened(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing)


def permission_denied(path: Path) -> PermissionError:
    """What the system says of a file this account may not read."""
    return PermissionError(13, "Permission denied", str(path))
