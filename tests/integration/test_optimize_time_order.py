"""The fit and its scores depend on when answers were given, never on card ids or list order.

fsrs-rs counts later training items more (as more recent), so items must reach it in time
order; the scores shown are the FSRS benchmark's: plain mean log loss and RMSE over bins.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from fibrolearn.scheduling import optimizer
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS
from fibrolearn.services.container import Services

JOSH = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "review-logs"
JOSH = JOSH / "py-fsrs-josh-2024.csv"
needs_josh = pytest.mark.skipif(
    not JOSH.exists(), reason=f"the shared review log is absent ({JOSH})"
)
START = datetime(2025, 1, 1, 10, tzinfo=UTC)


def simulated_answers(cards: int, seed: int = 7) -> list[tuple[int, int, int, datetime]]:
    """(card number, rating, day, time): cards started on different days, answered at growing
    intervals, forgotten more often after longer ones."""
    rng = random.Random(seed)
    rows = []
    for card in range(cards):
        day, interval, stability = rng.randrange(150), 1, 2.0
        rows.append((card, 3, day, START + timedelta(days=day, minutes=card)))
        while day + interval < 240:
            day += interval
            recalled = rng.random() < 0.9 ** (interval / stability)
            rows.append(
                (card, 3 if recalled else 1, day, START + timedelta(days=day, minutes=card))
            )
            stability = stability * 2.5 if recalled else max(1.0, stability / 3)
            interval = max(1, round(stability))
    return rows


def split_named(
    rows: list[tuple[int, int, int, datetime]], name: dict[int, str]
) -> optimizer.SplitLog:
    """The split of ``rows`` with cards named by ``name``, grouped by name as the log reads."""
    named = sorted(((name[c], r, d, t) for c, r, d, t in rows), key=lambda row: (row[0], row[3]))
    return optimizer.split_log(named, START + timedelta(days=180))


def test_renumbering_the_cards_changes_neither_the_fit_nor_the_scores() -> None:
    rows = simulated_answers(300)
    numbers = range(300)
    one = split_named(rows, {c: f"{c:04}" for c in numbers})
    other = split_named(rows, {c: f"{(c * 7919) % 10007:05}" for c in numbers})
    assert len(one.train) > 1000 and len(one.test) > 200
    fitted = optimizer.fit(one.train)
    assert fitted != DEFAULT_PARAMETERS  # a real fit, not the fallback
    assert optimizer.fit(other.train) == fitted
    for parameters in (DEFAULT_PARAMETERS, fitted):
        assert optimizer.score(parameters, other.test) == optimizer.score(parameters, one.test)


def test_the_score_of_a_set_of_answers_does_not_depend_on_their_order() -> None:
    split = split_named(simulated_answers(120), {c: f"{c:03}" for c in range(120)})
    forwards = optimizer.score(DEFAULT_PARAMETERS, split.test)
    backwards = optimizer.score(DEFAULT_PARAMETERS, split.test[::-1])
    assert backwards.log_loss == pytest.approx(forwards.log_loss, rel=1e-9)
    assert backwards.rmse == pytest.approx(forwards.rmse, rel=1e-9)


def recall(days: int) -> float:
    """What py-fsrs predicts for a card answered Good once, ``days`` later (default FSRS-6)."""
    scheduler = fsrs.Scheduler()
    card = fsrs.Card(
        state=fsrs.State.Review,
        stability=DEFAULT_PARAMETERS[2],  # the stability after a first Good
        difficulty=5.0,
        last_review=START,
    )
    return scheduler.get_card_retrievability(card, START + timedelta(days=days))


def test_scores_are_the_mean_log_loss_and_the_rmse_over_bins() -> None:
    # Same bin (one day later, first review, no lapse): one remembered, one forgotten.
    same_bin = [((3, 0), (3, 1)), ((3, 0), (1, 1))]
    r1 = recall(1)
    score = optimizer.score(DEFAULT_PARAMETERS, same_bin)
    assert score.log_loss == pytest.approx(-(math.log(r1) + math.log(1 - r1)) / 2, rel=1e-5)
    assert score.rmse == pytest.approx(abs(r1 - 0.5), rel=1e-5)
    # Two bins (1 and 5 days), one answer each: each bin is off by its own error.
    two_bins = [((3, 0), (3, 1)), ((3, 0), (1, 5))]
    r5 = recall(5)
    score = optimizer.score(DEFAULT_PARAMETERS, two_bins)
    assert score.log_loss == pytest.approx(-(math.log(r1) + math.log(1 - r5)) / 2, rel=1e-5)
    assert score.rmse == pytest.approx(math.sqrt(((1 - r1) ** 2 + r5**2) / 2), rel=1e-5)


@needs_josh
def test_on_the_real_log_the_scores_are_the_benchmarks_and_the_fit_beats_the_defaults(
    services: Services,
) -> None:
    services.revlog.import_csv(JOSH)
    report = services.optimize.fit()
    # The FSRS benchmark's definitions give these for the defaults on the newest fifth.
    assert report.default.log_loss == pytest.approx(0.4517, abs=5e-5)
    assert report.default.rmse == pytest.approx(0.0645, abs=5e-5)
    assert report.fitted.log_loss < report.default.log_loss
    assert report.fitted.rmse < report.default.rmse
    assert report.improves
