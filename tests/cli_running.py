"""Running the fibrolearn command in a child process, as a learner's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_fibrolearn(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``fibrolearn ARGS`` with its output captured; ``home`` sets FIBROLEARN_HOME."""
    env = {k: v for k, v in os.environ.items() if k != "FIBROLEARN_HOME"}
    if home is not None:
        env["FIBROLEARN_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "fibrolearn", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
