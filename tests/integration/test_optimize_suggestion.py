"""“Optimize my schedule” is suggested once per doubling of the log, whatever the last fit did.

A fit that did not help (or was declined) is a fit all the same: suggesting it again on every
visit to Progress, each time to hear the same verdict, only nags.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from cli_running import run_fibrolearn
from driver_faults import disk_full, failing_writes
from fibrolearn import cli
from fibrolearn.domain.progress import Cancelled
from fibrolearn.paths import AppPaths
from fibrolearn.services import optimize
from fibrolearn.services.container import Services
from fibrolearn.services.optimize import FIT_SETTING, MIN_REVIEWS
from fibrolearn.storage.decks_repo import put_setting
from log_previews import answers_log, previewed_again

# Every write fails, as on a full disk.
DISK_FULL = failing_writes(("INSERT", "UPDATE", "DELETE"), disk_full)


@pytest.fixture
def enough_history(services: Services, tmp_path: Path) -> Services:
    """Just over the answers a fit needs (half a year of 12 cards), all before today."""
    services.revlog.import_csv(
        answers_log(tmp_path / "a.csv", date(2025, 1, 1), cards=12, days=185, card_base=9_000_000)
    )
    assert MIN_REVIEWS <= services.optimize.status().reviews < 2 * MIN_REVIEWS
    return services


def suggested(services: Services) -> bool:
    """Whether Progress suggests a fit, judged as it does: on the log's total it has just read."""
    return services.optimize.suggested(services.progress.overview().total_reviews)


def double_the_log(services: Services, tmp_path: Path) -> None:
    """As many answers again, about other cards, later on."""
    reviews = services.optimize.status().reviews
    services.revlog.import_csv(
        answers_log(tmp_path / "b.csv", date(2025, 7, 5), cards=12, days=185, card_base=9_100_000)
    )
    assert services.optimize.status().reviews >= 2 * reviews


def test_a_fit_not_applied_is_not_suggested_again_until_the_log_doubles(
    enough_history: Services, tmp_path: Path
) -> None:
    services = enough_history
    assert suggested(services)
    services.optimize.fit()  # seen in the dialog, then closed without applying it
    assert not services.optimize.uses_fitted_parameters()  # nothing applied
    assert not suggested(services), "suggested again right after a fit that was not applied"

    double_the_log(services, tmp_path)
    assert suggested(services)


def test_a_log_half_of_previews_is_not_suggested_again_right_after_a_fit(
    enough_history: Services,
) -> None:
    """Found in review: Progress took the log's total for the answers a fit learns from, and
    a log of which half or more a fit leaves out (previews, answers before a Forget) had
    "doubled" since the fit at once, so the fit was suggested again straight after it."""
    services = enough_history
    learnt_from = services.optimize.status().reviews
    previewed_again(services)
    assert services.optimize.status().reviews == learnt_from  # a fit leaves them out
    assert services.progress.overview().total_reviews == 2 * learnt_from
    assert suggested(services)

    services.optimize.fit()  # seen in the dialog, then closed
    assert not suggested(services), "suggested again right after a fit"


def test_a_fit_recorded_before_the_log_s_total_was_kept_still_waits_for_a_doubling(
    enough_history: Services,
) -> None:
    """Such a record has only the answers the fit learnt from: the log is compared with those."""
    services = enough_history
    with services.database.write() as session:  # as an earlier version recorded a fit
        put_setting(session, FIT_SETTING, {"reviews": 1200, "at": "2026-01-01T10:00:00+00:00"})
    assert not services.optimize.suggested(2399)
    assert services.optimize.suggested(2400)


def test_going_back_to_the_defaults_does_not_bring_the_suggestion_back(
    enough_history: Services, tmp_path: Path
) -> None:
    services = enough_history
    services.optimize.apply(services.optimize.fit())
    services.optimize.reset()
    assert not services.optimize.uses_fitted_parameters() and not suggested(services)
    double_the_log(services, tmp_path)
    assert suggested(services)


def test_a_cancelled_fit_does_not_count(enough_history: Services) -> None:
    class CancelAtTheEnd:
        def advance(self, done: int, total: int) -> None:
            if done == total:
                raise Cancelled

    with pytest.raises(Cancelled):
        enough_history.optimize.fit(CancelAtTheEnd())
    assert suggested(enough_history)


def test_the_optimize_command_that_only_prints_counts_as_a_fit(
    enough_history: Services, paths: AppPaths
) -> None:
    enough_history.close()
    result = run_fibrolearn("--data-dir", str(paths.data_dir), "optimize", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["applied"] is False
    opened = cli.open_services(paths)
    try:
        assert not suggested(opened)
    finally:
        opened.close()


def test_a_read_only_collection_still_fits_and_keeps_nothing(
    enough_history: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    enough_history.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    opened = cli.open_services(paths)
    try:
        assert opened.database.read_only
        report = opened.optimize.fit()  # the verdict is shown; it just cannot be recorded
        assert report.reviews == opened.optimize.status().reviews
        assert suggested(opened)
    finally:
        opened.close()


def test_a_full_disk_after_a_fit_still_shows_its_verdict(enough_history: Services) -> None:
    engine = enough_history.database.engine
    event.listen(engine, "do_connect", DISK_FULL)
    engine.dispose()  # the fit's record is written on a connection that cannot write
    try:
        report = enough_history.optimize.fit()
    finally:
        event.remove(engine, "do_connect", DISK_FULL)
        engine.dispose()
    assert report.reviews == enough_history.optimize.status().reviews  # the verdict, shown
    assert suggested(enough_history)  # only the record is missing


def test_a_log_too_short_without_its_previews_is_not_suggested(
    services: Services, tmp_path: Path
) -> None:
    """Found in review: Progress suggested a fit on the log's total, previews and answers
    before a Forget included, and the dialog then said there were too few answers to learn
    from. Now both count what a fit learns from."""
    services.revlog.import_csv(
        answers_log(tmp_path / "a.csv", date(2025, 1, 1), cards=12, days=120, card_base=9_000_000)
    )
    previewed_again(services)  # twice the answers, half of them previews
    assert services.progress.overview().total_reviews >= MIN_REVIEWS
    assert not services.optimize.status().enough  # what the dialog says once opened
    assert not suggested(services)


def test_the_suggestion_reads_only_the_newest_answers_and_never_promises_too_much(
    enough_history: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting every answer a fit learns from scans the whole log (0.3 s at a million),
    too slow for every refresh of Progress: the suggestion looks among the newest answers
    only. A log whose newest answers a fit mostly leaves out is not suggested, even where its
    older ones would do; the dialog, counting them all, still offers the fit."""
    services = enough_history
    reviews = services.optimize.status().reviews
    previewed_again(services)  # as many previews, logged after every answer
    monkeypatch.setattr(optimize, "SUGGEST_AMONG", reviews + MIN_REVIEWS - 1)
    assert not suggested(services)
    monkeypatch.setattr(optimize, "SUGGEST_AMONG", reviews + MIN_REVIEWS)
    assert suggested(services)
    assert services.optimize.status().enough
