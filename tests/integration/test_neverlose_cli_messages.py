"""Command-line messages say what is wrong and where, in command-line words; nothing is made
by a command that only reads."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from test_recovery import wreck

from cli_running import run_fibrolearn as run
from fibrolearn import cli
from fibrolearn import paths as paths_module
from fibrolearn.cli_backup import describe
from fibrolearn.domain.backups import BackupReason
from fibrolearn.paths import AppPaths
from fibrolearn.services import recovery
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import RestoreError, restore_backup
from file_faults import permission_denied, refuse_to_open

ANKI_PACKAGE = Path(__file__).parents[1] / "data" / "interop" / "small-latest.apkg"


def headless(paths: AppPaths, *argv: str) -> int:
    """Run a command in this process, as main() does once it holds the folder."""
    return cli._headless_command(cli.build_parser().parse_args(argv), paths)


def in_folder(paths: AppPaths) -> str:
    """``fibrolearn`` as a line to paste must name it to work on this (not the usual) folder."""
    return f"fibrolearn --data-dir {paths.data_dir}"


def started(data: Path) -> Path:
    assert run("--data-dir", str(data), "check").returncode == 0
    return data


def test_a_data_folder_that_is_a_file_is_called_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for data in (a_file, a_file / "deeper"):
        result = run("--data-dir", str(data), "stats", "--json")
        assert result.returncode == 1
        assert f"{a_file} is a file, not a folder" in result.stderr
        assert "read-only" not in result.stderr
    assert a_file.read_text() == "mine"


READING_COMMANDS = [
    ["stats", "--json"],
    ["export", "--format", "csv", "OUT/out.csv"],
    ["revlog", "export", "OUT/log.csv"],
    ["optimize", "--json"],
    ["backups"],
    ["backup"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_reading_commands_make_no_collection_in_a_missing_folder(
    tmp_path: Path, command: list[str]
) -> None:
    data = tmp_path / "no" / "such" / "dir"
    argv = [part.replace("OUT", str(tmp_path)) for part in command]
    result = run("--data-dir", str(data), *argv)
    assert result.returncode == 1
    assert f"There is no collection in {data} (the folder does not exist)" in result.stderr
    assert "nothing was created" in result.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_reading_commands_make_no_collection_in_an_empty_folder(
    tmp_path: Path, command: list[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    argv = [part.replace("OUT", str(tmp_path)) for part in command]
    result = run("--data-dir", str(data), *argv)
    assert result.returncode == 1
    assert f"There is no collection in {data}, so there is nothing" in result.stderr
    assert list(data.iterdir()) == []  # not even the lock file


def test_the_help_says_which_commands_start_a_collection() -> None:
    text = " ".join(run("--help").stdout.split())
    assert "check, import, deck load, revlog import and restore start a new collection" in text
    assert "need a collection" in text


def test_the_help_of_restore_says_where_a_bare_file_name_is_looked_for() -> None:
    text = " ".join(run("restore", "--help").stdout.split())
    assert "a bare file name not found here is looked for in the backups folder" in text


def test_exports_never_make_missing_folders(tmp_path: Path) -> None:
    data = started(tmp_path / "data")
    for command in (
        ["export", "--format", "csv", str(tmp_path / "nope" / "deeper" / "out.csv")],
        ["export", "--format", "apkg", str(tmp_path / "nope" / "out.apkg")],
        ["revlog", "export", str(tmp_path / "nope" / "log.csv")],
    ):
        out = Path(command[-1])
        result = run("--data-dir", str(data), *command)
        assert result.returncode == 1, command
        assert f"Cannot write {out}: the folder {out.parent} does not exist" in result.stderr
        assert not (tmp_path / "nope").exists()


def test_no_export_replaces_the_collection_or_its_backups(tmp_path: Path) -> None:
    """Found in a bug hunt: an export named like the collection replaced it, and the next
    start set it aside as damaged, with every answer since the last backup."""
    data = started(tmp_path / "data")
    assert run("--data-dir", str(data), "backup").returncode == 0
    backup = next((data / "backups").glob("*.zip"))
    kept = {path: path.read_bytes() for path in (data / "collection.sqlite3", backup)}
    for command in (
        ["export", "--format", "csv", str(data / "collection.sqlite3")],
        ["export", "--format", "apkg", str(data / "collection.sqlite3-wal")],
        ["revlog", "export", str(data / "collection.sqlite3")],
        ["export", "--format", "apkg", str(backup)],
    ):
        result = run("--data-dir", str(data), *command)
        assert result.returncode == 1, command
        assert f"Cannot write {command[-1]}: " in result.stderr
        assert "Nothing was written" in result.stderr
    assert {path: path.read_bytes() for path in kept} == kept
    assert not (data / "collection.sqlite3-wal").exists()
    assert run("--data-dir", str(data), "check").returncode == 0


def test_a_missing_review_log_file_is_said_like_the_import_says_it(tmp_path: Path) -> None:
    data = started(tmp_path / "data")
    missing = tmp_path / "missing.csv"
    result = run("--data-dir", str(data), "revlog", "import", str(missing))
    assert result.returncode == 1
    assert result.stderr == f"fibrolearn: {missing} cannot be read: No such file or directory.\n"
    imported = run("--data-dir", str(data), "import", str(missing))
    assert imported.stderr == result.stderr  # the same words for the same problem


@pytest.mark.parametrize(
    "command",
    [("import",), ("deck", "load"), ("revlog", "import")],
    ids=["import", "deck load", "revlog import"],
)
def test_a_file_that_cannot_be_read_starts_no_collection(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Found in a bug hunt: bringing in a mistyped file, into a mistyped data folder, made
    that folder with a new collection in it, then said that nothing changed."""
    data, missing = tmp_path / "data", tmp_path / "missing.apkg"
    result = run("--data-dir", str(data), *command, str(missing))
    assert result.returncode == 1
    assert result.stderr == f"fibrolearn: {missing} cannot be read: No such file or directory.\n"
    assert not data.exists()


def test_a_failed_write_is_said_in_command_line_words(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    services.close()
    words = tmp_path / "words.csv"
    words.write_text("perro\tdog\n", encoding="utf-8")
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)  # opened read-only

    status = headless(paths, "import", str(words))

    error = capsys.readouterr().err
    assert status == 1
    assert error.startswith(
        f"fibrolearn: FibroLearn cannot write to its data folder {paths.data_dir}"
    )
    assert "the command could not finish" in error
    assert "keep reading cards" not in error and "last action" not in error


def test_a_backup_says_on_stderr_which_media_file_it_left_out(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    services.close()
    paths.media_dir.mkdir(parents=True)
    locked = paths.media_dir / "locked.png"
    locked.write_bytes(b"another account's picture")
    refuse_to_open(monkeypatch, locked, permission_denied(locked))

    status = headless(paths, "backup")

    printed = capsys.readouterr()
    assert status == 0
    assert printed.out.startswith("Backed up: ")
    assert printed.err == (
        "fibrolearn: It left out 1 media file FibroLearn could not open: locked.png "
        "(Permission denied). Make it readable so that the next backups hold it; your cards "
        "and answers are all in it.\n"
    )


def test_a_backup_with_one_media_file_says_one_media_file(
    services: Services, paths: AppPaths, capsys
) -> None:
    """Found in a bug hunt: "1 media files" in `fibrolearn backup` and `backups`."""
    services.close()
    paths.media_dir.mkdir(parents=True)
    (paths.media_dir / "heart.png").write_bytes(b"a picture")
    assert headless(paths, "backup") == 0
    assert headless(paths, "backups") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(", 1 media file, " in line for line in lines)


def test_restoring_into_a_read_only_folder_says_so(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    backup = services.backups.backup(BackupReason.MANUAL)
    services.close()
    before = paths.collection.read_bytes()
    monkeypatch.setattr(paths_module, "folder_writable", lambda _folder: False)

    status = headless(paths, "restore", str(backup.path))

    error = capsys.readouterr().err
    assert status == 1
    assert "cannot restore a backup there" in error and "read-only" in error
    assert "could not write the backup" not in error and ".restoring-" not in error
    assert paths.collection.read_bytes() == before


def test_a_restore_that_cannot_unpack_says_it_was_unpacking(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = services.backups.backup(BackupReason.MANUAL)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(
            errno.EACCES, "Permission denied", str(paths.data_dir / ".restoring-x")
        )

    monkeypatch.setattr(recovery.tempfile, "TemporaryDirectory", refused)
    with pytest.raises(RestoreError) as raised:
        restore_backup(backup.path, paths, services)
    message = str(raised.value)
    assert message.startswith(
        f"Could not unpack the backup {backup.path.name} into {paths.data_dir}"
    )
    assert "Permission denied" in message and "Nothing was changed" in message
    assert isinstance(raised.value.__cause__, PermissionError)  # still a disk problem
    assert services.stats.summary()  # the collection stayed open and usable


def test_a_restore_whose_safety_backup_fails_says_so_and_changes_nothing(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = services.backups.backup(BackupReason.MANUAL)
    before = paths.collection.read_bytes()

    def disk_full(
        _reason: BackupReason, _restoring: object = None, progress: object = None
    ) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(services.backups, "backup", disk_full)
    with pytest.raises(RestoreError, match="Could not back up the collection before restoring"):
        restore_backup(backup.path, paths, services)
    assert paths.collection.read_bytes() == before
    assert services.stats.summary()  # still open: nothing was switched


@pytest.mark.parametrize("writable", [True, False], ids=["writable", "read-only"])
def test_damage_met_by_a_command_says_how_to_recover_in_that_folder(
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
    tmp_path: Path,
    writable: bool,
) -> None:
    services.close()
    with closing(sqlite3.connect(paths.collection)) as connection, connection:
        connection.execute("UPDATE notes SET tags = CAST(X'5BE4' AS TEXT)")  # not UTF-8
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: writable)

    status = headless(paths, "export", "--format", "csv", str(tmp_path / "out.csv"))

    error = capsys.readouterr().err
    assert status == 1
    assert error.startswith("fibrolearn: Part of the collection is damaged")
    first = "make the data folder writable, then " if not writable else ""
    run = in_folder(paths)  # found in a hunt: without it, the line pasted ran on another folder
    assert error.endswith(
        f"To recover, {first}restore a backup made before the damage: `{run} backups` to list "
        f"them and `{run} restore FILE` to put one back.\n"
    )


@pytest.fixture
def in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The learner's clock in New York (UTC-5 in March); the process zone put back after."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_backup_offered_after_damage_is_timed_as_the_backups_list_times_it(
    services: Services, paths: AppPaths, capsys, in_new_york: None
) -> None:
    """Found in a bug hunt: the damage message offered "the newest good backup … from
    2026-03-04 12:00 UTC", where `fibrolearn backups` listed the same one at 07:00."""
    backup = services.backups.backup(BackupReason.MANUAL)  # 12:00 UTC: 07:00 in New York
    services.close()
    paths.collection.write_bytes(b"")  # emptied: set aside, the backup offered

    assert headless(paths, "stats", "--json") == 1
    offered = capsys.readouterr().err
    headless(paths, "backups")  # lists them, then offers that backup again

    assert capsys.readouterr().out.startswith("2026-03-04 07:00  ")
    assert f"is from 2026-03-04 07:00 with 5 cards and 0 reviews: {backup.path}." in offered
    assert "UTC" not in offered


def test_a_collection_a_command_set_aside_is_not_said_set_aside_at_a_start(
    services: Services, paths: AppPaths, capsys
) -> None:
    """Found in a bug hunt: after one command had set the damaged collection aside, the next
    said it was "damaged when FibroLearn last started", though the app never had."""
    services.backups.backup(BackupReason.MANUAL)
    services.close()
    wreck(paths.collection)
    assert headless(paths, "stats", "--json") == 1  # sets it aside
    capsys.readouterr()

    assert headless(paths, "stats", "--json") == 1

    said = capsys.readouterr().err
    assert said.startswith(
        "fibrolearn: Your collection was found damaged when FibroLearn last opened it. It was "
        "moved aside, not deleted, to "
    )
    assert "started" not in said


def test_the_backup_made_before_a_restore_is_listed_as_before_restoring_which(
    services: Services, paths: AppPaths, capsys, in_new_york: None
) -> None:
    """The one that undoes the restore, told apart from the backup of the restored collection
    made in the same minute."""
    backup = services.backups.backup(BackupReason.MANUAL)  # 12:00 UTC: 07:00 in New York
    services.close()
    assert headless(paths, "restore", str(backup.path)) == 0
    capsys.readouterr()

    assert headless(paths, "backups") == 0

    [safety] = [line for line in capsys.readouterr().out.splitlines() if "before-restore" in line]
    assert "  Before restoring the backup of 2026-03-04 07:00: " in safety


def test_a_data_folder_path_too_long_for_the_database_is_called_too_long(
    tmp_path: Path,
) -> None:
    """Found in a bug hunt: it was called a disk error, "check that the disk is connected"."""
    data = tmp_path.joinpath(*["a-long-folder-name" * 5] * 6)  # about 550 bytes in all
    words = tmp_path / "words.txt"
    words.write_text("Question,Answer\nWhat is plover?,A bird\n", encoding="utf-8")

    result = run("--data-dir", str(data), "import", str(words))

    assert result.returncode == 1
    assert f"The path to the data folder {data} is too long" in result.stderr
    assert "Move the folder to a shorter path and name it with --data-dir." in result.stderr
    assert "disk" not in result.stderr


def folder_of_length(base: Path, length: int) -> Path:
    """A folder under ``base`` whose path is ``length`` bytes long."""
    folder, left = base, length - len(str(base))
    while left > 0:
        part = min(left - 1, 200)
        folder, left = folder / ("d" * part), left - part - 1
    assert len(str(folder)) == length
    return folder


def test_a_data_folder_too_long_for_the_backups_is_called_too_long(tmp_path: Path) -> None:
    """Found in review: at about 450-500 bytes the collection opens, but every backup fails,
    and that was called a disk error."""
    data = folder_of_length(tmp_path, 470)
    assert run("--data-dir", str(data), "check").returncode == 0  # the collection opens

    result = run("--data-dir", str(data), "backup")

    assert result.returncode == 1
    assert f"The path to the data folder {data} is too long" in result.stderr
    assert "disk" not in result.stderr


def test_a_data_folder_too_long_for_the_copy_before_an_upgrade_is_called_too_long(
    tmp_path: Path,
) -> None:
    """Found in review: the copy made before upgrading from the longest-named revision is
    the deepest database of all, and passing SQLite's limit it was called a disk error."""
    from fibrolearn.paths import resolve_paths
    from fibrolearn.storage.migrate import open_collection
    from fibrolearn.storage.schema_revisions import REVISIONS

    paths = resolve_paths(folder_of_length(tmp_path, 512 - len("-journal") - 80))
    longest = max(REVISIONS, key=len)
    open_collection(paths.collection, paths.backups_dir, target=longest).close()

    result = run("--data-dir", str(paths.data_dir), "stats")

    assert result.returncode == 1
    assert f"The path to the data folder {paths.data_dir} is too long" in result.stderr
    assert not any(paths.backups_dir.iterdir())  # and no copy cut short is left


def test_listing_backups_says_when_there_are_none_and_which_files_it_leaves_out(
    services: Services, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a bug hunt: `fibrolearn backups` printed nothing at all, with no backups, and
    with only a backup cut short while it was copied in (which the list leaves out)."""
    assert headless(paths, "backups") == 0
    nothing = capsys.readouterr()
    assert nothing.out == ""
    assert f"there are no backups in {paths.backups_dir} yet" in nothing.err

    good = services.backups.backup(BackupReason.MANUAL).path
    cut_short = paths.backups_dir / "backup-20260301T080000Z-start.zip"
    cut_short.write_bytes(good.read_bytes()[:200])
    (paths.backups_dir / "holiday photos.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (paths.backups_dir / "backup-20260302T080000Z-start.zip").mkdir()  # a folder: not a file
    assert headless(paths, "backups") == 0
    listed = capsys.readouterr()
    assert [line.split()[-1] for line in listed.out.splitlines()] == [str(good)]
    foreign = paths.backups_dir / "holiday photos.zip"
    assert listed.err.splitlines() == [
        f"fibrolearn: not listed: {cut_short} cannot be read as a backup (File is not a zip file)",
        f"fibrolearn: not listed: {foreign} is not a FibroLearn backup (its manifest is missing "
        "or unreadable: \"There is no item named 'fibrolearn-backup.json' in the archive\")",
    ]


def test_restore_finds_a_backup_by_its_name_and_says_plainly_what_it_cannot_restore(
    services: Services,
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found in a bug hunt: `restore` with a file name as the window gives it (the backup kept
    of a collection a restore replaced) failed, as did a path to a folder or to no file, with
    Python's words ("[Errno 21] Is a directory"), and not saying that nothing had changed."""
    backup = services.backups.backup(BackupReason.MANUAL)
    services.close()
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (elsewhere / "notes.zip").write_text("my notes")
    shutil.copy(ANKI_PACKAGE, elsewhere / "deck.apkg")
    kept = {path: path.read_bytes() for path in (paths.collection, backup.path)}

    refused = {
        "no-such.zip": f"There is no file {elsewhere / 'no-such.zip'}.",
        str(paths.backups_dir): f"{paths.backups_dir} is a folder, not a backup file.",
        "notes.zip": "notes.zip cannot be read as a backup (File is not a zip file).",
        # Found in a hunt: "its manifest is missing or unreadable: There is no item named...".
        "deck.apkg": "deck.apkg is an Anki package, not a FibroLearn backup: import it "
        "instead (File ▸ Import… in the app, or `fibrolearn import FILE`).",
        # Found in review: "./" was lost, and the backup of that name was restored instead.
        f"./{backup.path.name}": f"There is no file {elsewhere / backup.path.name}.",
    }
    for file, words in refused.items():
        assert headless(paths, "restore", file) == 1, file
        error = capsys.readouterr().err
        assert error == (
            f"fibrolearn: {words} Nothing was changed. `{in_folder(paths)} backups` lists the "
            "backups, each with its file.\n"
        )
        assert {path: path.read_bytes() for path in kept} == kept
        assert list(paths.backups_dir.iterdir()) == [backup.path]

    assert headless(paths, "restore", backup.path.name) == 0  # as named in the window
    assert f"Restored: {describe(backup)}" in capsys.readouterr().out


def test_a_backup_found_damaged_or_newer_as_it_unpacks_is_refused_in_the_same_words(
    services: Services, paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a hunt: these refusals alone did not say that nothing had changed, nor how
    to list the backups."""
    backup = services.backups.backup(BackupReason.MANUAL).path
    services.close()
    unpacked = tmp_path / "collection.sqlite3"
    with zipfile.ZipFile(backup) as archive:
        manifest = archive.read("fibrolearn-backup.json")
        unpacked.write_bytes(archive.read("collection.sqlite3"))
    with closing(sqlite3.connect(unpacked)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    newer = tmp_path / "newer.zip"
    damaged = tmp_path / "damaged.zip"
    for made, collection in ((newer, unpacked.read_bytes()), (damaged, b"SQLite format 3\0")):
        with zipfile.ZipFile(made, "w") as archive:
            archive.writestr("fibrolearn-backup.json", manifest)
            archive.writestr("collection.sqlite3", collection + bytes(100))
    assert headless(paths, "check") == 0  # opened as the command opens it (the app's decks)
    capsys.readouterr()
    before = dumped(paths.collection)

    for made, words in ((newer, "was made by a newer version"), (damaged, "holds a damaged")):
        assert headless(paths, "restore", str(made)) == 1
        error = capsys.readouterr().err
        assert error.startswith(f"fibrolearn: {made} {words}"), error
        assert error.endswith(
            f". Nothing was changed. `{in_folder(paths)} backups` lists the backups, each with "
            "its file.\n"
        )
        assert dumped(paths.collection) == before  # opened to be backed up: not changed


def dumped(collection: Path) -> list[str]:
    with closing(sqlite3.connect(collection)) as connection:
        return list(connection.iterdump())
