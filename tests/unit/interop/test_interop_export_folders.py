"""Exports write only into folders that exist: a mistyped path must not grow new folders.

The Export window once made every missing folder on the way, while the command line refused;
both now refuse in the same words, and nothing is created.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fibrolearn.interop.anki_export import write_apkg
from fibrolearn.interop.csv_export import write_notes_csv
from fibrolearn.interop.errors import InteropError
from fibrolearn.paths import missing_folder
from fibrolearn.scheduling.study_day import StudyDay

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def package(target: Path) -> None:
    write_apkg(target, [], {}, {}, with_history=False, now=NOW, study_day=StudyDay())


def text_file(target: Path) -> None:
    write_notes_csv(target, [], {}, [])


WRITERS = pytest.mark.parametrize("write", [package, text_file], ids=["apkg", "csv"])


@WRITERS
def test_a_missing_folder_is_refused_in_the_command_lines_words_and_not_made(
    tmp_path: Path, write: Callable[[Path], None]
) -> None:
    target = tmp_path / "no-such-folder" / "sub" / "out.file"
    with pytest.raises(InteropError) as refused:
        write(target)
    assert str(refused.value) == missing_folder(target)
    assert "does not exist" in str(refused.value) and "Nothing was written" in str(refused.value)
    assert list(tmp_path.iterdir()) == []


@WRITERS
def test_a_folder_that_exists_is_written_into(
    tmp_path: Path, write: Callable[[Path], None]
) -> None:
    target = tmp_path / "out.file"
    write(target)
    assert target.is_file()
