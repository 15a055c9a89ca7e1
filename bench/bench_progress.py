"""How fast the Progress place opens on a big collection: 1,000,000 reviews, 20,000 cards.

Run: ``.venv/bin/python -m bench.bench_progress [--reviews N] [--rebuild]``. The collection is
built once under build/bench/ (a minute or so) and reused. Prints medians in milliseconds and
each as a ratio of the 300 ms budget (ARCHITECTURE.md); it asserts nothing.

Measured, each in this one process unless said otherwise:
- the service call alone (``ProgressService.overview``: every SQL aggregate, the per-day ones
  read from the review tally, and the mastery map);
- the first opening of the page, from the moment it is shown until every chart has painted;
  it also imports pyqtgraph and NumPy (once per run of the app, never before this; in the
  background, while the page shows the statistics) and builds the charts. For scale, that
  import alone is timed too, in a fresh process of its own;
- the same first opening as a learner meets it: in the app's whole window, after it has opened
  its collection and loaded the charts in the background (``bench.progress_window``), a fresh
  process each time, the median of ``--repeat`` starts; how long after the collection opened
  the charts were loaded; and a first opening right as the collection opens, before they
  could load (the slowest a learner can meet): the page shows its numbers and map, then draws
  the charts when they arrive; how long each took, and the longest the window stood still
  meanwhile. The page alone above starts colder: the app has already loaded and configured
  what its other places share with Progress, and the charts;
- later openings (the place shown again: the overview re-read and every chart redrawn);
- "all history" (the one aggregate over the whole log), which the page runs off the UI thread.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.statistics import Span
from fibrolearn.paths import bundled_dir, resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection

BUDGET_MS = 300.0
CHARTS_TIMEOUT_S = 60.0  # a load that failed says why on the page, and never draws them
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
CARDS = 20_000
YEARS = 4
_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how the storage layer writes times (naive UTC)


def build(data_dir: Path, reviews: int) -> None:
    """A collection with the bundled deck and a plain deck of CARDS studied cards."""
    paths = resolve_paths(data_dir)
    services = Services.build(open_collection(paths.collection, paths.backups_dir), FixedClock(NOW))
    services.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))
    services.close()
    rng = random.Random(7)
    connection = services.database.engine.raw_connection()
    try:
        cursor = connection.cursor()
        stamp = NOW.replace(tzinfo=None).strftime(_FORMAT)
        cursor.execute(
            "INSERT INTO decks (key, name, description, disclaimer, new_per_day, "
            "reviews_per_day, desired_retention, learning_steps, relearning_steps, created_at) "
            "VALUES ('bench', 'Bench deck', '', '', 20, 200, 0.9, '[60, 600]', '[600]', ?)",
            (stamp,),
        )
        deck_id = cursor.lastrowid
        cursor.executemany(
            "INSERT INTO notes (deck_id, key, kind, fields, fact_keys, tags, retired, "
            "created_at, modified_at) VALUES (?, ?, 'basic', ?, '[]', '', 0, ?, ?)",
            [
                (deck_id, f"n{i}", f'{{"front": "q{i}", "back": "a{i}"}}', stamp, stamp)
                for i in range(CARDS)
            ],
        )
        first_note = cursor.execute(
            "SELECT min(id) FROM notes WHERE deck_id = ?", (deck_id,)
        ).fetchone()[0]
        cards = []
        for i in range(CARDS):
            due = NOW + timedelta(days=rng.uniform(-3, 60))
            last = NOW - timedelta(days=rng.uniform(1, 40))
            cards.append(
                (
                    first_note + i,
                    deck_id,
                    rng.uniform(1, 200),
                    rng.uniform(1, 10),
                    due.replace(tzinfo=None).strftime(_FORMAT),
                    last.replace(tzinfo=None).strftime(_FORMAT),
                    i,
                )
            )
        cursor.executemany(
            "INSERT INTO cards (note_id, deck_id, ordinal, state, stability, difficulty, due, "
            "last_review, reps, lapses, suspended, retired, position) "
            "VALUES (?, ?, 0, 2, ?, ?, ?, ?, 5, 0, 0, 0, ?)",
            cards,
        )
        first_card = cursor.execute(
            "SELECT min(id) FROM cards WHERE deck_id = ?", (deck_id,)
        ).fetchone()[0]
        # Study some of the bundled deck too, so the mastery map has states to predict from.
        cursor.execute(
            "UPDATE cards SET state = 2, stability = 12.0, difficulty = 5.0, reps = 3, "
            "last_review = ?, due = ? WHERE deck_id != ? AND id % 2 = 0",
            (
                (NOW - timedelta(days=5)).replace(tzinfo=None).strftime(_FORMAT),
                (NOW + timedelta(days=7)).replace(tzinfo=None).strftime(_FORMAT),
                deck_id,
            ),
        )
        span = YEARS * 365 * 86400
        start = NOW - timedelta(seconds=span)
        batch = []
        for i in range(reviews):
            moment = start + timedelta(seconds=span * i / reviews + rng.uniform(0, 60))
            text = moment.replace(tzinfo=None).strftime(_FORMAT)
            state = 0 if i % 10 == 0 else 2
            batch.append(
                (
                    first_card + rng.randrange(CARDS),
                    text,
                    1 if rng.random() < 0.12 else 3,
                    rng.randint(2000, 20000),
                    state,
                    text,
                    text,
                )
            )
            if len(batch) == 50_000:
                _insert_reviews(cursor, batch)
                batch = []
        _insert_reviews(cursor, batch)
        connection.commit()
    finally:
        connection.close()
        services.database.close()


def _insert_reviews(cursor, rows) -> None:  # type: ignore[no-untyped-def]
    cursor.executemany(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, before_state, "
        "before_due, before_reps, before_lapses, after_state, after_due, imported) "
        "VALUES (?, ?, ?, ?, ?, ?, 4, 0, 2, ?, 0)",
        rows,
    )


def median_ms(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def report(name: str, milliseconds: float) -> None:
    print(f"{name:<52} {milliseconds:7.1f} ms  {milliseconds / BUDGET_MS:5.2f} x budget")


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    data_dir = Path(__file__).resolve().parents[1] / "build" / "bench" / f"progress-{args.reviews}"
    paths = resolve_paths(data_dir)
    if args.rebuild or not paths.collection.exists():
        if paths.collection.exists():
            for leftover in data_dir.rglob("collection.sqlite3*"):
                leftover.unlink()
        started = time.perf_counter()
        build(data_dir, args.reviews)
        print(f"built {args.reviews:,} reviews in {time.perf_counter() - started:.1f} s")

    services = Services.build(open_collection(paths.collection, paths.backups_dir), FixedClock(NOW))
    try:
        with services.database.read() as session:  # warm the file cache, as in an app in use
            session.connection().exec_driver_sql("SELECT count(*), sum(duration_ms) FROM reviews")
        started = time.perf_counter()
        overview = services.progress.overview()
        report("service: overview, first call", (time.perf_counter() - started) * 1000)
        print(
            f"  ({overview.total_reviews:,} reviews, {overview.states.total:,} cards, "
            f"{len(overview.activity)} study days in the last year)"
        )
        report("service: overview, later calls", median_ms(services.progress.overview, args.repeat))
        report(
            "service: all history (off the UI thread)",
            median_ms(lambda: services.progress.activity(Span.ALL), args.repeat),
        )
    finally:
        services.close()

    # The page gets services of its own, so its first opening starts as cold as the app's.
    services = Services.build(open_collection(paths.collection, paths.backups_dir), FixedClock(NOW))
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv)
        if "pyqtgraph" in sys.modules:
            print("warning: pyqtgraph was imported before the first open; its cost is missed")
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

        report("page alone (colder than the app), first open", open_once())
        report("  for scale: importing pyqtgraph and NumPy alone", charts_import_ms())
        (loaded, _, first_open, _), (shown, drawn, stall) = window_first_open_ms(
            data_dir, args.repeat
        )
        report("in the app's window: first open, every chart", first_open)
        print(f"{'  charts loaded in the background, after opening':<52} {loaded:7.1f} ms")
        print("first open as the collection opens (charts not loaded):")
        report("  numbers and map shown", shown)
        print(f"{'  every chart drawn, once loaded':<52} {drawn:7.1f} ms")
        print(f"{'  longest the window stood still meanwhile':<52} {stall:7.1f} ms")
        later = [open_once() for _ in range(args.repeat)]
        report("page, later opens: every chart drawn", statistics.median(later))
        page.close()
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
