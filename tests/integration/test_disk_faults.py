"""A full disk or a read-only collection: nothing saved is lost, reading goes on."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from driver_faults import (
    disk_error,
    disk_full,
    failing_commits,
    failing_writes,
    faulty_connections,
    no_room_for_the_log_index,
)
from fibrolearn import cli
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.storage import backup_archive
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.durable import UncertainCommitError


def review_rows(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT * FROM reviews ORDER BY id").fetchall()


def card_row(path: Path, card_id: int) -> tuple[Any, ...]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchone()


def answer_next(services: Services) -> int:
    deck_id = services.decks.list_decks()[0].deck_id
    card = services.study.next_card(deck_id)
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
    return card.card_id


@pytest.fixture
def inject(services: Services) -> Iterator[Callable[..., Callable[[], None]]]:
    """Install a connection-level fault; returns a function that removes it again."""
    engine = services.database.engine
    installed: list[tuple[str, Callable[..., None]]] = []

    def remove(name: str, listener: Callable[..., None]) -> None:
        if (name, listener) in installed:
            installed.remove((name, listener))
            event.remove(engine, name, listener)
            engine.dispose()

    def install(name: str, listener: Callable[..., None]) -> Callable[[], None]:
        event.listen(engine, name, listener)
        installed.append((name, listener))
        engine.dispose()  # pooled connections would miss a "connect" listener
        return lambda: remove(name, listener)

    yield install
    for name, listener in list(installed):
        remove(name, listener)


DISK_FULL_ON_REVIEW_INSERT = failing_writes(("INSERT INTO REVIEWS",), disk_full)


def assert_saved_work_intact(paths: AppPaths, reviews: list[Any], card_id: int, card: Any):
    assert review_rows(paths.collection) == reviews
    assert card_row(paths.collection, card_id) == card
    with sqlite3.connect(paths.collection) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_full_disk_when_answering(services: Services, paths: AppPaths, inject) -> None:
    for _ in range(3):
        answer_next(services)
    reviews = review_rows(paths.collection)
    deck_id = services.decks.list_decks()[0].deck_id
    shown = services.study.next_card(deck_id)
    assert shown is not None
    card_before = card_row(paths.collection, shown.card_id)

    inject("do_connect", DISK_FULL_ON_REVIEW_INSERT)
    with pytest.raises(Exception) as failed:
        services.study.answer(shown.card_id, Rating.GOOD, 900, shown_state=shown.state)

    problem = storage_problem(failed.value)
    assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL
    assert "disk is full" in problem.message and "safe" in problem.message
    assert_saved_work_intact(paths, reviews, shown.card_id, card_before)
    # Reading goes on: the same card is still the one to show, with its answer side.
    again = services.study.next_card(deck_id)
    assert again is not None and again.card_id == shown.card_id
    assert again.answer_html and services.decks.list_decks()


def test_a_write_failing_after_the_answer_went_in_leaves_none_of_it(
    services: Services, paths: AppPaths, inject
) -> None:
    """The review row is written first; the card's update failing then takes it back too."""
    answer_next(services)
    reviews = review_rows(paths.collection)
    deck_id = services.decks.list_decks()[0].deck_id
    shown = services.study.next_card(deck_id)
    assert shown is not None
    card_before = card_row(paths.collection, shown.card_id)

    inject("do_connect", failing_writes(("UPDATE CARDS",), disk_full))
    with pytest.raises(Exception, match="disk is full"):
        services.study.answer(shown.card_id, Rating.GOOD, 900, shown_state=shown.state)

    assert_saved_work_intact(paths, reviews, shown.card_id, card_before)


def test_answering_works_again_once_there_is_room(
    services: Services, paths: AppPaths, inject
) -> None:
    space_freed = inject("do_connect", DISK_FULL_ON_REVIEW_INSERT)
    with pytest.raises(Exception, match="disk is full"):
        answer_next(services)
    space_freed()
    answer_next(services)
    assert len(review_rows(paths.collection)) == 1


def test_a_collection_that_became_read_only(services: Services, paths: AppPaths, inject) -> None:
    answer_next(services)
    reviews = review_rows(paths.collection)
    deck_id = services.decks.list_decks()[0].deck_id
    shown = services.study.next_card(deck_id)
    assert shown is not None
    card_before = card_row(paths.collection, shown.card_id)

    # SQLite itself refuses every write on these connections, as on a read-only disk.
    inject("connect", lambda dbapi, _record: dbapi.execute("PRAGMA query_only=ON"))
    for write in (
        lambda: services.study.answer(shown.card_id, Rating.EASY, 700, shown_state=shown.state),
        lambda: services.study.save_position(None),
    ):
        with pytest.raises(Exception) as failed:
            write()
        problem = storage_problem(failed.value)
        assert problem is not None and problem.kind is StorageProblemKind.READ_ONLY

    assert_saved_work_intact(paths, reviews, shown.card_id, card_before)
    assert services.study.card(shown.card_id).question_html


def test_a_full_disk_during_a_backup_leaves_no_partial_file(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = services.backups.backup(BackupReason.MANUAL)
    answer_next(services)

    def no_space(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    with pytest.raises(OSError) as failed:
        services.backups.backup(BackupReason.BEFORE_IMPORT)
    problem = storage_problem(failed.value)
    assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == [earlier.path.name]


def test_other_errors_are_not_mistaken_for_disk_problems() -> None:
    assert storage_problem(ValueError("bad rating")) is None
    assert storage_problem(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
    try:
        try:
            raise OSError(errno.EROFS, "Read-only file system")
        except OSError as inner:
            raise RuntimeError("could not save") from inner
    except RuntimeError as outer:
        problem = storage_problem(outer)
    assert problem is not None and problem.kind is StorageProblemKind.READ_ONLY


def _with_name(error: sqlite3.Error, name: str) -> sqlite3.Error:
    """``error`` as SQLite names it (SQLITE_CORRUPT, ...), as a fault raised by hand is not."""
    error.sqlite_errorname = f"SQLITE_{name}"
    return error


def _raised(error: BaseException) -> BaseException:
    """``error`` as SQLAlchemy raises a driver's: wrapped, with the driver's as its cause."""
    try:
        raise OperationalError("SELECT ...", {}, error) from error  # type: ignore[arg-type]
    except OperationalError as wrapped:
        return wrapped


def _reworded(error: BaseException) -> BaseException:
    """``error`` hidden behind another, as ``raise ... from None`` does."""
    try:
        try:
            raise error
        except type(error):
            raise RuntimeError("the learner's file cannot be read") from None
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize(
    "error",
    [
        _raised(sqlite3.OperationalError("Could not decode to UTF-8 column 'due' with text '2")),
        sqlite3.OperationalError("malformed JSON"),
        _raised(_with_name(sqlite3.DatabaseError("database disk image is malformed"), "CORRUPT")),
    ],
)
def test_damaged_data_is_told_apart_from_the_code_failing(error: BaseException) -> None:
    problem = storage_problem(error)
    assert problem is not None and problem.kind is StorageProblemKind.DAMAGED
    assert str(error.__cause__ or error) in problem.detail
    assert "File ▸ Backups…" in problem.message


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError('near "SELEC": syntax error'),
        _raised(sqlite3.OperationalError("no such column: decks.learning_stepz")),  # a typo
        sqlite3.IntegrityError("UNIQUE constraint failed: decks.key"),
        json.JSONDecodeError("Expecting value", "{", 1),  # a file, a setting: not the collection
        UnicodeDecodeError("utf-8", b"\xe4", 0, 1, "unexpected end of data"),
        _reworded(sqlite3.OperationalError("Could not decode to UTF-8 column 'name'")),
    ],
)
def test_the_codes_own_failures_are_not_damage(error: BaseException) -> None:
    assert storage_problem(error) is None


def test_a_full_disk_behind_a_reworded_error_is_still_a_full_disk() -> None:
    problem = storage_problem(_reworded(OSError(errno.ENOSPC, "No space left on device")))
    assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (disk_full(), "The disk is full, so the command could not finish."),
        (OSError(errno.ENOSPC, "No space left on device"), "The disk is full, so the command"),
        (
            OSError(errno.EROFS, "Read-only file system", "backups/backup-1-manual.zip.partial"),
            "FibroLearn cannot write to its data folder {folder} (it is read-only), so",
        ),
    ],
    ids=["sqlite-full", "no-space", "read-only"],
)
def test_a_backup_command_the_disk_refuses_says_so_in_plain_words(
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    words: str,
) -> None:
    earlier = services.backups.backup(BackupReason.MANUAL)
    services.close()

    def refused(*_args: Any) -> None:
        raise error

    monkeypatch.setattr(backup_archive, "snapshot", refused)

    status = cli._headless_command(cli.build_parser().parse_args(["backup"]), paths)

    said = capsys.readouterr().err
    assert status == 1
    assert said.startswith(f"fibrolearn: {words.format(folder=paths.data_dir)}")
    assert "Everything saved before it is safe." in said
    assert "Errno" not in said and "(database or disk is full)" not in said
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == [earlier.path.name]


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root writes through file permissions"
)
def test_a_read_only_data_folder_is_read_and_left_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run = [sys.executable, "-m", "fibrolearn", "--data-dir", str(data), "stats", "--json"]
    start = [*run[:-2], "check"]  # stats reads a collection; check starts one
    assert subprocess.run(start, capture_output=True, check=False, timeout=120).returncode == 0
    before = (data / "collection.sqlite3").read_bytes()
    for path in (data, *data.rglob("*")):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        result = subprocess.run(run, capture_output=True, text=True, check=False, timeout=120)
        backup = [*run[:-2], "backup"]
        refused = subprocess.run(backup, capture_output=True, text=True, check=False, timeout=120)
    finally:
        for path in (data, *data.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["decks"]
    assert refused.returncode == 1
    assert "fibrolearn: FibroLearn cannot write to its data folder" in refused.stderr
    assert (data / "collection.sqlite3").read_bytes() == before


def test_problems_in_an_open_collection_are_worded_for_how_it_was_opened(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage = StoredValueError("a stored JSON value does not parse")
    writable = services.storage_problem(damage)
    assert writable is not None and writable.writable
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)  # root ignores chmod
    read_only = cli.open_services(paths)
    try:
        for problem in (
            read_only.storage_problem(damage),
            read_only.notes.storage_problem(damage),
            read_only.study.storage_problem(damage),
        ):
            assert problem is not None and problem.kind is StorageProblemKind.DAMAGED
            assert not problem.writable and "make the data folder writable" in problem.message
        assert read_only.storage_problem(KeyError("ours")) is None  # the code's, not the disk's
    finally:
        read_only.close()


def test_a_collection_on_a_disk_too_full_to_open_it_is_opened_for_reading(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: nothing could be read, and the window said to check that the
    disk was connected."""
    decks = services.decks.list_decks()
    services.close()
    before = paths.collection.read_bytes()
    no_room_for_the_log_index(monkeypatch)

    opened = cli.open_services(paths)
    try:
        assert opened.database.read_only_because is StorageProblemKind.DISK_FULL
        assert opened.decks.list_decks() == decks
        card = opened.study.next_card(decks[0].deck_id)
        assert card is not None and card.answer_html
        with pytest.raises(Exception) as refused:
            opened.study.answer(card.card_id, Rating.GOOD, 900, shown_state=card.state)
        problem = opened.study.storage_problem(refused.value)
        assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL
        assert problem.message == (
            "Your disk is full, so your last action was not saved. Everything saved before it "
            "is safe. Free some space, then choose Try again; you can keep reading cards "
            "meanwhile."
        )
    finally:
        opened.close()
    assert paths.collection.read_bytes() == before


def test_no_room_for_the_log_index_is_a_full_disk_and_read_only_files_read_past_it() -> None:
    from fibrolearn.storage.read_only_files import needs_writing

    no_room = _with_name(sqlite3.OperationalError("disk I/O error"), "IOERR_SHMSIZE")
    problem = storage_problem(_raised(no_room))
    assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL
    assert needs_writing(no_room)  # so a read-only open reads the file as it is
    failing = _with_name(sqlite3.OperationalError("disk I/O error"), "IOERR_READ")
    assert storage_problem(failing).kind is StorageProblemKind.UNAVAILABLE
    assert not needs_writing(failing)


def test_a_command_that_writes_on_a_disk_too_full_to_open_says_the_disk_is_full(
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found in review: opened read-only for the full disk, its refusal was said as a
    read-only folder, 'make the folder writable'."""
    services.close()
    no_room_for_the_log_index(monkeypatch)
    words = tmp_path / "words.txt"
    words.write_text("Question,Answer\nWhat is plover?,A bird\n", encoding="utf-8")

    status = cli._headless_command(cli.build_parser().parse_args(["import", str(words)]), paths)

    said = capsys.readouterr().err
    assert status == 1
    assert "The disk is full, so the command could not finish." in said
    assert "read-only" not in said and "writable" not in said


def test_an_upgrade_the_full_disk_refuses_says_so_and_leaves_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: it was refused as needing a writable folder, and an empty copy of
    the collection was left among the backups."""
    from fibrolearn.paths import resolve_paths
    from fibrolearn.storage import migrate

    paths = resolve_paths(tmp_path / "data")
    migrate.open_collection(paths.collection, paths.backups_dir, target="0001_core").close()
    real_snapshot = migrate.snapshot

    def cut_short(source: Path, destination: Path) -> None:
        real_snapshot(source, destination)
        destination.write_bytes(b"")  # what the disk took of it
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "snapshot", cut_short)
    with pytest.raises(Exception) as refused:
        cli.open_services(paths)

    problem = storage_problem(refused.value)
    assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL
    assert list(paths.backups_dir.iterdir()) == []


def test_a_backup_command_that_cannot_write_for_another_reason_says_so_plainly(
    services: Services, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: a file where the backups folder should be ended in a traceback."""
    services.close()
    shutil.rmtree(paths.backups_dir, ignore_errors=True)
    paths.backups_dir.write_text("not a folder", encoding="utf-8")

    status = cli._headless_command(cli.build_parser().parse_args(["backup"]), paths)

    said = capsys.readouterr().err
    assert status == 1
    assert said.startswith("fibrolearn: could not write the backup: ")
    assert "Traceback" not in said


def refuse_new_files(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """The system refuses to create files in ``folder`` with the error ``code`` from now on."""
    made = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(path).parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        return made(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM], ids=["no-permission", "locked"])
def test_a_backups_folder_that_takes_no_new_file_is_named_not_called_a_disk_error(
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
) -> None:
    """Found in a hunt: with only the backups folder read-only (made by a `sudo fibrolearn
    backup`, or locked), every backup failed and was said as the data folder's disk failing,
    "check that the disk is connected", while the disk and the data folder were fine."""
    earlier = services.backups.backup(BackupReason.MANUAL)
    refuse_new_files(monkeypatch, paths.backups_dir, code)
    snapshot = backup_archive.snapshot

    def refused_by_the_folder(source: Path, destination: Path, **kwargs: Any) -> None:
        if destination.parent == paths.backups_dir:  # as SQLite says it, without the errno
            raise sqlite3.OperationalError("unable to open database file")
        snapshot(source, destination, **kwargs)

    monkeypatch.setattr(backup_archive, "snapshot", refused_by_the_folder)

    with pytest.raises(OSError) as raised:
        services.backups.backup(BackupReason.PERIODIC)
    problem = services.storage_problem(raised.value)
    assert problem is not None and problem.kind is StorageProblemKind.BACKUPS_READ_ONLY
    assert problem.missed_backup.startswith(
        "FibroLearn cannot write to its backups folder (it is read-only, or belongs to another "
        "account), so the automatic backup could not be made."
    )
    assert "Make the backups folder writable" in problem.missed_backup
    assert "disk" not in problem.missed_backup

    services.close()
    status = cli._headless_command(cli.build_parser().parse_args(["backup"]), paths)
    said = capsys.readouterr().err
    assert status == 1
    assert said.startswith(
        f"fibrolearn: FibroLearn cannot write to its backups folder {paths.backups_dir} (it is "
        "read-only, or belongs to another account), so the command could not finish."
    )
    assert "disk" not in said
    assert [p.name for p in paths.backups_dir.iterdir()] == [earlier.path.name]


DISK_ERROR_ON_REVIEW_INSERT = failing_writes(("INSERT INTO REVIEWS",), disk_error)


def test_an_answer_a_disk_made_read_only_refused_says_read_only_as_the_backup_does(
    services: Services, paths: AppPaths, inject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: SQLite reports a write a read-only disk refused as a disk error,
    and the answer's message said the data folder could not be reached (check the disk is
    connected) while the automatic backup's, at the same moment, said rightly read-only."""
    inject("do_connect", DISK_ERROR_ON_REVIEW_INSERT)
    refuse_new_files(monkeypatch, paths.data_dir, errno.EROFS)
    with pytest.raises(Exception) as failed:
        answer_next(services)

    problem = services.storage_problem(failed.value)
    assert problem is not None and problem.kind is StorageProblemKind.READ_ONLY
    backup = storage_problem(OSError(errno.EROFS, "Read-only file system"), paths.collection)
    assert backup is not None
    assert problem.message.split(", so ")[0] == backup.missed_backup.split(", so ")[0]
    assert "Make the folder writable" in problem.message


@pytest.mark.parametrize(
    ("refused", "kind"),
    [
        (errno.EPERM, StorageProblemKind.READ_ONLY),  # a folder locked against changes
        (errno.EACCES, StorageProblemKind.READ_ONLY),  # another account's now
        (errno.ENOSPC, StorageProblemKind.DISK_FULL),
        (errno.EIO, StorageProblemKind.UNAVAILABLE),
    ],
    ids=["locked", "no-permission", "full", "failing"],
)
def test_a_disk_error_is_said_as_the_folder_says_why_it_takes_no_new_file(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, refused: int, kind: StorageProblemKind
) -> None:
    paths.data_dir.mkdir()
    refuse_new_files(monkeypatch, paths.data_dir, refused)
    problem = storage_problem(_raised(disk_error()), paths.collection)
    assert problem is not None and problem.kind is kind


def test_a_disk_error_with_only_the_collection_file_made_read_only_says_so(
    services: Services, paths: AppPaths, inject, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = os.access
    monkeypatch.setattr(  # root ignores chmod
        os, "access", lambda path, mode: Path(path) != paths.collection and asked(path, mode)
    )
    inject("do_connect", DISK_ERROR_ON_REVIEW_INSERT)
    with pytest.raises(Exception) as failed:
        answer_next(services)

    problem = services.storage_problem(failed.value)
    assert problem is not None and problem.kind is StorageProblemKind.FILE_READ_ONLY
    assert "Make the collection file writable" in problem.message


def test_a_disk_error_on_a_disk_that_still_writes_says_the_disk_reported_an_error(
    services: Services, paths: AppPaths, inject
) -> None:
    inject("do_connect", DISK_ERROR_ON_REVIEW_INSERT)
    with pytest.raises(Exception) as failed:
        answer_next(services)

    problem = services.storage_problem(failed.value)
    assert problem is not None and problem.kind is StorageProblemKind.UNAVAILABLE
    assert "(the disk reported an error)" in problem.message
    assert not list(paths.data_dir.glob(".fibrolearn-write-test-*"))  # the try left nothing


def test_a_folder_gone_with_its_disk_is_unavailable_and_not_made_again(tmp_path: Path) -> None:
    gone = tmp_path / "unplugged" / "data"
    problem = storage_problem(disk_error(), gone / "collection.sqlite3")
    assert problem is not None and problem.kind is StorageProblemKind.UNAVAILABLE
    assert not gone.parent.exists()


MAYBE_NOT_SAVED = "so your last action may not have been saved. Everything saved before it"


@pytest.mark.parametrize("kept", [True, False], ids=["back-after-a-crash", "dropped"])
def test_an_answer_whose_flush_failed_is_not_called_lost_as_it_may_be_saved(
    services: Services, paths: AppPaths, inject, kept: bool
) -> None:
    """Found in a bug hunt: an answer whose flush to the disk failed was said "not saved",
    but SQLite had written it in its log already, and a crash before the next write brought
    it back at the next start. The words must be true whichever way it goes."""
    answer_next(services)
    reviews = len(review_rows(paths.collection))
    inject("do_connect", failing_commits(lambda: disk_error("FSYNC"), kept=kept))
    with pytest.raises(UncertainCommitError) as failed:
        answer_next(services)

    problem = services.storage_problem(failed.value)
    assert problem is not None and problem.kind is StorageProblemKind.UNAVAILABLE
    assert problem.maybe_saved and MAYBE_NOT_SAVED in problem.message
    assert problem.message.endswith("Check that the disk is connected, then try again.")
    assert len(review_rows(paths.collection)) == reviews + kept


@pytest.mark.parametrize("kept", [True, False], ids=["back-after-a-crash", "dropped"])
def test_a_change_whose_flush_failed_is_not_called_lost_as_it_may_be_saved(
    services: Services, inject, kept: bool
) -> None:
    """As an answer, any change saved in an ORM session (here the study day's start)."""
    before = services.decks.day_rollover_hour()
    inject("do_connect", failing_commits(lambda: disk_error("FSYNC"), kept=kept))
    with pytest.raises(UncertainCommitError) as failed:
        services.decks.set_day_rollover_hour(before + 1)

    problem = services.storage_problem(failed.value)
    assert problem is not None and problem.maybe_saved
    assert "Everything saved before it is safe." in problem.message
    assert services.decks.day_rollover_hour() == before + kept


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (failing_writes(("INSERT INTO REVIEWS",), disk_error), "FibroLearn could not reach"),
        (failing_commits(disk_full, kept=False), "Your disk is full"),
    ],
    ids=["disk-error-before-the-commit", "full-disk-at-the-commit"],
)
def test_an_answer_refused_before_sqlite_wrote_it_is_said_not_saved(
    services: Services, paths: AppPaths, inject, fault: Callable[..., None], said: str
) -> None:
    """A failed statement, or a full disk (SQLite's pages find no room in its log), leaves
    nothing that could come back."""
    inject("do_connect", fault)
    with pytest.raises(Exception) as failed:
        answer_next(services)

    assert not isinstance(failed.value, UncertainCommitError)
    problem = services.storage_problem(failed.value)
    assert problem is not None and not problem.maybe_saved
    assert problem.message.startswith(said)
    assert "so your last action was not saved." in problem.message
    assert review_rows(paths.collection) == []


def test_a_space_quota_used_up_is_said_as_a_full_disk(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports a write a quota refused (EDQUOT) as a disk error, and an empty file can
    still be made there: it was called "the disk reported an error", with a remedy (check
    that the disk is connected) that cannot help. The probe now writes as a commit would."""
    paths.data_dir.mkdir(parents=True, exist_ok=True)

    def over_quota(_descriptor: int, data: bytes) -> int:
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))

    monkeypatch.setattr(os, "write", over_quota)
    problem = storage_problem(disk_error("WRITE"), paths.collection)
    assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL
    assert [path.name for path in paths.data_dir.iterdir()] == []  # the probe is gone


def test_a_read_the_disk_failed_is_its_doing_even_where_the_folder_is_read_only(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: a bad sector read in a folder mounted read-only was called the
    folder's doing, with a remedy (make it writable) that cannot help a failing disk."""
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    made = os.open

    def read_only_folder(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(path).parent == paths.data_dir:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return made(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_folder)
    assert storage_problem(disk_error("READ"), paths.collection).kind is (
        StorageProblemKind.UNAVAILABLE
    )
    assert storage_problem(disk_error("WRITE"), paths.collection).kind is (
        StorageProblemKind.READ_ONLY
    )


def test_a_change_the_disk_refused_before_the_commit_is_said_not_saved(
    services: Services,
) -> None:
    """Found in review: a setting's statement refused as the session sent it at its commit
    was said to be perhaps saved, where an answer refused alike was said not saved."""
    hour = services.decks.day_rollover_hour()
    refused = failing_writes(("INSERT", "UPDATE", "DELETE"), disk_error)
    with faulty_connections(services.database.engine, refused), pytest.raises(Exception) as raised:
        services.decks.set_day_rollover_hour((hour + 1) % 24)

    problem = services.storage_problem(raised.value)
    assert problem is not None and not problem.maybe_saved
    assert services.decks.day_rollover_hour() == hour
