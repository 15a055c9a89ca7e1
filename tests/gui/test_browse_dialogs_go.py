"""Browse's closed dialogs go, with their questions: nothing of them stays in the page.

Kept, each Add or Edit window stayed in the page until the app ended, with its "Discard your
changes?" question in it. A change started later (Ctrl+J) walked all of them to hold input
back, and, after other tests had run in the same process, crashed in a freed widget there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from test_browse_page import Host, focus_table, on_dialog, type_note
from ui_driving import CTRL, back_to, close_discarding, press, press_in

from fibrolearn.services.container import Services


@pytest.fixture
def host(qtbot, services: Services) -> Iterator[Host]:
    made = Host(qtbot, services)
    yield made
    made.tasks.wait()


def dialogs_left(page: QWidget) -> list[str]:
    """The windows still in ``page`` once what was closed has been deleted."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [dialog.windowTitle() for dialog in page.findChildren(QDialog)]


def test_an_add_window_closed_unsaved_leaves_nothing_in_the_page(host: Host, qtbot) -> None:
    def add(dialog: QWidget) -> None:
        type_note(qtbot, dialog, "Which hormone follows a daily rhythm?")
        close_discarding(qtbot, dialog)

    on_dialog(qtbot, add)
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_N, CTRL)
    back_to(qtbot, host.window)
    assert dialogs_left(host.page) == []


def test_an_edit_window_leaves_nothing_in_the_page_and_a_change_runs_after_it(
    host: Host, qtbot
) -> None:
    on_dialog(qtbot, lambda dialog: press_in(qtbot, dialog, Qt.Key.Key_Escape))
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_Return)
    back_to(qtbot, host.window)
    assert dialogs_left(host.page) == []
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_J, CTRL)  # suspend: holds the page's input while it runs
    host.finish(qtbot)
    assert host.cells("State")[0] == "New, suspended"
