"""Importing a 10,000-note Anki package: FibroLearn next to Anki's own library, same file, same run.

Run: ``.venv/bin/python -m bench.bench_import [--notes N] [--repeats R]`` (needs Anki's library:
``.venv/bin/pip install -e '.[anki]'``). Prints medians in seconds and FibroLearn's time as a ratio
of Anki's (the budget in ARCHITECTURE.md is "no slower than Anki"); it asserts nothing.

The package is written by Anki's library in its current format (collection.anki21b): 70 %
Basic, 20 % Basic (and reversed card), 10 % Cloze notes, every fifth with some HTML, in three
decks. Each import goes into a fresh, empty collection: Anki's through ``import_anki_package``,
FibroLearn's through ``ImportService.run`` (the same call the dialog and the command line make).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage.migrate import open_collection


def build_package(folder: Path, notes: int) -> Path:
    """A package of ``notes`` notes, written by Anki's library."""
    from anki.collection import Collection, ExportAnkiPackageOptions

    (folder / "source").mkdir()
    col = Collection(str(folder / "source" / "collection.anki2"))
    kinds = (("Basic", 7), ("Basic (and reversed card)", 2), ("Cloze", 1))
    models = [(col.models.by_name(name), share) for name, share in kinds]
    decks = [col.decks.id(name) for name in ("Bench::Biology", "Bench::History", "Bench::Words")]
    for number in range(notes):
        model = models[0][0] if number % 10 < 7 else models[1 if number % 10 < 9 else 2][0]
        note = col.new_note(model)
        styled = "<b>{}</b>" if number % 5 == 0 else "{}"
        if model["type"] == 1:
            note["Text"] = styled.format(f"Fact {number}: {{{{c1::answer {number}}}}} is true")
        else:
            note["Front"] = styled.format(f"Question number {number}?")
            note["Back"] = f"Answer number {number}"
        note.tags = [f"tag{number % 7}"]
        col.add_note(note, decks[number % len(decks)])
    package = folder / "bench.apkg"
    col.export_anki_package(
        out_path=str(package),
        options=ExportAnkiPackageOptions(
            with_scheduling=False, with_deck_configs=False, with_media=False, legacy=False
        ),
        limit=None,
    )
    col.close()
    return package


def anki_import(package: Path, folder: Path) -> tuple[float, float]:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions()
    )
    started, cpu = time.perf_counter(), time.process_time()
    col.import_anki_package(request)
    elapsed = (time.perf_counter() - started, time.process_time() - cpu)
    col.close()
    return elapsed


def fibrolearn_import(package: Path, folder: Path) -> tuple[tuple[float, float], int]:
    paths = resolve_paths(folder)
    services = Services.build(
        open_collection(paths.collection, paths.backups_dir), FixedClock(datetime.now(UTC))
    )
    try:
        started, cpu = time.perf_counter(), time.process_time()
        report = services.importer.run(package, ImportOptions())
        elapsed = (time.perf_counter() - started, time.process_time() - cpu)
        return elapsed, report.cards_added
    finally:
        services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    try:
        import anki  # noqa: F401
    except ImportError:
        print("Anki's library is not installed: pip install -e '.[anki]'")
        return 1
    with tempfile.TemporaryDirectory(prefix="fibrolearn-bench-import-") as work:
        root = Path(work)
        package = build_package(root, args.notes)
        ours, theirs, cards = [], [], 0
        for run in range(args.repeats):  # alternate, so neither side gets a warmer cache
            theirs.append(anki_import(package, root / f"anki-{run}"))
            elapsed, cards = fibrolearn_import(package, root / f"fibro-{run}")
            ours.append(elapsed)
        size = package.stat().st_size / 1e6
    print(f"package: {args.notes:,} notes, {cards:,} cards, {size:.1f} MB (collection.anki21b)")
    print(f"runs: {args.repeats}, each into a fresh collection; medians")
    print("                 wall clock   CPU time")
    for name, times in (("Anki's library", theirs), ("FibroLearn", ours)):
        wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
        print(f"{name:<16} {wall:9.3f} s {cpu:9.3f} s")
    ratios = [
        statistics.median(o[i] for o in ours) / statistics.median(t[i] for t in theirs)
        for i in (0, 1)
    ]
    print(
        f"ratio FibroLearn / Anki: {ratios[0]:.2f} wall clock, {ratios[1]:.2f} CPU time "
        "(budget: 1.00 or less)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
