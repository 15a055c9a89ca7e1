"""Sizes in messages read as in the Backups window and `fibrolearn backups`: kB, MB, GB."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.words import size_words
from fibrolearn.interop import csv_text
from fibrolearn.interop.archive import Limits
from fibrolearn.interop.csv_text import MAX_CSV_BYTES
from fibrolearn.interop.errors import InteropError
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import RestoreError, restore_backup
from fibrolearn.services.revlog import MAX_BYTES
from fibrolearn.storage import backup_archive


def test_a_restore_without_room_says_how_much_in_words(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: "(not enough free space in …: 24576 bytes needed, 1234 free)", a
    count of bytes where every other size is in kB or MB."""
    backup = services.backups.backup(BackupReason.MANUAL)
    monkeypatch.setattr(
        backup_archive.shutil, "disk_usage", lambda _folder: shutil._ntuple_diskusage(1, 1, 1_234)
    )
    with pytest.raises(RestoreError, match=r"kB needed, 1 kB free\)\. Nothing was changed\."):
        restore_backup(backup.path, paths, services)


def test_a_text_file_too_large_to_import_says_its_size_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said "0 MiB; text files up to 0 MiB" of a file over a limit under a MiB."""
    big = tmp_path / "big.csv"
    big.write_text("front,back\n" * 300, encoding="utf-8")  # 3,300 bytes
    monkeypatch.setattr(csv_text, "MAX_CSV_BYTES", 2_000)
    with pytest.raises(InteropError, match=r"^big\.csv is 3 kB; text files up to 2 kB can be"):
        csv_text.read_text(big)


@pytest.mark.parametrize(
    "limit",
    [MAX_CSV_BYTES, MAX_BYTES, Limits().max_file_bytes, Limits().max_total_bytes],
    ids=["text file", "review log", "file in a package", "whole package"],
)
def test_the_size_limits_a_message_names_are_round_numbers_in_words(limit: int) -> None:
    """Found in a bug hunt: limits set in binary units read as "268.4 MB" or "2.1 GB"."""
    assert size_words(limit).split()[0].endswith(".0")
