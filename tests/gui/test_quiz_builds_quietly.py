"""The Quiz place is built without Qt warnings on the terminal it was started from."""

from __future__ import annotations

from PySide6.QtCore import QtMsgType

from fibrolearn.ui.quiz_page import QuizPage


def test_building_the_quiz_page_warns_of_nothing(qtbot, qtlog) -> None:
    page = QuizPage()
    qtbot.addWidget(page)
    warnings = [m.message for m in qtlog.records if m.type != QtMsgType.QtDebugMsg]
    assert warnings == []
