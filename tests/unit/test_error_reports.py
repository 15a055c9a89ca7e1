"""Reports of errors the code did not expect: appended beside the collection, kept small."""

from __future__ import annotations

import errno
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pytest

from fibrolearn.services.error_reports import KEEP_BYTES, REPORTS_FILE, save_error_report

NOW = datetime(2026, 11, 29, 21, 30, tzinfo=UTC)


def raised(message: str) -> str:
    """The traceback of an error raised with ``message``."""
    try:
        raise RuntimeError(message)
    except RuntimeError as error:
        return "".join(traceback.format_exception(error))


def test_each_report_is_appended_with_when_which_version_and_the_traceback(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"  # made if it is not there yet
    first = save_error_report(folder, raised("first"), NOW)
    second = save_error_report(folder, raised("second"), NOW)

    assert first == second == folder / REPORTS_FILE
    text = first.read_text(encoding="utf-8")
    assert text.count("=== 2026-11-29 21:30:00 +0000 · FibroLearn ") == 2
    assert "Traceback (most recent call last):" in text
    assert text.index("RuntimeError: first") < text.index("RuntimeError: second")


def test_a_full_reports_file_becomes_the_one_older_file_kept(tmp_path: Path) -> None:
    reports = tmp_path / REPORTS_FILE
    reports.write_text("old report\n" * (KEEP_BYTES // 10), encoding="utf-8")
    (tmp_path / f"{REPORTS_FILE}.1").write_text("oldest report\n", encoding="utf-8")

    save_error_report(tmp_path, raised("new"), NOW)

    assert "RuntimeError: new" in reports.read_text(encoding="utf-8")
    assert "old report" not in reports.read_text(encoding="utf-8")
    assert (tmp_path / f"{REPORTS_FILE}.1").read_text(encoding="utf-8").startswith("old report")


def test_a_report_that_cannot_be_written_is_no_second_error(tmp_path: Path) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert save_error_report(blocked, raised("lost"), NOW) is None


@contextmanager
def disk_filling_up(file: IO[str], room: int) -> Iterator[Any]:
    """``file`` on a disk with ``room`` characters left: a longer write stops there and fails."""

    class FillingUp:
        def write(self, text: str) -> int:
            file.write(text[:room])
            file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    with file:
        yield FillingUp()


def test_a_report_cut_short_by_a_full_disk_is_taken_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = save_error_report(tmp_path, raised("first"), NOW)
    assert reports is not None
    before = reports.read_text(encoding="utf-8")
    opened = Path.open

    def open_on_a_full_disk(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return disk_filling_up(opened(path, mode, *args, **kwargs), room=100)

    monkeypatch.setattr(Path, "open", open_on_a_full_disk)
    assert save_error_report(tmp_path, raised("lost"), NOW) is None
    monkeypatch.undo()
    assert reports.read_text(encoding="utf-8") == before  # only whole reports

    save_error_report(tmp_path, raised("second"), NOW)
    after = reports.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :].startswith("=== 2026-11-29 21:30:00 +0000 · FibroLearn ")
    assert "lost" not in after
