"""The queue benchmark runs on a tiny collection: Anki's copy gets the same schedules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from bench.bench_browse import anki_copy, anki_installed
from bench.bench_queue import anki_schedule, measure
from bench.context import BenchContext
from bench.generate import Size, generate

pytestmark = pytest.mark.skipif(not anki_installed(), reason="needs Anki's library (anki extra)")


@pytest.fixture
def context(tmp_path: Path) -> BenchContext:
    (tmp_path / "tiny").mkdir()
    made = generate(Size("tiny", 300, 600), tmp_path / "tiny" / "collection.sqlite3")
    return BenchContext(tmp_path, {"tiny": made}, repeats=1)


def test_anki_copy_holds_the_same_kinds_of_card(context: BenchContext) -> None:
    source = context.collections["tiny"].path
    col = anki_copy(source, context.work / "anki")
    try:
        anki_schedule(col, str(source))
        queues = dict(col.db.all("SELECT queue, count(*) FROM cards GROUP BY queue"))
    finally:
        col.close()

    with sqlite3.connect(source) as connection:
        ours = dict(
            connection.execute(
                "SELECT state, count(*) FROM cards WHERE suspended = 0 GROUP BY state"
            )
        )
        suspended = connection.execute("SELECT count(*) FROM cards WHERE suspended").fetchone()[0]
    assert queues.get(0, 0) == ours.get(0, 0)  # new
    assert queues.get(1, 0) == ours.get(1, 0) + ours.get(3, 0)  # (re)learning
    assert queues.get(2, 0) == ours.get(2, 0)  # review
    assert queues.get(-1, 0) == suspended


def test_measure_reports_both_apps(context: BenchContext) -> None:
    result = measure(context, "tiny")
    assert set(result) == {"ours list", "anki list", "ours", "anki", "ours answer", "anki answer"}
    assert all(value > 0 for value in result.values())  # NaN (a side ran out) fails too
