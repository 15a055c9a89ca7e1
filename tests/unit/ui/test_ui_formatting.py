"""Words the study screen shows: steps, progress, and "why now?"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from fibrolearn.domain.decks import QueueCounts
from fibrolearn.domain.enums import CardState
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.knowledge import DeckUpdate
from fibrolearn.domain.study import RecallInsight, SessionProgress, SessionSummary
from fibrolearn.domain.words import deck_update_words
from fibrolearn.ui.announce import spoken
from fibrolearn.ui.formatting import (
    parse_steps,
    progress_words,
    recall_words,
    steps_text,
    summary_words,
)

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def test_steps_round_trip() -> None:
    steps = parse_steps("1m, 10m 1h 2d 90s 365d")
    assert steps == (
        timedelta(minutes=1),
        timedelta(minutes=10),
        timedelta(hours=1),
        timedelta(days=2),
        timedelta(seconds=90),
        timedelta(days=365),
    )
    assert steps_text(steps) == "1m 10m 1h 2d 90s 365d"


@pytest.mark.parametrize("bad", ["10", "m", "1.5m", "10x", "-1m", "1²m"])
def test_bad_steps_name_the_bad_one(bad: str) -> None:
    with pytest.raises(ValueError, match=f"“{bad}” is not a step: write a whole number"):
        parse_steps(f"1m {bad}")


@pytest.mark.parametrize("short", ["0m", "0d", "30s", "59s"])
def test_a_step_under_a_minute_is_refused_saying_why(short: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_steps(f"{short} 10m")
    assert str(refused.value) == f"“{short}” is too short: a step must be at least 1 minute"


@pytest.mark.parametrize("long", ["366d", "8761h", "99999d", "9" * 30 + "d"])
def test_a_step_over_a_year_is_refused_saying_why(long: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_steps(f"1m 10m {long}")
    assert str(refused.value) == f"“{long}” is too long: a step can be at most 365 days"


def test_progress_words() -> None:
    counts = QueueCounts(1, 2, 3)
    # What is left after this card (a total would grow as learning cards return).
    assert progress_words(SessionProgress(3, 12, counts)) == "Card 3 · 5 more after this"
    assert progress_words(SessionProgress(3, 5, counts, SessionGoal(cards=5))) == "Card 3 of 5"
    timed = SessionProgress(2, 2, counts, SessionGoal(minutes=5), minutes_left=3.6)
    assert progress_words(timed) == "Card 2 · about 4 minutes left"


def test_progress_words_on_the_last_card_and_for_a_screen_reader() -> None:
    last = SessionProgress(6, 6, QueueCounts(0, 1, 0))  # the count holds the card on screen
    assert progress_words(last) == "Card 6 · the last one for now"  # not "1 left"
    # Spoken: a comma, not a "middle dot".
    assert spoken(progress_words(last)) == "Card 6, the last one for now"
    many = SessionProgress(3, 1003, QueueCounts(1000, 0, 0))
    assert spoken(progress_words(many)) == "Card 3, 999 more after this"
    timed = SessionProgress(2, 2, QueueCounts(1, 2, 3), SessionGoal(minutes=5), minutes_left=1)
    assert spoken(progress_words(timed)) == "Card 2, about 1 minute left"
    gentle = SessionProgress(2, 5, QueueCounts(1, 2, 3), SessionGoal(cards=5))
    assert spoken(progress_words(gentle)) == "Card 2 of 5"


def test_why_now_for_a_review_card() -> None:
    insight = RecallInsight(
        state=CardState.REVIEW,
        as_of=NOW,
        last_seen=NOW - timedelta(days=12),
        due=NOW - timedelta(days=2),
        recall_now=0.84,
        reps=5,
        lapses=1,
    )
    assert recall_words(insight) == (
        "Last seen 12 days ago. The chance you still remember it now is about 84 %. "
        "It came due 2 days ago. Answered 5 times, forgotten 1 since learnt."
    )


def test_why_now_for_a_new_card() -> None:
    insight = RecallInsight(CardState.NEW, NOW, None, NOW, None, 0, 0)
    assert recall_words(insight).startswith("A new card")


def test_deck_update_words_say_what_changed_and_what_kept_the_learners_words() -> None:
    quiet = DeckUpdate("Quiet deck", 4)
    busy = DeckUpdate(
        "Causes",
        3,
        changed_notes=12,
        added_cards=1,
        retired_cards=2,
        kept_edits=1,
        overwritten_edits=2,
    )

    assert deck_update_words([quiet]) == ""
    assert deck_update_words([quiet, busy]) == (
        "“Causes” is now version 3: 12 notes changed, 1 new card, 2 cards retired. "
        "1 note you edited keeps your words where the deck changed them too. "
        "2 notes you edited changed kind and now read as the deck writes them."
    )


def test_why_now_for_a_card_still_being_learnt_counts_no_forgetting() -> None:
    insight = RecallInsight(
        state=CardState.LEARNING,
        as_of=NOW,
        last_seen=NOW - timedelta(minutes=2),
        due=NOW + timedelta(minutes=8),
        recall_now=0.99,
        reps=1,
        lapses=0,
    )
    assert recall_words(insight) == (
        "Last seen 2 minutes ago. The chance you still remember it now is about 99 %. "
        "You are still learning it, so it comes back after short steps. "
        "Answered 1 time while learning it."
    )


def test_an_empty_session_says_why_when_new_cards_wait_for_another_day() -> None:
    nothing = SessionSummary(reviewed=0, again=0, seconds=0)
    assert "Nothing due right now" in summary_words(nothing, None)
    held_back = SessionSummary(reviewed=0, again=0, seconds=0, new_waiting=115)
    assert summary_words(held_back, None) == (
        "<h2>Nothing left for today</h2><p>No reviews are due, and today's new cards are "
        "done.</p><p>115 new cards wait for the coming days (how many a day: Tools ▸ Deck "
        "options).</p>"
    )
    done = SessionSummary(reviewed=20, again=2, seconds=600, new_waiting=1)
    assert summary_words(done, None).endswith("<p>1 new card waits for the coming days (how "
                                              "many a day: Tools ▸ Deck options).</p>")  # fmt: skip
    assert "wait" not in summary_words(done, SessionGoal(cards=5))  # gentle: no figures


def test_an_empty_session_says_when_a_card_being_learnt_comes_back_today() -> None:
    """Not "Nothing left for today" while a card answered Again comes back in an hour."""
    later = SessionSummary(
        reviewed=0,
        again=0,
        seconds=0,
        new_waiting=3,
        learning_back_in=timedelta(hours=1),
    )
    assert summary_words(later, None) == (
        "<h2>Nothing due right now</h2><p>The next card you are still learning comes back in "
        "1 hour: study this deck again then.</p><p>3 new cards wait for the coming days (how "
        "many a day: Tools ▸ Deck options).</p>"
    )


def test_a_session_says_how_many_due_reviews_the_daily_limit_held_back() -> None:
    done = SessionSummary(reviewed=200, again=20, seconds=600, new_waiting=1, reviews_held=1)
    assert summary_words(done, None).endswith(
        "<p>1 due review waits for another day, as your daily limits allow no more today "
        "(reviews a day: Tools ▸ Deck options).</p><p>1 new card waits for the coming days "
        "(how many a day: Tools ▸ Deck options).</p>"
    )


def test_a_session_with_one_answer_forgotten_is_never_said_all_remembered() -> None:
    """Found in a bug hunt: 199 of 200 remembered were "remembered 100 %", and 1 of 250
    "0 %", where Progress already said 99 % and 1 %."""
    one_forgotten = SessionSummary(reviewed=200, again=1, seconds=600)
    assert "and remembered 99 % of them." in summary_words(one_forgotten, None)
    one_kept = SessionSummary(reviewed=250, again=249, seconds=600)
    assert "and remembered 1 % of them." in summary_words(one_kept, None)


def test_a_session_that_could_save_nothing_says_what_was_read_and_what_was_saved() -> None:
    read = SessionSummary(reviewed=0, again=0, seconds=60, read_unsaved=1)
    assert summary_words(read, None) == (
        "<h2>You have read them all for now</h2><p>You read 1 card. Nothing was saved, as "
        "FibroLearn cannot write to its collection: it stays due.</p>"
    )
    # A session carried on from before the folder became read-only keeps its answers.
    carried_on = replace(read, reviewed=2, read_unsaved=3)
    assert summary_words(carried_on, SessionGoal(cards=5)) == (
        "<h2>That is your session done</h2><p>You read 3 cards. Nothing was saved, as "
        "FibroLearn cannot write to its collection: they stay due. Your 2 answers before "
        "that are saved.</p>"
    )


def test_a_gentle_session_says_enough_only_when_its_goal_was_met() -> None:
    answered = SessionSummary(reviewed=3, again=0, seconds=40)
    for goal in (SessionGoal(cards=3), SessionGoal(minutes=5)):
        assert "That is enough for now" in summary_words(replace(answered, goal_met=True), goal)
        assert "all there was for now" in summary_words(answered, goal)
