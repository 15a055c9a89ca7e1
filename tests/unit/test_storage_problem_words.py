"""Every kind of storage problem has its words, for an action, a read, and the command line."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from fibrolearn import cli
from fibrolearn.cli import _NOT_DONE
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.paths import resolve_paths
from fibrolearn.services.storage_errors import storage_problem


@pytest.mark.parametrize("kind", list(StorageProblemKind))
def test_each_kind_is_said_for_an_action_a_read_and_a_command(kind: StorageProblemKind) -> None:
    problem = StorageProblem(kind, "the system's words")
    action, read = problem.message, problem.stopped("the check")
    assert "your last action" in action and action.endswith(".")
    assert "the check could not finish; it changed nothing." in read
    assert "your last action" not in read
    # What happened and what to do are the same in both; only what it meant differs, and
    # a read that failed is not told it can keep reading.
    assert action.split(", so ")[0] == read.split(", so ")[0]
    keep_reading = "; you can keep reading cards meanwhile"
    assert action.split(". ")[-1].replace(keep_reading, "") == read.split(". ")[-1]
    assert "keep reading" not in read
    assert ", so {outcome}. Everything saved before it is " in _NOT_DONE[kind]


# What a disk error met by a commit can be classified as: the disk's, or a folder's or file's
# that became read-only or full meanwhile.
MET_BY_A_COMMIT = (
    StorageProblemKind.UNAVAILABLE,
    StorageProblemKind.READ_ONLY,
    StorageProblemKind.FILE_READ_ONLY,
    StorageProblemKind.DISK_FULL,
)


@pytest.mark.parametrize("kind", MET_BY_A_COMMIT)
def test_an_action_that_may_be_saved_all_the_same_is_not_called_lost(
    kind: StorageProblemKind, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Found in a bug hunt: an answer whose flush failed was said "not saved", and came back
    after a crash. The window and the command line say alike that it may not be saved."""
    certain = StorageProblem(kind, "disk I/O error")
    maybe = certain._replace(maybe_saved=True)
    assert maybe.message == certain.message.replace(
        "so your last action was not saved.", "so your last action may not have been saved."
    )
    assert maybe.message != certain.message
    read = maybe.stopped("opening your collection")  # which updates a bundled deck, say
    assert "so opening your collection could not finish. " in read
    assert "changed nothing" not in read

    cli._not_done(maybe, resolve_paths(tmp_path))
    said = capsys.readouterr().err
    assert ", so what the command changed may not have been saved. Everything saved" in said
    assert "could not finish" not in said


def test_only_damage_is_not_called_safe() -> None:
    # Damage may have reached what was saved before: it is kept, not promised safe.
    for kind in StorageProblemKind:
        safe = "Everything saved before it is safe." in StorageProblem(kind, "").message
        assert safe == (kind is not StorageProblemKind.DAMAGED), kind


@pytest.mark.parametrize("kind", list(StorageProblemKind))
def test_a_missed_automatic_backup_is_no_lost_action(kind: StorageProblemKind) -> None:
    problem = StorageProblem(kind, "the system's words")
    missed = problem.missed_backup
    assert missed.split(", so ")[0] == problem.message.split(", so ")[0]  # the same cause
    assert "so the automatic backup could not be made." in missed
    assert "your last action" not in missed and missed.endswith(".")
    saved = "kept" if kind is StorageProblemKind.DAMAGED else "safe"
    assert f"Your answers and everything else you saved are {saved}." in missed


@pytest.mark.parametrize("kind", list(StorageProblemKind))
def test_a_refused_part_of_an_action_is_said_with_what_came_of_it(kind: StorageProblemKind) -> None:
    problem = StorageProblem(kind, "the system's words")
    refused = problem.refused("your energy answer", "saved", "the session started")
    cause, remedy = problem.message.split(", so ")[0], problem.message.split(". ")[-1]
    assert refused.startswith(f"{cause}, so your energy answer was not saved; the session started.")
    assert refused.endswith(remedy) and "your last action" not in refused


@pytest.mark.parametrize("kind", MET_BY_A_COMMIT)
def test_a_refused_change_that_may_be_saved_all_the_same_is_not_called_lost(
    kind: StorageProblemKind,
) -> None:
    """What came of the action ("nothing changed") depends on whether it was saved: unsaid."""
    problem = StorageProblem(kind, "disk I/O error", maybe_saved=True)
    refused = problem.refused("“Small deck”", "deleted", "nothing changed")
    cause, remedy = problem.message.split(", so ")[0], problem.message.split(". ")[-1]
    assert refused == f"{cause}, so “Small deck” may not have been deleted. {remedy}"


def test_a_backup_missed_on_a_full_disk_says_it_is_tried_again() -> None:
    assert StorageProblem(StorageProblemKind.DISK_FULL, "").missed_backup == (
        "Your disk is full, so the automatic backup could not be made. Your answers and "
        "everything else you saved are safe. Free some space; FibroLearn tries again at the "
        "next backup."
    )


def test_damage_in_a_read_only_collection_says_to_make_the_folder_writable_first() -> None:
    problem = StorageProblem(StorageProblemKind.DAMAGED, "").in_read_only_collection()
    for words in (problem.message, problem.stopped("the export")):
        assert "make the data folder writable and choose Try again, then restore" in words
        assert words.endswith("File ▸ Backups… (your collection as it is now is backed up first).")
    # Only a restore, a repair, and what a collection opened read-only cannot write need a
    # fresh start: every other kind is said alike, read-only or not.
    for kind in StorageProblemKind:
        plain = StorageProblem(kind, "")
        said_alike = plain.in_read_only_collection().message == plain.message
        assert said_alike == (kind not in WRITING_REMEDIES), kind


WRITING_REMEDIES = (
    StorageProblemKind.READ_ONLY,
    StorageProblemKind.FILE_READ_ONLY,
    StorageProblemKind.DISK_FULL,
    StorageProblemKind.DAMAGED,
    StorageProblemKind.SEARCH_TEXT_UNKEPT,
    StorageProblemKind.SETTING_DAMAGED,
)


def test_a_write_refused_in_a_collection_opened_read_only_says_why_and_to_try_again() -> None:
    """Found in a bug hunt: with the folder made writable again, every answer was still
    refused, and the words never said that only a new start would write."""
    refused = StorageProblem(StorageProblemKind.READ_ONLY, "attempt to write a readonly database")
    in_read_only_folder = refused.in_read_only_collection()
    assert in_read_only_folder.message.endswith(
        "Make the folder writable and choose Try again, or start FibroLearn with another "
        "data folder; you can keep reading cards meanwhile."
    )
    on_a_full_disk = refused.in_read_only_collection(StorageProblemKind.DISK_FULL)
    assert on_a_full_disk.kind is StorageProblemKind.DISK_FULL
    assert on_a_full_disk.message.startswith("Your disk is full, so your last action")
    assert on_a_full_disk.message.endswith(
        "Free some space, then choose Try again; you can keep reading cards meanwhile."
    )


def test_a_changed_search_text_trigger_in_a_read_only_collection_says_writable_first() -> None:
    problem = StorageProblem(StorageProblemKind.SEARCH_TEXT_UNKEPT, "").in_read_only_collection()
    assert problem.message.endswith(
        "Make the data folder writable and choose Try again; then Tools ▸ Check "
        "collection… finds it, and its Repair button puts it right. Nothing you made changes."
    )


@pytest.mark.parametrize("kind", list(StorageProblemKind))
def test_only_what_needs_a_writable_folder_cannot_be_passed_by_trying_again(
    kind: StorageProblemKind,
) -> None:
    problem = StorageProblem(kind, "")
    assert not problem.needs_a_fresh_start  # open for writing: a try can meet it mended
    assert problem.in_read_only_collection().needs_a_fresh_start == (kind in WRITING_REMEDIES)


def test_a_database_path_sqlite_will_not_open_is_called_too_long(tmp_path: Path) -> None:
    cannot_open = sqlite3.OperationalError("unable to open database file")
    long_path = tmp_path.joinpath(*["folder" * 20] * 5, "collection.sqlite3")
    assert storage_problem(cannot_open, long_path).kind is StorageProblemKind.PATH_TOO_LONG
    short_path = tmp_path / "collection.sqlite3"  # at a short path, the disk is to blame
    assert storage_problem(cannot_open, short_path).kind is StorageProblemKind.UNAVAILABLE
    named = OSError(errno.ENAMETOOLONG, "File name too long")  # a folder name over 255 bytes
    assert storage_problem(named).kind is StorageProblemKind.PATH_TOO_LONG


def test_damage_in_a_collection_read_only_for_a_full_disk_says_to_free_space_first() -> None:
    """Found in review: it said to make the data folder writable, which it was."""
    full = StorageProblemKind.DISK_FULL
    damaged = StorageProblem(StorageProblemKind.DAMAGED, "").in_read_only_collection(full)
    assert "To recover, free some space and choose Try again, then restore" in (damaged.message)
    setting = StorageProblem(StorageProblemKind.SETTING_DAMAGED, "").in_read_only_collection(full)
    assert setting.message.endswith(
        "Free some space and choose Try again; then Tools ▸ Check collection… names it, "
        "and its Repair button sets it back to its default. No card or review is touched."
    )
    for problem in (damaged, setting):
        assert "writable" not in problem.message
