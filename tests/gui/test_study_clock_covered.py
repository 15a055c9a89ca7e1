"""Card info and the note editor over a study card stop its answer clock while they are open.

A saved edit shows the card as it now reads; its answer time runs on from before the edit.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from test_card_info_dialog import INFO
from ui_driving import CTRL, back_to, press, press_in, when_dialog_opens

from fibrolearn.domain.clock import FixedClock
from fibrolearn.services import sitting_time
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession

EDIT = (Qt.Key.Key_E,)


@pytest.fixture
def answer_clock(clock: FixedClock, monkeypatch) -> None:
    """Answer time follows the test's clock, as study time does."""
    start = clock.now()

    def monotonic() -> float:
        return (clock.now() - start).total_seconds()

    monkeypatch.setattr(sitting_time, "time", SimpleNamespace(monotonic=monotonic))


def shown_after_thinking(qtbot, window, clock: FixedClock) -> tuple[StudySession, int]:
    """Study the deck, and show the first card's answer after 4 s of thinking."""
    press(qtbot, Qt.Key.Key_Return)  # study the deck
    session = window.study.session
    assert session is not None and session.card is not None
    clock.advance(timedelta(seconds=4))  # thinking
    press(qtbot, Qt.Key.Key_Space)
    return session, session.card.card_id


@pytest.mark.usefixtures("answer_clock")
@pytest.mark.parametrize("keys", [INFO, EDIT], ids=["card info", "edit"])
def test_time_spent_in_a_dialog_over_the_card_is_not_answer_time(
    qtbot, make_window, services: Services, clock: FixedClock, keys
) -> None:
    window = make_window(services)
    session, card_id = shown_after_thinking(qtbot, window, clock)
    opened: list[str] = []

    def read_a_while(dialog: QWidget) -> None:
        opened.append(dialog.windowTitle())
        clock.advance(timedelta(minutes=5))  # reading the card's details, or its note
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, read_a_while)
    press(qtbot, *keys)
    back_to(qtbot, window)
    assert opened, "no dialog opened"
    clock.advance(timedelta(seconds=2))  # the answer, read again
    press(qtbot, Qt.Key.Key_3)  # Good

    answers = services.card_info.card_info(card_id).answers
    assert [answer.duration_ms for answer in answers] == [6000]
    assert session.study_seconds() == 6  # nor study time, for a timed gentle goal


@pytest.mark.usefixtures("answer_clock")
def test_a_saved_edit_keeps_the_answer_time_from_before_it(
    qtbot, make_window, services: Services, clock: FixedClock
) -> None:
    window = make_window(services)
    session, card_id = shown_after_thinking(qtbot, window, clock)

    def mend_the_note(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_End, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text=" (mended)")
        clock.advance(timedelta(minutes=5))  # editing the note
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    seen = when_dialog_opens(qtbot, mend_the_note)
    press(qtbot, *EDIT)
    back_to(qtbot, window)
    assert seen and window.study.session.card.card_id == card_id
    assert "(mended)" in window.study.browser.toPlainText(), "the edit was not saved"
    clock.advance(timedelta(seconds=2))  # the answer, read again
    press(qtbot, Qt.Key.Key_3)  # Good

    answers = services.card_info.card_info(card_id).answers
    assert [answer.duration_ms for answer in answers] == [6000]  # 4 s before, 2 s after
    assert session.study_seconds() == 6
