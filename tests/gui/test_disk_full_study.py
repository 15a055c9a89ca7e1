"""A full disk while studying: a calm message, the card stays readable, nothing is lost."""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.storage_errors import StorageErrorNotice, install_storage_error_hook


def disk_full(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
        raise sqlite3.OperationalError("database or disk is full")


def review_count(paths: AppPaths) -> int:
    with sqlite3.connect(paths.collection) as connection:
        return connection.execute("SELECT count(*) FROM reviews").fetchone()[0]


def test_answering_on_a_full_disk_keeps_the_card_on_screen(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    window = make_window(services)
    window.start_study(services.decks.list_decks()[0].deck_id)
    study = window.study
    qtbot.keyClick(study, Qt.Key.Key_Return)  # show the answer
    session = study.session
    assert session is not None and session.revealed
    card = session.card
    answer_text = study.browser.toPlainText()

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    notice = StorageErrorNotice(window)
    install_storage_error_hook(notice)
    engine = services.database.engine
    event.listen(engine, "before_cursor_execute", disk_full)
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
    event.remove(engine, "before_cursor_execute", disk_full)  # space was freed
    qtbot.keyClick(study, Qt.Key.Key_3)
    assert review_count(paths) == 1
    assert session.card != card
