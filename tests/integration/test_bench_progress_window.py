"""The Progress benchmark runs the real wiring and reports each size (never how fast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.bench_progress import run, window_run
from bench.context import BenchContext
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


def test_the_report_has_a_row_per_size(tmp_path: Path, qapp) -> None:
    (tmp_path / "tiny").mkdir()
    made = generate(Size("tiny", 50, 200), tmp_path / "tiny" / "collection.sqlite3")

    report = run(BenchContext(tmp_path, {"tiny": made}, repeats=1))

    assert report.count("| tiny (200 reviews) |") == 1
