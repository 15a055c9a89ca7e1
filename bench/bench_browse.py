"""Browse: opening Browse on a search, next to Anki's library searching the same notes.

In-process, on the shared synthetic collections with a fixed clock at the generator's "now".
"Open on a search" is the sequence of service calls the Browse table makes when it shows a
search: parse it, then count the cards and read the first window of their ids in the table's
order (created, its default) in one call, then the columns of the first page of rows. Anki's
library gets a copy of the same notes (text, tags, decks) and does what its browser does: find
the cards sorted by creation, then read the same number of rows. The two alternate, after one
untimed run each. "On screen" is the app's own window (offscreen Qt): from Enter in the search
box, or from Ctrl+3 back to Browse holding that search, until the table has painted its first
rows.

    python -m bench.bench_browse [--sizes 1k,10k,100k] [--repeats 5]
"""

from __future__ import annotations

import os

# Before PySide6 is imported: the window is drawn offscreen, never on a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from bench.context import BenchContext, percentile, table
from bench.generate import NOW, SIZES, generate
from bench.paint_watch import PaintWatch
from fibrolearn.domain.browse import CardQuery
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.browse import BrowseService
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection
from fibrolearn.ui.browse_model import PAGE, WINDOW
from fibrolearn.ui.browse_page import BrowsePage
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.tasks import TaskRunner

SEARCH_REPEATS = 20  # per search and size; a search takes milliseconds


@dataclass(frozen=True, slots=True)
class Case:
    """A search as typed in FibroLearn's Browse, and the same search in Anki's syntax."""

    label: str
    fibrolearn: str
    anki: str | None  # None: Anki's copy has no equivalent (it holds no schedule)


# The generator writes notes holding "involved" and their number <n>, with one of seven
# topics, the tag "bench", in ten decks "Bench deck <d>" of uneven size (bench.synthetic_notes).
CASES = (
    Case("common word (1 note in 7)", "serotonin", "serotonin"),
    Case("rare word", "777", "777"),
    Case("word in no note", "dopamine", "dopamine"),
    Case("word in every note", "involved", "involved"),
    Case("tag", "tag:bench", "tag:bench"),
    Case("deck", 'deck:"Bench deck 3"', '"deck:Bench deck 3"'),
    Case("due today", "is:due", None),
)


@dataclass(frozen=True, slots=True)
class Searched:
    """One case at one size: what was found, and each step's times in milliseconds."""

    case: Case
    found: int
    ours: dict[str, list[float]]
    anki_found: int | None = None
    anki: dict[str, list[float]] | None = None


@dataclass(frozen=True, slots=True)
class Shown:
    """One case on screen at one size, in milliseconds."""

    case: Case
    enter: list[float]
    place: list[float]


class Laps:
    """Milliseconds between successive calls to :meth:`lap`, by name."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.times[name] = (now - self._last) * 1000
        self._last = now


# ------------------------------------------------------------------------------ FibroLearn
def open_services(paths: AppPaths) -> Services:
    # Without the bundled deck, so both apps hold exactly the generated notes.
    return Services.build(open_collection(paths.collection, paths.backups_dir), FixedClock(NOW))


def fibrolearn_open(browse: BrowseService, text: str) -> tuple[int, dict[str, float]]:
    """What the Browse table asks for when it shows the search ``text``."""
    laps = Laps()
    query = CardQuery(browse.parse(text))
    found = browse.find(query, WINDOW)
    laps.lap("find")
    browse.rows(found.card_ids[:PAGE])
    laps.lap("rows")
    return found.count, laps.times


# ------------------------------------------------------------------------------ Anki
def anki_copy(source: Path, folder: Path) -> Any:
    """An Anki collection holding the notes of the FibroLearn collection ``source``."""
    from anki.collection import AddNoteRequest, Collection

    with sqlite3.connect(source) as connection:
        notes = connection.execute(
            "SELECT notes.fields, notes.tags, decks.name FROM notes"
            " JOIN decks ON decks.id = notes.deck_id ORDER BY notes.id"
        ).fetchall()
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    basic = col.models.by_name("Basic")
    decks = {name: col.decks.id(name) for name in sorted({deck for _f, _t, deck in notes})}
    requests = []
    for fields, tags, deck in notes:
        note = col.new_note(basic)
        values = json.loads(fields)
        note["Front"], note["Back"] = values["front"], values["back"]
        note.tags = tags.split()
        requests.append(AddNoteRequest(note, decks[deck]))
    col.add_notes(requests)
    return reopened(col)


def reopened(col: Any) -> Any:
    """``col`` closed and opened again, as a learner's Anki is when it starts.

    Closing checkpoints the write-ahead log and deletes it, so Anki starts with an empty log as
    FibroLearn does (its collection is a fresh copy): writing a new log costs more than
    rewriting an old one, and both apps should pay the same.
    """
    from anki.collection import Collection

    path = col.path
    col.close()
    col = Collection(path)
    col.load_browser_card_columns()  # as Anki's browser does when it opens: its default columns
    return col


def anki_open(col: Any, text: str) -> tuple[int, dict[str, float]]:
    """What Anki's browser asks of its library for a search, in the same order and page."""
    laps = Laps()
    ids = col.find_cards(text, order=col.get_browser_column("noteCrt"), reverse=False)
    laps.lap("find")
    for card_id in ids[:PAGE]:
        list(col.browser_row_for_id(card_id)[0])  # the cells come as a generator
    laps.lap("rows")
    return len(ids), laps.times


def anki_installed() -> bool:
    try:
        import anki  # noqa: F401
    except ImportError:
        return False
    return True


# ------------------------------------------------------------------------------ measuring
def _record(run: Callable[[], tuple[int, dict[str, float]]], times: dict[str, list[float]]) -> None:
    for name, value in run()[1].items():
        times.setdefault(name, []).append(value)


def measure(context: BenchContext, size: str, repeats: int = SEARCH_REPEATS) -> list[Searched]:
    """Every case's service calls at ``size``, with Anki's when its library is installed."""
    services = open_services(context.data_dir(size, "browse"))
    col = None
    if anki_installed():
        col = anki_copy(context.collections[size].path, context.work / f"browse-anki-{size}")
    try:
        return [_search(services.browse, col, case, repeats) for case in CASES]
    finally:
        services.close()
        if col is not None:
            col.close()


def _search(browse: BrowseService, col: Any, case: Case, repeats: int) -> Searched:
    ours: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    runs = [(lambda: fibrolearn_open(browse, case.fibrolearn), ours)]
    if col is not None and case.anki is not None:
        runs.append((lambda: anki_open(col, case.anki), theirs))
    found = [run()[0] for run, _times in runs]  # untimed: statements compiled, pages cached
    for _ in range(repeats):
        for run, times in runs:  # alternate, so neither gets a warmer cache
            _record(run, times)
    if not theirs:
        return Searched(case, found[0], ours)
    return Searched(case, found[0], ours, found[1], theirs)


def measure_screen(context: BenchContext, size: str, repeats: int) -> list[Shown]:
    """Every case shown in the app's window at ``size`` (offscreen)."""
    app = QApplication.instance() or QApplication([])
    paths = context.data_dir(size, "browse-screen")
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, FixedClock(NOW), str(paths.data_dir))
    tasks = TaskRunner()
    window.resize(1180, 760)
    window.show()
    services = open_services(paths)  # the window closes them
    window.collection_opened(services)
    try:
        page = add_browse_place(window, services, tasks)
        watch = PaintWatch("the Browse table", page.table.viewport())
        window.show_place("browse")
        app.processEvents()
        return [_show(app, window, page, watch, case, repeats) for case in CASES]
    finally:
        window.close()
        tasks.wait()


def _show(
    app: QCoreApplication,
    window: MainWindow,
    page: BrowsePage,
    watch: PaintWatch,
    case: Case,
    repeats: int,
) -> Shown:
    enter, place = [], []
    for _ in range(repeats + 1):  # the first is untimed
        page.search.setText(case.fibrolearn)
        enter.append(watch.time(app, page.run_search))
        window.show_place("decks")  # away, then back with Ctrl+3
        app.processEvents()
        place.append(watch.time(app, lambda: window.show_place("browse")))
    return Shown(case, enter[1:], place[1:])


# ------------------------------------------------------------------------------ report
def _total(times: dict[str, list[float]]) -> list[float]:
    return [sum(step) for step in zip(*times.values(), strict=True)]


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values):.1f}"


def _spread(values: list[float]) -> str:
    return f"{_ms(values)} / {percentile(values, 0.95):.1f} ms"


def _ratio(result: Searched) -> float | None:
    if result.anki is None:
        return None
    return statistics.median(_total(result.ours)) / statistics.median(_total(result.anki))


def _found(result: Searched) -> str:
    same = result.anki_found in (None, result.found)
    return f"{result.found:,}" + ("" if same else f" (Anki {result.anki_found:,})")


def _detail_row(result: Searched) -> tuple[str, ...]:
    ours, theirs, ratio = result.ours, result.anki, _ratio(result)
    return (
        f"{result.case.label}: `{result.case.fibrolearn}`",
        _found(result),
        f"{_ms(ours['find'])} + {_ms(ours['rows'])}",
        _spread(_total(ours)),
        "—" if theirs is None else f"{_ms(theirs['find'])} + {_ms(theirs['rows'])}",
        "—" if theirs is None else _spread(_total(theirs)),
        "—" if ratio is None else f"**{ratio:.2f}×**",
    )


def _detail(size: str, results: list[Searched]) -> str:
    header = (
        f"search at {size} cards",
        "cards found",
        f"FibroLearn ms: count and {WINDOW:,} ids + {PAGE} rows",
        "FibroLearn p50 / p95",
        f"Anki ms: sorted ids + {PAGE} rows",
        "Anki p50 / p95",
        "FibroLearn / Anki (target ≤ 1×)",
    )
    return table(header, [_detail_row(result) for result in results])


def _growth(results: dict[str, list[Searched]]) -> str:
    sizes = list(results)
    header = ("search", *(f"{size}: FibroLearn / Anki" for size in sizes), "FibroLearn growth")
    rows = []
    for index, case in enumerate(CASES):
        at = [results[size][index] for size in sizes]
        cells = [_pair(result) for result in at]
        growth = statistics.median(_total(at[-1].ours)) / statistics.median(_total(at[0].ours))
        rows.append((f"`{case.fibrolearn}`", *cells, f"{growth:.1f}×"))
    return table(header, rows)


def _pair(result: Searched) -> str:
    ratio = _ratio(result)
    if result.anki is None:
        return f"{_ms(_total(result.ours))} ms"
    return f"{_ms(_total(result.ours))} / {_ms(_total(result.anki))} ms ({ratio:.2f}×)"


def _screen(shown: dict[str, list[Shown]]) -> str:
    sizes = list(shown)
    header = ("search", *(f"{size}: Enter / Ctrl+3 → painted" for size in sizes))
    rows = [
        (
            f"`{case.fibrolearn}`",
            *(f"{_ms(shown[s][i].enter)} / {_ms(shown[s][i].place)} ms" for s in sizes),
        )
        for i, case in enumerate(CASES)
    ]
    return table(header, rows)


def run(context: BenchContext) -> str:
    results = {size: measure(context, size) for size in context.collections}
    shown = {size: measure_screen(context, size, context.repeats) for size in context.collections}
    largest = list(results)[-1]
    anki = "" if anki_installed() else " Anki's library is not installed, so it is left out."
    return "\n\n".join(
        (
            " ".join(__doc__.split("\n\n")[1].split()) + anki,
            f"Service calls, medians of {SEARCH_REPEATS} (ms):",
            _detail(largest, results[largest]),
            "Open on a search, by collection size (medians):",
            _growth(results),
            f"On screen, the app's window at 1180×760 (medians of {context.repeats}):",
            _screen(shown),
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k")
    parser.add_argument("--repeats", type=int, default=5, help="window openings per case")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fibrolearn-bench-browse-") as folder:
        work = Path(folder)
        collections = {}
        for name in args.sizes.split(","):
            (work / name).mkdir()
            collections[name] = generate(SIZES[name], work / name / "collection.sqlite3")
        print(run(BenchContext(work, collections, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
