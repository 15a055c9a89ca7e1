"""The Progress place's sentences: plurals, and amounts too small to round to a whole one."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fibrolearn.domain.statistics import (
    DayActivity,
    ForecastDay,
    MonthRetention,
    QuizPoint,
    RevlogImport,
    Today,
)
from fibrolearn.domain.words import revlog_import_summary
from fibrolearn.ui.progress_text import (
    RETENTION_MEANS,
    forecast_summary,
    heatmap_summary,
    log_summary,
    quiz_summary,
    retention_summary,
    reviews_summary,
    time_summary,
    today_text,
)

DAY = date(2026, 3, 4)
EARLIER = date(2026, 3, 3)


def test_less_than_a_minute_is_said_in_seconds_and_one_day_has_no_average() -> None:
    assert time_summary([39 / 60], [DAY]) == "39 seconds on 4 March 2026."
    assert time_summary([0.0, 20 / 60], [EARLIER, DAY]) == (
        "20 seconds from 3 March 2026 to 4 March 2026, on 1 day."
    )
    assert time_summary([2.0, 90.0], [EARLIER, DAY]) == (
        "1 hour 32 minutes from 3 March 2026 to 4 March 2026, on 2 days: "
        "about 46 minutes per day studied."
    )
    assert time_summary([0.0], [DAY]) == "No study time in this period."


def test_reviews_are_counted_in_words() -> None:
    assert reviews_summary([1], [DAY]) == "1 review on 4 March 2026."
    assert reviews_summary([1, 2], [EARLIER, DAY]) == (
        "3 reviews from 3 March 2026 to 4 March 2026, on 2 days: about 2 reviews per day studied."
    )
    assert reviews_summary([], []) == "No reviews yet."


def test_dates_are_written_in_words_as_elsewhere_in_the_app() -> None:
    """Not 2026-02-23: day, month name and year, the weekday where one day stands out."""
    month = [date(2026, 2, 1) + timedelta(days=i) for i in range(28)]
    counts = [0] * 7 + [3] * 21
    assert reviews_summary(counts, month).startswith(
        "63 reviews from 1 February 2026 to 28 February 2026, on 21 days"
    )
    activity = [DayActivity(date(2026, 2, 23), 159, 600.0), DayActivity(DAY, 12, 60.0)]
    assert heatmap_summary(activity, DAY).endswith(
        "; busiest day Monday 23 February 2026 with 159 reviews."
    )
    for summary in (reviews_summary(counts, month), heatmap_summary(activity, DAY)):
        assert not re.search(r"\d{4}-\d\d-\d\d", summary), summary


def test_one_imported_answer_is_one_answer() -> None:
    one = RevlogImport(rows=1, imported=1, duplicates=0, cards=1)
    assert revlog_import_summary(one) == "Imported 1 answer about 1 card."
    again = RevlogImport(rows=2, imported=1, duplicates=1, cards=1)
    assert revlog_import_summary(again) == (
        "Imported 1 answer about 1 card; 1 already in your log was skipped."
    )
    many = RevlogImport(rows=9, imported=5, duplicates=4, cards=2)
    assert revlog_import_summary(many) == (
        "Imported 5 answers about 2 cards; 4 already in your log were skipped."
    )
    assert log_summary(1, 1) == (
        "1 answer in your review log, 1 of them about cards not in this collection."
    )
    assert log_summary(2, 0) == "2 answers in your review log."


def test_no_recent_retention_says_so_and_points_to_older_history() -> None:
    empty = [MonthRetention(date(2026, month, 1), 0, 0) for month in (1, 2, 3)]
    assert retention_summary(empty, older_history=True) == (
        "No reviews of learnt cards in the last 3 months; choose the period “all” "
        f"to include your older history. {RETENTION_MEANS}"
    )
    assert retention_summary(empty).startswith("No reviews of learnt cards yet")


def test_true_retention_says_what_it_means_with_or_without_numbers() -> None:
    months = [MonthRetention(date(2026, 2, 1), 0, 0), MonthRetention(date(2026, 3, 1), 9, 10)]
    for summary in (retention_summary(months), retention_summary(months[:1])):
        assert summary.endswith(
            " True retention is the share of cards you remembered when they came due "
            "(not counting first-time learning)."
        )
    assert retention_summary(months).startswith("90 % of 10 reviews of learnt cards passed")


def forecast(*counts: int) -> list[ForecastDay]:
    return [ForecastDay(DAY + timedelta(days=i), n) for i, n in enumerate(counts)]


def test_todays_forecast_bar_is_not_called_due_as_it_holds_learning_cards() -> None:
    # Day 2 of a new learner: 7 learning cards today, which the deck list shows as
    # "Learning 7 · Due 0"; the forecast must not say "7 cards due today".
    summary = forecast_summary(forecast(7, 4, 0, 0, 0, 0, 0, 1))
    assert "due today" not in summary
    assert summary == (
        "Cards you have studied coming back: 7 today (learning and due together, overdue "
        "ones included), 11 in the next 7 days, 12 in the next 30 days."
    )


def test_nothing_scheduled_is_said_in_words_not_zeros() -> None:
    for empty in (forecast(0, 0, 0), forecast()):
        assert forecast_summary(empty) == (
            "No cards you have studied come back in the next 30 days."
        )


def test_todays_line_counts_cards_left_as_the_deck_list_adds_them_up() -> None:
    assert today_text(Today(DAY, 0, 0, 0.0, 27)) == (
        "Today: nothing studied yet; 27 cards left for today."
    )
    assert today_text(Today(DAY, 2, 1, 30.0, 1)).endswith("; 1 card left for today.")


def test_answers_naming_cards_of_this_collection_are_said_once_rightly() -> None:
    shared = RevlogImport(rows=1, imported=1, duplicates=0, cards=1, shared_ids=1)
    assert revlog_import_summary(shared).endswith(
        " 1 answer names a card id this collection also uses: kept as history, so no card's "
        "schedule changed."
    )


def test_a_share_reads_all_or_none_only_when_it_is() -> None:
    """Found in a bug hunt of Progress: 199 of 200 answers read "100 % remembered" (one was
    Again), a month of 1 pass in 300 reviews "0 %", and quizzes all but one perfect averaged
    "100 %": rounding made them say what the learner knows is not so."""
    assert "200 cards in 10 minutes, 99 % remembered" in today_text(Today(DAY, 200, 199, 600, 0))
    assert "10 cards in 1 minute, 100 % remembered" in today_text(Today(DAY, 10, 10, 60, 0))
    assert "1 card in 10 seconds, 0 % remembered" in today_text(Today(DAY, 1, 0, 10, 0))
    months = [MonthRetention(date(2026, 2, 1), 1, 300), MonthRetention(DAY.replace(day=1), 0, 0)]
    assert retention_summary(months).startswith(
        "1 % of 300 reviews of learnt cards passed; February 2026: 1 % of 300 reviews."
    )
    nearly = [MonthRetention(date(2026, 2, 1), 299, 300)]
    assert retention_summary(nearly).startswith("99 % of 300 reviews of learnt cards passed;")
    quizzes = [QuizPoint(n, DAY, 10, 10) for n in range(199)]
    quizzes.append(QuizPoint(199, DAY, 9, 10))
    assert quiz_summary(quizzes) == "200 quizzes; latest 9 of 10 (90 %); average 99 %."
    assert quiz_summary(quizzes[:1]) == "1 quiz; latest 10 of 10 (100 %); average 100 %."
