"""The study benchmark answers every kind of card, on screen too, and reports each size.

Never how fast: the times are only checked to be there.
"""

from __future__ import annotations

import pytest
from bench.bench_study import measure, run
from bench.context import BenchContext
from bench.generate import Size, generate
from bench.study_answers import KINDS
from bench.study_screen import measure_screen


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> BenchContext:
    work = tmp_path_factory.mktemp("bench")
    (work / "small").mkdir()
    made = generate(Size("small", 2_000, 20_000), work / "small" / "collection.sqlite3")
    return BenchContext(work, {"small": made}, repeats=1)


@pytest.fixture(scope="module")
def measured(context: BenchContext) -> dict[str, float]:
    return measure(context, "small")


def test_the_rest_of_the_day_brings_new_learning_and_review_cards(
    measured: dict[str, float],
) -> None:
    kinds = {kind: measured[f"answers_{kind}"] for kind in KINDS}
    assert all(kinds.values()), kinds
    assert sum(kinds.values()) == measured["answers"]
    assert measured["screen_p50"] > 0 and measured["screen_p95"] > 0
    assert "screen_answers_new" not in measured  # the screen answered the same kinds in turn


def test_the_study_screen_answers_by_the_learners_keys_until_the_day_is_done(
    context: BenchContext, measured: dict[str, float], qapp
) -> None:
    shown = measure_screen(context, "small")
    assert len(shown.times) == len(shown.kinds) == measured["answers"]
    assert {kind: shown.kinds.count(kind) for kind in KINDS} == {
        kind: measured[f"answers_{kind}"] for kind in KINDS
    }


def test_the_report_has_a_row_per_size(context: BenchContext, qapp) -> None:
    report = run(context)
    assert report.count("| small (20,000 reviews) |") == 1
