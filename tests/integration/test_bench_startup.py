"""The start-up benchmark's stall probe runs the real app and reports stalls (never how fast)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bench.bench_startup import OPENED, import_cost_mib, settled_peak_kib, stall_once, start_once
from bench.generate import Size, generate
from bench.ui_stall import longest_gap


def test_the_longest_gap_counts_from_the_paint_to_the_open() -> None:
    ticks = [0.9, 1.0, 1.1, 1.5, 1.6, 2.4]
    assert longest_gap(ticks, 1.05, 2.0) == 1.5 - 1.1
    assert longest_gap(ticks, 1.55, 2.0) == 2.0 - 1.6  # to the open, not the next tick
    assert longest_gap([], 1.0, 1.25) == 0.25  # no tick at all while opening


def test_the_probe_starts_the_app_and_reports_once_the_collection_and_charts_are_loaded(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    generate(Size("tiny", 50, 200), data_dir / "collection.sqlite3")

    stalls = stall_once(data_dir)

    assert stalls is not None, "the probe never said the collection opened and the charts loaded"
    opening, charts_loading = stalls
    assert 0 < opening < 60
    assert 0 < charts_loading < 60


# Prints the marker the settling waits for, then takes 64 MiB a moment later, then idles.
GROWS_AFTER_ITS_MARKER = """
import time
print("fibrolearn-marker: backup-checked", flush=True)
time.sleep(0.5)
taken = bytearray(64 << 20)
time.sleep(30)
"""


def test_memory_is_read_once_it_stops_growing_after_the_start() -> None:
    """Found in an audit: read at the first paint, the app's memory left out most of what it
    uses once the collection and the charts are loaded."""
    peak = settled_peak_kib([sys.executable, "-c", GROWS_AFTER_ITS_MARKER])
    assert peak is not None and peak > 64 * 1024


# Draws, takes 64 MiB, then says its collection is open: as the app loads SQLAlchemy between.
# The first pause lets the benchmark read the first peak before the memory is taken. The last
# keeps it running, as the app does: a process that has ended has no memory left to read.
GROWS_BEFORE_IT_OPENS = """
import time
print("fibrolearn-marker: deck-list-drawn", flush=True)
time.sleep(1)
taken = bytearray(64 << 20)
print("fibrolearn-marker: collection-opened", flush=True)
time.sleep(30)
"""


def test_memory_is_read_at_the_open_too() -> None:
    run = start_once([sys.executable, "-c", GROWS_BEFORE_IT_OPENS], until=OPENED)
    assert run is not None
    assert run.opened_kib - run.peak_kib > 60 * 1024


def test_an_imports_memory_is_what_it_adds_to_a_bare_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "takes_64_mib.py").write_text("taken = bytearray(64 << 20)\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    assert 60 < import_cost_mib("takes_64_mib") < 70
