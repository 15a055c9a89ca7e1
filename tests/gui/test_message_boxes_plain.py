"""Message boxes show their words as written, never read as HTML."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from ui_driving import when_dialog_opens

from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow

# A message that starts as HTML would: Qt reads such text as HTML unless told otherwise.
MARKUP = '<img src="/etc/passwd"><b>collection.db</b> is not a database'


def shown_as(qtbot, show) -> tuple[Qt.TextFormat, str]:
    """How the message box ``show()`` opens reads its text, and that text."""
    seen: list[tuple[Qt.TextFormat, str]] = []

    def look(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append((box.textFormat(), box.text()))
        box.done(0)

    when_dialog_opens(qtbot, look)
    show()
    (shown,) = seen
    return shown


def test_a_collection_that_cannot_open_is_named_as_written(
    qtbot, make_window, services: Services
) -> None:
    """Found in review: the start-up, backup and restore boxes read their text as HTML."""
    window: MainWindow = make_window(services)
    shown = shown_as(qtbot, lambda: window.collection_failed(OSError(MARKUP)))
    assert shown == (Qt.TextFormat.PlainText, MARKUP)
