"""Killing the app mid-study never loses an answer it reported saved (25 SIGKILLs)."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

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
