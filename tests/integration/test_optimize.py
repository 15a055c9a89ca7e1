"""Fitting FSRS to the learner's log: a time split, the same held-out answers for both scores."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fibrolearn.scheduling import optimizer
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS
from fibrolearn.services.container import Services
from fibrolearn.services.fsrs_parameters import PARAMETERS_SETTING
from fibrolearn.services.optimize import MIN_REVIEWS, NotEnoughHistoryError
from fibrolearn.storage.decks_repo import get_setting

JOSH = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "review-logs"
JOSH = JOSH / "py-fsrs-josh-2024.csv"
needs_josh = pytest.mark.skipif(
    not JOSH.exists(), reason=f"the shared review log is absent ({JOSH})"
)


def test_too_little_history_is_refused_politely(services: Services) -> None:
    status = services.optimize.status()
    assert (status.reviews, status.enough) == (0, False)
    assert not services.optimize.suggested(services.progress.overview().total_reviews)
    with pytest.raises(NotEnoughHistoryError, match=f"at least {MIN_REVIEWS:,} answers"):
        services.optimize.fit()


@needs_josh
def test_fitted_parameters_beat_the_defaults_on_the_newest_fifth(services: Services) -> None:
    services.revlog.import_csv(JOSH)
    log_total = services.progress.overview().total_reviews
    assert services.optimize.suggested(log_total)
    steps: list[tuple[int, int]] = []

    class Recorder:
        def advance(self, done: int, total: int) -> None:
            steps.append((done, total))

    report = services.optimize.fit(Recorder())
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert report.reviews == 12580
    assert len(report.parameters) == len(DEFAULT_PARAMETERS) == 21
    assert report.fitted.log_loss < report.default.log_loss
    assert report.improves
    assert report.test_items > 1000 and report.train_items > 3 * report.test_items

    services.optimize.apply(report)
    with services.database.read() as session:
        assert get_setting(session, PARAMETERS_SETTING) == list(report.parameters)
    assert services.optimize.uses_fitted_parameters()
    # Suggested again once the log has doubled since: every answer in it, as Progress counts.
    assert not services.optimize.suggested(2 * log_total - 1)
    assert services.optimize.suggested(2 * log_total)
    services.optimize.reset()
    assert not services.optimize.uses_fitted_parameters()


def test_split_holds_out_by_time_and_scores_both_sets_on_the_same_items() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for card in range(40):
        for step, day in enumerate((0, 1, 4, 12, 30)):
            rating = 3 if step % 4 else 1
            rows.append((f"c{card:02}", rating, 20000 + day, start + timedelta(days=day)))
    rows.sort(key=lambda r: (r[0], r[3]))
    split = optimizer.split_log(rows, start + timedelta(days=10))
    assert split.reviews == 200
    # Days 1 and 4 train; days 12 and 30 are held out; day 0 (first answer) is never predicted.
    assert (len(split.train), len(split.test)) == (80, 80)
    default = optimizer.score(DEFAULT_PARAMETERS, split.test)
    assert default == optimizer.score(DEFAULT_PARAMETERS, split.test)  # deterministic
    assert 0 < default.log_loss < 2 and 0 <= default.rmse < 1


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it: a real process on a temporary data folder."""
    return subprocess.run(
        [sys.executable, "-m", "fibrolearn", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@needs_josh
def test_optimize_command_prints_both_scores_and_applies(tmp_path: Path) -> None:
    data = tmp_path / "data"
    imported = run(data, "revlog", "import", str(JOSH))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 12,580 answers about 1,205 cards." in imported.stdout
    result = run(data, "optimize", "--json", "--apply")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["fitted"]["log_loss"] < printed["default"]["log_loss"]
    assert set(printed["default"]) == {"log_loss", "rmse"}
    assert printed["applied"] is True and len(printed["parameters"]) == 21
    out = tmp_path / "log.csv"
    assert run(data, "revlog", "export", str(out)).returncode == 0
    assert out.read_text().count("\n") == 12581


def test_optimize_command_with_no_history(tmp_path: Path) -> None:
    assert run(tmp_path / "d", "check").returncode == 0  # a new collection: optimize makes none
    result = run(tmp_path / "d", "optimize", "--json")
    assert result.returncode == 1
    assert "at least" in json.loads(result.stdout)["error"]


def test_revlog_commands_say_one_answer_and_a_folder_they_cannot_write(tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text(
        "card_id,review_rating,review_time,review_duration\n1,3,2026-01-05T10:00:00Z,1\n"
    )
    imported = run(tmp_path / "d", "revlog", "import", str(one))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("Imported 1 answer about 1 card. 1 answer names a card id")
    missing = tmp_path / "no such folder" / "log.csv"
    exported = run(tmp_path / "d", "revlog", "export", str(missing))
    assert exported.returncode == 1
    assert exported.stderr.startswith(
        f"fibrolearn: Cannot write {missing}: the folder {missing.parent} does not exist."
    )
    assert not missing.parent.exists()


def test_revlog_import_command_lists_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("card_id,review_rating,review_time,review_duration\n1,5,x,1\n")
    result = run(tmp_path / "d", "revlog", "import", str(bad))
    assert result.returncode == 1
    assert "line 2: review_rating '5'" in result.stderr
