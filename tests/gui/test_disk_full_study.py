"""A full disk while studying: a calm message, the card stays readable, nothing is lost."""

from __future__ import annotations

import errno
import sys
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from collection_driving import bare_window, full_window, routed_notice, study_with_answer_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import event
from ui_driving import CTRL, back_to, press, press_in, when_dialog_opens

from driver_faults import disk_full, failing_writes, faulty_connections, no_room_for_the_log_index
from fibrolearn import cli
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.gentle import Energy
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.storage_errors import install_storage_error_hook
from fibrolearn.ui.study_page import _CARD, _PAUSED
from fibrolearn.ui.tasks import TaskRunner
from studying import review_count

# Every write fails, as on a full disk.
DISK_FULL = failing_writes(("INSERT", "UPDATE", "DELETE"), disk_full)


def test_answering_on_a_full_disk_keeps_the_card_on_screen(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    window = make_window(services)
    study = study_with_answer_shown(qtbot, window, services)
    session = study.session
    assert session is not None
    card = session.card
    answer_text = study.browser.toPlainText()

    notice = routed_notice(window, monkeypatch)
    engine = services.database.engine
    event.listen(engine, "do_connect", DISK_FULL)
    engine.dispose()  # the next write gets a connection made with the fault
    qtbot.keyClick(study, Qt.Key.Key_3)  # Good: the write fails

    assert notice.box is not None and notice.box.isVisible()
    assert "Your disk is full" in notice.box.text()
    assert "Everything saved before it is safe" in notice.box.text()
    assert session.card == card and session.revealed  # still on the same answer
    assert study.browser.toPlainText() == answer_text
    assert review_count(paths) == 0
    screenshot(window, "disk-full-study")
    screenshot(notice.box, "disk-full-message")

    # The offscreen platform never makes the box the active window, so a key sent to it
    # would reach the study screen's shortcuts; press its OK button instead.
    assert notice.box.focusWidget() is notice.box.button(QMessageBox.StandardButton.Ok)
    notice.box.focusWidget().click()
    assert notice.box is None
    event.remove(engine, "do_connect", DISK_FULL)  # space was freed
    engine.dispose()
    qtbot.keyClick(study, Qt.Key.Key_3)
    assert review_count(paths) == 1
    assert session.card != card


def test_on_a_full_disk_study_opens_turns_pauses_and_leaves_without_a_word(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    """Found in a bug hunt: saving the place, kept only for a restart, failed each of these
    ("Study stopped", "Not saved"), and a pause it failed left buttons doing nothing."""
    window = make_window(services)
    notice = routed_notice(window, monkeypatch)
    engine = services.database.engine
    event.listen(engine, "do_connect", DISK_FULL)
    engine.dispose()
    study = window.study

    window.start_study(services.decks.list_decks()[0].deck_id)
    session = study.session
    assert session is not None and session.card is not None
    assert study.stack.currentIndex() == _CARD and study.browser.toPlainText()
    qtbot.keyClick(study, Qt.Key.Key_Return)  # turn it over
    assert session.revealed
    window.study_actions.pause.trigger()
    assert session.paused and study.stack.currentIndex() == _PAUSED
    qtbot.keyClick(study, Qt.Key.Key_Return)  # carry on
    assert not session.paused and study.stack.currentIndex() == _CARD and session.revealed
    screenshot(window, "disk-full-study-reading")
    assert notice.box is None  # nothing was lost, so nothing to say

    qtbot.keyClick(study, Qt.Key.Key_3)  # an answer is a change, and is refused
    assert notice.box is not None and "Your disk is full" in notice.box.text()
    notice.box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.keyClick(study, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.deck_list
    assert notice.box is None and review_count(paths) == 0


def test_a_gentle_session_starts_on_a_full_disk_without_the_energy_answer(
    qtbot, make_window, services: Services, monkeypatch: pytest.MonkeyPatch, screenshot
) -> None:
    """Found in a bug hunt: the energy answer was saved before the session started, so on a
    disk that filled meanwhile Ctrl+G said "Not saved" and started nothing."""
    window = make_window(services)
    notice = routed_notice(window, monkeypatch)

    def low_energy(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Tab)  # to the energy question
        press_in(qtbot, dialog, Qt.Key.Key_Down)  # "Low"
        assert dialog.energy() is Energy.LOW
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    with faulty_connections(services.database.engine, DISK_FULL):
        when_dialog_opens(qtbot, low_energy)
        press(qtbot, Qt.Key.Key_G, CTRL)
        back_to(qtbot, window)
        assert notice.box is None
        assert window.current_place() == "study"
        session = window.study.session
        assert session is not None and session.goal is not None and session.card is not None
        told = (
            "Your disk is full, so your energy answer was not saved; the gentle session started "
            "without it. Free some space, then try again; you can keep reading cards meanwhile."
        )
        assert window.statusBar().currentMessage() == told
        assert window._announcer.last == told
        screenshot(window, "disk-full-gentle-session")
    assert services.gentle.energy_today() is None


def test_a_collection_opened_on_a_full_disk_is_read_and_says_to_free_space_and_try_again(
    qtbot,
    paths: AppPaths,
    clock: FixedClock,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    """Found in a bug hunt: on a full disk the collection did not open at all."""
    services.close()
    no_room_for_the_log_index(monkeypatch)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    window = bare_window(qtbot, paths, clock)
    keeper = CollectionKeeper(window, TaskRunner(window), paths, lambda: cli.open_services(paths))
    install_storage_error_hook(keeper.notice)
    keeper.open()
    qtbot.waitUntil(lambda: window.services is not None, timeout=15_000)
    assert window.read_only_notice.isVisible()
    assert window.read_only_notice.text() == (
        "Read-only: the disk was full when FibroLearn opened your collection. You can read "
        "your cards, but answers and changes cannot be saved until you free some space and "
        "choose Try again."
    )
    screenshot(window, "disk-full-at-start")
    study = study_with_answer_shown(qtbot, window, window.services)
    assert study.session is not None and study.session.reading  # Next card, not ratings
    qtbot.keyClick(study, Qt.Key.Key_S)  # Suspend: a change, refused

    box = keeper.notice.box
    assert box is not None
    assert box.text().startswith("Your disk is full, so your last action was not saved.")
    assert "Free some space, then choose Try again" in box.text()
    assert study.session is not None and study.session.revealed  # the card stays readable
    screenshot(box, "disk-full-at-start-answer")
    box.button(QMessageBox.StandardButton.Ok).click()

    keeper.show_backups()
    dialog = keeper.dialog
    assert dialog is not None and not dialog.backup_button.isEnabled()
    assert dialog.read_only_reason.text() == (
        "Read-only: the disk was full when FibroLearn opened your collection, so backups "
        "cannot be made or restored now."
    )
    dialog.reject()


AUTOMATIC_BACKUPS: dict[str, Callable[[CollectionKeeper, Services], None]] = {
    "at-start": lambda keeper, services: keeper._opened(services),
    "periodic": lambda keeper, _services: keeper._periodic_backup(),  # the 5-minute timer
}


@pytest.mark.parametrize("backup", AUTOMATIC_BACKUPS.values(), ids=AUTOMATIC_BACKUPS.keys())
def test_an_automatic_backup_on_a_full_disk_is_told_calmly_as_no_loss(
    qtbot,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
    backup: Callable[[CollectionKeeper, Services], None],
) -> None:
    window, tasks, keeper = full_window(qtbot, paths, clock, services)
    study = study_with_answer_shown(qtbot, window, services)
    qtbot.keyClick(study, Qt.Key.Key_3)
    qtbot.keyClick(study, Qt.Key.Key_Return)
    qtbot.keyClick(study, Qt.Key.Key_3)
    assert review_count(paths) == 2

    def no_space(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    backup(keeper, services)
    told = (
        "Your disk is full, so the automatic backup could not be made. Your answers and "
        "everything else you saved are safe. Free some space; FibroLearn tries again at the "
        "next backup."
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == told, timeout=10_000)
    tasks.wait()

    assert window._announcer.last == told  # screen readers hear it too
    assert keeper.notice.box is None and QApplication.activeModalWidget() is None
    assert review_count(paths) == 2
    label = window.statusBar().message  # the whole message, on as many lines as it takes
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    screenshot(window, "disk-full-automatic-backup")


def test_backups_failing_for_the_same_reason_are_said_once_until_one_is_made(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk stays full a while: said at every 5-minute check, the same words came back
    to the status bar and the screen reader again and again."""
    window, tasks, keeper = full_window(qtbot, paths, clock, services)
    write = zipfile.ZipFile.write

    def no_space(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def periodic_check() -> str:
        window.say("Something else.")
        keeper._periodic_backup()
        tasks.wait()
        qtbot.wait(10)  # the worker's answer reaches the window
        return window.statusBar().currentMessage()

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    assert periodic_check().startswith("Your disk is full, so the automatic backup")
    assert periodic_check() == "Something else."  # the same reason: not said again
    monkeypatch.setattr(zipfile.ZipFile, "write", write)
    assert not services.backups.list_backups()
    assert periodic_check() == "Something else."  # space freed: the backup is made
    assert len(services.backups.list_backups()) == 1
    qtbot.keyClick(study_with_answer_shown(qtbot, window, services), Qt.Key.Key_3)
    clock.advance(timedelta(hours=1))  # and the next backup is due, after a change
    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    assert periodic_check().startswith("Your disk is full, so the automatic backup")
