"""Progress's "More statistics" in words: labels under the bars, each bar, and summaries."""

from __future__ import annotations

from collections.abc import Sequence

from fibrolearn.domain.card_statistics import HourActivity, Spread, best_hour
from fibrolearn.domain.statistics import FEWEST_TO_TELL
from fibrolearn.domain.words import counted
from fibrolearn.ui.formatting import share_percent
from fibrolearn.ui.progress_text import RETENTION_MEANS, hatched_words, share_told

# What each spread measures, in the words a learner uses.
INTERVAL_MEANS = "The interval is the days between a card's last review and its next."
STABILITY_MEANS = (
    "Stability is how many days it takes for your chance of recalling a card to fall to 90 %."
)
DIFFICULTY_MEANS = "Difficulty is how hard a card is for you, from 0 % (easiest) to 100 %."
RETRIEVABILITY_MEANS = "Recall today is your chance of remembering a card if it were asked now."


def day_range_labels(starts: Sequence[int]) -> list[str]:
    """Short names of ranges of days, under their bars: "<1", "1", "2–3" … "366+"."""
    labels = []
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else None
        if end is None:
            labels.append(f"{start}+")
        elif start == 0:
            labels.append("<1")
        else:
            labels.append(str(start) if start == end else f"{start}–{end}")
    return labels


def day_range_words(starts: Sequence[int]) -> list[str]:
    """Ranges of days in words: "under 1 day", "1 day", "2 to 3 days" … "over 365 days"."""
    words = []
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else None
        if end is None:
            words.append(f"over {start - 1:,} days")
        elif start == 0:
            words.append("under 1 day")
        else:
            words.append(counted(start, "day") if start == end else f"{start} to {end:,} days")
    return words


def percent_range_labels(starts: Sequence[int]) -> list[str]:
    """Short names of ranges of percentages: "0–10" … "90–100"."""
    return [f"{start}–{_end(starts, index)}" for index, start in enumerate(starts)]


def percent_range_words(starts: Sequence[int]) -> list[str]:
    """Ranges of percentages in words: "0 to 10 %" … "90 to 100 %"."""
    return [f"{start} to {_end(starts, index)} %" for index, start in enumerate(starts)]


def _end(starts: Sequence[int], index: int) -> int:
    return starts[index + 1] if index + 1 < len(starts) else 100


def spread_points(spread: Spread, ranges: Sequence[str], what: str) -> list[str]:
    """Each range's bar: "2 to 3 days: 14 cards (12 %)"."""
    return [
        f"{what} {name}: {counted(count, 'card')}"
        + (f" ({share_percent(count, spread.total)})" if spread.total else "")
        for name, count in zip(ranges, spread.counts, strict=True)
    ]


def spread_summary(
    spread: Spread, ranges: Sequence[str], cards: tuple[str, str], means: str
) -> str:
    """How many cards, and the range most of them are in; then what the measure means.

    ``cards`` names one card counted and several ("card in review", "cards in review");
    ``ranges`` names each range in words.
    """
    if not spread.total:
        return f"No {cards[1]} yet. {means}"
    most = max(range(len(spread.counts)), key=lambda i: (spread.counts[i], -i))
    return (
        f"{counted(spread.total, *cards)}; the most, {spread.counts[most]:,} "
        f"({share_percent(spread.counts[most], spread.total)}), at {ranges[most]}. {means}"
    )


def recall_summary(spread: Spread, starts: Sequence[int]) -> str:
    """How many studied cards you would recall today with a 90 % chance or better."""
    if not spread.total:
        return f"No studied cards yet. {RETRIEVABILITY_MEANS}"
    likely = sum(c for s, c in zip(starts, spread.counts, strict=True) if s >= 90)
    return (
        f"Of {counted(spread.total, 'studied card')}, you would recall {likely:,} "
        f"({share_percent(likely, spread.total)}) with a 90 % chance or better today. "
        f"{RETRIEVABILITY_MEANS}"
    )


def hour_label(hour: int) -> str:
    """An hour of the day as a clock shows it: "09:00"."""
    return f"{hour:02d}:00"


def hour_points(hours: Sequence[HourActivity]) -> list[str]:
    """Each hour's bar: "10:00 to 10:59: 120 answers; 86 % of 100 reviews remembered".

    An hour of too few reviews to tell, its bar hatched, says "of only 5 reviews … too few
    to tell" (:func:`~fibrolearn.ui.progress_text.share_told`).
    """
    return [
        f"{hour_label(h.hour)} to {h.hour:02d}:59: {counted(h.reviews, 'answer')}; "
        + (
            share_told(h.review_passed, h.review_cards, " of learnt cards remembered")
            if h.review_cards
            else "no reviews of learnt cards"
        )
        for h in hours
    ]


def answers_summary(hours: Sequence[HourActivity]) -> str:
    """How many answers, and the hour with the most."""
    total = sum(h.reviews for h in hours)
    if not total:
        return "No answers yet: this chart fills as you study."
    busiest = max(hours, key=lambda h: (h.reviews, -h.hour))
    return (
        f"{counted(total, 'answer')}, local time; the most around {hour_label(busiest.hour)} "
        f"({busiest.reviews:,})."
    )


def remembered_summary(hours: Sequence[HourActivity]) -> str:
    """The hour of the day the learner remembers best, if enough reviews tell.

    And what a hatched bar is, when there is one: an hour of too few reviews to tell.
    """
    best = best_hour(hours)
    hatched = hatched_words("hours", [h.review_cards for h in hours])
    if best is None:
        return (
            "Not enough reviews of learnt cards yet to tell when you remember best "
            f"(an hour needs {FEWEST_TO_TELL}).{hatched}"
        )
    return (
        f"You remember best around {hour_label(best.hour)}: "
        f"{share_percent(best.review_passed, best.review_cards)} of "
        f"{counted(best.review_cards, 'review')} of learnt cards.{hatched} {RETENTION_MEANS}"
    )
