"""The launcher: output piped to a reader that stops early (``fibrolearn backups | head``)
ends quietly, and a command runs with the collector on."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fibrolearn import __main__ as launcher
from fibrolearn import cli
from fibrolearn.__main__ import EXIT_CLOSED_PIPE
from fibrolearn.cli import open_services
from fibrolearn.domain.backups import BackupReason
from fibrolearn.paths import AppPaths, resolve_paths
from fibrolearn.services.container import Services


def run_into_closed_pipe(*args: str, buffered: bool = True) -> subprocess.CompletedProcess[str]:
    """``fibrolearn ARGS`` writing to a pipe whose reader has gone, as after ``head``.

    ``buffered``: output is held back until Python flushes it, as in a learner's shell; the
    other way (PYTHONUNBUFFERED) each print meets the closed pipe at once.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    reader, writer = os.pipe()
    os.close(reader)  # gone before the first line, so every write finds the pipe closed
    try:
        return subprocess.run(
            [sys.executable, "-m", "fibrolearn", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
    finally:
        os.close(writer)


def output_in(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``fibrolearn ARGS`` whose output, in bytes, must be ``encoding`` strictly."""
    return subprocess.run(
        [sys.executable, "-m", "fibrolearn", *args],
        capture_output=True,
        env=os.environ | {"PYTHONIOENCODING": f"{encoding}:strict"},
        check=False,
        timeout=120,
    )


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a Python of its own, as the launcher runs; its output captured."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_listing_backups_into_a_closed_pipe_ends_quietly(
    services: Services, paths: AppPaths, buffered: bool
) -> None:
    services.backups.backup(BackupReason.MANUAL)  # something for the list to print
    services.close()
    result = run_into_closed_pipe("--data-dir", str(paths.data_dir), "backups", buffered=buffered)
    assert result.stderr == ""  # no traceback, no "Exception ignored"
    assert result.returncode == EXIT_CLOSED_PIPE


def test_a_folder_named_in_another_encoding_is_printed_as_its_bytes(tmp_path: Path) -> None:
    """Found in a bug hunt: under a UTF-8 locale, Python's output refuses the undecodable
    bytes of a folder named in Latin-1, and listing its backups ended in a traceback."""
    paths = resolve_paths(tmp_path / os.fsdecode(b"caf\xe9"))
    services = open_services(paths)
    services.backups.backup(BackupReason.MANUAL)
    services.close()
    # As a UTF-8 terminal has it.
    result = output_in("utf-8", "--data-dir", str(paths.data_dir), "backups")
    assert result.returncode == 0, result.stderr
    assert b"caf\xe9" in result.stdout  # the name as the system has it, for a script to use


def test_a_report_in_an_output_encoding_without_its_quotes_is_printed_escaped(
    services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: under a Latin-1 locale (or into a file on Windows) the quotes
    around a deck's name have no bytes; the rename was saved, then printing its report
    ended in a traceback and exit status 1."""
    name = services.decks.list_decks()[0].name
    services.close()
    command = ("--data-dir", str(paths.data_dir), "deck", "rename", name, "Caf\u00e9")
    result = output_in("latin-1", *command)  # as such a locale has it
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Renamed \\u201c{name}\\u201d to \\u201cCaf\xe9\\u201d.\n".encode(
        "latin-1"
    )


def test_stats_into_an_output_without_a_deck_names_characters_is_still_json(
    services: Services, paths: AppPaths
) -> None:
    """Found in a review: ``fibrolearn stats > stats.json`` where the output's encoding lacks
    a character of a deck's name (a file on Windows, a Latin-1 locale) wrote the output's
    escape for it, "\\U0001f634", which JSON does not have: the file could not be read."""
    deck = services.decks.list_decks()[0]
    services.deck_manage.rename(deck.deck_id, "Sleep \U0001f634 \u0151")
    services.close()
    # As such a locale has it.
    result = output_in("latin-1", "--data-dir", str(paths.data_dir), "stats")
    assert result.returncode == 0, result.stderr
    decks = json.loads(result.stdout)["decks"]
    assert "Sleep \U0001f634 \u0151" in {listed["name"] for listed in decks}


@pytest.mark.parametrize("argument", ["--help", "--version"])
def test_words_printed_on_the_way_out_end_quietly_too(argument: str) -> None:
    """--help and --version print, then leave at once: Python's last flush must not complain."""
    result = run_into_closed_pipe(argument)
    assert result.stderr == ""
    assert result.returncode == EXIT_CLOSED_PIPE


def test_the_launcher_turns_the_collector_off_before_loading_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []

    def fake_main(_argv: list[str]) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli, "main", fake_main)
    ctrl_c = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as exited:
            launcher.main()
    finally:
        gc.enable()
        signal.signal(signal.SIGINT, ctrl_c)  # the launcher's own is for its process alone
    assert exited.value.code == 0 and seen == [False]


def test_a_command_stopped_by_ctrl_c_says_so_without_a_traceback() -> None:
    """Found in a bug hunt: Ctrl+C during ``fibrolearn optimize`` (or an import) printed
    Python's traceback of wherever the command was."""
    stopped_midway = (
        "from fibrolearn import __main__, cli\n"
        "def command(argv):\n"
        "    raise KeyboardInterrupt  # as Ctrl+C arrives, wherever the command is\n"
        "cli.main = command\n"
        "__main__.main()\n"
    )
    result = run_python(stopped_midway)
    assert result.returncode == 130  # 128 + SIGINT, as a shell shows it
    assert result.stderr == (
        "fibrolearn: Stopped (Ctrl+C): what was not yet saved is not saved, and nothing is "
        "left half-written.\n"
    )


def test_ctrl_c_as_python_ends_the_program_leaves_the_commands_status() -> None:
    """From an older list: about one Ctrl+C in four at the very end of ``revlog export``
    ended the process by SIGINT (-2) rather than with a status, the file written whole.
    Python gives SIGINT back to the system early in its exit, then tears the program down:
    a Ctrl+C then killed it. Here one comes as the command's module is torn down."""
    ctrl_c_at_the_end = (
        "import os, signal\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
        "from fibrolearn import __main__, cli\n"
        "class CtrlCAtTheEnd:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "at_the_end = CtrlCAtTheEnd()  # goes as this module is torn down, at the very end\n"
        "def command(argv):\n"
        "    print('wrote 3 answers to log.csv')\n"
        "    return 0\n"
        "cli.main = command\n"
        "__main__.main()\n"
    )
    result = run_python(ctrl_c_at_the_end)
    assert result.returncode == 0, result.stderr  # done: the command's own status
    assert result.stdout == "wrote 3 answers to log.csv\n"
    assert result.stderr == ""


def test_ctrl_c_as_the_collection_closes_is_said_without_a_traceback(
    services: Services, paths: AppPaths
) -> None:
    """Found with the one above: Ctrl+C as a command closed the collection, its report
    printed, came with SQLAlchemy's traceback of "Exception closing connection" first."""
    services.close()
    ctrl_c_as_it_closes = (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
        "from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite\n"
        "def do_close(self, connection):\n"
        "    connection.close()\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # as Ctrl+C arrives, SQLAlchemy closing it\n"
        "SQLiteDialect_pysqlite.do_close = do_close\n"
        "from fibrolearn import __main__\n"
        f"sys.argv = ['fibrolearn', '--data-dir', {str(paths.data_dir)!r}, 'stats']\n"
        "__main__.main()\n"
    )
    result = run_python(ctrl_c_as_it_closes)
    assert result.returncode == 130
    assert result.stderr == launcher.STOPPED + "\n"


def test_ctrl_c_inside_the_collections_own_sql_functions_is_a_stop_too(
    services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: Ctrl+C during ``fibrolearn backup`` of a large collection came
    while SQLite ran one of FibroLearn's own functions (the backup's fingerprint), which
    turns it into "user-defined function raised exception": a traceback and status 1."""
    services.close()
    ctrl_c_midway = (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
        "from fibrolearn import __main__\n"
        "from fibrolearn.storage import backup_fingerprint\n"
        "def crc32(value):\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # as Ctrl+C arrives, SQLite calling it\n"
        "    return 0\n"
        "backup_fingerprint._crc32 = crc32\n"
        f"sys.argv = ['fibrolearn', '--data-dir', {str(paths.data_dir)!r}, 'backup']\n"
        "__main__.main()\n"
    )
    result = run_python(ctrl_c_midway)
    assert result.returncode == 130, result.stderr
    assert result.stderr == launcher.STOPPED + "\n"
    assert result.stdout == ""
    assert list(paths.backups_dir.iterdir()) == []  # nothing half-written


def test_a_command_runs_with_the_collector_the_launcher_turned_off_on_again(
    deck_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.disable()  # as the launcher leaves it for the window's start
    try:
        assert cli.main(["deck", "check", str(deck_file)]) == 0
        assert gc.isenabled()
    finally:
        gc.enable()
    assert f"{deck_file}: ok" in capsys.readouterr().out


def test_stats_with_its_output_closed_ends_without_a_traceback(
    services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: ``fibrolearn stats >&-`` (as a service manager may start a
    program, with no output at all) ended in a traceback, where ``backups`` ended quietly."""
    services.close()
    result = subprocess.run(
        [
            "bash",
            "-c",
            f'"{sys.executable}" -m fibrolearn --data-dir "$0" stats >&-',
            paths.data_dir,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.stderr == ""
    assert result.returncode == 0
