"""The full check as the app runs it: step by step, cancellable, and saying what repair fixes."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from fibrolearn.domain.faults import REPAIR_BY_COMMAND, REPAIR_IN_APP
from fibrolearn.domain.progress import Cancelled
from fibrolearn.services import health
from fibrolearn.services.container import Services
from fibrolearn.services.health import CHECK_STEPS, check_health, repair


class Steps:
    """Progress that remembers every report, and cancels once ``cancel_at`` is reached."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.seen: list[tuple[int, int]] = []
        self._cancel_at = cancel_at

    def advance(self, done: int, total: int) -> None:
        self.seen.append((done, total))
        if done == self._cancel_at:
            raise Cancelled


def change(services: Services, *statements: str) -> None:
    """Change the collection as another program would, beside the open services."""
    with closing(sqlite3.connect(services.database.path)) as connection, connection:
        for statement in statements:
            connection.execute(statement)


def test_each_step_is_reported_in_order_and_then_the_end(services: Services) -> None:
    steps = Steps()
    report = check_health(services.database, steps)
    total = len(CHECK_STEPS)
    assert steps.seen == [(done, total) for done in range(total + 1)]
    assert report.ok and not report.repairable


def test_cancelling_stops_the_check_and_is_not_taken_for_damage(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_damage_check(*_args: object) -> None:
        raise AssertionError("a cancelled check looked for damage")

    monkeypatch.setattr(health, "damage_in", no_damage_check)
    steps = Steps(cancel_at=2)
    with pytest.raises(Cancelled):
        check_health(services.database, steps)
    assert steps.seen[-1] == (2, len(CHECK_STEPS))  # nothing after the cancelled step


def test_out_of_date_search_text_is_repairable_and_says_how_in_the_app_and_by_command(
    services: Services,
) -> None:
    change(services, "DELETE FROM note_text WHERE note_id = (SELECT min(id) FROM notes)")
    report = check_health(services.database)
    assert report.repairable and len(report.problems) == 1
    assert f"in the app, {REPAIR_IN_APP}; or {REPAIR_BY_COMMAND}." in report.problems[0]

    assert repair(services.database) > 0
    after = check_health(services.database)
    assert after.ok and not after.repairable


def test_damage_that_only_a_backup_undoes_is_not_repairable(services: Services) -> None:
    change(services, "UPDATE cards SET state = 9 WHERE id = (SELECT min(id) FROM cards)")
    report = check_health(services.database)
    assert not report.repairable
    assert "values of no known kind in cards.state (1)" in report.problems[0]
