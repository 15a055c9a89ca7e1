"""The Browse benchmark runs on a tiny collection and reports what it found (never how fast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.bench_browse import CASES, anki_installed, measure, measure_screen, run
from bench.context import BenchContext
from bench.generate import Size, generate

NOTES = 50


@pytest.fixture
def context(tmp_path: Path) -> BenchContext:
    (tmp_path / "tiny").mkdir()
    made = generate(Size("tiny", NOTES, 200), tmp_path / "tiny" / "collection.sqlite3")
    return BenchContext(tmp_path, {"tiny": made}, repeats=1)


def test_each_search_finds_the_generated_cards_in_both_apps(context: BenchContext) -> None:
    results = measure(context, "tiny", repeats=2)
    assert [result.case for result in results] == list(CASES)
    found = {result.case.fibrolearn: result.found for result in results}
    assert found["serotonin"] == len(range(0, NOTES, 7))  # the generator's first of 7 topics
    assert found["involved"] == found["tag:bench"] == NOTES
    assert found["dopamine"] == 0
    for result in results:
        assert {name: len(times) for name, times in result.ours.items()} == {"find": 2, "rows": 2}
        if anki_installed() and result.case.anki is not None:
            assert result.anki_found == result.found
            assert result.anki is not None and set(result.anki) == {"find", "rows"}
        else:
            assert result.anki is None


def test_the_window_paints_each_search(context: BenchContext, qapp) -> None:
    shown = measure_screen(context, "tiny", repeats=2)
    assert [case.case for case in shown] == list(CASES)
    assert all(len(case.enter) == len(case.place) == 2 for case in shown)


def test_the_report_has_a_row_per_search_in_each_table(context: BenchContext, qapp) -> None:
    report = run(context)
    for case in CASES:
        assert report.count(f"`{case.fibrolearn}`") == 3
