"""A sitting's study time: pauses do not count, a card counts a minute at most."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fibrolearn.domain.clock import FixedClock
from fibrolearn.services.sitting_time import SittingTime


class _Stopwatch:
    """A monotonic clock moved by hand, beside the wall clock."""

    def __init__(self, clock: FixedClock) -> None:
        self.seconds = 0.0
        self._clock = clock

    def __call__(self) -> float:
        return self.seconds

    def wait(self, seconds: float) -> None:
        self.seconds += seconds
        self._clock.advance(timedelta(seconds=seconds))


def _sitting() -> tuple[SittingTime, _Stopwatch]:
    clock = FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    watch = _Stopwatch(clock)
    return SittingTime(clock, watch), watch


def test_a_pause_counts_neither_as_study_time_nor_as_answer_time() -> None:
    sitting, watch = _sitting()
    watch.wait(10)
    sitting.pause()
    watch.wait(600)
    sitting.carry_on()
    watch.wait(5)

    assert sitting.total() == 15
    assert sitting.answer_ms() == 15_000


def test_each_card_counts_a_minute_at_most_and_the_next_starts_at_zero() -> None:
    sitting, watch = _sitting()
    watch.wait(300)  # the learner left the card on screen
    assert sitting.total() == 60
    sitting.card_done()
    sitting.card_shown(2)
    watch.wait(20)

    assert sitting.total() == 80
    assert sitting.card_seconds() == 20
    assert sitting.answer_ms() == 20_000


def test_a_stop_counts_the_card_and_the_clock_waits_for_the_next_card() -> None:
    sitting, watch = _sitting()
    watch.wait(30)
    sitting.stop()
    watch.wait(900)  # the study screen says study stopped; nothing is being studied
    assert sitting.total() == 30
    sitting.card_shown(2)
    watch.wait(4)

    assert sitting.total() == 34


def test_a_saved_place_carries_on_with_its_time() -> None:
    sitting, watch = _sitting()
    sitting.carry_on_from(before_card=120, card_seconds=50)
    watch.wait(30)

    assert sitting.card_seconds() == 80
    assert sitting.total() == 180  # this card's 80 s count as 60


def test_a_dialog_over_the_card_holds_its_clock_until_it_closes() -> None:
    sitting, watch = _sitting()
    watch.wait(10)
    with sitting.held():
        watch.wait(300)  # Card info open
    watch.wait(5)

    assert sitting.total() == 15
    assert sitting.answer_ms() == 15_000


def test_another_card_shown_under_a_dialog_runs_its_own_clock_from_there() -> None:
    sitting, watch = _sitting()
    sitting.card_shown(1)
    watch.wait(10)
    with sitting.held():
        watch.wait(300)  # editing the note
        sitting.card_shown(2)  # saved, the card left study: the next one is shown
        watch.wait(1)
    watch.wait(2)

    assert sitting.total() == 13
    assert sitting.answer_ms() == 3_000


def test_the_edited_card_shown_again_keeps_its_time_and_its_dialog_hold() -> None:
    sitting, watch = _sitting()
    sitting.card_shown(1)
    watch.wait(10)
    with sitting.held():
        watch.wait(300)  # editing the note
        sitting.card_shown(1)  # saved: the card is shown as it now reads
        watch.wait(1)  # the editor closing
    watch.wait(2)

    assert sitting.total() == 12
    assert sitting.answer_ms() == 12_000


def test_the_card_shown_again_after_a_pause_times_on_from_the_pause() -> None:
    sitting, watch = _sitting()
    sitting.card_shown(1)
    watch.wait(10)
    sitting.pause()
    watch.wait(600)
    sitting.card_shown(1)  # an edit taken back with Ctrl+Z: shown again, unpaused
    watch.wait(5)

    assert sitting.total() == 15
    assert sitting.answer_ms() == 15_000


def test_study_stopped_under_a_dialog_keeps_its_clock_stopped() -> None:
    sitting, watch = _sitting()
    watch.wait(10)
    with sitting.held():
        sitting.stop()  # the edited card could not be read again
    watch.wait(600)

    assert sitting.total() == 10
