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
from test_browse_page import Host, focus_table, on_dialog, search, type_note
from ui_driving import CTRL, back_to, close_discarding, press, press_in

from conftest import Held
from fibrolearn.services.container import Services
from own_cards import TAG, new_deck, own_cards


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


def test_find_and_replace_closed_while_it_reads_goes_once_the_notes_are_read(
    host: Host, qtbot, services: Services, held: Held
) -> None:
    """Its reading of the notes, in the background, answered a window already deleted."""
    own_cards(services, new_deck(services, "Mine"), 2)
    search(qtbot, host, f"tag:{TAG}")
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)  # both cards: the notes of the selected ones are read
    host.tasks.wait()
    read = held(services.notes, "find_scope")  # a slow disk: still reading as it closes
    on_dialog(qtbot, lambda dialog: press_in(qtbot, dialog, Qt.Key.Key_Escape))
    press(qtbot, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.AltModifier)
    back_to(qtbot, host.window)
    assert host.tasks.busy
    read.set()  # the notes, read, reach no deleted window: nothing fails
    host.tasks.wait()
    QApplication.processEvents()
    assert dialogs_left(host.page) == []
