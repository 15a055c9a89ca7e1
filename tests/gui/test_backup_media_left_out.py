"""A media file the system will not open is left out of the backups, said once, not hidden."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collection_driving import full_window, restore_question_declined, study_with_answer_shown
from PySide6.QtCore import Qt

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from file_faults import permission_denied, refuse_to_open

LEFT_OUT = (
    "It left out 1 media file FibroLearn could not open: locked.png (Permission denied). "
    "Make it readable so that the next backups hold it; your cards and answers are all in it."
)


def test_an_automatic_backup_says_once_which_media_file_it_left_out(
    qtbot,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    """Found in a bug hunt: one picture FibroLearn may not read stopped every backup, and the
    learner was told the data folder was read-only, which it was not."""
    paths.media_dir.mkdir(parents=True)
    locked = paths.media_dir / "locked.png"
    locked.write_bytes(b"held by another program")
    refuse_to_open(monkeypatch, locked, permission_denied(locked))
    window, tasks, keeper = full_window(qtbot, paths, clock, services)

    def periodic_check() -> str:
        window.say("Something else.")
        keeper._periodic_backup()
        tasks.wait()
        qtbot.wait(10)  # the worker's answer reaches the window
        return window.statusBar().currentMessage()

    def answer_one() -> None:
        qtbot.keyClick(study_with_answer_shown(qtbot, window, services), Qt.Key.Key_3)
        clock.advance(timedelta(hours=1))  # the next backup is due, after a change

    answer_one()
    told = periodic_check()
    assert told.startswith("Backed up ") and told.endswith(LEFT_OUT)
    assert window._announcer.last == told  # screen readers hear it too
    label = window.statusBar().message  # the whole message, on as many lines as it takes
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    screenshot(window, "backup-media-left-out")
    assert len(services.backups.list_backups()) == 1  # the answers are backed up

    answer_one()
    assert periodic_check() == "Something else."  # the same file again: not said again
    assert len(services.backups.list_backups()) == 2

    keeper.show_backups()  # a backup the learner asks for says it every time
    dialog = keeper.dialog
    assert dialog is not None
    qtbot.keyClick(dialog.backup_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Backed up"), timeout=10_000)
    assert dialog.status.text().endswith(LEFT_OUT)
    tasks.wait()
    # Listed, each backup says what it lacks, read back from its manifest.
    assert dialog.table.item(0, 4).text() == "Made by you; 1 media file left out"
    assert (
        dialog.table.item(1, 4).text() == "During study (every 30 minutes); 1 media file left out"
    )
    screenshot(dialog, "backup-media-left-out-listed")

    assert (
        "It lacks locked.png, which FibroLearn could not back up when it was made; the media "
        "files you have now stay." in restore_question_declined(qtbot, dialog)
    )
    dialog.reject()
