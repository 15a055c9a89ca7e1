"""Exports write only into folders that exist: a mistyped path must not grow new folders.

The Export window once made every missing folder on the way, while the command line refused;
both now refuse in the same words, and nothing is created.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fibrolearn.instance_lock import LOCK_NAME
from fibrolearn.interop.anki_export import write_apkg
from fibrolearn.interop.csv_export import write_notes_csv
from fibrolearn.interop.errors import InteropError
from fibrolearn.paths import missing_folder, resolve_paths, unwritable_target
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


def data_folder(root: Path, *, collection: bool = True) -> Path:
    """A data folder as FibroLearn leaves it: its collection (or only its lock), media, backups."""
    paths = resolve_paths(root)
    paths.media_dir.mkdir(parents=True)
    paths.backups_dir.mkdir()
    (paths.collection if collection else paths.data_dir / LOCK_NAME).write_bytes(b"kept")
    return root


@pytest.mark.parametrize(
    "name",
    [
        "collection.sqlite3",
        "collection.sqlite3-wal",
        "collection.sqlite3-journal",
        LOCK_NAME,
        "Collection.SQLite3",  # the same file where case is ignored (macOS, Windows)
        "COLLECTION.SQLITE3-wal",
    ],
)
def test_no_export_takes_the_name_of_the_collection_its_side_files_or_the_lock(
    tmp_path: Path, name: str
) -> None:
    data = data_folder(tmp_path / "data")
    unfit = unwritable_target(data / name)
    assert unfit is not None and "FibroLearn's own collection" in unfit
    assert "Nothing was written" in unfit


@pytest.mark.parametrize(
    ("folder", "kept"), [("media", "media files"), ("backups", "backups"), ("Media", "media files")]
)
def test_no_export_goes_among_the_media_or_the_backups(
    tmp_path: Path, folder: str, kept: str
) -> None:
    data = data_folder(tmp_path / "data", collection=False)  # a folder only locked so far
    (data / folder).mkdir(exist_ok=True)  # "Media" is "media" where case is ignored
    assert unwritable_target(data / folder / "out.apkg") == (
        f"Cannot write {data / folder / 'out.apkg'}: {data / folder} holds FibroLearn's own "
        f"{kept}. Choose another folder. Nothing was written."
    )


def test_a_link_to_the_collection_is_refused_too(tmp_path: Path) -> None:
    data = data_folder(tmp_path / "data")
    link = tmp_path / "out.csv"
    link.symlink_to(data / "collection.sqlite3")
    assert unwritable_target(link) is not None


def test_other_files_in_a_data_folder_and_folders_merely_named_media_may_be_written(
    tmp_path: Path,
) -> None:
    data = data_folder(tmp_path / "data")
    (tmp_path / "media").mkdir()
    assert unwritable_target(data / "my-export.apkg") is None
    assert unwritable_target(tmp_path / "media" / "out.csv") is None
    assert unwritable_target(tmp_path / "collection.sqlite3") is None  # no data folder here


@WRITERS
def test_the_writers_refuse_the_collection_and_leave_it_as_it_was(
    tmp_path: Path, write: Callable[[Path], None]
) -> None:
    data = data_folder(tmp_path / "data")
    with pytest.raises(InteropError, match="FibroLearn's own collection"):
        write(data / "collection.sqlite3")
    assert (data / "collection.sqlite3").read_bytes() == b"kept"
    assert sorted(path.name for path in data.iterdir()) == [
        "backups",
        "collection.sqlite3",
        "media",
    ]


def aged(path: Path, hours: float) -> Path:
    """``path``, and all in it, last changed ``hours`` ago."""
    moment = time.time() - hours * 3600
    for changed in (*path.rglob("*"), path) if path.is_dir() else (path,):
        os.utime(changed, (moment, moment))
    return path


@WRITERS
def test_what_a_killed_export_left_beside_its_file_goes_at_the_next_one(
    tmp_path: Path, write: Callable[[Path], None]
) -> None:
    """Found in a bug hunt: a killed export left its work (up to a whole package) hidden in
    the learner's folder for good. What may be under way elsewhere is not touched."""
    target = tmp_path / "notes [1].file"  # a name glob would read as a pattern
    work = tmp_path / ".fibrolearn-export-killed"
    work.mkdir()
    (work / "collection.anki21b").write_bytes(bytes(1000))
    part = tmp_path / ".notes [1].file.k1ll3d.part"
    part.write_bytes(b"half")
    busy = tmp_path / ".fibrolearn-export-busy"
    busy.mkdir()
    (busy / "package.apkg").write_bytes(b"being written")
    others = [  # not this export's work: never touched
        tmp_path / ".notes [1].file.part",
        tmp_path / ".notes 1.file.k1ll3d.part",
    ]
    for other in others:
        other.write_text("mine", encoding="utf-8")
    for path in (work, part, busy, *others):
        aged(path, 2)
    os.utime(busy / "package.apkg")  # written to just now, by another copy, in an old folder

    write(target)
    # Each writer tidies its own kind: a package's work folders, a text file's parts.
    assert not (work if write is package else part).exists()
    assert (busy / "package.apkg").exists()
    assert all(other.read_text(encoding="utf-8") == "mine" for other in others)
