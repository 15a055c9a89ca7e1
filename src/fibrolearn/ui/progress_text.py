"""The Progress place in words: each chart's summary, read by screen readers and shown under it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from fibrolearn.domain.statistics import (
    FEWEST_TO_TELL,
    DayActivity,
    ForecastDay,
    Horizon,
    MonthRetention,
    QuizPoint,
    StateCounts,
    Today,
    too_few_to_tell,
)
from fibrolearn.domain.words import counted
from fibrolearn.ui.formatting import date_words, duration_words, share_percent

# What the true retention chart measures, in the words a learner uses.
RETENTION_MEANS = (
    "True retention is the share of cards you remembered when they came due "
    "(not counting first-time learning)."
)


def share_told(passed: int, total: int, done: str) -> str:
    """A period's share of reviews: "86 % of 100 reviews{done}".

    Of too few to tell (:func:`too_few_to_tell`, its bar hatched): "100 % of only 5
    reviews{done}, too few to tell".
    """
    share = f"{share_percent(passed, total)} of"
    if too_few_to_tell(total):
        return f"{share} only {counted(total, 'review')}{done}, too few to tell"
    return f"{share} {counted(total, 'review')}{done}"


def hatched_words(periods: str, totals: Sequence[int]) -> str:
    """What a hatched bar is, when one of ``totals`` is too few to tell; else nothing."""
    if not any(too_few_to_tell(total) for total in totals):
        return ""
    return f" Hatched bars: {periods} of fewer than {FEWEST_TO_TELL} reviews."


def today_text(today: Today) -> str:
    """Today in one line: what was studied, and how many cards are left.

    E.g. "Today: 23 cards in 12 minutes, 87 % remembered; 40 cards left for today.". "Left" is
    the deck list's New, Learning and Due added up, so the two always agree.
    """
    if not today.reviews:
        done = "nothing studied yet"
    else:
        done = (
            f"{counted(today.reviews, 'card')} in {duration_words(today.seconds)}, "
            f"{share_percent(today.passed, today.reviews)} remembered"
        )
    left = (
        "nothing left for today"
        if not today.left
        else f"{counted(today.left, 'card')} left for today"
    )
    return f"Today: {done}; {left}."


def reviews_summary(counts: Sequence[float], days: Sequence[date]) -> str:
    """Reviews over the days shown, and the average per study day."""
    return _activity_summary(counts, days, "reviews", review_count_words)


def time_summary(minutes: Sequence[float], days: Sequence[date]) -> str:
    """Study time over the days shown, and the average per study day."""
    # In words, so half a minute reads "30 seconds", never "1 minutes" or "0 minutes".
    return _activity_summary(minutes, days, "study time", lambda m: duration_words(60 * m))


def _activity_summary(
    values: Sequence[float], days: Sequence[date], unit: str, words: Callable[[float], str]
) -> str:
    if not days:
        return f"No {unit} yet."
    studied = sum(1 for v in values if v)
    if not studied:
        return f"No {unit} in this period."
    total = sum(values)
    if len(days) == 1:
        return f"{words(total)} on {date_words(days[0])}."
    text = (
        f"{words(total)} from {date_words(days[0])} to {date_words(days[-1])}, "
        f"on {counted(studied, 'day')}"
    )
    if studied == 1:  # the average would only repeat the total
        return text + "."
    return f"{text}: about {words(total / studied)} per day studied."


def year_start(today: date) -> date:
    """The first of the 365 study days to ``today`` that Progress reads as the last year."""
    return today - timedelta(days=364)


def day_range(first: date, last: date) -> list[date]:
    """Every date from ``first`` to ``last``."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def heatmap_summary(activity: Sequence[DayActivity], today: date) -> str:
    """Days studied in the last year, the current streak, and the busiest day."""
    year_ago = year_start(today)
    days = {a.day: a.reviews for a in activity if year_ago <= a.day <= today and a.reviews}
    if not days:
        return "No study days in the last year yet."
    streak = 0
    cursor = today if today in days else today - timedelta(days=1)
    while cursor in days:
        streak += 1
        cursor -= timedelta(days=1)
    busiest = max(days, key=lambda d: (days[d], d))
    return (
        f"Studied on {counted(len(days), 'day')} of the last 365; current streak "
        f"{counted(streak, 'day')}; busiest day {date_words(busiest, weekday=True)} with "
        f"{counted(days[busiest], 'review')}."
    )


def forecast_title(horizon: Horizon) -> str:
    """The forecast chart's title: "Cards coming back in the next 30 days"."""
    return f"Cards coming back in the next {horizon.words}"


def forecast_summary(forecast: Sequence[ForecastDay], horizon: Horizon = Horizon.MONTH) -> str:
    """Studied cards coming back today, in the next week, and over the ``horizon``.

    Today's bar holds learning cards as well as due ones (and overdue ones), so it is not
    called "due": the deck list and Study count those apart, as Learning and Due.
    """
    total = sum(f.due for f in forecast)
    if not total:
        return f"No cards you have studied come back in the next {horizon.words}."
    week = sum(f.due for f in forecast[:7])
    return (
        f"Cards you have studied coming back: {forecast[0].due:,} today (learning and due "
        f"together, overdue ones included), {week:,} in the next 7 days, {total:,} in the next "
        f"{horizon.words}."
    )


def retention_summary(months: Sequence[MonthRetention], *, older_history: bool = False) -> str:
    """Overall true retention and the latest month's, then what true retention means.

    Args:
        months: The months shown.
        older_history: Whether the log has answers from before these months.
    """
    return f"{_retention_numbers(months, older_history)} {RETENTION_MEANS}"


def _retention_numbers(months: Sequence[MonthRetention], older_history: bool) -> str:
    passed = sum(m.passed for m in months)
    total = sum(m.total for m in months)
    if not total and older_history:
        return (
            f"No reviews of learnt cards in the last {len(months)} months; choose the period "
            "“all” to include your older history."
        )
    if not total:
        return "No reviews of learnt cards yet: this chart fills once cards come back."
    latest = next((m for m in reversed(months) if m.total), None)
    assert latest is not None  # total > 0
    return (
        f"{share_percent(passed, total)} of {total:,} reviews of learnt cards passed; "
        f"{latest.month.strftime('%B %Y')}: {share_told(latest.passed, latest.total, '')}."
        + hatched_words("months", [m.total for m in months])
    )


def log_summary(total: int, history_only: int) -> str:
    """How many answers the review log holds, and how many are about cards not here.

    Those are history imported from elsewhere, or kept from notes deleted since.
    """
    text = f"{counted(total, 'answer')} in your review log"
    if not history_only:
        return text + "."
    return f"{text}, {history_only:,} of them about cards not in this collection."


def states_summary(states: StateCounts) -> str:
    """Every state's count in one sentence."""
    return (
        f"{states.new:,} new, {states.learning:,} learning, {states.review:,} in review, "
        f"{states.relearning:,} relearning, {states.suspended:,} suspended."
    )


def quiz_summary(points: Sequence[QuizPoint]) -> str:
    """How many quizzes, the latest score and the average."""
    if not points:
        return "No quizzes finished yet."
    average = share_percent(sum(p.score for p in points), len(points))
    last = points[-1]
    quizzes = "1 quiz" if len(points) == 1 else f"{len(points):,} quizzes"
    latest = share_percent(last.correct, last.total) if last.total else "0 %"
    return f"{quizzes}; latest {last.correct} of {last.total} ({latest}); average {average}."


# ------------------------------------------------------------- each bar in words
def review_count_words(count: float) -> str:
    """A day's answers: "383 reviews", "0 reviews"."""
    return counted(round(count), "review")


def study_time_words(minutes: float) -> str:
    """A day's study time: "56 minutes", or "no study" for none."""
    return duration_words(60 * minutes) if minutes else "no study"


def day_points(
    days: Sequence[date], values: Sequence[float], words: Callable[[float], str]
) -> list[str]:
    """Each day's bar: "Sunday 8 September 2024: 383 reviews"."""
    return [
        f"{date_words(day, weekday=True)}: {words(value)}"
        for day, value in zip(days, values, strict=True)
    ]


def forecast_points(forecast: Sequence[ForecastDay]) -> list[str]:
    """Each day's cards coming back, today's named as today."""
    return [
        f"{'Today, ' if index == 0 else ''}{date_words(f.day, weekday=True)}: "
        f"{counted(f.due, 'card')}"
        for index, f in enumerate(forecast)
    ]


def retention_points(months: Sequence[MonthRetention]) -> list[str]:
    """Each month's true retention: "March 2024: 70 % of 120 reviews passed".

    A month of too few reviews (its bar hatched): "… of only 5 reviews passed, too few to tell".
    """
    return [
        f"{m.month:%B %Y}: "
        + (share_told(m.passed, m.total, " passed") if m.total else "no reviews of learnt cards")
        for m in months
    ]


def state_points(names: Sequence[str], counts: Sequence[int]) -> list[str]:
    """Each state's bar: "New: 142"."""
    return [f"{name}: {count:,}" for name, count in zip(names, counts, strict=True)]


def quiz_points(points: Sequence[QuizPoint]) -> list[str]:
    """Each quiz's score, on the study day it was finished."""
    return [
        f"{date_words(p.day, weekday=True)}: {p.correct} of {p.total} right "
        f"({share_percent(p.correct, p.total) if p.total else '0 %'})"
        for p in points
    ]
