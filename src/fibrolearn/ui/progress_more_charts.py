"""The charts of Progress's "More statistics", drawn as the page's other charts are.

Imported once the learner asks for them, after the page's charts (pyqtgraph) have loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from fibrolearn.domain.card_statistics import (
    DAY_STARTS,
    PERCENT_STARTS,
    CardSpreads,
    HourActivity,
    Spread,
)
from fibrolearn.domain.statistics import too_few_to_tell
from fibrolearn.ui.formatting import share_percent
from fibrolearn.ui.progress_charts import ChartCard, draw_bars
from fibrolearn.ui.progress_more_text import (
    DIFFICULTY_MEANS,
    INTERVAL_MEANS,
    STABILITY_MEANS,
    answers_summary,
    day_range_labels,
    day_range_words,
    hour_label,
    hour_points,
    percent_range_labels,
    percent_range_words,
    recall_summary,
    remembered_summary,
    spread_points,
    spread_summary,
)

_STUDIED = ("studied card", "studied cards")


class MoreCharts:
    """The spreads of the cards' memories, and answers by hour; the page lays out :attr:`cards`."""

    def __init__(self) -> None:
        self.intervals = ChartCard("Cards in review by interval (days)", names=True)
        self.stability = ChartCard("Studied cards by stability (days)", names=True)
        self.difficulty = ChartCard("Studied cards by difficulty (%)", names=True)
        self.recall = ChartCard("Studied cards by chance of recall today (%)", names=True)
        self.answers = ChartCard("Answers by hour of the day")
        self.remembered = ChartCard("Remembered by hour of the day (%)")
        self.cards = (
            self.intervals,
            self.stability,
            self.difficulty,
            self.recall,
            self.answers,
            self.remembered,
        )

    def show_spreads(self, spreads: CardSpreads) -> None:
        """Cards per range of interval, stability, difficulty and recall today."""
        days = (day_range_labels(DAY_STARTS), day_range_words(DAY_STARTS))
        shares = (percent_range_labels(PERCENT_STARTS), percent_range_words(PERCENT_STARTS))
        in_review = ("card in review", "cards in review")
        charts = (
            (self.intervals, spreads.intervals, days, "Interval", in_review, INTERVAL_MEANS),
            (self.stability, spreads.stability, days, "Stability", _STUDIED, STABILITY_MEANS),
            (self.difficulty, spreads.difficulty, shares, "Difficulty", _STUDIED, DIFFICULTY_MEANS),
        )
        for card, spread, (labels, words), what, cards, means in charts:
            _draw_spread(card, spread, labels)
            card.describe(
                spread_summary(spread, words, cards, means),
                len(labels),
                lambda spread=spread, words=words, what=what: spread_points(spread, words, what),
            )
        recall = spreads.retrievability
        _draw_spread(self.recall, recall, shares[0])
        self.recall.describe(
            recall_summary(recall, PERCENT_STARTS),
            len(shares[0]),
            lambda: spread_points(recall, shares[1], "Chance of recall"),
        )

    def show_hours(self, hours: Sequence[HourActivity]) -> None:
        """Answers, and the share of reviews remembered, in each hour of the day."""
        labels = [hour_label(h.hour) for h in hours]
        draw_bars(self.answers, [h.reviews for h in hours], labels)
        rates = [100 * h.review_passed / h.review_cards if h.review_cards else 0.0 for h in hours]
        few = [at for at, h in enumerate(hours) if too_few_to_tell(h.review_cards)]
        draw_bars(self.remembered, rates, labels, top=110, hatched=few)
        self.remembered.write_values(
            rates,
            [
                share_percent(h.review_passed, h.review_cards) if h.review_cards else ""
                for h in hours
            ],
        )
        for card, summary in (
            (self.answers, answers_summary(hours)),
            (self.remembered, remembered_summary(hours)),
        ):
            card.describe(summary, len(hours), lambda: hour_points(hours))


def _draw_spread(card: ChartCard, spread: Spread, labels: Sequence[str]) -> None:
    """Draw a bar per range with its count written on top."""
    draw_bars(card, spread.counts, labels)
    card.write_values(spread.counts, [f"{count:,}" for count in spread.counts])
