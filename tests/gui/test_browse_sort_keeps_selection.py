"""A sort keeps the learner's place in Browse: the same cards selected, the same card current.

Driven on 100,000 cards by keyboard and header clicks, so the current card moves thousands of
rows when the order changes and the table has to find it again (in SQL) and scroll to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import event
from test_browse_page import Host, focus_table, in_next_menu, search
from ui_driving import CTRL, back_to, press

from fibrolearn.domain.browse import SortKey
from fibrolearn.services.container import Services
from fibrolearn.ui.browse_model import COLUMNS
from fibrolearn.ui.browse_table import KEPT_SELECTION

SHIFT = Qt.KeyboardModifier.ShiftModifier
TITLES = [c.title for c in COLUMNS]


@pytest.fixture
def host(qtbot, bulk_services: Services) -> Iterator[Host]:
    made = Host(qtbot, bulk_services)
    yield made
    made.tasks.wait()


@contextmanager
def statements(services: Services) -> Iterator[list[str]]:
    """The SQL statements run meanwhile."""
    run: list[str] = []

    def seen(_conn, _cursor, statement: str, *_rest) -> None:  # type: ignore[no-untyped-def]
        run.append(statement)

    event.listen(services.database.engine, "before_cursor_execute", seen)
    try:
        yield run
    finally:
        event.remove(services.database.engine, "before_cursor_execute", seen)


def click_header(qtbot, host: Host, title: str) -> None:
    header = host.page.table.horizontalHeader()
    column = TITLES.index(title)
    middle = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))


def current_card(host: Host) -> int | None:
    return host.page.model.card_id(host.page.table.current_row())


def selected_cards(host: Host) -> set[int]:
    """The selected cards, nothing counted for the current row when none is selected."""
    if not host.page.table.selectionModel().hasSelection():
        return set()
    return set(host.page.selected_card_ids())


def current_row_on_screen(host: Host) -> bool:
    table = host.page.table
    cell = table.visualRect(table.currentIndex())
    return cell.isValid() and table.viewport().rect().contains(cell.center())


def ctrl_end_reaches_the_last_row(qtbot, host: Host) -> None:
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_End, CTRL)
    assert host.page.table.current_row() == host.page.model.rowCount() - 1


def test_sorting_keeps_the_selected_cards_and_the_current_one(
    qtbot, host: Host, screenshot
) -> None:
    page, table = host.page, host.page.table
    search(qtbot, host, "glutamate")
    focus_table(qtbot, host)
    for _ in range(5):  # from row 0 to row 5
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down, SHIFT)  # rows 5 and 6
    for _ in range(3):  # the cursor alone to row 9, which Ctrl+Space adds
        press(qtbot, Qt.Key.Key_Down, CTRL)
    press(qtbot, Qt.Key.Key_Space, CTRL)
    assert table.current_row() == 9
    chosen, current = selected_cards(host), current_card(host)
    assert len(chosen) == 3 and current in chosen

    click_header(qtbot, host, "Due")

    assert page.model.query.sort is SortKey.DUE
    assert table.current_row() > 1000  # the card moved far: found again in its new row
    assert (selected_cards(host), current_card(host)) == (chosen, current)
    qtbot.waitUntil(lambda: current_row_on_screen(host))
    screenshot(host.window, "browse-sort-keeps-selection")

    focus_table(qtbot, host)
    in_next_menu(qtbot, Qt.Key.Key_O, Qt.Key.Key_V)  # Sort by ▸ Reversed
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, host.window)
    assert page.model.query.descending
    assert (selected_cards(host), current_card(host)) == (chosen, current)
    qtbot.waitUntil(lambda: current_row_on_screen(host))
    ctrl_end_reaches_the_last_row(qtbot, host)


def test_a_sort_with_no_current_row_starts_the_cursor_at_the_first_row(qtbot, host: Host) -> None:
    search(qtbot, host, 'deck:"Bulk extra"')
    host.page.table.clearSelection()
    host.page.table.setCurrentIndex(host.page.model.index(-1, -1))  # as after a change
    assert host.page.table.current_row() == -1

    click_header(qtbot, host, "Reviews")

    assert host.page.table.current_row() == 0
    ctrl_end_reaches_the_last_row(qtbot, host)


def test_every_row_selected_stays_selected_after_a_sort(qtbot, host: Host) -> None:
    page, table = host.page, host.page.table
    focus_table(qtbot, host)  # all 100,000 cards
    press(qtbot, Qt.Key.Key_PageDown)
    press(qtbot, Qt.Key.Key_A, CTRL)
    current = current_card(host)

    click_header(qtbot, host, "Lapses")

    assert page.model.query.sort is SortKey.LAPSES
    runs = [(r.top(), r.bottom()) for r in table.selectionModel().selection()]
    assert {(first, last) for first, last in runs} == {(0, page.model.rowCount() - 1)}
    assert current_card(host) == current and table.current_row() > 1000
    assert current_row_on_screen(host)


def test_a_big_partial_selection_keeps_only_the_current_card(qtbot, host: Host) -> None:
    table = host.page.table
    search(qtbot, host, "glutamate")
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_Space, CTRL)  # every row but row 1
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert table.current_row() == 2
    assert KEPT_SELECTION < len(selected_cards(host)) == host.page.model.rowCount() - 1
    current = current_card(host)

    click_header(qtbot, host, "Question")

    assert (selected_cards(host), current_card(host)) == ({current}, current)
    assert current_row_on_screen(host)


def test_another_search_keeps_the_selected_cards_it_finds_without_a_query_per_card(
    qtbot, host: Host, bulk_services: Services
) -> None:
    page, table = host.page, host.page.table
    focus_table(qtbot, host)  # all 100,000 cards, every one selected
    press(qtbot, Qt.Key.Key_A, CTRL)
    with statements(bulk_services) as run:
        search(qtbot, host, "glutamate")
    found = page.model.rowCount()
    assert 1000 < found < 100_000
    runs = [(r.top(), r.bottom()) for r in table.selectionModel().selection()]
    assert runs == [(0, found - 1)]
    assert len(run) < 10
    focus_table(qtbot, host)
    for _ in range(5):  # rows 5 and 6 of the cards found, then a narrower search
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    chosen, current = selected_cards(host), current_card(host)
    with statements(bulk_services) as run:
        search(qtbot, host, "glutamate deck:*")
    assert (selected_cards(host), current_card(host)) == (chosen, current)
    assert len(run) < 10
