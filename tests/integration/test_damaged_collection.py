"""A collection damaged at random opens, or is set aside with a backup offered; never a crash.

Bytes of a collection file are overwritten at random, as a failing disk or another program
might. SQLite's ``quick_check`` at start sees damage to the file's structure; damage inside a
row shows only when the row is read, and reading it raised whatever Python, SQLite or
SQLAlchemy raises for it until opening learned to tell it apart (bench/fuzz.py found the
first such case in a package). Either way start-up (the check, the opening, the bundled
decks) ends with the collection open or with a CollectionError saying what happened, the
damaged file kept; and ``check`` reports what it finds rather than failing on it.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from pathlib import Path

import pytest
from bench.fuzzing import CLOCK, make_template

from fibrolearn.cli import open_services
from fibrolearn.paths import resolve_paths
from fibrolearn.services.health import check_health
from fibrolearn.services.recovery import CollectionDamagedError
from fibrolearn.storage.file_check import file_problems

CASES = 150
HEADER = 100  # SQLite's file header: damage there is a different file, not a damaged one


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bundled decks and a package with media and reviews, in one collection file."""
    return make_template(tmp_path_factory.mktemp("damage")).read_bytes()


def damaged_copy(template: bytes, rng: random.Random) -> bytes:
    data = bytearray(template)
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(HEADER, len(data))] = rng.randrange(256)
    return bytes(data)


def test_random_damage_ends_open_or_set_aside(template: bytes, tmp_path: Path) -> None:
    outcomes: Counter[str] = Counter()
    for seed in range(CASES):
        data = damaged_copy(template, random.Random(seed))
        paths = resolve_paths(tmp_path / f"case-{seed}")
        paths.data_dir.mkdir(parents=True)
        paths.collection.write_bytes(data)
        seen_by_quick_check = bool(file_problems(paths.collection))
        try:
            services = open_services(paths, CLOCK)
        except CollectionDamagedError as error:
            assert hashlib.sha256(error.moved_to.read_bytes()).digest() == (
                hashlib.sha256(data).digest()
            ), f"seed {seed}: the damaged file was changed"
            assert error.problems, f"seed {seed}: set aside without saying why"
            outcomes["set aside at the check" if seen_by_quick_check else "set aside opening"] += 1
            continue
        try:
            report = check_health(services.database)
        finally:
            services.close()
        outcomes["opened, damage reported" if report.problems else "opened"] += 1
    # The seeds reach every way out, so each path above was taken.
    assert set(outcomes) == {
        "set aside at the check",
        "set aside opening",
        "opened, damage reported",
        "opened",
    }, outcomes
