"""Cold start to the deck list drawn, as a whole process, against a bare PySide6 window.

Both print a marker when first painted (the app only with FIBROLEARN_MARKERS=1); the time is
taken from starting the process to reading the marker, and the peak resident memory (VmHWM)
is read from /proc at that moment. The app's collection is open (so Study and the other
places work) when it prints a second marker; that time is reported too. Both run on Qt's
offscreen platform, with a warm file cache and compiled bytecode (as an installed app has):
each case is run once untimed, then several times; medians are reported.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.context import BenchContext, table

MARKER = "fibrolearn-marker: deck-list-drawn"
OPENED = "fibrolearn-marker: collection-opened"
BACKUP_CHECKED = "fibrolearn-marker: backup-checked"
BARE = Path(__file__).with_name("bare_window.py")


@dataclass(frozen=True, slots=True)
class Start:
    """One start: seconds to the first paint and peak memory (KiB) then; seconds to open."""

    drawn: float
    peak_kib: int
    opened: float


def start_once(command: list[str], until: str = MARKER) -> Start | None:
    """Start ``command`` and read its markers until ``until``.

    None when the process ended before ``until`` (or right as it drew): that run does not count.
    """
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "FIBROLEARN_MARKERS": "1"}
    # An installed app has its bytecode (pip compiles it); where writing it is switched off,
    # every start would compile the app's modules from source, which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    drawn, opened, peak, reached = float("nan"), float("nan"), 0, False
    try:
        assert process.stdout is not None
        for line in process.stdout:
            marker = line.strip()
            if marker == MARKER:
                drawn = time.perf_counter() - started
                peak = _peak_kib(process.pid)
            elif marker == OPENED:
                opened = time.perf_counter() - started
            if marker == until:
                reached = True
                break
    finally:
        process.kill()
        process.wait()
        if process.stdout:
            process.stdout.close()
    return Start(drawn, peak, opened) if peak and reached else None


def _peak_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():  # not Linux: memory is not reported
        return 0
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run(context: BenchContext) -> str:
    bare = [sys.executable, str(BARE)]
    start_once(bare)
    rows, results = [], {}
    for size in context.collections:
        paths = context.data_dir(size, "startup")
        app = [sys.executable, "-m", "fibrolearn", "--data-dir", str(paths.data_dir)]
        start_once(app, until=BACKUP_CHECKED)  # first start: bundled deck, start-up backup
        apps: list[Start] = []
        bares: list[Start] = []
        for _ in range(3 * context.repeats):  # interleaved, so drift hits both alike
            app_run, bare_run = start_once(app, until=OPENED), start_once(bare)
            if app_run and bare_run:
                apps.append(app_run)
                bares.append(bare_run)
            if len(apps) == context.repeats:
                break
        app_s = statistics.median(run.drawn for run in apps)
        bare_s = statistics.median(run.drawn for run in bares)
        opened_s = statistics.median(run.opened for run in apps)
        app_mib = statistics.median(run.peak_kib for run in apps) / 1024
        bare_mib = statistics.median(run.peak_kib for run in bares) / 1024
        results[size] = (app_s, app_mib, opened_s)
        rows.append(
            (
                size,
                f"{app_s:.3f} s",
                f"{bare_s:.3f} s",
                f"**{app_s / bare_s:.2f}×**",
                f"{app_mib:.0f} MiB",
                f"{bare_mib:.0f} MiB",
                f"{app_mib / bare_mib:.2f}×",
                f"{opened_s:.2f} s",
            )
        )
    header = (
        "cards",
        "app: deck list drawn",
        "bare window",
        "ratio (target ≤ 1.5×)",
        "app peak RSS",
        "bare peak RSS",
        "ratio (target ≤ 2× at 10k)",
        "app: collection open, Study works",
    )
    first, last = next(iter(results)), list(results)[-1]
    drawn, memory, opened = (results[last][k] / results[first][k] for k in range(3))
    growth = (
        f"From {first} to {last} cards, start-up grows {drawn:.2f}×, peak memory {memory:.2f}× "
        f"and the time until the collection is open {opened:.2f}×."
    )
    intro = " ".join(__doc__.split("\n\n")[1].split())
    return "\n\n".join((intro, table(header, rows), growth))
