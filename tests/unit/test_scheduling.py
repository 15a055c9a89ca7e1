"""The FSRS wrapper, fuzz and study-day boundaries, on fixed instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest

from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.study import MemoryState
from fibrolearn.scheduling.fsrs_scheduler import CardScheduler
from fibrolearn.scheduling.fuzz import fuzz_range, fuzzed_days
from fibrolearn.scheduling.queue import remaining_allowance
from fibrolearn.scheduling.study_day import StudyDay

T0 = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
SEQUENCE = [
    Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD,
    Rating.AGAIN, Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.HARD, Rating.EASY,
]  # fmt: skip


def run_sequence(ratings: list[Rating], *, fuzz: bool) -> list[MemoryState]:
    scheduler = CardScheduler(DeckOptions(), fuzz=fuzz)
    state, now, states = MemoryState.new(T0), T0, []
    for rating in ratings:
        state = scheduler.answer(42, state, rating, now)
        states.append(state)
        now = state.due
    return states


def test_intervals_match_fsrs_exactly_without_fuzz() -> None:
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card, now, expected = fsrs.Card(card_id=42), T0, []
    for rating in SEQUENCE:
        card, _ = reference.review_card(card, fsrs.Rating(int(rating)), now)
        expected.append((card.due - now, card.stability, card.difficulty, card.state.value))
        now = card.due

    ours, now = [], T0
    for state in run_sequence(SEQUENCE, fuzz=False):
        ours.append((state.due - now, state.stability, state.difficulty, int(state.state)))
        now = state.due
    assert ours == expected


def test_whole_interval_history_is_the_published_one() -> None:
    # py-fsrs's own regression history for this sequence (tests/test_basic.py, v6 defaults).
    ratings = [Rating.GOOD] * 6 + [Rating.AGAIN] * 2 + [Rating.GOOD] * 5
    days = [(s.due - s.last_review).days for s in run_sequence(ratings, fuzz=False)]
    assert days == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]


def test_new_card_intervals_for_each_first_rating() -> None:
    preview = CardScheduler(DeckOptions(), fuzz=False).preview(1, MemoryState.new(T0), T0)
    assert preview[Rating.AGAIN] == timedelta(minutes=1)
    assert preview[Rating.HARD] == timedelta(minutes=5, seconds=30)  # halfway between steps
    assert preview[Rating.GOOD] == timedelta(minutes=10)
    assert preview[Rating.EASY] == timedelta(days=8)


def test_each_passing_rating_gives_longer_than_the_one_below() -> None:
    """Found in a bug hunt: FSRS rounds and fuzz spreads each rating on its own, so the buttons
    read "Good 1d, Easy 1d" on every card after Again then Good, and now and then "Hard 5d,
    Good 4d" on a review card. As in Anki, each passing rating that schedules a review now
    gives at least a day more than the one below it; what is scheduled is what was shown."""
    scheduler = CardScheduler(DeckOptions())
    failed = scheduler.answer(1, MemoryState.new(T0), Rating.AGAIN, T0)
    learnt = scheduler.answer(1, failed, Rating.GOOD, T0 + timedelta(minutes=1))
    preview = scheduler.preview(1, learnt, T0 + timedelta(minutes=11))
    assert preview[Rating.GOOD] == timedelta(days=1)
    assert preview[Rating.EASY] == timedelta(days=2)
    seen = T0 - timedelta(days=2)
    for card_id in range(1, 40):  # fuzz gave card 5 "Hard 5d, Good 4d" here
        review = MemoryState(CardState.REVIEW, None, 1.0, 5.0, T0, last_review=seen, reps=5)
        preview = scheduler.preview(card_id, review, T0)
        assert preview[Rating.HARD] < preview[Rating.GOOD] < preview[Rating.EASY], card_id
        for rating, interval in preview.items():
            assert scheduler.answer(card_id, review, rating, T0).due - T0 == interval


def test_counts_reps_and_lapses() -> None:
    states = run_sequence(SEQUENCE, fuzz=False)
    assert [s.reps for s in states] == list(range(1, 13))
    assert states[6].lapses == 1  # first Again on a review card
    assert states[7].lapses == 1  # second Again while relearning is no new lapse
    assert states[6].state == CardState.RELEARNING


def test_fuzz_is_deterministic_and_within_range() -> None:
    first = run_sequence(SEQUENCE, fuzz=True)
    assert first == run_sequence(SEQUENCE, fuzz=True)
    for days in (3, 7, 20, 100, 400):
        low, high = fuzz_range(days, 36500)
        seen = {fuzzed_days(days, maximum=36500, seed=s) for s in range(300)}
        assert seen <= set(range(low, high + 1))
        assert len(seen) > 1
    assert fuzzed_days(2, maximum=36500, seed=1) == 2


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CardScheduler(DeckOptions()).answer(
            1, MemoryState.new(T0), Rating.GOOD, datetime(2022, 1, 1)
        )


def test_retrievability_is_zero_for_new_and_falls_over_time() -> None:
    scheduler = CardScheduler(DeckOptions(), fuzz=False)
    assert scheduler.retrievability(MemoryState.new(T0), T0) == 0
    state = scheduler.answer(1, MemoryState.new(T0), Rating.EASY, T0)
    soon = scheduler.retrievability(state, T0 + timedelta(days=1))
    later = scheduler.retrievability(state, T0 + timedelta(days=30))
    assert 1 > soon > later > 0


def test_higher_retention_gives_shorter_intervals() -> None:
    state = MemoryState.new(T0)
    relaxed = CardScheduler(DeckOptions(desired_retention=0.8), fuzz=False)
    strict = CardScheduler(DeckOptions(desired_retention=0.95), fuzz=False)
    assert strict.preview(1, state, T0)[Rating.EASY] < relaxed.preview(1, state, T0)[Rating.EASY]


BERLIN = ZoneInfo("Europe/Berlin")


def _seen_before(last: str) -> MemoryState:
    """A review card with a short interval, last answered at ``last`` (Berlin time)."""
    seen = datetime.fromisoformat(last).replace(tzinfo=BERLIN)
    return MemoryState(
        state=CardState.REVIEW, step=None, stability=1.2, difficulty=5.0,
        due=seen + timedelta(days=1), last_review=seen, reps=3, lapses=0,
    )  # fmt: skip


def _reference_after(
    state: MemoryState, now: datetime, days: int, rating: fsrs.Rating = fsrs.Rating.Good
) -> fsrs.Card:
    """py-fsrs's answer (Good) at ``now`` to the same card, seen exactly ``days`` days before."""
    card = fsrs.Card(
        card_id=7, state=fsrs.State.Review, stability=state.stability,
        difficulty=state.difficulty, due=now, last_review=now - timedelta(days=days),
    )  # fmt: skip
    return fsrs.Scheduler(enable_fuzzing=False).review_card(card, rating, now)[0]


@pytest.mark.parametrize(
    ("last", "answered", "study_days"),
    [
        # Seen yesterday at 09:00, answered today at 08:30: 23.5 hours, but a day later, as
        # for Anki (fsrs alone counts whole 24-hour periods and saw a same-day repeat).
        ("2026-03-04 09:00", "2026-03-05 08:30", 1),
        ("2026-03-04 09:00", "2026-03-05 09:30", 1),
        # Late at night is still the day before: no day has passed.
        ("2026-03-04 09:00", "2026-03-05 03:30", 0),
        # 30 hours apart but across two rollovers.
        ("2026-03-04 03:00", "2026-03-05 09:00", 2),
    ],
)
def test_time_since_the_last_answer_is_counted_in_study_days(
    last: str, answered: str, study_days: int
) -> None:
    scheduler = CardScheduler(DeckOptions(), fuzz=False, study_day=StudyDay(4, BERLIN))
    state = _seen_before(last)
    now = datetime.fromisoformat(answered).replace(tzinfo=BERLIN).astimezone(UTC)
    after = scheduler.answer(7, state, Rating.GOOD, now)
    expected = _reference_after(state, now, study_days)
    # A day more than Hard gives, as in Anki: on a repeat the same day, both gave a day.
    hard = _reference_after(state, now, study_days, fsrs.Rating.Hard)
    assert (after.stability, after.difficulty, after.due) == (
        expected.stability,
        expected.difficulty,
        max(expected.due, hard.due + timedelta(days=1)),
    )
    assert after.last_review == now  # the real moment is what is kept


def test_predicted_recall_counts_the_hours_since_the_last_answer() -> None:
    scheduler = CardScheduler(DeckOptions(), fuzz=False)
    failed = MemoryState(
        state=CardState.LEARNING, step=0, stability=0.212, difficulty=7.0,
        due=T0 + timedelta(minutes=1), last_review=T0, reps=1, lapses=0,
    )  # fmt: skip
    # Not "about 100 %" for a whole day, as fsrs's whole-day count would say.
    assert 0.98 < scheduler.retrievability(failed, T0 + timedelta(minutes=2)) < 1
    assert scheduler.retrievability(failed, T0 + timedelta(hours=23)) == pytest.approx(
        0.77, abs=0.01
    )
    # At whole days it is fsrs's own prediction.
    reference = fsrs.Scheduler()
    card = fsrs.Card(state=fsrs.State.Learning, step=0, stability=0.212, difficulty=7.0,
                     last_review=T0)  # fmt: skip
    for days in (1, 3, 10):
        at = T0 + timedelta(days=days)
        assert scheduler.retrievability(failed, at) == pytest.approx(
            reference.get_card_retrievability(card, at)
        )


@pytest.mark.parametrize(
    ("local", "study_date"),
    [
        ("2026-03-04 03:59", date(2026, 3, 3)),
        ("2026-03-04 04:00", date(2026, 3, 4)),
        ("2026-03-04 23:30", date(2026, 3, 4)),
        ("2026-03-05 01:00", date(2026, 3, 4)),
    ],
)
def test_study_day_rolls_over_at_four_local_time(local: str, study_date: date) -> None:
    zone = ZoneInfo("Europe/Berlin")
    moment = datetime.fromisoformat(local).replace(tzinfo=zone)
    assert StudyDay(4, zone).date_of(moment) == study_date


def test_study_day_bounds_in_utc_across_dst() -> None:
    zone = ZoneInfo("Europe/Berlin")
    day = StudyDay(4, zone)
    # Clocks spring forward in Berlin at 02:00 on 2026-03-29, so the study day that starts
    # at 04:00 CET on the 28th lasts only 23 hours.
    saturday = datetime(2026, 3, 28, 12, tzinfo=zone)
    assert day.start(saturday) == datetime(2026, 3, 28, 3, tzinfo=UTC)  # 04:00 CET
    assert day.end(saturday) == datetime(2026, 3, 29, 2, tzinfo=UTC)  # 04:00 CEST
    assert day.end(saturday) - day.start(saturday) == timedelta(hours=23)
    assert StudyDay(0, zone).start(saturday) == datetime(2026, 3, 27, 23, tzinfo=UTC)


def test_rollover_hour_is_validated() -> None:
    with pytest.raises(ValueError, match="0-23"):
        StudyDay(24)


def test_daily_allowance_never_negative() -> None:
    options = DeckOptions(new_per_day=5, reviews_per_day=10)
    assert remaining_allowance(options, new_done_today=2, reviews_done_today=3).new == 3
    exhausted = remaining_allowance(options, new_done_today=9, reviews_done_today=30)
    assert (exhausted.new, exhausted.reviews) == (0, 0)
