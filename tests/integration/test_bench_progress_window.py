"""The Progress benchmark's window probe runs the real wiring and reports (never how fast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.bench_progress import window_run
from bench.generate import Size, generate


@pytest.mark.parametrize("options", [(), ("early",)])
def test_the_probe_opens_progress_in_the_apps_window(tmp_path: Path, options) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    generate(Size("tiny", 50, 200), data_dir / "collection.sqlite3")

    numbers = window_run(data_dir, *options)

    # Charts loaded after the opening, then the first open; right away, the first open alone.
    assert len(numbers) == (1 if options else 2)
    assert all(0 < milliseconds < 60_000 for milliseconds in numbers)
