"""A card to show cannot be read (the disk, damage): study stops on a screen that says why,
and no card is left on it to be answered again."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from test_study_card_changes_elsewhere import View, revealed, reviews_of, studying

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating, Undone
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.study import StudyPosition
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession


@dataclass
class StuckView(View):
    stuck: list[StorageProblem] = field(default_factory=list)

    def show_stuck(self, problem: StorageProblem) -> None:
        self.stuck.append(problem)


def failing_study_calls(
    services: Services, monkeypatch: pytest.MonkeyPatch, error: Exception, names: tuple[str, ...]
) -> list[Exception]:
    """Make these StudyService calls raise ``error`` until the returned list is emptied."""
    failures = [error]
    for name in names:
        call = getattr(services.study, name)

        def failing(*args, call=call):  # type: ignore[no-untyped-def]
            if failures:
                raise failures[0]
            return call(*args)

        monkeypatch.setattr(services.study, name, failing)
    return failures


def failing_reads(
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    reads: tuple[str, ...] = ("next_card_and_counts", "card"),
) -> list[Exception]:
    """Make ``reads`` of a card to show raise ``error`` until the returned list is emptied."""
    return failing_study_calls(services, monkeypatch, error, reads)


DISK_GONE = sqlite3.OperationalError("disk I/O error")


def resumed(
    services: Services, clock: FixedClock, view: View, position: StudyPosition
) -> StudySession:
    """The session a restart resumes from ``position``."""
    session = StudySession(services.study, services.card_edits, clock, view, position.deck_id)
    session.start(position)
    return session


def test_a_disk_gone_after_the_answer_stops_study_until_tried_again(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    answered = session.card.card_id
    failures = failing_reads(services, monkeypatch, DISK_GONE)

    session.rate(Rating.GOOD)  # saved; the next card cannot be read
    assert reviews_of(services, answered) == 1
    assert session.stuck and session.card is None
    assert [problem.kind for problem in view.stuck] == [StorageProblemKind.UNAVAILABLE]
    session.rate(Rating.GOOD)  # a key meant for the card that went: nothing happens
    session.reveal()
    assert reviews_of(services, answered) == 1 and len(view.stuck) == 1

    session.try_again()  # the disk still gone: said again
    assert session.stuck and len(view.stuck) == 2
    failures.clear()  # the disk is back
    session.try_again()
    assert not session.stuck and session.card is not None and view.card is session.card
    assert session.answered == 1


def test_the_clock_stops_while_study_is_stopped(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, session = revealed(services, clock, StuckView())
    clock.advance(timedelta(seconds=20))
    failures = failing_reads(services, monkeypatch, DISK_GONE)
    session.rate(Rating.GOOD)
    studied = session.study_seconds()
    assert studied == pytest.approx(20)

    for _ in range(3):  # a goal of minutes is not used up by trying again
        clock.advance(timedelta(minutes=1))
        session.try_again()
    assert session.study_seconds() == pytest.approx(studied)
    failures.clear()
    session.try_again()
    clock.advance(timedelta(seconds=5))
    assert session.study_seconds() == pytest.approx(studied + 5)


def test_a_restart_after_study_stopped_reads_the_next_card(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, session = revealed(services, clock, StuckView())
    suspended = session.card.card_id
    failures = failing_reads(services, monkeypatch, DISK_GONE, ("next_card_and_counts",))
    assert session.suspend_card()  # done, then the next card cannot be read
    assert session.stuck
    position = services.study.saved_position()
    assert position is not None and position.card_id is None  # not the suspended card

    failures.clear()
    restarted = resumed(services, clock, View(), position)
    assert restarted.card is not None and restarted.card.card_id != suspended


@pytest.mark.parametrize("how", ["start", "resume after a pause", "coming back"])
def test_a_card_that_cannot_be_read_when_shown_again_stops_study(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    position = services.study.saved_position()
    assert position is not None
    if how == "resume after a pause":
        session.pause()
    failing_reads(services, monkeypatch, DISK_GONE)

    if how == "start":
        session = resumed(services, clock, view, position)
    elif how == "resume after a pause":
        session.resume()
    else:
        assert session.recheck()  # the study place shown again (after Browse, say)
    assert session.stuck and session.card is None and not session.paused
    assert len(view.stuck) == 1


def test_a_failure_of_the_code_leaves_the_card_where_it_was(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    failing_reads(services, monkeypatch, KeyError("a mistake of ours"))

    with pytest.raises(KeyError):  # the window's hook says so, with a report
        session.rate(Rating.GOOD)
    assert not session.stuck and view.stuck == [] and session.card is not None


def failing_saves(
    services: Services, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> list[Exception]:
    """Make saving the study place raise ``error`` until the returned list is emptied."""
    return failing_study_calls(services, monkeypatch, error, ("save_position",))


def test_a_place_the_disk_will_not_save_does_not_stop_study(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: the place is kept only for a restart, yet a failure to save it
    stopped study on a full disk, where every card can still be read."""
    view = StuckView()
    _, session = revealed(services, clock, view)
    reads = failing_reads(services, monkeypatch, DISK_GONE)
    session.rate(Rating.GOOD)
    assert session.stuck
    reads.clear()
    failing_saves(services, monkeypatch, DISK_GONE)  # the read works, the save not
    session.try_again()
    assert session.card is not None and not session.stuck and len(view.stuck) == 1
    session.reveal()
    session.pause()
    assert session.paused
    session.resume()
    assert not session.paused and session.revealed and view.card is session.card
    session.stop()


def test_the_goal_reached_as_the_disk_refuses_the_place_finishes_with_the_answer_saved(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    session.goal = SessionGoal(cards=1)
    answered = session.card.card_id
    failing_saves(services, monkeypatch, DISK_GONE)  # no card is read: the goal is reached

    session.rate(Rating.GOOD)
    assert reviews_of(services, answered) == 1
    assert not session.stuck and session.card is None and "finished" in view.shown


def test_a_start_with_the_place_refused_shows_the_first_card(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_saves(services, monkeypatch, DISK_GONE)  # the place is saved before any read
    view = StuckView()
    session = studying(services, clock, view)
    assert not session.stuck and session.card is not None and view.stuck == []


def test_a_failure_of_the_code_saving_the_place_is_not_taken_for_the_disk(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    failing_saves(services, monkeypatch, KeyError("a mistake of ours"))
    with pytest.raises(KeyError):  # the window's hook says so, with a report
        session.pause()


def test_an_undo_whose_card_cannot_be_read_is_still_taken_back_once(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    answered = session.card.card_id
    session.rate(Rating.GOOD)
    assert session.answered == 1
    failing_reads(services, monkeypatch, DISK_GONE, ("card",))

    assert session.undo() is Undone.ANSWER
    assert reviews_of(services, answered) == 0 and session.answered == 0
    assert session.stuck and len(view.stuck) == 1
    assert session.undo() is None  # the step went with it: nothing left to take back


def test_a_lock_held_elsewhere_is_not_waited_for_twice(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, session = revealed(services, clock, StuckView())
    failing_reads(services, monkeypatch, sqlite3.OperationalError("database is locked"))
    tried: list[object] = []
    monkeypatch.setattr(services.study, "save_position", tried.append)
    session.rate(Rating.GOOD)
    assert session.stuck and tried == []  # each save would wait out the lock's timeout


def test_time_on_the_card_on_screen_counts_when_coming_back_stops_study(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, session = revealed(services, clock, StuckView())
    clock.advance(timedelta(seconds=12))
    failing_reads(services, monkeypatch, DISK_GONE)
    assert session.recheck()
    assert session.stuck and session.study_seconds() == pytest.approx(12)
