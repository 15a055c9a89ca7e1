"""Damage in what rows hold, met while studying: a calm message, the answer already saved,
and no card left on screen to meet it again until the learner asks."""

from __future__ import annotations

import sqlite3

import pytest
from collection_driving import routed_notice, study_with_answer_shown
from PySide6.QtCore import Qt
from ui_driving import settled

from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services

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

    # Said on the study screen, which keeps no card to answer again: no box over it.
    assert notice.box is None
    assert session.card is None and session.stuck and study.stuck_button.hasFocus()
    assert study.stuck_button.text() == "Try again"
    assert study.progress_label.text() == "" and study.counts.text() == ""  # no card's line
    text = study.stuck_label.text()
    assert text.startswith(
        "<h2>Study stopped here</h2><p>Part of your collection is damaged and cannot be read "
        "(a failing disk or another program changed it), so showing a card could not "
        "finish; it changed nothing. To recover, restore a backup made before the damage: "
        "File ▸ Backups… (your collection as it is now is backed up first).</p>"
        "<p>Your answer in this sitting is saved.</p>"
        "<p>Press Enter to try again, or Esc to go back to your decks.</p>"
    )
    assert "What the system said: " in text and "column &#x27;due&#x27;" in text
    assert study.announcer.last.startswith("Study stopped here")
    assert "What the system said" not in study.announcer.last  # for reports, not read out
    with sqlite3.connect(paths.collection) as connection:
        answered = connection.execute("SELECT card_id FROM reviews").fetchall()
    connection.close()
    assert answered == [(card_id,)]
    screenshot(settled(window), "damaged-data-study")

    for key in (Qt.Key.Key_3, Qt.Key.Key_1, Qt.Key.Key_Space):  # meant for the card: nothing
        qtbot.keyClick(study, key)
    assert session.stuck and notice.box is None
    qtbot.keyClick(study.stuck_button, Qt.Key.Key_Return)  # asked for: met once more
    assert session.stuck and study.stuck_label.text() == text
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
