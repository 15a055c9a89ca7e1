"""A file named on the command line that is a pipe or a device, not a file: refused at once.

Each command reads its file whole, some more than once; a pipe gives its content only once
and a device such as /dev/zero never ends.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_running import run_fibrolearn as run

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution")

FILE_COMMANDS = [
    ["import"],
    ["deck", "load"],
    ["deck", "check"],
    ["deck", "show"],
    ["revlog", "import"],
    ["restore"],
]


def through_a_pipe(
    data: Path, command: list[str], source: Path
) -> subprocess.CompletedProcess[str]:
    """``fibrolearn --data-dir DATA COMMAND <(cat SOURCE)``, as bash runs it."""
    line = f'"$0" -m fibrolearn --data-dir "$1" {" ".join(command)} <(cat "$2")'
    return subprocess.run(
        ["bash", "-c", line, sys.executable, str(data), str(source)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def refused_as_not_a_file(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2
    assert "is a pipe or a device, not a file: save what it gives to a file" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", FILE_COMMANDS, ids=" ".join)
def test_a_pipe_is_refused_before_anything_is_read(
    tmp_path: Path, deck_file: Path, command: list[str]
) -> None:
    """Found in a bug hunt: ``fibrolearn deck load <(cat deck.toml)`` ended in a traceback
    (the file was read empty the second time), ``import <(…)`` said "63 holds no rows to
    import", and ``restore <(…)`` called the backup "not a zip file"."""
    data = tmp_path / "data"
    result = through_a_pipe(data, command, deck_file)
    refused_as_not_a_file(result)
    assert not data.exists()  # refused before the folder was made


@pytest.mark.parametrize("command", FILE_COMMANDS, ids=" ".join)
def test_a_device_that_never_ends_is_refused(tmp_path: Path, command: list[str]) -> None:
    """Found in a bug hunt: any of these on /dev/zero (a slip of the tab key) read it until
    the machine ran out of memory, gigabytes within seconds."""
    refused_as_not_a_file(run("--data-dir", str(tmp_path / "data"), *command, "/dev/zero"))
