"""Backups and exports made while the machine's clock is wrong: made all the same."""

from __future__ import annotations

import os
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import list_backups
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import restore_backup

WRONG_CLOCKS = pytest.mark.parametrize(
    "now",
    [datetime(1970, 1, 1, 0, 5, tzinfo=UTC), datetime(2108, 6, 1, 12, 0, tzinfo=UTC)],
    ids=["clock-battery-ran-out", "far-ahead"],
)


@WRONG_CLOCKS
def test_a_backup_is_made_whatever_year_the_machine_s_clock_says(
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    now: datetime,
) -> None:
    """Found in a bug hunt: on a machine whose clock battery ran out (it starts in 1970, and
    FibroLearn never goes online to be told the time), every backup failed with an error of
    Python's, as a zip archive holds no date before 1980: so did every import and restore,
    which back up first."""
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "cat.png").write_bytes(b"picture")
    clock.set(now)
    monkeypatch.setattr(time, "time", now.timestamp)  # the machine's clock, as zip reads it

    made = services.backups.backup(BackupReason.MANUAL)

    assert made.created_at == now and made.media_files == 1
    assert list_backups(paths.backups_dir) == [made]
    assert restore_backup(made.path, paths, services).restored == made


@WRONG_CLOCKS
def test_an_anki_package_is_exported_whatever_year_the_machine_s_clock_says(
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    now: datetime,
) -> None:
    """Found beside the backups' fix: the package's members were dated by the machine's clock
    (and by its files', written just now), which zip cannot hold before 1980 or after 2107."""
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "cat.png").write_bytes(b"picture")
    os.utime(paths.media_dir / "cat.png", (now.timestamp(), now.timestamp()))
    clock.set(now)
    monkeypatch.setattr(time, "time", now.timestamp)
    written = tmp_path / "mine.apkg"

    report = services.exporter.export_apkg(written)

    assert report.cards == services.decks.list_decks()[0].total
    with zipfile.ZipFile(written) as package:
        assert package.testzip() is None
