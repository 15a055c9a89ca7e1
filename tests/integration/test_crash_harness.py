"""Killing the app mid-study never loses an answer it reported saved (25 SIGKILLs)."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bench import crash_harness

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_every_reported_answer_survives_25_kills(tmp_path: Path) -> None:
    data = tmp_path / "data"
    harness = [sys.executable, str(REPO / "bench" / "crash_harness.py"), "--json"]
    result = subprocess.run(
        [*harness, "--kills", "25", "--seed", "7", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["learner_failures"] == []
    assert report["kills"] == 25
    # How far the learner gets between kills depends on machine load; that it got anywhere and
    # lost nothing is what counts (timing never decides a test).
    assert report["saved"] > 0
    assert report["missing"] == [] and report["resurrected"] == []
    assert report["integrity"] == "ok"
    assert result.returncode == 0
    # Independently of the harness: the collection is whole and opens as usual.
    with sqlite3.connect(data / "collection.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM reviews").fetchone()[0] > 0
    check = subprocess.run(
        [sys.executable, "-m", "fibrolearn", "--data-dir", str(data), "check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert check.stdout.strip().endswith("ok"), check.stdout + check.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_kill_on_a_report_comes_as_that_answer_is_reported() -> None:
    """The kill that catches a report made before its commit: at the Nth report, not later.

    This learner reports five answers and then waits, as one would between a report made too
    early and its commit: it is killed on the third report, whenever the reports come.
    """
    script = "import time\nfor n in range(5): print(f'saved {n}', flush=True)\ntime.sleep(60)\n"
    lines: list[str] = []
    kill = crash_harness._Kill(on_report=3, done=threading.Event())
    command = [sys.executable, "-c", script]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as learner:
        try:
            crash_harness._read_lines(learner, lines, threading.Event(), kill)  # until the kill
        finally:
            learner.kill()  # a reader that never kills waits out the minute, then fails
    assert learner.returncode == -signal.SIGKILL
    assert kill.done.is_set() and kill.reports == 3
    assert lines[:3] == ["saved 0", "saved 1", "saved 2"]
