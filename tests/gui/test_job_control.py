"""A long job's control: cancel reaches the work at its next report, or at once through stop."""

from __future__ import annotations

import pytest

from fibrolearn.domain.progress import Cancelled
from fibrolearn.ui.tasks import JobControl


def test_cancel_stops_the_work_at_its_next_report(qtbot) -> None:
    control = JobControl()
    seen: list[tuple[int, int]] = []
    control.progressed.connect(lambda done, total: seen.append((done, total)))
    control.advance(1, 3)
    control.cancel()
    with pytest.raises(Cancelled):
        control.advance(2, 3)
    assert seen == [(1, 3)] and control.cancel_requested


def test_cancel_calls_the_stop_handed_over_and_never_one_taken_back(qtbot) -> None:
    control, stopped = JobControl(), []
    control.stop_with(lambda: stopped.append("first call"))
    control.stop_with(None)  # that call is over
    control.stop_with(lambda: stopped.append("second call"))
    control.cancel()
    assert stopped == ["second call"]
    control.stop_with(None)
    control.cancel()  # asked again: nothing is handed over now
    assert stopped == ["second call"]


def test_a_stop_handed_over_after_cancel_is_called_at_once(qtbot) -> None:
    control, stopped = JobControl(), []
    control.cancel()
    control.stop_with(lambda: stopped.append("late call"))
    assert stopped == ["late call"]
