"""scripts/screenshots, which renders the README's pictures, still loads against the app's code.

CI does not render them (a minute and a half of drawing every screen in every theme); its
imports broke once unnoticed when a dialog was renamed, so at least they are checked here.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "screenshots"


def test_the_screenshot_script_loads() -> None:
    if Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        pytest.skip("the script starts itself again in the project's .venv; run the tests there")
    loader = importlib.machinery.SourceFileLoader("screenshots", str(SCRIPT))
    spec = importlib.util.spec_from_loader("screenshots", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    assert callable(module.main) and callable(module.dialogs)
