"""The long fuzzing run: mutate every target's inputs for a time budget, report failures.

    python bench/fuzz.py                       # every target, 10 minutes each
    python bench/fuzz.py --target deck --seconds 60 --load-every 10
    python bench/fuzz.py --target collection   # start on collections damaged at random

Each failing input is saved under the output folder with the seed that produced it; rerunning
with the same ``--seed`` (and ``--target``) produces the same inputs again.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from bench.fuzzing import (
    OUTCOMES,
    TARGETS,
    FuzzTarget,
    check_load,
    check_read,
    damaged_copy,
    make_template,
    open_damaged,
)

COLLECTION = "collection"  # a collection damaged at random, started on as the app does


def fuzz(target: FuzzTarget, seconds: float, load_every: int, out: Path, seed: int) -> int:
    """Fuzz one target for ``seconds``; returns how many inputs failed."""
    seeds = target.seeds()
    template = make_template(out / "work" / target.name) if target.load else None
    started, cases, accepted, failures = time.monotonic(), 0, 0, 0
    while time.monotonic() - started < seconds:
        case_seed = seed + cases
        rng = random.Random(case_seed)
        data = target.mutated(rng.choice(seeds), rng)
        folder = out / "work" / "case"
        path = folder / f"input{target.suffix}"
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        try:
            accepted += check_read(target, path)
            if template is not None and cases % load_every == 0:
                check_load(target, path, template, folder)
        except Exception:  # a failure to report, whatever it is
            failures += 1
            _keep_failure(out / f"{target.name}-failure-{case_seed}{target.suffix}", data)
        cases += 1
    print(
        f"{target.name}: {cases} inputs in {seconds:.0f} s, {accepted} accepted, "
        f"{cases - accepted} refused with an explained error, {failures} failures"
    )
    return failures


def fuzz_collections(seconds: float, out: Path, seed: int) -> int:
    """Start on randomly damaged collections for ``seconds``; returns how many failed."""
    template = make_template(out / "work" / COLLECTION).read_bytes()
    started, cases, failures = time.monotonic(), 0, 0
    outcomes: Counter[str] = Counter()
    while time.monotonic() - started < seconds:
        case_seed = seed + cases
        data = damaged_copy(template, random.Random(case_seed))
        folder = out / "work" / "damaged"
        shutil.rmtree(folder, ignore_errors=True)
        try:
            outcomes[open_damaged(data, folder)] += 1
        except Exception:  # a failure to report, whatever it is
            failures += 1
            _keep_failure(out / f"{COLLECTION}-failure-{case_seed}.sqlite3", data)
        cases += 1
    counts = ", ".join(f"{outcomes[outcome]} {outcome}" for outcome in OUTCOMES)
    print(f"{COLLECTION}: {cases} damaged in {seconds:.0f} s: {counts}, {failures} failures")
    return failures


def _keep_failure(kept: Path, data: bytes) -> None:
    """Save the input that failed (its name holds the seed) and print why it failed."""
    kept.write_bytes(data)
    print(f"FAILED {kept}\n{traceback.format_exc()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=[*sorted(TARGETS), COLLECTION], action="append")
    parser.add_argument("--seconds", type=float, default=600.0, help="per target")
    parser.add_argument("--load-every", type=int, default=20, help="load every Nth input")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="default: a new temporary folder")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="fibrolearn-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    names = args.target or [*sorted(TARGETS), COLLECTION]
    failures = sum(
        fuzz_collections(args.seconds, out, args.seed)
        if name == COLLECTION
        else fuzz(TARGETS[name], args.seconds, args.load_every, out, args.seed)
        for name in names
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
