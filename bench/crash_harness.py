"""Crash harness: kill a studying learner with SIGKILL again and again, then check the data.

Every answer the learner reported as saved must be in the collection (unless it reported
undoing it, or was killed while undoing it), no answer it reported undone may be there, and
``PRAGMA integrity_check`` must pass. Kills land at random moments: while the app starts,
opens or creates the collection, loads the bundled deck, or answers and undoes cards. A third
of them are timed from the learner's start, a third from its "ready" (the collection open): on
a slow machine a start can take longer than the longest delay, and kills timed only from the
start would then never let it create the collection and study.

The last third come the moment the learner reports its Nth answer saved (N at random). A
SIGKILL loses only what the process had not yet handed to the kernel: a commit's fsync is
needed against a power cut, not against a kill. So an answer reported before its commit is
lost only by a kill between the report and the commit's writes, a moment so short that kills
timed by the clock land there about once in a hundred; a kill on the report lands there
mostly, and a report made too early then shows as a missing answer.

    python bench/crash_harness.py --kills 1000           # the long run
    python bench/crash_harness.py --kills 25 --json      # what CI runs (via pytest)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

LEARNER = Path(__file__).with_name("crash_learner.py")
# Kill within this many seconds of starting the learner, or of its "ready" for the rounds that
# wait for it (STUDYING_SHARE of them).
MAX_DELAY = 1.4
STUDYING_SHARE = 1 / 3
ON_REPORT_SHARE = 1 / 3  # killed as the Nth answer is reported saved, N up to MOST_REPORTS
MOST_REPORTS = 300
READY_WAIT_S = 120  # a learner not ready by then has failed; it is killed and reported


@dataclass
class HarnessReport:
    """What the harness did and found."""

    kills: int = 0
    saved: int = 0
    undone: int = 0
    in_database: int = 0
    missing: list[str] = field(default_factory=list)
    resurrected: list[str] = field(default_factory=list)
    integrity: str = ""
    learner_failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            self.kills > 0
            and not self.missing
            and not self.resurrected
            and self.integrity == "ok"
            and not self.learner_failures
        )


def run(kills: int, data_dir: Path, seed: int = 0) -> HarnessReport:
    """Start and kill the learner ``kills`` times on ``data_dir``, then check the collection."""
    rng = random.Random(seed)
    report = HarnessReport()
    saved: set[str] = set()
    undone: set[str] = set()
    in_flight: set[str] = set()  # undo started when the kill came: either outcome is right
    started = time.perf_counter()
    for round_number in range(kills):
        lines, failure = _one_round(data_dir, seed + round_number, round_number, rng)
        if failure:
            report.learner_failures.append(failure)
        for line in lines:
            word, _, value = line.partition(" ")
            if word == "saved":
                saved.add(value)
            elif word == "undone":
                undone.add(value)
        if lines and lines[-1].startswith("undoing "):
            in_flight.add(lines[-1].partition(" ")[2])
        report.kills += 1
    report.seconds = round(time.perf_counter() - started, 1)
    present, report.integrity = _inspect(data_dir / "collection.sqlite3")
    report.saved, report.undone, report.in_database = len(saved), len(undone), len(present)
    report.missing = sorted(saved - undone - in_flight - present)
    report.resurrected = sorted(undone & present)
    return report


def _one_round(
    data_dir: Path, seed: int, round_number: int, rng: random.Random
) -> tuple[list[str], str | None]:
    learner = subprocess.Popen(
        [sys.executable, str(LEARNER), str(data_dir), str(seed), str(round_number)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready, over = threading.Event(), threading.Event()
    timing = rng.random()
    kill_on = rng.randint(1, MOST_REPORTS) if timing < ON_REPORT_SHARE else None
    reader = threading.Thread(
        target=_read_lines, args=(learner, lines, ready, _Kill(kill_on, over))
    )
    reader.start()
    if kill_on is not None:
        over.wait(READY_WAIT_S)  # the reader kills it as that answer is reported
    else:
        if timing < ON_REPORT_SHARE + STUDYING_SHARE:
            ready.wait(READY_WAIT_S)
        time.sleep(rng.uniform(0.0, MAX_DELAY))
    if learner.poll() is None:
        os.kill(learner.pid, signal.SIGKILL)
    learner.wait()
    reader.join()
    errors = learner.stderr.read() if learner.stderr else ""
    if learner.returncode != -signal.SIGKILL:
        return lines, f"round {round_number}: learner exited {learner.returncode}: {errors[-2000:]}"
    return lines, None


@dataclass
class _Kill:
    """Kill the learner as it reports its ``on_report``th answer saved (never when None).

    ``done`` is set once it is killed so, or its output ends (it failed before).
    """

    on_report: int | None
    done: threading.Event
    reports: int = 0


def _read_lines(
    learner: subprocess.Popen[str], into: list[str], ready: threading.Event, kill: _Kill
) -> None:
    """Collect the learner's lines as they come; set ``ready`` when it says so."""
    assert learner.stdout is not None
    for line in learner.stdout:
        if not line.endswith("\n"):
            break  # cut short by the kill: it was never fully reported
        into.append(line.rstrip("\n"))
        if line.startswith("ready"):
            ready.set()
        elif line.startswith("saved ") and not kill.done.is_set():
            kill.reports += 1
            if kill.reports == kill.on_report:
                os.kill(learner.pid, signal.SIGKILL)  # not yet waited for: still our child
                kill.done.set()
    kill.done.set()


def _inspect(collection: Path) -> tuple[set[str], str]:
    if not collection.exists():  # no learner got that far: say so, rather than make one
        return set(), "no collection was created"
    connection = sqlite3.connect(collection)  # an ordinary open replays the log, as the app does
    try:
        integrity = "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        rows = connection.execute("SELECT id, card_id, reviewed_at FROM reviews")
        present = {f"{review} {card} {moment}" for review, card, moment in rows}
    finally:
        connection.close()
    return present, integrity


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, help="default: a new temporary folder")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="fibrolearn-crash-"))
    report = run(args.kills, data_dir, args.seed)
    if args.json:
        print(json.dumps(asdict(report) | {"ok": report.ok}, indent=2))
    else:
        print(
            f"{report.kills} kills in {report.seconds} s; {report.saved} answers reported "
            f"saved, {report.undone} undone, {report.in_database} in the collection; "
            f"missing {len(report.missing)}, resurrected {len(report.resurrected)}, "
            f"integrity {report.integrity!r}, learner failures {len(report.learner_failures)}"
        )
        for failure in report.learner_failures[:5]:
            print(failure)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
