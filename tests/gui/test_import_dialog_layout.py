"""The Import window on small screens: its page scrolls rather than squeeze its parts."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from fitting import cut_off
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QWidget,
)

from fibrolearn.services.container import Services
from fibrolearn.ui import import_dialog
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.tasks import TaskRunner

# The free part of each screen: less a panel, and for the laptop at 125 % display scaling
# also its task bar (as in test_text_fits).
SCREENS = {"1024x640": QSize(1024, 600), "1366x768 at 125 %": QSize(1093, 520)}
# Excel's semicolon CSV in Windows-1252 with a ragged row: the summary explains both at length.
EXCEL_1252 = (
    'Frage;Antwort\nSchmerz;pain\nMüdigkeit;fatigue; tiredness\n"Zitat; mit Semikolon";"ja"\n'
).encode("cp1252")
# What a learner reads or works: a control inside another (a table's choosers) goes with it.
_PARTS = (QLabel, QAbstractButton, QComboBox, QLineEdit, QAbstractScrollArea)


def parts(page: QWidget) -> list[QWidget]:
    """The visible parts of ``page``, none of them inside another."""
    found = []
    for widget in page.findChildren(QWidget):
        if widget.isVisible() and isinstance(widget, _PARTS) and not _in_a_part(widget, page):
            found.append(widget)
    return found


def _in_a_part(widget: QWidget, page: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, _PARTS):
            return True
        parent = parent.parentWidget()
    return False


def place(widget: QWidget, page: QWidget) -> QRect:
    """Where ``widget`` is on ``page``, all of it, whether or not its parents show it all."""
    return QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())


def overlapping(page: QWidget) -> list[str]:
    """Every two parts of ``page`` that lie over each other."""
    placed = [(part, place(part, page)) for part in parts(page)]
    return [
        f"{name(one)} over {name(other)}"
        for (one, where), (other, there) in combinations(placed, 2)
        if where.intersects(there)
    ]


def cut(page: QWidget) -> list[str]:
    """The parts of ``page`` that stick out of a widget they are in (so are partly hidden)."""
    problems = []
    for part in parts(page):
        parent = part.parentWidget()
        while parent is not None and parent is not page.parentWidget():
            if not place(parent, page).contains(place(part, page)):
                problems.append(f"{name(part)} sticks out of {type(parent).__name__}")
            parent = parent.parentWidget()
    return problems


def name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{type(widget).__name__} {widget.accessibleName() or text[:30]!r}"


def rows_in_view(table: QTableWidget) -> int:
    """How many rows the table shows in full, scrolled to its top."""
    room, shown = table.viewport().height(), 0
    for row in range(table.rowCount()):
        room -= table.rowHeight(row)
        if room < 0:
            break
        shown += 1
    return shown


def inside(widget: QWidget, window: QWidget) -> bool:
    return window.rect().contains(place(widget, window))


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("scale", [100, 200])
def test_on_a_small_screen_the_preview_scrolls_and_every_part_keeps_its_room(
    qtbot,
    make_window,
    services: Services,
    tasks: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scale: int,
    screen: str,
    screenshot,
) -> None:
    room = SCREENS[screen]
    monkeypatch.setattr(import_dialog, "screen_room", lambda _widget: room)
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=scale))
    path = tmp_path / "excel-semicolon-1252.csv"
    path.write_bytes(EXCEL_1252)
    try:
        dialog = ImportDialog(window, services, tasks, path)
        qtbot.addWidget(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        qtbot.waitUntil(dialog.import_button.isEnabled)
        qtbot.wait(100)  # the page lays out the summary's lines
        assert "Worth knowing" in dialog.summary.text()
        page = dialog.findChild(QScrollArea).widget()
        columns, cards = dialog.csv_group.columns_table, dialog.cards_table
        seen = {
            "overlapping": overlapping(page),
            "cut": cut(page),
            "text cut off": cut_off(page),
            # The header, the choosers' row and the file's first two rows; two cards.
            "column rows shown": min(rows_in_view(columns), 3),
            "cards shown": min(rows_in_view(cards), 2),
            "buttons in the window": all(
                inside(button, dialog) for button in (dialog.import_button, dialog.cancel)
            ),
            "fits the screen": dialog.frameGeometry().size().boundedTo(room)
            == dialog.frameGeometry().size(),
        }
        shot = screen.replace(" at ", "-").replace(" %", "")
        screenshot(dialog, f"import-layout-{scale}-{shot}")
    finally:
        window.apply_preferences(AppPreferences())
    assert seen == {
        "overlapping": [],
        "cut": [],
        "text cut off": [],
        "column rows shown": 3,
        "cards shown": 2,
        "buttons in the window": True,
        "fits the screen": True,
    }


def test_a_long_answer_leaves_every_columns_chooser_in_sight(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    """A column as wide as a paragraph pushed the tags column, and its chooser, out of sight.

    A health student's answers run to a few sentences; the sample shows their start, and the
    learner sees every column the file has, and what each becomes, without scrolling sideways.
    """
    answer = (
        "Central sensitisation is an amplification of neural signalling within the central "
        "nervous system that elicits pain hypersensitivity; it is one of the proposed "
        "mechanisms behind the widespread pain of fibromyalgia."
    )
    path = tmp_path / "physiology.txt"
    path.write_text(
        f"What is central sensitisation?\t{answer}\tneuro pain\n"
        "What is allodynia?\tPain from a touch that is not normally painful.\tpain\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(None, services, tasks, path)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(dialog.import_button.isEnabled)
    table = dialog.csv_group.columns_table
    screenshot(dialog, "import-long-answer")
    hidden = [
        f"column {column + 1}"
        for column in range(table.columnCount())
        if table.cellWidget(0, column).visibleRegion().boundingRect().size()
        != table.cellWidget(0, column).size()
    ]
    assert hidden == []
    # The answer's column still shows the most: it is only kept from taking all of the room.
    assert table.item(1, 1).text() == answer
    assert table.columnWidth(1) >= table.columnWidth(0)
