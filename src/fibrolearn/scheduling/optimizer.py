"""Fitting FSRS parameters to a learner's own review log, with a time split to check the fit.

The fitting itself is fsrs-rs (through its Python binding), the Rust implementation that Anki
uses: no deep-learning framework, and a year of reviews fits in well under a second. Like Anki,
each answer after the first day of a card becomes one training item: the card's history so far,
whose last answer is the one to predict. Only answers on a later study day than the previous
one are predicted (same-day answers are short-term steps, not recall after a delay).

The split is by time, never at random: items whose answer falls before the cut-off train the
parameters; the newer ones score every parameter set, with the same items and the same scoring
code. The scores are those of the FSRS benchmark: the plain mean log loss, and the RMSE over
bins of (days since the previous answer, answers so far, lapses so far). fsrs-rs ``evaluate``
is not used for them: it weights each item by its position in the list, for training.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import fsrs_rs_python

from fibrolearn.domain.statistics import FitScore
from fibrolearn.scheduling.fsrs_scheduler import (
    DEFAULT_PARAMETERS,
    forgetting_curve,
    fsrs_parameters,
)

# (rating 1-4, study days since the card's previous answer) of each answer, oldest first;
# the last answer is the one to predict.
History = tuple[tuple[int, int], ...]
Bin = tuple[int, int, int]


@dataclass(slots=True)
class SplitLog:
    """A review log turned into training and held-out items, in the time order of their answers.

    Attributes:
        train: Items whose answer falls before the cut-off.
        test: Items whose answer falls at or after it.
        reviews: Answers read.
    """

    train: list[History] = field(default_factory=list)
    test: list[History] = field(default_factory=list)
    reviews: int = 0


def split_log(rows: Iterable[tuple[str, int, int, datetime]], cutoff: datetime) -> SplitLog:
    """Training and held-out items from answers sorted by card, then time.

    The items come out sorted by the time of the answer they predict, not by card: fsrs-rs
    counts later items more (as more recent), so card order would make the fit depend on ids.

    Args:
        rows: (card, rating 1-4, study-day number, time) of every answer, grouped by card and
            in time order within a card.
        cutoff: Answers from this instant on are held out.
    """
    split = SplitLog()
    dated: list[tuple[datetime, History]] = []
    card: str | None = None
    history: History = ()
    last_day = 0
    for name, rating, day, moment in rows:
        split.reviews += 1
        if name != card:
            card, history, last_day = name, (), day
        delta = day - last_day
        last_day = day
        history = (*history, (rating, delta))
        if delta > 0:
            dated.append((moment, history))
    dated.sort(key=lambda pair: pair[0])  # stable: answers at the same instant keep card order
    for moment, item in dated:
        (split.train if moment < cutoff else split.test).append(item)
    return split


def score(parameters: Sequence[float], items: Sequence[History]) -> FitScore:
    """Mean log loss and RMSE over bins of ``parameters`` on ``items``: the one scoring path."""
    recalls = _predicted_recall(parameters, items)
    loss = 0.0
    bins: dict[Bin, list[float]] = {}  # bin -> [predicted sum, recalled sum, count]
    for item, predicted in zip(items, recalls, strict=True):
        recalled = item[-1][0] > 1
        loss -= math.log(predicted if recalled else 1.0 - predicted)
        totals = bins.setdefault(_bin(item), [0.0, 0.0, 0.0])
        totals[0] += predicted
        totals[1] += recalled
        totals[2] += 1
    squared = sum((p - r) ** 2 / n for p, r, n in bins.values())  # n * (p/n - r/n) ** 2
    return FitScore(log_loss=loss / len(items), rmse=math.sqrt(squared / len(items)))


def _predicted_recall(parameters: Sequence[float], items: Sequence[History]) -> list[float]:
    """The recall probability FSRS predicts for the last answer of each item."""
    states = fsrs_rs_python.FSRS(list(parameters)).memory_state_batch(
        [_fsrs_item(item[:-1]) for item in items]
    )
    return [
        forgetting_curve(parameters, item[-1][1], state.stability)
        for item, state in zip(items, states, strict=True)
    ]


def _bin(item: History) -> Bin:
    """The FSRS benchmark's bin of an item (fsrs-rs ``r_matrix_index``).

    Days since the previous answer, answers after a delay (this one included) plus one, and
    earlier lapses, each rounded down on a log scale; days are kept in hundredths.
    """
    days = item[-1][1]
    length = sum(1 for _, delta in item if delta > 0) + 1
    lapses = sum(1 for rating, delta in item[:-1] if rating == 1 and delta > 0)
    return (
        round(_log_floor(days, 2.48, 3.62) * 100),
        round(_log_floor(length, 1.99, 1.89)),
        round(_log_floor(lapses, 1.65, 1.73)) if lapses else 0,
    )


def _log_floor(value: int, scale: float, base: float) -> float:
    """``scale`` times the largest power of ``base`` that is not above ``value``."""
    return scale * base ** math.floor(math.log(value) / math.log(base))


def _fsrs_item(history: History) -> fsrs_rs_python.FSRSItem:
    return fsrs_rs_python.FSRSItem(
        [fsrs_rs_python.FSRSReview(rating, delta) for rating, delta in history]
    )


def fit(items: Sequence[History]) -> tuple[float, ...]:
    """FSRS-6 parameters fitted to ``items`` (in time order), checked to suit the scheduler.

    Raises:
        ValueError: If the fit gives a vector the scheduler refuses (a library mismatch).
    """
    fitted = fsrs_rs_python.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
        [_fsrs_item(item) for item in items]
    )
    return fsrs_parameters([float(w) for w in fitted])  # as many as FSRS takes, in its bounds
