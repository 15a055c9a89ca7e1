"""Cold start to the deck list drawn, as a whole process, against a bare PySide6 window.

Both print a marker when first painted (the app only with FIBROLEARN_MARKERS=1); the time is
taken from starting the process to reading the marker, and the peak resident memory (VmHWM)
is read from /proc at that moment. Both run on Qt's offscreen platform, with a warm file
cache and compiled bytecode (as an installed app has): each case is run once untimed, then
several times; medians are reported.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.context import BenchContext, table

MARKER = "fibrolearn-marker: deck-list-drawn"
BARE = Path(__file__).with_name("bare_window.py")


def start_once(command: list[str], wait_for_backup: bool = False) -> tuple[float, int] | None:
    """Seconds from process start to first paint, and peak memory in KiB at that moment.

    None when the process ended before (or right as) it drew: that run does not count.
    """
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "FIBROLEARN_MARKERS": "1"}
    # An installed app has its bytecode (pip compiles it); where writing it is switched off,
    # every start would compile the app's modules from source, which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    elapsed, peak = float("nan"), 0
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == MARKER:
                elapsed = time.perf_counter() - started
                peak = _peak_kib(process.pid)
                if not wait_for_backup:
                    break
            elif line.strip() == "fibrolearn-marker: backup-checked":
                break
    finally:
        process.kill()
        process.wait()
        if process.stdout:
            process.stdout.close()
    return (elapsed, peak) if peak else None


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
        start_once(app, wait_for_backup=True)  # first start: bundled deck, start-up backup
        times, peaks, bare_times, bare_peaks = [], [], [], []
        for _ in range(3 * context.repeats):  # interleaved, so drift hits both alike
            app_run, bare_run = start_once(app), start_once(bare)
            if app_run and bare_run:
                times.append(app_run[0])
                peaks.append(app_run[1])
                bare_times.append(bare_run[0])
                bare_peaks.append(bare_run[1])
            if len(times) == context.repeats:
                break
        app_s, bare_s = statistics.median(times), statistics.median(bare_times)
        app_mib, bare_mib = statistics.median(peaks) / 1024, statistics.median(bare_peaks) / 1024
        results[size] = (app_s, app_mib)
        rows.append(
            (
                size,
                f"{app_s:.3f} s",
                f"{bare_s:.3f} s",
                f"**{app_s / bare_s:.2f}×**",
                f"{app_mib:.0f} MiB",
                f"{bare_mib:.0f} MiB",
                f"{app_mib / bare_mib:.2f}×",
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
    )
    first, last = next(iter(results)), list(results)[-1]
    growth = (
        f"From {first} to {last} cards, start-up grows {results[last][0] / results[first][0]:.2f}× "
        f"and peak memory {results[last][1] / results[first][1]:.2f}×."
    )
    intro = " ".join(__doc__.split("\n\n")[1].split())
    return "\n\n".join((intro, table(header, rows), growth))
