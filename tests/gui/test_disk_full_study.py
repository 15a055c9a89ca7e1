"""A full disk while studying: a calm message, the card stays readable, nothing is lost."""

from __future__ import annotations

import sqlite3

import pytest
from collection_driving import routed_notice, study_with_answer_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from driver_faults import disk_full, failing_writes
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services

# Every write fails, as on a full disk.
DISK_FULL = failing_writes(("INSERT", "UPDATE", "DELETE"), disk_full)


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
