"""A new fit is measured against the parameters in use, not only against the defaults."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli_running import run_fibrolearn
from fibrolearn.domain.statistics import DayShift, FitReport, FitScore
from fibrolearn.scheduling import optimizer
from fibrolearn.services.container import Services
from fibrolearn.services.fsrs_parameters import PARAMETERS_SETTING
from fibrolearn.storage import decks_repo, revlog_repo

JOSH = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "review-logs"
JOSH = JOSH / "py-fsrs-josh-2024.csv"
needs_josh = pytest.mark.skipif(
    not JOSH.exists(), reason=f"the shared review log is absent ({JOSH})"
)


def comparison(default: float, fitted: float, in_use: float | None) -> FitReport:
    """A fit whose scores have these log losses."""
    return FitReport(
        reviews=2000,
        train_items=800,
        test_items=200,
        cutoff=datetime(2026, 1, 1, tzinfo=UTC),
        default=FitScore(default, 0.05),
        fitted=FitScore(fitted, 0.05),
        parameters=(0.5,) * 21,
        in_use=None if in_use is None else FitScore(in_use, 0.05),
    )


def test_a_new_fit_improves_only_if_it_beats_what_is_in_use() -> None:
    assert comparison(default=0.45, fitted=0.44, in_use=None).improves
    assert not comparison(default=0.45, fitted=0.46, in_use=None).improves
    assert comparison(default=0.45, fitted=0.43, in_use=0.44).improves
    # Better than the defaults, worse than the earlier fit in use: no improvement.
    assert not comparison(default=0.45, fitted=0.44, in_use=0.43).improves


@needs_josh
def test_after_applying_a_fit_the_same_fit_is_not_offered_again(services: Services) -> None:
    services.revlog.import_csv(JOSH)
    first = services.optimize.fit()
    assert first.in_use is None and first.improves  # the defaults are in use
    services.optimize.apply(first)
    again = services.optimize.fit()
    assert again.in_use == first.fitted  # the applied fit, scored on the same answers
    assert again.default == first.default
    assert not again.improves


@needs_josh
def test_a_refit_worse_than_the_fit_in_use_is_not_offered(services: Services) -> None:
    services.revlog.import_csv(JOSH)
    # In use: parameters fitted to every answer, the newest ones included, so they predict
    # the held-out answers better than a fit that has not seen them.
    with services.database.read() as session:
        rows = revlog_repo.fit_rows(session, (DayShift(None, 0),))
        whole = optimizer.split_log(rows, datetime(2030, 1, 1, tzinfo=UTC))
    with services.database.write() as session:
        decks_repo.put_setting(session, PARAMETERS_SETTING, list(optimizer.fit(whole.train)))
    report = services.optimize.fit()
    assert report.in_use is not None
    assert report.in_use.log_loss < report.fitted.log_loss < report.default.log_loss
    assert not report.improves


@needs_josh
def test_optimize_command_shows_the_fit_in_use_and_applies_only_a_better_one(
    tmp_path: Path,
) -> None:
    data = str(tmp_path / "data")
    assert run_fibrolearn("--data-dir", data, "revlog", "import", str(JOSH)).returncode == 0
    first = run_fibrolearn("--data-dir", data, "optimize", "--json", "--apply")
    assert first.returncode == 0, first.stderr
    printed = json.loads(first.stdout)
    assert printed["in_use"] is None and printed["improves"] and printed["applied"]

    again = run_fibrolearn("--data-dir", data, "optimize", "--json", "--apply")
    assert again.returncode == 1
    printed_again = json.loads(again.stdout)
    assert printed_again["default"] == printed["default"]
    assert printed_again["in_use"] == printed["fitted"]  # the fit applied the first time
    assert printed_again["improves"] is False and printed_again["applied"] is False
    assert again.stderr == (
        "fibrolearn: not applied: the new fit predicts your newest answers no better than "
        "the parameters you use now, so your schedule stays as it is.\n"
    )


@needs_josh
def test_optimize_defaults_leaves_a_fit_in_use_for_the_default_parameters(
    tmp_path: Path,
) -> None:
    """Found in a bug hunt of Progress: a fit applied with --apply could not be left again."""
    data = str(tmp_path / "data")
    assert run_fibrolearn("--data-dir", data, "revlog", "import", str(JOSH)).returncode == 0
    assert run_fibrolearn("--data-dir", data, "optimize", "--apply").returncode == 0

    back = run_fibrolearn("--data-dir", data, "optimize", "--defaults")
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout) == {"parameters": "default", "fit_left": True}
    again = run_fibrolearn("--data-dir", data, "optimize", "--json")
    assert json.loads(again.stdout)["in_use"] is None  # the defaults schedule now

    both = run_fibrolearn("--data-dir", data, "optimize", "--apply", "--defaults")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
