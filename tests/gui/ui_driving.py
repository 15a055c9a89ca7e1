"""Keyboard helpers for the GUI tests: press keys where focus is, answer modal dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """Press a key on the widget that has keyboard focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    qtbot.keyClick(target, key, modifier)


def keys_let_go(qtbot, window) -> None:
    """Wait as a learner pausing after a key: a text size asked for by a quick burst of keys
    (as a held key repeats) is in use, and the next key applies at once."""
    qtbot.waitUntil(lambda: not window._text_size_pace.in_burst)


def press_in(qtbot, dialog: QWidget, key: Qt.Key, modifier=NO_MODIFIER, text: str = "") -> None:
    """Press a key (or type text) on the focused widget of a dialog."""
    target = dialog.focusWidget() or dialog
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, key, modifier)


def when_dialog_opens(
    qtbot, handler: Callable[[QWidget], None], title: str | None = None
) -> list[QWidget]:
    """Run ``handler`` on the next modal dialog once its event loop runs; returns [dialog].

    With ``title``, on the modal dialog of that title (the one before may still be closing).
    The dialog is made the active window first, as a window manager would, so keys behave
    as they do for a learner (arrow keys between radio buttons need it).
    """
    seen: list[QWidget] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or (title is not None and dialog.windowTitle() != title):
            QTimer.singleShot(10, act)  # not open yet: look again a moment later
            return
        seen.append(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        handler(dialog)

    QTimer.singleShot(0, act)
    return seen


def back_to(qtbot, window: QWidget) -> None:
    """Make ``window`` active again after a dialog closed (a window manager's job)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def shown_active(qtbot, widget: QWidget) -> QWidget:
    """Show ``widget`` as the active window, as a learner's click would leave it."""
    with qtbot.waitExposed(widget):
        widget.show()
    back_to(qtbot, widget)
    return widget


def settled(widget: QWidget) -> QWidget:
    """Let pending layout requests run (as the event loop would before painting)."""
    QApplication.processEvents()
    return widget


def laid_out(qtbot) -> None:
    """Run the event loop a moment, for layouts that settle over a few turns of it.

    The deck table, for one, refits a turn after its rows change height (which Qt itself
    does a turn after the columns change width), and the page is laid out on the next.
    """
    qtbot.wait(50)


def close_discarding(qtbot, dialog: QWidget) -> None:
    """Esc on a note editor holding typing not saved, and "Discard changes" when it asks."""

    def discard(box: QWidget) -> None:
        press_in(qtbot, box, Qt.Key.Key_D, ALT)

    when_dialog_opens(qtbot, discard, title="Discard your changes?")
    press_in(qtbot, dialog, Qt.Key.Key_Escape)
