"""Studying from a read-only data folder: the window says so, cards read, answers are refused."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from collection_driving import full_window, routed_notice, study_with_answer_shown
from fitting import cut_off
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from test_damaged_data_study import NOT_UTF8
from ui_driving import laid_out, press_in, settled, when_dialog_opens

from fibrolearn import cli
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.gentle import Energy
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.app_preferences import AppPreferences, ui_settings
from fibrolearn.ui.guide_pointer import GUIDE_POINTER_WORDS
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.read_only_notice import read_only_words
from fibrolearn.ui.storage_errors import install_storage_error_hook
from fibrolearn.ui.text_fit import screen_room


def test_a_read_only_folder_can_be_read_and_says_why_nothing_saves(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)  # root ignores chmod
    read_only = cli.open_services(paths)
    window = make_window(read_only)
    assert window.read_only_notice.isVisible()
    assert "cannot write to" in window.read_only_notice.text()
    # Found in a bug hunt: made writable meanwhile, it stayed read-only without saying why.
    assert window.read_only_notice.text().endswith(
        "until the folder is writable and you choose Try again."
    )

    notice = routed_notice(window, monkeypatch)
    study = study_with_answer_shown(qtbot, window, read_only)  # reading needs no write
    session = study.session
    assert session is not None and session.reading
    assert notice.box is None
    # No rating can be saved, so none is offered: one Next card, with the focus.
    assert not any(button.isVisible() for button in study.rating_buttons.values())
    assert study.answer_bar.next_button.isVisible()
    assert QApplication.focusWidget() is study.answer_bar.next_button
    assert "not saved" in study.answer_bar.next_button.accessibleDescription()
    screenshot(window, "read-only-study")

    qtbot.keyClick(study, Qt.Key.Key_P)  # the place cannot be saved: no word of it
    assert "saved" not in study.paused_label.text()
    qtbot.keyClick(study, Qt.Key.Key_P)
    assert session.revealed and not session.paused

    # Found in a bug hunt: Good was refused with a message, again and again, and the
    # learner could read no card but the first. Every key that answers now goes on.
    read = [session.card]
    qtbot.keyClick(study, Qt.Key.Key_3)  # Good, from habit
    assert notice.box is None
    assert session.card is not None and session.card not in read
    assert study.announcer.last.startswith("Not saved. Card 2, 3 more after this.")
    while session.card is not None and len(read) < 30:
        read.append(session.card)
        qtbot.keyClick(study, Qt.Key.Key_Return)  # the answer
        qtbot.keyClick(study, Qt.Key.Key_Return)  # Next card
    assert len(read) == len({card.card_id for card in read}) > 2
    assert "You read" in study.summary_label.text()
    assert "Nothing was saved" in study.summary_label.text()
    laid_out(qtbot)
    screenshot(window, "read-only-study-read")
    with sqlite3.connect(paths.collection) as connection:
        assert connection.execute("SELECT count(*) FROM reviews").fetchone() == (0,)


def test_a_read_only_folder_is_said_as_the_window_opens_on_it(
    qtbot, make_window, services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a screen-reader pass: the notice over every place was only seen. A learner
    heard the deck list, and learnt of it when a first answer was not saved."""
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    heard: list[tuple[str, QWidget | None]] = []
    announce = Announcer.announce

    def said(announcer: Announcer, text: str) -> None:
        heard.append((text, QApplication.focusWidget()))
        announce(announcer, text)

    monkeypatch.setattr(Announcer, "announce", said)
    window = make_window(cli.open_services(paths))
    assert window.read_only_notice.text().startswith("Read-only: FibroLearn cannot write to ")
    said = f"{window.read_only_notice.text()} {GUIDE_POINTER_WORDS}"  # a first start's too
    assert heard == [(said, window.deck_list.table)]  # after focus


def test_a_gentle_session_starts_from_a_read_only_folder_whatever_the_energy(
    qtbot, make_window, services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    read_only = cli.open_services(paths)
    window = make_window(read_only)
    notice = routed_notice(window, monkeypatch)

    def low_energy(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Tab)  # to the energy question
        press_in(qtbot, dialog, Qt.Key.Key_Down)  # Low: it cannot be kept here
        assert dialog.energy() is Energy.LOW
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, low_energy)
    window.deck_actions.start_gentle_session(read_only.decks.list_decks()[0].deck_id)
    assert notice.box is None
    assert window.current_place() == "study" and window.study.session is not None
    assert window.study.session.goal is not None
    assert window.statusBar().currentMessage() == (
        "FibroLearn cannot write to its data folder (it is read-only), so your energy answer "
        "was not saved; the gentle session started without it. Make the folder writable and "
        "choose Try again, or start FibroLearn with another data folder; you can keep "
        "reading cards meanwhile."
    )


def test_damage_met_in_a_read_only_folder_says_to_make_it_writable_before_restoring(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services, monkeypatch, screenshot
) -> None:
    services.close()
    with sqlite3.connect(paths.collection) as connection:  # every card's due date garbled
        connection.execute(f"UPDATE cards SET due = {NOT_UTF8}")
    connection.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    read_only = cli.open_services(paths)
    window, tasks, keeper = full_window(qtbot, paths, clock, read_only)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_storage_error_hook(keeper.notice)

    deck_id = read_only.decks.list_decks()[0].deck_id
    QTimer.singleShot(0, lambda: window.start_study(deck_id))  # from a slot, as a key press
    qtbot.waitUntil(lambda: window.study.session is not None and window.study.session.stuck)

    restore_once_writable = (
        "To recover, make the data folder writable and choose Try again, then restore a "
        "backup made before the damage: File ▸ Backups… (your collection as it is now is "
        "backed up first)."
    )
    said = window.study.stuck_label.text()
    assert "so showing a card could not finish" in said
    assert restore_once_writable in said and "answer" not in said  # none was taken
    # Trying again would meet the damage again: Enter goes back to the decks, as Esc does.
    assert "<p>Press Enter or Esc to go back to your decks.</p>" in said
    button = window.study.stuck_button
    assert button.text() == button.accessibleName() == "Back to decks" and button.hasFocus()
    screenshot(settled(window), "read-only-damage-study")
    qtbot.keyClick(window.study, Qt.Key.Key_Return)
    assert window.current_place() == "decks"

    # Damage met by any other action is said by the window's message, worded alike.
    assert keeper.notice.report(StoredValueError("a stored JSON value does not parse"))
    box = keeper.notice.box
    assert box is not None and box.windowTitle() == "Collection damaged"
    assert box.text().endswith(restore_once_writable)
    screenshot(box, "read-only-damage-message")
    box.button(QMessageBox.StandardButton.Ok).click()
    tasks.wait()


def test_a_read_only_collection_file_in_a_writable_folder_is_read_and_named(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    """Found in a bug hunt: one left by another account (a run with sudo) opened for writing,
    and every refused write was blamed on a read-only data folder."""
    services.close()
    monkeypatch.setattr(cli, "file_writable", lambda _path: False)  # root ignores chmod
    read_only = cli.open_services(paths)
    assert read_only.database.read_only
    window = make_window(read_only)
    assert window.read_only_notice.text() == (
        f"Read-only: FibroLearn cannot write to your collection file in {paths.data_dir} (it is "
        "read-only, or belongs to another account). You can read your cards, but answers and "
        "changes cannot be saved until it is writable and you choose Try again."
    )
    notice = routed_notice(window, monkeypatch)
    notice.use_collection(read_only.storage_problem)  # as the window's keeper does
    study = study_with_answer_shown(qtbot, window, read_only)
    screenshot(window, "read-only-collection-file")

    qtbot.keyClick(study, Qt.Key.Key_S)  # Suspend: answers are not asked for here, changes are
    assert notice.box is not None
    assert notice.box.text() == (
        "FibroLearn cannot write to your collection file (it is read-only, or belongs to another "
        "account), so your last action was not saved. Everything saved before it is safe. Make "
        "the collection file writable and choose Try again; you can keep reading cards "
        "meanwhile."
    )
    read_only.close()


WINDOWS_FOLDER = r"C:\Users\Alexandra.Featherstonehaugh\AppData\Local\FibroLearn\FibroLearn"


def test_a_long_windows_data_folder_wraps_in_the_notice_at_the_largest_text(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services, monkeypatch, screenshot
) -> None:
    """Found in a bug hunt: a path with no spaces could not wrap, so at 200 % text the
    notice made the window's least width 1058 pixels, wider than an 800-pixel screen."""
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    read_only = cli.open_services(paths)
    window = MainWindow(ui_settings(paths), clock, WINDOWS_FOLDER)
    qtbot.addWidget(window)
    try:
        with qtbot.waitExposed(window):
            window.show()
        window.collection_opened(read_only)
        window.apply_preferences(AppPreferences(text_scale=200))
        # Said as written: the places to break are for the eye alone.
        said = read_only_words(StorageProblemKind.READ_ONLY, WINDOWS_FOLDER)
        assert window.read_only_notice.text() == said
        room = screen_room(window)
        assert window.minimumSizeHint().width() <= room.width()
        window.resize(room.width(), window.height())  # as narrow as the screen
        laid_out(qtbot)
        assert not cut_off(window.read_only_notice)
        screenshot(window, "read-only-windows-folder-200-percent")
    finally:
        window.apply_preferences(AppPreferences())
        read_only.close()
