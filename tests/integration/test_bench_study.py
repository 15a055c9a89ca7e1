"""The study benchmark answers every kind of card and reports each size (never how fast)."""

from __future__ import annotations

import pytest
from bench.bench_study import KINDS, measure, run
from bench.context import BenchContext
from bench.generate import Size, generate


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> BenchContext:
    work = tmp_path_factory.mktemp("bench")
    (work / "small").mkdir()
    made = generate(Size("small", 2_000, 20_000), work / "small" / "collection.sqlite3")
    return BenchContext(work, {"small": made}, repeats=1)


def test_the_rest_of_the_day_brings_new_learning_and_review_cards(context: BenchContext) -> None:
    result = measure(context, "small")
    kinds = {kind: result[f"answers_{kind}"] for kind in KINDS}
    assert all(kinds.values()), kinds
    assert sum(kinds.values()) == result["answers"]


def test_the_report_has_a_row_per_size(context: BenchContext) -> None:
    report = run(context)
    assert report.count("| small (20,000 reviews) |") == 1
