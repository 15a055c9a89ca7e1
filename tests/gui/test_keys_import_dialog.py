"""The Import window by keyboard: one round of Tab reaches every control, in reading order."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget
from test_import_history_preview import opened

from fibrolearn.services.container import Services
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.tasks import TaskRunner


@pytest.fixture
def dialog(qtbot, services: Services, tasks: TaskRunner, tmp_path: Path) -> ImportDialog:
    path = tmp_path / "cards.csv"
    path.write_text("front,back\nalpha,one\nbeta,two\n", encoding="utf-8")
    return opened(qtbot, services, tasks, path)


def tab_round(qtbot, start: QWidget, *, back: bool = False) -> list[QWidget]:
    """The widgets Tab (or Shift+Tab) visits from ``start`` until it comes back there."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
    visited = [start]
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), key)
        if QApplication.focusWidget() is start:
            return visited
        visited.append(QApplication.focusWidget())
    raise AssertionError(f"Tab never came back: {visited}")


def expected(dialog: ImportDialog) -> list[QWidget]:
    """Every control that takes the focus, as a learner reads them."""
    table = dialog.csv_group.columns_table
    controls = [
        dialog.deck_edit,
        dialog.csv_group.delimiter_box,
        dialog.csv_group.header_box,
        dialog.csv_group.html_box,
        *(table.cellWidget(0, column) for column in range(table.columnCount())),
        table,
        dialog.cards_table,
        dialog.import_button,
        dialog.cancel,
    ]
    return [control for control in controls if control.isEnabled()]


def test_tab_from_the_deck_reaches_every_control_in_reading_order(
    qtbot, dialog: ImportDialog, tasks: TaskRunner
) -> None:
    assert dialog.csv_group.columns_table.columnCount() == 2
    order = expected(dialog)
    assert tab_round(qtbot, dialog.deck_edit) == order
    assert tab_round(qtbot, dialog.deck_edit) == order  # the same the second time round
    assert tab_round(qtbot, dialog.cancel, back=True) == [dialog.cancel, *order[-2::-1]]

    # Another separator reads the file again, with new column choosers: still in order.
    dialog.csv_group.delimiter_box.setFocus()
    qtbot.keyClick(dialog.csv_group.delimiter_box, Qt.Key.Key_Up)  # Comma -> Tab: one column
    tasks.wait()
    qtbot.waitUntil(lambda: dialog.csv_group.columns_table.columnCount() == 1)
    tasks.wait()
    qtbot.waitUntil(lambda: "0 notes" in dialog.summary.text())  # one column: no backs
    assert not dialog.import_button.isEnabled()
    assert tab_round(qtbot, dialog.deck_edit) == expected(dialog)


def test_the_columns_table_starts_reading_under_the_choosers(qtbot, dialog: ImportDialog) -> None:
    dialog.csv_group.html_box.setFocus()
    qtbot.keyClick(dialog.csv_group.html_box, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    table = dialog.csv_group.columns_table
    assert QApplication.focusWidget() is table
    assert table.item(table.currentRow(), table.currentColumn()).text() in ("front", "back")
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.item(table.currentRow(), table.currentColumn()).text() in ("alpha", "one")


def test_the_import_progress_label_and_bar_have_different_names(dialog: ImportDialog) -> None:
    dialog.pages.setCurrentIndex(1)

    def name(widget: QWidget) -> str:
        return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)

    assert name(dialog.progress_label) == "Importing…"
    assert name(dialog.progress_bar) == "Import progress"


def test_enter_imports_after_tab_went_round_past_cancel(qtbot, dialog: ImportDialog) -> None:
    """Cancel took Enter for good once Tab had passed it: the window closed, nothing imported."""
    tab_round(qtbot, dialog.deck_edit)
    assert QApplication.focusWidget() is dialog.deck_edit
    assert dialog.import_button.isDefault() and not dialog.cancel.isDefault()

    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        qtbot.keyClick(dialog.deck_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()


def test_cancelling_an_import_keeps_the_focus_and_says_so(
    qtbot, dialog: ImportDialog, services: Services, held
) -> None:
    """Cancel was disabled in the learner's hands: the focus went nowhere and nothing was said
    until the import had stopped."""
    release = held(services.backups, "backup")
    qtbot.keyClick(dialog.deck_edit, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 1
    assert QApplication.focusWidget() is dialog.cancel_button

    for _again in range(2):  # pressed again while it stops, it says so again
        qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Space)
        assert QApplication.focusWidget() is dialog.cancel_button
        assert dialog.announcer.last == dialog.progress_label.text() == "Cancelling…"
        dialog.announcer.last = ""
    release.set()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    assert dialog.report_heading.text() == "The import was cancelled."
    assert QApplication.focusWidget() is dialog.close_button
