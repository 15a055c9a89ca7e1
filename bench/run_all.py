"""Run every benchmark and rewrite docs/benchmarks.md with the results.

    python -m bench                      # 1k, 10k and 100k cards (about 5 minutes)
    python -m bench --sizes 1k,10k --repeats 3

Timings are reported as measured on this machine in this run, with ratios between numbers
taken in the same run; no test passes or fails on them.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.context import BenchContext
from bench.generate import SIZES, generate

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "docs" / "benchmarks.md"

# Sections measured in this process on the shared synthetic collections: a module with
# ``run(context: BenchContext) -> str`` (Markdown). Add yours here.
SECTIONS = (
    ("Start-up", "bench.bench_startup"),
    ("Studying", "bench.bench_study"),
    ("Today's queue next to Anki", "bench.bench_queue"),
    ("Browse", "bench.bench_browse"),
    ("Progress", "bench.bench_progress"),
)
# Stand-alone benchmark scripts (they build their own data); their output is quoted as is.
SCRIPTS = (("Import", "bench.bench_import"),)


def machine() -> str:
    """One line about where the numbers come from."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        lines = cpuinfo.read_text().splitlines()
        names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
        cpu = names[0] if names else cpu
    from PySide6 import __version__ as pyside

    return (
        f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PySide6 {pyside}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k")
    parser.add_argument("--repeats", type=int, default=5, help="start-up runs per case")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fibrolearn-bench-"))
    started = time.perf_counter()
    try:
        collections = {}
        for name in args.sizes.split(","):
            print(f"generating {name} …", flush=True)
            folder = work / f"generated-{name}"
            folder.mkdir()
            collections[name] = generate(SIZES[name], folder / "collection.sqlite3")
        context = BenchContext(work, collections, args.repeats)
        parts = []
        for title, module in SECTIONS:
            print(f"{title} …", flush=True)
            parts.append(f"## {title}\n\n{importlib.import_module(module).run(context)}")
        for title, module in SCRIPTS:
            if importlib.util.find_spec(module) is None:
                parts.append(f"## {title}\n\nNot measured yet: `{module}` does not exist.")
                continue
            print(f"{title} …", flush=True)
            command = [sys.executable, "-m", module]
            output = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
            quoted = output.stdout.strip()
            if output.returncode != 0:  # said on the page, not left as a shorter report
                print(f"{module} stopped with status {output.returncode}", flush=True)
                quoted += f"\n\nStopped with status {output.returncode}:\n"
                quoted += output.stderr.strip()[-2000:]
            parts.append(f"## {title}\n\n`python -m {module}`:\n\n```\n{quoted}\n```")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    minutes = (time.perf_counter() - started) / 60
    REPORT.write_text(_document(parts, minutes), encoding="utf-8")
    print(f"wrote {REPORT}")
    return 0


def _document(parts: list[str], minutes: float) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    return f"""# Benchmarks

Written by `python -m bench` ({when}, {minutes:.0f} minutes) on: {machine()}.
Re-run it after a change that could affect speed; this page is rewritten whole.

Timings are from this machine and this run. Targets come from ARCHITECTURE.md; they are
stated as ratios to measurements taken in the same run where possible, so they travel
between machines. On a machine shared with other work, absolute timings vary from run to run
(by up to 2× on the 2-core machine below); compare ratios within one run. No test passes or
fails on a timing.

The collections are synthetic (`bench/generate.py`): 1,000, 10,000 and 100,000 cards in ten
decks of uneven size, with 10,000, 100,000 and 1,000,000 logged reviews; 30 % of cards new,
the rest in review with FSRS stabilities spread from days to years, about one in ten of them
overdue (a backlog, as the daily limits of 200 reviews leave one at 100k). The generator's
"now" is 16:00 local time, after a day's study within each deck's limits: its first 5 new cards
introduced and up to 50 reviews answered, a tenth of them Again; those cards are the ones
learning now. Notes are as long as the bundled deck's and fill the same fields; each teaches
a fact copied from the bundled deck's (explanation, certainty, evidence, sources), a fact for
every three notes, as there. The decks have no factors, so no mastery map
(`bench/synthetic_notes.py` says why).

{chr(10).join(part + chr(10) for part in parts)}
## Adding a benchmark

A section that works on the shared collections is a module with
`run(context: BenchContext) -> str` returning Markdown, listed in `SECTIONS` in
`bench/run_all.py`; a stand-alone script goes in `SCRIPTS` and its output is quoted.
"""


if __name__ == "__main__":
    sys.exit(main())
