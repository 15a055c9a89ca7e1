"""An import writes exactly the collection it wrote when the snapshot was taken.

The imports' speed-ups must change nothing a learner has: every note, card, answer, reset,
deck, note type, search text, trigger and media file, and what each report says, are compared
with ``varied-import.json`` (see make_import_snapshot.py there for how it was made).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
sys.path.insert(0, str(DATA))

from make_import_snapshot import SNAPSHOT, imported  # noqa: E402


@pytest.fixture
def machine_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The snapshot was taken on a machine in UTC: a study day ends at 04:00 local time."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("machine_in_utc")
def test_importing_the_varied_packages_writes_the_collection_of_the_snapshot(
    tmp_path: Path,
) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    clock = datetime.fromisoformat(expected.pop("clock"))
    # Through JSON as the snapshot went: tuples become lists.
    got = json.loads(json.dumps(imported(tmp_path / "data", clock)))
    assert got.keys() == expected.keys()
    for part, rows in expected.items():
        assert got[part] == rows, part
