"""Cold start to the deck list drawn, as a whole process, against a bare PySide6 window.

Both print a marker when first painted (the app only with FIBROLEARN_MARKERS=1); the time is
taken from starting the process to reading the marker, and the peak resident memory (VmHWM) is
read from /proc at that moment (the app's again at its collection's open). The app's peak
memory is read again, in separate starts, once its start is done: the collection open, the
start-up backup checked, and its memory steady for 2 s (Progress's charts load in the
background meanwhile); the memory budget is held against that one. The app's collection is open
(so Study and the other places work) when it prints a second marker; that time is reported too,
and again with the collection's file dropped from the system's file cache first, as after a
restart. Both run on Qt's offscreen platform, with a warm file cache (but for that one) and
compiled bytecode (as an installed app has): each case is run once untimed, then several times;
medians are reported. The longest UI stall while opening is the longest the window could not
answer a key or repaint between the first paint and the collection being open, from separate
starts of ``bench/ui_stall.py``; the one after it, from then until Progress's charts have
loaded in the background. Both starts are timed again on an X server (Xvfb, where installed),
as ARCHITECTURE.md's reference figures were: there the window system has its part in both.
"""

from __future__ import annotations

import contextlib
import math
import os
import select
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.context import BenchContext, table
from bench.ui_stall import CHARTS_STALL_MARKER as CHARTS_STALL
from bench.ui_stall import STALL_MARKER as STALL
from fibrolearn.paths import AppPaths

MARKER = "fibrolearn-marker: deck-list-drawn"
OPENED = "fibrolearn-marker: collection-opened"
BACKUP_CHECKED = "fibrolearn-marker: backup-checked"
BARE = Path(__file__).with_name("bare_window.py")
GIVE_UP_S = 120  # a start that has not reached its last marker by then does not count
SETTLED = "memory settled"  # the peak once the start is done (see settled_peak_kib)
SETTLE_S = 2.0  # memory steady this long counts as settled
SETTLE_GIVE_UP_S = 20.0
XVFB_START_S = 10  # an X server that has not started by then is not waited for


@dataclass(frozen=True, slots=True)
class Start:
    """One start: seconds to the first paint and peak memory (KiB) then; the same at the open."""

    drawn: float
    peak_kib: int
    opened: float
    opened_kib: int = 0


def start_once(command: list[str], until: str = MARKER, display: str | None = None) -> Start | None:
    """Start ``command`` and read its markers until ``until``.

    ``display`` is an X display to draw on (see :func:`x_server`); by default Qt's offscreen
    platform. None when the process ended before ``until`` (or right as it drew): that run
    does not count.
    """
    seen = _markers(command, until, display)
    if seen is None or MARKER not in seen:
        return None
    drawn, peak = seen[MARKER]
    opened, opened_kib = seen.get(OPENED, (float("nan"), 0))
    return Start(drawn, peak, opened, opened_kib) if peak else None


def stall_once(data_dir: Path) -> tuple[float, float] | None:
    """The longest the UI thread was busy, s: between the first paint and the collection
    open, and from then until Progress's charts were loaded in the background."""
    command = [sys.executable, "-m", "bench.ui_stall", "--data-dir", str(data_dir)]
    seen = _markers(command, CHARTS_STALL)
    if seen is None:
        return None

    def seconds(marker: str) -> float:
        line = next(line for line in seen if line.startswith(f"{marker} "))
        return float(line.split()[-1]) / 1000

    return seconds(STALL), seconds(CHARTS_STALL)


def settled_peak_kib(command: list[str]) -> int | None:
    """The app's peak memory (KiB) once its start is done, and its memory no longer grows.

    That is after the collection opened and the start-up backup was checked, and after what
    loads in the background meanwhile (Progress's charts); the first paint comes long before
    most of the app's memory is in use. None if the process ended first.
    """
    seen = _markers(command, BACKUP_CHECKED, settle=True)
    return None if seen is None else seen[SETTLED][1] or None


def _markers(
    command: list[str], until: str, display: str | None = None, *, settle: bool = False
) -> dict[str, tuple[float, int]] | None:
    """Run ``command`` until it prints a line starting with ``until``; then end it.

    Returns each marker line with the seconds from the start to reading it, and the process's
    peak memory (KiB) read at the deck list's and the open's markers (0 at the others); None
    if it ended first.
    With ``settle``, the process runs on after ``until`` until its memory stops growing, and
    its peak then is returned under :data:`SETTLED`.
    """
    window_system = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display} if display else {}
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "FIBROLEARN_MARKERS": "1"} | window_system
    # An installed app has its bytecode (pip compiles it); where writing it is switched off,
    # every start would compile the app's modules from source, which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    # A start that hangs (a message box no one can close, offscreen) ends its output.
    deadline = threading.Timer(GIVE_UP_S, process.kill)
    deadline.start()
    seen: dict[str, tuple[float, int]] = {}
    try:
        assert process.stdout is not None
        for line in process.stdout:
            marker = line.strip()
            if marker.startswith("fibrolearn-marker: "):
                peak = _peak_kib(process.pid) if marker in (MARKER, OPENED) else 0
                seen.setdefault(marker, (time.perf_counter() - started, peak))
            if marker.startswith(until):
                if settle:
                    seen[SETTLED] = (time.perf_counter() - started, _settled_kib(process.pid))
                return seen
    finally:
        deadline.cancel()
        process.kill()
        process.wait()
        if process.stdout:
            process.stdout.close()
    return None


def _cold_open_s(app: list[str], collection: Path) -> float | None:
    """Seconds until the collection is open, its file first dropped from the system's cache.

    As after a restart: the start-up check then reads the file from the disk. None where the
    system cannot drop one file from its cache (only POSIX systems advise it).
    """
    if not hasattr(os, "posix_fadvise"):
        return None
    for path in (collection, collection.with_name(f"{collection.name}-wal")):
        if path.exists():
            drop_from_cache(path)
    run = start_once(app, until=OPENED)
    return run.opened if run else None


@contextlib.contextmanager
def x_server() -> Iterator[str | None]:
    """A private Xvfb display (":N") while the block runs; None where Xvfb is not installed.

    Also None, said on stderr, when the server does not say its display within
    ``XVFB_START_S``: the run goes on without the X table rather than wait for ever.
    """
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield None
        return
    read, write = os.pipe()
    try:
        server = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        os.close(read)
        raise
    finally:
        os.close(write)
    try:
        told, _, _ = select.select([read], [], [], XVFB_START_S)  # written once it takes clients
        number = os.read(read, 32).decode().strip() if told else ""
        if not number:
            print("Xvfb did not start: no timings on an X server", file=sys.stderr)
        yield f":{number}" if number else None
    finally:
        os.close(read)
        server.terminate()
        try:
            server.wait(timeout=XVFB_START_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _interleaved(
    app: list[str], bare: list[str], repeats: int, until: str = MARKER, display: str | None = None
) -> tuple[list[Start], list[Start]]:
    """``repeats`` counted starts of each, alternating so that drift hits both alike."""
    apps: list[Start] = []
    bares: list[Start] = []
    for _ in range(3 * repeats):
        app_run = start_once(app, until=until, display=display)
        bare_run = start_once(bare, display=display)
        if app_run and bare_run:
            apps.append(app_run)
            bares.append(bare_run)
        if len(apps) == repeats:
            break
    return apps, bares


def _on_x(app: list[str], bare: list[str], display: str, repeats: int) -> tuple[str, ...]:
    """The deck list drawn against the bare window on an X display: a row of the second table."""
    start_once(app, display=display)  # untimed, as on the offscreen platform
    start_once(bare, display=display)
    apps, bares = _interleaved(app, bare, repeats, display=display)
    if not apps:
        return ("n/a",) * 3
    app_s = statistics.median(run.drawn for run in apps)
    bare_s = statistics.median(run.drawn for run in bares)
    return f"{app_s:.3f} s", f"{bare_s:.3f} s", f"**{app_s / bare_s:.2f}×**"


def drop_from_cache(path: Path) -> None:
    """Drop ``path``'s pages from the system's file cache (POSIX), as a restart would."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fdatasync(descriptor)  # pages still to be written would stay in the cache
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(descriptor)


def _peak_kib(pid: int) -> int:
    return _status_kib(pid, "VmHWM:")


def _status_kib(pid: int, field: str) -> int:
    """A memory figure (KiB) of the process from /proc (0 where there is none: not Linux)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return 0
    for line in status.read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def _settled_kib(pid: int) -> int:
    """The process's peak memory once its resident memory held steady (within 1 MiB) for
    ``SETTLE_S``; read after ``SETTLE_GIVE_UP_S`` at the latest."""
    steady_since = started = time.monotonic()
    last = _status_kib(pid, "VmRSS:")
    while time.monotonic() - steady_since < SETTLE_S:
        if time.monotonic() - started > SETTLE_GIVE_UP_S:
            break
        time.sleep(0.25)
        now = _status_kib(pid, "VmRSS:")
        if abs(now - last) > 1024:
            steady_since, last = time.monotonic(), now
    return _peak_kib(pid)


def run(context: BenchContext) -> str:
    bare = [sys.executable, str(BARE)]
    start_once(bare)
    rows, results, x_rows = [], {}, []
    with x_server() as display:
        for size in context.collections:
            paths = context.data_dir(size, "startup")
            app = [sys.executable, "-m", "fibrolearn", "--data-dir", str(paths.data_dir)]
            start_once(app, until=BACKUP_CHECKED)  # first start: bundled deck, start-up backup
            row, results[size] = _offscreen_row(context, app, bare, paths)
            rows.append((size, *row))
            if display:
                x_rows.append((size, *_on_x(app, bare, display, context.repeats)))
    header = (
        "cards",
        "app: deck list drawn",
        "bare window",
        "ratio (target ≤ 1.5×)",
        "app peak RSS: first paint",
        "app peak RSS: collection open",
        "app peak RSS: start done",
        "bare peak RSS",
        "ratio, start done (target ≤ 2× at 10k)",
        "app: collection open, Study works",
        "the same, collection not in the file cache",
        "longest UI stall while opening",
        "then, until Progress's charts have loaded",
    )
    first, last = next(iter(results)), list(results)[-1]
    drawn, memory, opened, stall = (results[last][k] / results[first][k] for k in range(4))
    growth = (
        f"From {first} to {last} cards, start-up grows {drawn:.2f}×, peak memory {memory:.2f}×, "
        f"the time until the collection is open {opened:.2f}× and the longest stall while it "
        f"opens {stall:.2f}×."
    )
    intro = " ".join(__doc__.split("\n\n")[1].split())
    parts = [intro, table(header, rows), growth, _memory_words()]
    if x_rows:
        x_header = ("cards", "app: deck list drawn", "bare window", "ratio (target ≤ 1.5×)")
        parts += ["On an X server (Xvfb), the same starts:", table(x_header, x_rows)]
    return "\n\n".join(parts)


def _offscreen_row(
    context: BenchContext, app: list[str], bare: list[str], paths: AppPaths
) -> tuple[tuple[str, ...], tuple[float, float, float, float]]:
    """The main table's row for one collection, and what its growth line compares."""
    apps, bares = _interleaved(app, bare, context.repeats, until=OPENED)
    app_s = statistics.median(run.drawn for run in apps)
    bare_s = statistics.median(run.drawn for run in bares)
    opened_s = statistics.median(run.opened for run in apps)
    painted_mib = statistics.median(run.peak_kib for run in apps) / 1024
    opened_mib = statistics.median(run.opened_kib for run in apps) / 1024
    settled = [settled_peak_kib(app) for _ in range(context.repeats)]
    app_mib = statistics.median(kib for kib in settled if kib) / 1024
    bare_mib = statistics.median(run.peak_kib for run in bares) / 1024
    cold = [_cold_open_s(app, paths.collection) for _ in range(context.repeats)]
    cold_s = statistics.median(cold) if None not in cold else math.nan
    stalls = [stall_once(paths.data_dir) for _ in range(context.repeats)]
    stalls = [stall for stall in stalls if stall is not None]
    opening_stalls = [opening for opening, _charts in stalls] or [math.nan]
    charts_stalls = [charts for _opening, charts in stalls] or [math.nan]
    stall_s = statistics.median(opening_stalls)
    charts_stall_s = statistics.median(charts_stalls)
    row = (
        f"{app_s:.3f} s",
        f"{bare_s:.3f} s",
        f"**{app_s / bare_s:.2f}×**",
        f"{painted_mib:.0f} MiB",
        f"{opened_mib:.0f} MiB",
        f"{app_mib:.0f} MiB",
        f"{bare_mib:.0f} MiB",
        f"{app_mib / bare_mib:.2f}×",
        f"{opened_s:.2f} s",
        f"{cold_s:.2f} s",
        f"{stall_s * 1000:.0f} ms",
        f"{charts_stall_s * 1000:.0f} ms",
    )
    return row, (app_s, app_mib, opened_s, stall_s)


def _memory_words() -> str:
    """Where the app's memory goes, and what one library it must load adds on its own."""
    orm = import_cost_mib("sqlalchemy.orm")
    return (
        "Where the memory beyond the bare window goes: the collection's code (SQLAlchemy, the "
        "services) loads between the first paint and the open, and Progress's charts "
        "(pyqtgraph, NumPy) after it, so that the first visit to Progress does not wait for "
        "them (see ``ui.charts_preload``). Imported into a bare Python on its own, SQLAlchemy's "
        f"ORM, which every read and write of the collection goes through, adds {orm:.0f} MiB."
    )


def import_cost_mib(module: str) -> float:
    """Resident memory (MiB) importing ``module`` adds to a bare Python.

    The median of three fresh interpreters; NaN where /proc cannot say (not Linux).
    """
    code = (
        "import importlib\n"
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmRSS:'):\n"
        "            return int(line.split()[1])\n"
        "before = rss()\n"
        f"importlib.import_module({module!r})\n"
        "print(rss() - before)\n"
    )
    if not Path("/proc/self/status").exists():
        return math.nan
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once, then read
    costs = [
        int(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
            ).stdout
        )
        for _ in range(3)
    ]
    return statistics.median(costs) / 1024
