"""A long command shows how far it has got on one line of a terminal, as pip or git do.

Only on a terminal: in a pipe or a file, standard error says nothing of it, and standard
output is the same report either way (scripts read it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("termios")  # a pseudo-terminal: POSIX only

from test_interop_hostile import LATEST

from cli_running import run_fibrolearn
from fibrolearn.__main__ import STOPPED
from fibrolearn.domain.backups import BackupReason
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from terminal_running import run_on_terminal, screen


@pytest.fixture
def data_dir(services: Services, paths: AppPaths) -> str:
    """The folder of a collection with the small deck, closed for the command to open."""
    services.close()
    return str(paths.data_dir)


def test_an_export_shows_its_progress_on_the_terminal_and_leaves_no_trace(
    data_dir: str, tmp_path: Path
) -> None:
    out = tmp_path / "cards.apkg"
    shown = run_on_terminal(
        "--data-dir", data_dir, "export", str(out), "--with-history", tmp_path=tmp_path
    )
    assert shown.returncode == 0, shown.terminal
    assert re.search(r"\rExporting notes… 0 of \d", shown.terminal)
    assert "\rExporting… writing the file" in shown.terminal
    assert screen(shown.terminal) == []  # cleared once done
    piped = run_fibrolearn(
        "--data-dir", data_dir, "export", str(out), "--with-history", "--replace"
    )
    assert piped.returncode == 0, piped.stderr
    assert shown.stdout == piped.stdout  # the report a script reads is the same
    assert piped.stderr == ""  # no progress in a pipe


def test_quiet_shows_no_progress_line(data_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "cards.apkg"
    for quiet in ("--quiet", "-q"):
        shown = run_on_terminal(
            "--data-dir", data_dir, "export", str(out), "--replace", quiet, tmp_path=tmp_path
        )
        assert shown.returncode == 0
        assert shown.terminal == ""
        assert shown.stdout.startswith("Exported ")


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["backup"], ["Backing up… 0 %", "Backing up… 100 %"]),
        (["check"], ["Checking the file (step 1 of 4)…"]),
        (
            ["import", str(LATEST)],
            ["Backing up your collection first… 0 %", "Writing notes… 0 of 3"],
        ),
        (["revlog", "export", "{tmp}/log.csv"], ["Exporting answers…"]),
        (["optimize"], ["Optimizing: reading your review log (step 1 of 3)…"]),
        (["deck", "delete", "Small deck", "--yes"], ["Backing up, then deleting “Small deck”…"]),
        (["restore", "{backup}"], ["Restoring: unpacking the backup (step 1 of 4)…"]),
    ],
    ids=["backup", "check", "import", "revlog", "optimize", "delete", "restore"],
)
def test_each_long_command_shows_its_progress_then_clears_it(
    services: Services, paths: AppPaths, tmp_path: Path, command: list[str], shown: list[str]
) -> None:
    backup = services.backups.backup(BackupReason.MANUAL).path
    services.close()
    args = [arg.format(tmp=tmp_path, backup=backup) for arg in command]
    run = run_on_terminal("--data-dir", str(paths.data_dir), *args, tmp_path=tmp_path)
    for words in shown:
        assert f"\r{words}" in run.terminal
    assert screen(run.terminal) == []


def test_ctrl_c_clears_the_line_before_saying_the_command_stopped(
    data_dir: str, tmp_path: Path
) -> None:
    stopped_midway = (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
        "from fibrolearn import __main__\n"
        "from fibrolearn.services.interop_export import ExportService\n"
        "def export_apkg(self, target, *, progress, **options):\n"
        "    progress.advance(4210, 10000)\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # as Ctrl+C arrives midway\n"
        "ExportService.export_apkg = export_apkg\n"
        "sys.argv[0] = 'fibrolearn'\n"
        "__main__.main()\n"
    )
    out = tmp_path / "cards.apkg"
    shown = run_on_terminal(
        "--data-dir",
        data_dir,
        "export",
        str(out),
        code=stopped_midway,
        columns=120,
        tmp_path=tmp_path,
    )
    assert shown.returncode == 130
    assert "\rExporting notes… 4,210 of 10,000" in shown.terminal
    assert screen(shown.terminal, columns=120) == [
        STOPPED
    ]  # on its own line, nothing of the progress
    assert shown.stdout == ""
    assert not out.exists()


def test_a_line_cut_to_a_narrow_terminal_never_wraps(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    """A line longer than the terminal wraps, and a carriage return then goes back to the
    start of its last row only: the rest would stay on the screen."""
    deck = services.decks.list_decks()[0]
    services.deck_manage.rename(deck.deck_id, "Pain science: central sensitisation")
    services.close()
    shown = run_on_terminal(
        "--data-dir",
        str(paths.data_dir),
        "deck",
        "delete",
        "Pain science: central sensitisation",
        "--yes",
        columns=30,
        tmp_path=tmp_path,
    )
    assert shown.returncode == 0
    assert "\rDeleting “Pain science: cent…" in shown.terminal
    assert screen(shown.terminal, columns=30) == []
