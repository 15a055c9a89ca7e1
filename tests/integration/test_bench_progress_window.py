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

    # Charts loaded after the opening (not right away), then the first open: the page shown,
    # every chart drawn, and the longest the window stood still in between (0 when the
    # charts were drawn with the page).
    *loaded, shown, drawn, stall = numbers
    assert len(loaded) == (0 if options else 1)
    assert all(0 < milliseconds < 60_000 for milliseconds in (*loaded, shown, drawn))
    assert shown <= drawn and 0 <= stall < 60_000
