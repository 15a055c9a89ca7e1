"""Studying from a read-only data folder: the window says so, cards read, answers are refused."""

from __future__ import annotations

import sqlite3

import pytest
from collection_driving import routed_notice, study_with_answer_shown
from PySide6.QtCore import Qt
from ui_driving import ALT, press_in, when_dialog_opens

from fibrolearn import cli
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services


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

    notice = routed_notice(window, monkeypatch)
    study = study_with_answer_shown(qtbot, window, read_only)  # reading needs no write
    session = study.session
    assert session is not None
    assert notice.box is None
    card = session.card
    screenshot(window, "read-only-study")

    qtbot.keyClick(study, Qt.Key.Key_3)  # Good: refused by the read-only collection
    assert notice.box is not None and notice.box.isVisible()
    assert "read-only" in notice.box.text()
    assert session.card == card and session.revealed
    with sqlite3.connect(paths.collection) as connection:
        assert connection.execute("SELECT count(*) FROM reviews").fetchone() == (0,)


def test_a_gentle_session_starts_from_a_read_only_folder_whatever_the_energy(
    qtbot, make_window, services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    read_only = cli.open_services(paths)
    window = make_window(read_only)
    notice = routed_notice(window, monkeypatch)

    def low_energy(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_L, ALT)  # Low: it cannot be kept here
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, low_energy)
    window.deck_actions.start_gentle_session(read_only.decks.list_decks()[0].deck_id)
    assert notice.box is None
    assert window.current_place() == "study" and window.study.session is not None
    assert window.study.session.goal is not None
