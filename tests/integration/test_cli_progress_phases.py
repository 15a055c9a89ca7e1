"""Every long command shows how far it has got, phase by phase, as the app's windows do; a
dumb terminal gets plain lines; and Ctrl+C in any phase leaves nothing half-written.

Run as a learner runs them: the real command, standard error on a pseudo-terminal.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

pytest.importorskip("termios")  # a pseudo-terminal: POSIX only

from test_long_work_progress import other_deck, review_log

from cli_running import run_fibrolearn
from fibrolearn.__main__ import STOPPED
from fibrolearn.domain.backups import BackupReason
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from terminal_running import TerminalRun, run_on_terminal, screen

ANSWERS = 40
RESTORE_BACKUP = "Restoring: backing up your collection first (step 2 of 4)…"


@pytest.fixture
def collection(services: Services, paths: AppPaths, tmp_path: Path) -> dict[str, str]:
    """A closed collection, a backup of it, and files to load: the commands' arguments."""
    backup = services.backups.backup(BackupReason.MANUAL).path
    services.deck_manage.rename(services.decks.list_decks()[0].deck_id, "Renamed since")
    services.close()
    return {
        "data": str(paths.data_dir),
        "log": str(review_log(tmp_path, ANSWERS, cards=7)),
        "deck": str(other_deck(tmp_path)),
        "backup": str(backup),
    }


def answers(paths: AppPaths) -> int:
    with closing(sqlite3.connect(paths.collection)) as db:
        return int(db.execute("select count(*) from reviews").fetchone()[0])


def deck_names(paths: AppPaths) -> list[str]:
    with closing(sqlite3.connect(paths.collection)) as db:
        return sorted(name for (name,) in db.execute("select name from decks"))


def files_in(folder: Path) -> set[str]:
    """Every file under ``folder`` but the lock a command holds while it runs."""
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and path.name != ".fibrolearn.lock"
    }


COMMANDS = {
    "revlog import": ["revlog", "import", "{log}"],
    "deck load": ["deck", "load", "{deck}"],
    "restore": ["restore", "{backup}"],
}
SHOWN = {
    "revlog import": [
        "Reading the file… 0 %",
        "Reading the file… 100 %",
        "Backing up your collection first… 0 %",
        "Backing up your collection first… 100 %",
        f"Adding answers… 0 of {ANSWERS}",
        f"Adding answers… {ANSWERS} of {ANSWERS}",
        "Saving the answers…",
    ],
    "deck load": [
        "Backing up your collection first… 0 %",
        "Backing up your collection first… 100 %",
        "Loading “My deck”…",
    ],
    "restore": [
        "Restoring: unpacking the backup (step 1 of 4)…",
        f"{RESTORE_BACKUP} 0 %",
        f"{RESTORE_BACKUP} 100 %",
        "Restoring: putting its media files in place (step 4 of 4)…",
    ],
}
PLAIN = {  # on a dumb terminal: a line as each phase begins
    "revlog import": [
        "Reading the file… 0 %",
        "Backing up your collection first… 0 %",
        f"Adding answers… 0 of {ANSWERS}",
        "Saving the answers…",
    ],
    "deck load": ["Backing up your collection first… 0 %", "Loading “My deck”…"],
    "restore": [
        "Restoring: unpacking the backup (step 1 of 4)…",
        RESTORE_BACKUP,  # its share then goes on from there
        "Restoring: putting the backup's collection in place (step 3 of 4)…",
        "Restoring: putting its media files in place (step 4 of 4)…",
    ],
}
REPORT = {
    "revlog import": f"Imported {ANSWERS} answers about 7 cards.",
    "deck load": "Loaded the deck “My deck”: 5 cards to study.",
    "restore": "Restored: ",
}


def run(command: str, collection: dict[str, str], tmp_path: Path, **how: object) -> TerminalRun:
    args = [arg.format(**collection) for arg in COMMANDS[command]]
    return run_on_terminal(
        "--data-dir", collection["data"], *args, tmp_path=tmp_path, columns=100, **how
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_long_command_shows_each_phase_then_clears_the_line(
    command: str, collection: dict[str, str], tmp_path: Path
) -> None:
    shown = run(command, collection, tmp_path)
    assert shown.returncode == 0, shown.terminal
    for words in SHOWN[command]:
        assert f"\r{words}" in shown.terminal
    assert screen(shown.terminal, columns=100) == []  # cleared once done
    assert shown.stdout.startswith(REPORT[command])
    args = [arg.format(**collection) for arg in COMMANDS[command]]
    piped = run_fibrolearn("--data-dir", collection["data"], *args)  # again, in a pipe
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""  # no progress in a pipe


@pytest.mark.parametrize("command", COMMANDS)
def test_a_dumb_terminal_gets_plain_lines_and_no_cursor_moves(
    command: str, collection: dict[str, str], tmp_path: Path
) -> None:
    """Emacs' shell (TERM=dumb) shows a carriage return as "^M": each phase gets a line."""
    shown = run(command, collection, tmp_path, term="dumb")
    assert shown.returncode == 0, shown.terminal
    written = shown.terminal.replace("\r\n", "\n")  # the terminal's own end of line
    assert "\r" not in written
    assert "\x1b" not in written
    lines = written.splitlines()
    firsts = PLAIN[command]
    assert [line for line in lines if line in firsts] == firsts  # each phase, in order
    assert len(lines) < 2 * len(firsts)  # not a line for each step
    assert shown.stdout.startswith(REPORT[command])


def stopped_at(marker: str) -> str:
    """Python that runs fibrolearn, Ctrl+C coming as its progress first shows ``marker``."""
    return (
        "import os, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
        "from fibrolearn import __main__\n"
        "from fibrolearn.cli_progress_line import ProgressLine\n"
        "show = ProgressLine.show\n"
        "def stopping(self, text):\n"
        "    show(self, text)\n"
        f"    if {marker!r} in text:\n"
        "        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl+C arrives\n"
        "ProgressLine.show = stopping\n"
        "sys.argv[0] = 'fibrolearn'\n"
        "__main__.main()\n"
    )


@pytest.mark.parametrize(
    ("command", "marker"),
    [
        ("revlog import", "first… 50 %"),
        ("revlog import", "Adding answers… 0 of"),
        ("deck load", "first… 50 %"),
        ("restore", "first (step 2 of 4)… 50 %"),
        ("restore", "(step 3 of 4)"),  # backed up, not yet put in place
    ],
    ids=[
        "revlog-backing-up",
        "revlog-adding",
        "deck-backing-up",
        "restore-backing-up",
        "restore-before-swap",
    ],
)
def test_ctrl_c_in_any_phase_leaves_nothing_half_written(
    command: str, marker: str, collection: dict[str, str], paths: AppPaths, tmp_path: Path
) -> None:
    before = files_in(paths.data_dir)
    decks, answered = deck_names(paths), answers(paths)
    shown = run(command, collection, tmp_path, code=stopped_at(marker))
    assert shown.returncode == 130  # 128 + SIGINT, as a shell shows it
    assert marker in shown.terminal  # stopped midway, as the line showed it
    assert screen(shown.terminal, columns=100) == [STOPPED]  # alone: the line is cleared
    assert shown.stdout == ""
    # The collection is the one it was (but for the deck FibroLearn comes with, loaded
    # as it opened): not the backup's, no deck loaded.
    assert set(decks) <= set(deck_names(paths))
    assert not {"Small deck", "My deck"} & set(deck_names(paths))
    assert answers(paths) == answered
    if marker.endswith("%"):  # stopped backing up: no backup, nothing left of it
        assert files_in(paths.data_dir) == before
    assert not [name for name in files_in(paths.data_dir) if "partial" in name]


def test_ctrl_c_once_a_restore_put_the_backup_in_place_finishes_it_first(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    """Stopped between the backup's collection and its pictures, a restore left the restored
    collection without the pictures it had (the rest went with its work folder), and said
    "nothing is left half-written"."""
    paths.media_dir.mkdir(parents=True, exist_ok=True)
    for number in range(3):
        (paths.media_dir / f"picture{number}.png").write_bytes(bytes([number]) * 40_000)
    backup = services.backups.backup(BackupReason.MANUAL).path
    (paths.media_dir / "picture1.png").unlink()  # lost since
    services.close()
    shown = run_on_terminal(
        "--data-dir",
        str(paths.data_dir),
        "restore",
        str(backup),
        code=stopped_at("(step 4 of 4)"),
        columns=120,
        tmp_path=tmp_path,
    )
    assert shown.returncode == 0, shown.terminal  # restored: the command did its work
    assert "(step 4 of 4)" in shown.terminal
    assert screen(shown.terminal, columns=120) == [
        "fibrolearn: Ctrl+C came once the backup was in place, so the restore was finished first."
    ]
    assert shown.stdout.startswith("Restored: ")
    assert sorted(path.name for path in paths.media_dir.iterdir()) == [
        "picture0.png",
        "picture1.png",
        "picture2.png",
    ]
    assert not list(paths.data_dir.glob(".restoring-*"))  # no work folder left behind
