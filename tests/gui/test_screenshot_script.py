"""scripts/screenshots, which renders the README's pictures, still works against the app's code.

CI does not render every screen in every theme (a minute and a half); the script once broke
unnoticed when a dialog was renamed, so its imports are loaded and its dialogs drawn here.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from fibrolearn.ui.tasks import TaskRunner

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "screenshots"


def _loaded(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    if Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        pytest.skip("the script starts itself again in the project's .venv; run the tests there")

    def not_here(*_args: object) -> None:
        raise AssertionError("the script would have replaced the test run with itself")

    monkeypatch.setattr(os, "execv", not_here)
    loader = importlib.machinery.SourceFileLoader("screenshots", str(SCRIPT))
    spec = importlib.util.spec_from_loader("screenshots", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_screenshot_script_draws_its_dialogs(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = _loaded(monkeypatch)
    tasks = TaskRunner()
    monkeypatch.setattr(script, "TASKS", [tasks])
    out = tmp_path / "pictures"
    out.mkdir()

    script.dialogs(qapp, tmp_path / "data", out)
    tasks.wait()

    drawn = sorted(path.name for path in out.iterdir())
    assert drawn == [
        "dialog-deck-options.png",
        "dialog-edit-card.png",
        "dialog-gentle-session.png",
        "dialog-preferences.png",
    ]
