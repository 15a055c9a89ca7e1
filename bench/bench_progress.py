"""How fast the Progress place opens, at each collection size (up to 1,000,000 reviews).

Each size is measured on a copy of its shared synthetic collection, in a fresh process of
its own (``python -m bench.bench_progress DATA_DIR`` prints its figures as JSON), so that
every first opening starts as cold as the app's. Medians in milliseconds; the budget is
300 ms (ARCHITECTURE.md); nothing is asserted.

Measured, each in the size's process unless said otherwise:
- the service call alone (``ProgressService.overview``: every SQL aggregate, the per-day ones
  read from the review tally, and the mastery map);
- the first opening of the page, from the moment it is shown until every chart has painted;
  it also imports pyqtgraph and NumPy (once per run of the app, never before this; in the
  background, while the page shows the statistics) and builds the charts. For scale, that
  import alone is timed too, once, in a fresh process of its own;
- the same first opening as a learner meets it: in the app's whole window, after it has opened
  its collection and loaded the charts in the background (``bench.progress_window``), a fresh
  process each time, the median of up to five starts; how long after the collection opened
  the charts were loaded; and a first opening right as the collection opens, before they
  could load (the slowest a learner can meet): the page shows its numbers and map, then draws
  the charts when they arrive; how long each took, and the longest the window stood still
  meanwhile. The page alone above starts colder: the app has already loaded and configured
  what its other places share with Progress, and the charts;
- later openings (the place shown again: the overview re-read and every chart redrawn);
- "all history" (the one aggregate over the whole log), which the page runs off the UI thread.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.context import BenchContext, table
from bench.generate import NOW
from fibrolearn.cli import open_services
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.statistics import Span
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection

BUDGET_MS = 300.0
CHARTS_TIMEOUT_S = 60.0  # a load that failed says why on the page, and never draws them
REPEAT = 5  # calls in one process, and at most as many fresh starts of the app's window


def median_ms(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


_IMPORT_ONLY = """
import sys, time
from PySide6.QtWidgets import QApplication
from fibrolearn.ui.progress_chart_grid import load_charts
app = QApplication(sys.argv)
started = time.perf_counter()
load_charts()
print((time.perf_counter() - started) * 1000)
"""


def charts_import_ms() -> float:
    """How long importing the charts (pyqtgraph, NumPy) takes in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ONLY], capture_output=True, text=True, check=True
    )
    return float(result.stdout.split()[-1])


def window_first_open_ms(data_dir: Path, runs: int) -> tuple[list[float], list[float]]:
    """Medians in the app's own window, each start a fresh process.

    First, once the charts have loaded: when they were loaded after the collection opened,
    and the first opening's shown, drawn and longest stall. Then the same three for a first
    opening right away.
    """
    later = [window_run(data_dir) for _ in range(runs)]
    early = [window_run(data_dir, "early") for _ in range(runs)]
    return _medians(later), _medians(early)


def _medians(runs: list[list[float]]) -> list[float]:
    return [statistics.median(column) for column in zip(*runs, strict=True)]


def window_run(data_dir: Path, *options: str) -> list[float]:
    """The numbers ``bench.progress_window`` prints, run in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.progress_window", str(data_dir), *options],
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(number) for number in result.stdout.splitlines()[-1].split()]


def probe(data_dir: Path, repeat: int) -> dict[str, float]:
    """Every figure for the collection in ``data_dir``, measured in this (fresh) process."""
    paths = resolve_paths(data_dir)
    services = Services.build(open_collection(paths.collection, paths.backups_dir), FixedClock(NOW))
    try:
        with services.database.read() as session:  # warm the file cache, as in an app in use
            session.connection().exec_driver_sql("SELECT count(*), sum(duration_ms) FROM reviews")
        started = time.perf_counter()
        overview = services.progress.overview()
        figures = {
            "overview first": (time.perf_counter() - started) * 1000,
            "reviews": overview.total_reviews,
            "overview later": median_ms(services.progress.overview, repeat),
            "all history": median_ms(lambda: services.progress.activity(Span.ALL), repeat),
        }
    finally:
        services.close()

    # The page gets services of its own, so its first opening starts as cold as the app's.
    services = Services.build(open_collection(paths.collection, paths.backups_dir), FixedClock(NOW))
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv)
        if "pyqtgraph" in sys.modules:
            raise RuntimeError("pyqtgraph was imported before the first open; its cost is missed")
        from fibrolearn.ui.progress_page import ProgressPage

        page = ProgressPage()
        page.attach(services)
        page.resize(1100, 900)

        def open_once() -> float:
            """From showing the page until it is painted whole: numbers, map, every chart.

            The first time, the charts load in the background meanwhile, as the page asks.
            """
            started = time.perf_counter()
            page.show()  # reads and draws everything before it returns, once charts are in
            while not page.history.charts_drawn:
                if time.perf_counter() - started > CHARTS_TIMEOUT_S:
                    raise RuntimeError(f"no charts: {page.history.charts_note.text()}")
                app.processEvents()
                time.sleep(0.001)
            page.repaint()
            done = time.perf_counter()
            page.hide()
            app.processEvents()
            return (done - started) * 1000

        figures["page first"] = open_once()
        (loaded, _, first_open, _), (shown, drawn, stall) = window_first_open_ms(data_dir, repeat)
        figures |= {
            "window first": first_open,
            "charts loaded": loaded,
            "early shown": shown,
            "early drawn": drawn,
            "early stall": stall,
            "later opens": statistics.median(open_once() for _ in range(repeat)),
        }
        page.close()
    finally:
        services.close()
    return figures


def measure(context: BenchContext, size: str) -> dict[str, float]:
    """``probe`` of a copy of the ``size`` collection, in a fresh process.

    The copy gets the bundled deck first, as the app's does when it opens it: the generated
    decks have no mastery map (``bench.synthetic_notes``), the bundled deck has one.
    """
    paths = context.data_dir(size, "progress")
    open_services(paths, FixedClock(NOW)).close()
    repeat = min(context.repeats, REPEAT)
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_progress", str(paths.data_dir), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


# Columns of the table: (figure, heading); the first opening in the app's window is the one
# a learner meets, and the one held against the budget.
_COLUMNS = (
    ("overview first", "service: overview, first call"),
    ("overview later", "later calls"),
    ("all history", "all history (off the UI thread)"),
    ("page first", "page alone (colder than the app), first open"),
    ("window first", "in the app's window: first open, every chart (target < 300 ms)"),
    ("charts loaded", "charts loaded in the background, after opening"),
    ("early shown", "first open as the collection opens: numbers and map shown"),
    ("early drawn", "then every chart drawn, once loaded"),
    ("early stall", "longest the window stood still meanwhile"),
    ("later opens", "later opens: every chart drawn"),
)
_GROWTH = (
    ("the overview", "overview first"),
    ("the first open in the app's window", "window first"),
    ("the numbers and map shown as the collection opens", "early shown"),
    ("later opens", "later opens"),
)


def run(context: BenchContext) -> str:
    results = {size: measure(context, size) for size in context.collections}
    rows = [
        (
            f"{size} ({int(r['reviews']):,} reviews)",
            *(
                f"**{r[key]:.0f} ms**" if key == "window first" else f"{r[key]:.0f} ms"
                for key, _heading in _COLUMNS
            ),
        )
        for size, r in results.items()
    ]
    first, last = next(iter(results)), list(results)[-1]
    growth = ", ".join(
        f"{label} {results[last][key] / results[first][key]:.2f}×" for label, key in _GROWTH
    )
    intro, measured = __doc__.split("\n\n")[1:3]
    return "\n\n".join(
        (
            " ".join(intro.split()),
            measured,
            table(("collection", *(heading for _key, heading in _COLUMNS)), rows),
            f"For scale: importing pyqtgraph and NumPy alone takes {charts_import_ms():.0f} ms"
            " in a fresh process.",
            f"From {first} to {last} cards: {growth}.",
        )
    )


def main(argv: list[str]) -> int:
    """``probe`` of ``DATA_DIR`` (calls repeated ``REPEAT`` times), printed as JSON."""
    data_dir, *repeat = argv
    print(json.dumps(probe(Path(data_dir), int(repeat[0]) if repeat else REPEAT)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
