"""The app's real start in a fresh interpreter, for tests of what loads where and when.

A script is ``WATCHED = (module names...)``, optionally ``def at_import(name): ...``, then
:data:`REAL_START`, then what the test does with ``app``, ``window`` and ``tasks``; it prints
its findings as JSON, which :func:`run_fresh` returns. ``loaded_on`` maps each watched module
to the name of the thread that first imported it; ``at_import`` is called then, on that thread.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from fibrolearn.paths import AppPaths

REAL_START = """
import json, sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from fibrolearn.cli import open_services
from fibrolearn.paths import resolve_paths
from fibrolearn.ui.app import create_window
from fibrolearn.ui.tasks import TaskRunner

loaded_on = {}

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in WATCHED and name not in loaded_on:
            loaded_on[name] = threading.current_thread().name
            globals().get("at_import", lambda name: None)(name)
        return None

sys.meta_path.insert(0, Watch())
app = QApplication([])
paths = resolve_paths(sys.argv[1])
tasks = TaskRunner()
window = create_window(paths, lambda: open_services(paths), tasks)
QTimer.singleShot(60_000, app.quit)
"""


def run_fresh(script: str, paths: AppPaths, *args: str) -> dict[str, Any]:
    """What ``script`` prints as JSON, run in a fresh interpreter on the data folder."""
    shown = subprocess.run(
        [sys.executable, "-c", script, str(paths.data_dir), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(shown.stdout)
