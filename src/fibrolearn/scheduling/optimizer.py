"""Fitting FSRS parameters to a learner's own review log, with a time split to check the fit.

The fitting itself is fsrs-rs (through its Python binding), the Rust implementation that Anki
uses: no deep-learning framework, and a year of reviews fits in well under a second. Like Anki,
each answer after the first day of a card becomes one training item: the card's history so far,
whose last answer is the one to predict. Only answers on a later study day than the previous
one are predicted (same-day answers are short-term steps, not recall after a delay).

The split is by time, never at random: items whose answer falls before the cut-off train the
parameters; the newer ones score both the default and the fitted parameters, with the same
items and the same scoring code (fsrs-rs ``evaluate``: log loss and RMSE over bins).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import fsrs
import fsrs_rs_python

from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS

Progress = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class Score:
    """How well a parameter set predicts held-out answers (lower is better for both)."""

    log_loss: float
    rmse: float


@dataclass(slots=True)
class SplitLog:
    """A review log turned into training and held-out items.

    Attributes:
        train: Items whose answer falls before the cut-off.
        test: Items whose answer falls at or after it.
        reviews: Answers read.
    """

    train: list[fsrs_rs_python.FSRSItem] = field(default_factory=list)
    test: list[fsrs_rs_python.FSRSItem] = field(default_factory=list)
    reviews: int = 0


def split_log(rows: Iterable[tuple[str, int, int, datetime]], cutoff: datetime) -> SplitLog:
    """Training and held-out items from answers sorted by card, then time.

    Args:
        rows: (card, rating 1-4, study-day number, time) of every answer, grouped by card and
            in time order within a card.
        cutoff: Answers from this instant on are held out.
    """
    split = SplitLog()
    card: str | None = None
    history: list[fsrs_rs_python.FSRSReview] = []
    last_day = 0
    for name, rating, day, moment in rows:
        split.reviews += 1
        if name != card:
            card, history, last_day = name, [], day
        delta = day - last_day
        last_day = day
        history.append(fsrs_rs_python.FSRSReview(rating, delta))
        if delta > 0:
            item = fsrs_rs_python.FSRSItem(list(history))
            if item.long_term_review_cnt() > 0:
                (split.train if moment < cutoff else split.test).append(item)
    return split


def score(parameters: Sequence[float], items: Sequence[fsrs_rs_python.FSRSItem]) -> Score:
    """Log loss and RMSE (bins) of ``parameters`` on ``items``: the one scoring code path."""
    evaluation = fsrs_rs_python.FSRS(list(parameters)).evaluate(list(items))
    return Score(log_loss=float(evaluation.log_loss), rmse=float(evaluation.rmse_bins))


def fit(items: Sequence[fsrs_rs_python.FSRSItem]) -> tuple[float, ...]:
    """FSRS-6 parameters fitted to ``items``, checked to be what the scheduler accepts.

    Raises:
        ValueError: If the fit gives a vector the scheduler refuses (a library mismatch).
    """
    fitted = tuple(
        float(w)
        for w in fsrs_rs_python.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(list(items))
    )
    if len(fitted) != len(DEFAULT_PARAMETERS):
        raise ValueError(
            f"the fit gave {len(fitted)} parameters; the scheduler needs {len(DEFAULT_PARAMETERS)}"
        )
    fsrs.Scheduler(parameters=fitted)  # raises if any parameter is out of its bounds
    return fitted
