"""Damage in what rows hold, met while studying: a calm message, the answer already saved,
and no card left on screen to meet it again until the learner asks."""

from __future__ import annotations

import sqlite3

import pytest
from collection_driving import routed_notice, study_with_answer_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.study_page import STUCK_TEXT

# "2026" and a lone first byte of a two-byte character: text SQLite keeps, Python cannot decode.
NOT_UTF8 = "CAST(X'32303236E4' AS TEXT)"


def test_a_damaged_next_card_is_reported_and_the_answer_kept(
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
    assert session is not None and session.card is not None
    card_id = session.card.card_id
    # Another program, or a failing disk, garbles when every other card is due.
    with sqlite3.connect(paths.collection) as connection:
        connection.execute(f"UPDATE cards SET due = {NOT_UTF8} WHERE id != ?", (card_id,))
    connection.close()

    notice = routed_notice(window, monkeypatch)
    qtbot.keyClick(study, Qt.Key.Key_3)  # Good: saved, then the next card cannot be read

    assert notice.box is not None and notice.box.isVisible()
    assert notice.box.windowTitle() == "Collection damaged"  # not "Not saved": it was
    assert "Part of your collection is damaged" in notice.box.text()
    assert "File ▸ Backups…" in notice.box.text()
    assert "Could not decode to UTF-8 column 'due'" in notice.box.detailedText()
    with sqlite3.connect(paths.collection) as connection:
        answered = connection.execute("SELECT card_id FROM reviews").fetchall()
    connection.close()
    assert answered == [(card_id,)]
    screenshot(window, "damaged-data-study")
    screenshot(notice.box, "damaged-data-message")
    notice.box.button(QMessageBox.StandardButton.Ok).click()
    assert notice.box is None

    # The answered card is gone from the screen: no key answers it again or meets the damage.
    assert session.card is None and study.try_again_button.hasFocus()
    assert study.stuck_label.text() == STUCK_TEXT
    for key in (Qt.Key.Key_3, Qt.Key.Key_1, Qt.Key.Key_Space):
        qtbot.keyClick(study, key)
    assert notice.box is None
    qtbot.keyClick(study.try_again_button, Qt.Key.Key_Return)  # asked for: met once more
    assert notice.box is not None and "Part of your collection is damaged" in notice.box.text()
    notice.box.button(QMessageBox.StandardButton.Ok).click()
    with sqlite3.connect(paths.collection) as connection:
        assert connection.execute("SELECT count(*) FROM reviews").fetchone() == (1,)
    connection.close()

    qtbot.keyClick(study, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the answer
    assert session.card is not None and session.card.card_id == card_id and not session.stuck
    assert study.browser.isVisible()
    with sqlite3.connect(paths.collection) as connection:
        assert connection.execute("SELECT count(*) FROM reviews").fetchone() == (0,)
        repaired = "UPDATE cards SET due = '2026-01-01 00:00:00.000000' WHERE id != ?"
        connection.execute(repaired, (card_id,))
    connection.close()
    qtbot.keyClick(study, Qt.Key.Key_Return)
    qtbot.keyClick(study, Qt.Key.Key_3)  # Good again: now the next card reads
    assert session.card is not None and session.card.card_id != card_id
    assert study.browser.isVisible() and notice.box is None

    qtbot.keyClick(study, Qt.Key.Key_Escape)
    assert window.current_place() == "decks"
