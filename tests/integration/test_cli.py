"""The headless command line, run as a user would (a real process, a temporary data dir)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest

from cli_running import run_fibrolearn as run
from fibrolearn import __version__, cli
from fibrolearn.paths import resolve_paths
from fibrolearn.storage.migrate import HEAD, open_collection

REPO = Path(__file__).resolve().parents[2]


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"FibroLearn {__version__}"


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("--data-dir", "stats", "check", "deck"):
        assert word in result.stdout


def test_stats_json_on_a_new_collection(tmp_path: Path) -> None:
    started = run("--data-dir", str(tmp_path), "check")  # starts a collection; stats never does
    assert started.returncode == 0, started.stderr
    result = run("--data-dir", str(tmp_path), "stats", "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert (tmp_path / "collection.sqlite3").exists()
    keys = {deck["key"] for deck in stats["decks"]}
    bundled = {p.stem for p in (REPO / "decks").glob("*.toml")}
    assert bundled and keys == bundled
    for deck in stats["decks"]:
        assert deck["cards"]["new"] > 0
        assert deck["reviews_today"] == deck["reviews_total"] == 0


def test_fibrolearn_home_variable_is_honoured(tmp_path: Path) -> None:
    result = run("check", home=tmp_path / "portable")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "portable" / "collection.sqlite3").exists()


def test_check_passes_on_a_healthy_collection(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path), "check")
    assert result.returncode == 0, result.stderr
    assert f"schema: {HEAD} (expected {HEAD})" in result.stdout
    assert result.stdout.strip().endswith("ok")


def test_check_finds_browse_search_text_out_of_date_and_repair_rewrites_it(
    tmp_path: Path,
) -> None:
    assert run("--data-dir", str(tmp_path), "check").returncode == 0
    collection = tmp_path / "collection.sqlite3"
    with sqlite3.connect(collection) as connection:  # another program, as it might
        made = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
        connection.execute("DROP TRIGGER note_text_update")
        connection.execute("UPDATE notes SET tags = 'new' WHERE id = (SELECT max(id) FROM notes)")
        connection.execute("DELETE FROM note_text WHERE note_id = (SELECT min(id) FROM notes)")
        connection.execute("INSERT INTO note_text (note_id, text) VALUES (999999, 'stray')")
        connection.execute("DROP TRIGGER note_text_cards_update")
        connection.execute("DROP TRIGGER note_text_cards_delete")  # back, doing nothing
        connection.execute(
            "CREATE TRIGGER note_text_cards_delete AFTER DELETE ON cards BEGIN SELECT 1; END"
        )
        connection.execute(
            "UPDATE cards SET retired = 1 WHERE id = (SELECT max(id) FROM cards"
            " WHERE note_id NOT IN ((SELECT min(id) FROM notes), (SELECT max(id) FROM notes)))"
        )
    connection.close()

    found = run("--data-dir", str(tmp_path), "check")
    assert found.returncode == 1
    for words in (
        "no longer kept up to date (note_text_update, note_text_cards_update gone;"
        " note_text_cards_delete changed)",
        "missing or out of date for 3 notes",
        "1 row of it belong to no note",
        f"fibrolearn --data-dir {tmp_path} check --repair",
    ):
        assert words in found.stdout

    repaired = run("--data-dir", str(tmp_path), "check", "--repair")
    assert repaired.returncode == 0, repaired.stdout
    assert repaired.stdout.startswith("Rewrote the search text of ")
    assert repaired.stdout.strip().endswith("ok")
    with sqlite3.connect(collection) as connection:  # the migration's triggers, word for word
        back = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
    connection.close()
    assert back == made


def test_check_fails_clearly_on_a_foreign_file(tmp_path: Path) -> None:
    (tmp_path / "collection.sqlite3").write_text("not a database")
    result = run("--data-dir", str(tmp_path), "check")
    assert result.returncode == 1
    assert "not a FibroLearn collection" in result.stderr
    assert (tmp_path / "collection.sqlite3").read_text() == "not a database"


def test_deck_check_passes_the_bundled_deck() -> None:
    result = run("deck", "check", str(REPO / "decks" / "fibromyalgia-causes.toml"))
    assert result.returncode == 0
    assert result.stdout.strip().endswith(": ok")


def test_deck_check_reports_every_problem_with_its_line() -> None:
    broken = REPO / "tests" / "data" / "decks" / "broken-unknown-factor.toml"
    result = run("deck", "check", str(broken))
    assert result.returncode == 1
    assert f'{broken}:26: fact "CS9": unknown factor "central-sensitisation"' in result.stdout


def test_deck_show_is_deterministic_per_seed() -> None:
    deck = str(REPO / "decks" / "fibromyalgia-causes.toml")
    first = run("deck", "show", deck, "--json", "--seed", "7")
    again = run("deck", "show", deck, "--json", "--seed", "7")
    other = run("deck", "show", deck, "--json", "--seed", "8")
    assert first.returncode == 0
    assert first.stdout == again.stdout != other.stdout
    shown = json.loads(first.stdout)
    assert {"deck", "factors", "facts", "cards", "quiz"} <= shown.keys()
    assert all(card["facts"] for card in shown["cards"])


def test_a_command_says_when_opening_could_not_read_which_deck_files_were_loaded(
    tmp_path: Path,
) -> None:
    paths = resolve_paths(tmp_path)
    open_collection(paths.collection, paths.backups_dir).close()
    with closing(sqlite3.connect(paths.collection)) as connection, connection:
        connection.execute("REPLACE INTO settings (key, value) VALUES ('loaded_deck_files', 7)")

    result = run("--data-dir", str(tmp_path), "stats", "--json")

    assert result.returncode == 0 and json.loads(result.stdout)  # the command still runs
    assert result.stderr == (
        "fibrolearn: One of your collection's settings is damaged, so FibroLearn could not tell "
        "which of the decks it comes with you have, and did not look for newer versions of "
        f"them. Your decks are as they were. `fibrolearn --data-dir {tmp_path} check --repair` "
        "sets it back to its "
        "default; no card or review is touched. The next start then looks for newer versions "
        "again, and brings back any of those decks you had deleted.\n"
    )
    checked = run("--data-dir", str(tmp_path), "check")  # whose report names the setting
    assert checked.returncode == 1 and "settings is damaged" not in checked.stderr
    assert "the stored table of deck files loaded at start is not one (7)" in checked.stdout


def test_a_busy_collection_is_said_plainly_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class LockedLog:
        def import_csv(self, _path: Path, _progress: object = None) -> None:
            raise sqlite3.OperationalError("database is locked")  # after the busy timeout

    closed = []
    stand_in = SimpleNamespace(
        revlog=LockedLog(),
        decks=SimpleNamespace(repaired_search_text=0, files_unread=False),  # opened as it was
        finished_restore=None,
        close=lambda: closed.append(True),
    )
    monkeypatch.setattr(cli, "open_services", lambda _paths: stand_in)
    args = cli.build_parser().parse_args(["revlog", "import", str(tmp_path / "x.csv")])
    status = cli._headless_command(args, resolve_paths(tmp_path))  # main() also locks the folder
    assert status == 1 and closed == [True]
    error = capsys.readouterr().err
    assert error.startswith("fibrolearn: Another program is using your collection")
    assert "Traceback" not in error


def test_a_collection_busy_while_opening_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def locked(_paths: object) -> None:
        raise sqlite3.OperationalError("database is locked")  # e.g. loading a deck update

    monkeypatch.setattr(cli, "open_services", locked)
    paths = resolve_paths(tmp_path)
    open_collection(paths.collection, paths.backups_dir).close()
    args = cli.build_parser().parse_args(["stats", "--json"])
    assert cli._headless_command(args, paths) == 1
    assert capsys.readouterr().err.startswith("fibrolearn: Another program is using")


def test_stats_prints_a_deck_name_as_it_is_written(tmp_path: Path) -> None:
    """Found in a bug hunt: stats printed "Schmerz \\u00fcberall" for "Schmerz überall"."""
    words = tmp_path / "words.txt"
    words.write_text("Kopf\thead\nHand\thand\n", encoding="utf-8")
    data = str(tmp_path / "data")
    assert (
        run("--data-dir", data, "import", str(words), "--deck", "Schmerz überall").returncode == 0
    )
    result = run("--data-dir", data, "stats")
    assert result.returncode == 0, result.stderr
    assert '"name": "Schmerz überall"' in result.stdout
    assert "Schmerz überall" in {deck["name"] for deck in json.loads(result.stdout)["decks"]}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display server is Linux's")
def test_the_window_without_a_screen_says_so_and_makes_nothing(tmp_path: Path) -> None:
    """Found in a bug hunt: ``fibrolearn`` over ssh made the data folder and its lock, then Qt
    ended the process (an abort, exit 134) saying that reinstalling might help."""
    unset = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "fibrolearn", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("fibrolearn: There is no screen to open FibroLearn's window")
    assert "`fibrolearn --help` lists them" in result.stderr
    assert not data.exists()


@pytest.mark.parametrize("command", [["stats"], ["check"], []], ids=["stats", "check", "window"])
def test_a_data_folder_whose_name_is_too_long_is_said_plainly(
    tmp_path: Path, command: list[str]
) -> None:
    """Found in a bug hunt: a --data-dir (or FIBROLEARN_HOME) with a name longer than the
    file system takes ended in a traceback ("OSError: File name too long"), for a command
    and for the app's window alike."""
    data = tmp_path / ("a" * 300) / "data"
    result = subprocess.run(
        [sys.executable, "-m", "fibrolearn", "--data-dir", str(data), *command],
        capture_output=True,
        text=True,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},  # a screen for the window
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"fibrolearn: {data} cannot be the data folder (--data-dir or FIBROLEARN_HOME): "
        "File name too long. Name another folder.\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "failed"),
    [
        (["export", "{long}.apkg"], "Cannot write {long}.apkg: File name too long. Nothing was"),
        (["export", "{long}/out.csv"], "Cannot write {long}/out.csv: File name too long."),
        (["revlog", "export", "{long}.csv"], "Cannot write {long}.csv: File name too long."),
        (["restore", "{long}.zip"], "{long}.zip cannot be read: File name too long. Nothing"),
    ],
    ids=["export", "export into a folder", "revlog export", "restore"],
)
def test_a_file_name_too_long_is_that_files_problem_not_the_data_folders(
    tmp_path: Path, command: list[str], failed: str
) -> None:
    """Found in a bug hunt: a file name longer than the file system takes (a pasted title, a
    path with a stray paste) was blamed on the data folder, "The path to the data folder ...
    is too long ... Move the folder to a shorter path", when the folder was fine."""
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "check").returncode == 0
    long = str(tmp_path / ("n" * 300))
    result = run("--data-dir", str(data), *[part.format(long=long) for part in command])
    assert result.returncode == 1
    assert failed.format(long=long) in result.stderr
    assert "data folder" not in result.stderr
    assert result.stdout == ""


def test_a_deck_name_with_accents_written_the_other_way_is_the_same_deck(tmp_path: Path) -> None:
    """Found in a bug hunt: a deck whose name came with "é" as "e" and an accent (as macOS
    writes file names, and some Anki packages keep them) could not be named by typing it:
    "There is no deck called “Café”. Your decks: “Café”, …"; and an import into “Café”
    made a second deck that looked the same."""
    data, words = str(tmp_path / "data"), tmp_path / "words.tsv"
    words.write_text("pain\tDouleur\n", encoding="utf-8")
    assert run("--data-dir", data, "import", str(words), "--deck", "Cafe\u0301").returncode == 0
    again = run("--data-dir", data, "import", str(words), "--deck", "Caf\u00e9")
    assert again.returncode == 0, again.stderr
    assert "New decks" not in again.stdout
    renamed = run("--data-dir", data, "deck", "rename", "caf\u00e9", "Coffee")
    assert renamed.returncode == 0, renamed.stderr
    stats = json.loads(run("--data-dir", data, "stats").stdout)
    assert "Coffee" in {deck["name"] for deck in stats["decks"]}
    assert not {deck["name"] for deck in stats["decks"]} & {"Cafe\u0301", "Caf\u00e9"}


def test_the_restore_hint_pasted_into_a_shell_restores_that_folders_backup(
    tmp_path: Path,
) -> None:
    """Found in a bug hunt: with the collection gone, ``fibrolearn --data-dir DIR stats``
    offered "fibrolearn restore /…/Application Support/…/backup.zip": pasted, the shell split
    the path at its space, and the line had no --data-dir, so it would have replaced the
    collection in the usual data folder with this one's backup."""
    data = tmp_path / "Application Support" / "fibrolearn"
    usual = tmp_path / "usual"
    assert run("--data-dir", str(data), "check").returncode == 0
    assert run("--data-dir", str(data), "backup").returncode == 0
    (data / "collection.sqlite3").unlink()
    refused = run("--data-dir", str(data), "stats")
    assert refused.returncode == 1
    hint = refused.stderr.strip().splitlines()[-1]
    assert hint.startswith("To restore that backup: fibrolearn ")
    line = hint.removeprefix("To restore that backup: ")
    env = {k: v for k, v in os.environ.items() if k != "FIBROLEARN_HOME"}
    env["FIBROLEARN_HOME"] = str(usual)  # where the line would land without --data-dir
    pasted = subprocess.run(
        ["bash", "-c", f'fibrolearn() {{ "{sys.executable}" -m fibrolearn "$@"; }}; {line}'],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert pasted.returncode == 0, pasted.stderr
    assert (data / "collection.sqlite3").exists()
    assert not usual.exists()
