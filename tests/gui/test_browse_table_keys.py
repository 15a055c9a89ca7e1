"""Browse's table: its keys move between cards as in Anki's browser; the selected are counted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from test_browse_keyboard_focus import change, cursor, on_row
from test_browse_page import Host, focus_table, in_next_menu, search
from ui_driving import CTRL, back_to, press

from fibrolearn.services.container import Services
from fibrolearn.ui.browse_model import PAGE, TYPE_AHEAD_ROWS

SHIFT = Qt.KeyboardModifier.ShiftModifier

# The small deck's rows, in the table's order: card ids 1 to 5.


@pytest.fixture
def host(qtbot, services: Services) -> Iterator[Host]:
    made = Host(qtbot, services)
    yield made
    made.tasks.wait()


def test_home_and_end_go_to_the_first_and_last_card(qtbot, host: Host) -> None:
    """Found in a bug hunt: Home and End moved to the row's first or last column, which a table
    of whole rows does not show, so the keys seemed dead and Del then deleted the card still
    selected, not the first or last one."""
    on_row(qtbot, host, 2)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_End)
    assert cursor(host) == (4, 5, [5])
    assert host.page.table.currentIndex().column() == 1  # the column read out stays
    press(qtbot, Qt.Key.Key_Home)
    assert cursor(host) == (0, 1, [1])


def test_ctrl_home_and_ctrl_end_select_the_card_del_then_deletes(qtbot, host: Host) -> None:
    """Found in a bug hunt: Ctrl+End moved only the cursor, off the card still selected, so
    Del then deleted that card (maybe out of sight) and not the one the learner was on."""
    on_row(qtbot, host, 2)
    press(qtbot, Qt.Key.Key_End, CTRL)
    assert cursor(host) == (4, 5, [5])
    press(qtbot, Qt.Key.Key_Home, CTRL)
    assert cursor(host) == (0, 1, [1])
    change(qtbot, host, Qt.Key.Key_Delete)
    assert 1 not in host.page.model.card_ids([(0, host.page.model.rowCount() - 1)])
    assert host.page.model.rowCount() == 4
    on_row(qtbot, host, 2)
    press(qtbot, Qt.Key.Key_Home, CTRL | SHIFT)  # still extends, as Shift+Home does
    assert cursor(host) == (0, 2, [2, 3, 4])


def test_the_arrow_keys_move_with_the_question_column_hidden(qtbot, host: Host) -> None:
    """Found in a bug hunt: with Question hidden (from the Columns menu, remembered across
    starts), the cursor sat in that hidden column and Up and Down did nothing at all."""
    host.page.column_actions[0].trigger()  # Columns ▸ Question, unticked
    on_row(qtbot, host, 2)
    assert cursor(host) == (2, 3, [3])
    assert not host.page.table.isColumnHidden(host.page.table.currentIndex().column())


def test_hiding_the_cursor_s_column_keeps_the_arrow_keys_moving(qtbot, host: Host) -> None:
    on_row(qtbot, host, 1)
    press(qtbot, Qt.Key.Key_Right)  # the cursor on Answer
    host.page.column_actions[1].trigger()  # Columns ▸ Answer, unticked
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_Down)
    assert cursor(host) == (2, 3, [3])
    assert host.page.table.currentIndex().column() == 0  # the nearest column shown


def test_shift_with_home_or_end_selects_up_to_the_first_or_last_card(qtbot, host: Host) -> None:
    on_row(qtbot, host, 3)
    press(qtbot, Qt.Key.Key_Home, SHIFT)
    assert cursor(host) == (0, 1, [1, 2, 3, 4])
    on_row(qtbot, host, 3)
    press(qtbot, Qt.Key.Key_End, SHIFT)
    assert cursor(host) == (4, 5, [4, 5])


def test_the_page_says_how_many_cards_are_selected(qtbot, host: Host) -> None:
    """Found in a bug hunt: nothing said how many cards Del or Ctrl+J would change, as
    Anki's browser does in its title; a screen reader user heard only each row go by."""
    on_row(qtbot, host, 1)
    assert host.page.selected.text() == ""  # one card: its row shows it
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    assert host.page.selected.text() == "(3 selected)"
    press(qtbot, Qt.Key.Key_A, CTRL)
    assert host.page.selected.text() == "(5 selected)"
    host.page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # the rows read anew
    assert host.page.selected.text() == "(5 selected)"
    search(qtbot, host, "beta")  # another search: the cards of the 5 it finds stay selected
    assert host.page.selected.text() == "(4 selected)"
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_Delete)
    host.finish(qtbot)
    assert host.page.count.text() == "No cards match"
    assert host.page.selected.text() == ""  # not the cards deleted


def test_letters_typed_in_the_table_go_to_the_next_card_beginning_with_them(
    qtbot, host: Host
) -> None:
    on_row(qtbot, host, 0)
    press(qtbot, Qt.Key.Key_B)
    assert cursor(host) == (1, 2, [2])  # "beta"
    press(qtbot, Qt.Key.Key_W)  # "bw": no question begins so; the cursor stays
    assert cursor(host) == (1, 2, [2])


def test_a_letter_no_question_begins_with_reads_few_of_100k_cards(
    qtbot, bulk_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: a letter typed in the table (the search box thought focused) that
    no question began with made Qt read every one of 100,000 cards, and the window stood still
    for ten seconds."""
    host = Host(qtbot, bulk_services)
    search(qtbot, host, "")
    focus_table(qtbot, host)
    read: list[int] = []
    rows = bulk_services.browse.rows
    monkeypatch.setattr(bulk_services.browse, "rows", lambda ids: read.extend(ids) or rows(ids))
    press(qtbot, Qt.Key.Key_X)
    host.tasks.wait()
    assert cursor(host)[0] == 0
    assert len(read) <= TYPE_AHEAD_ROWS + PAGE


def test_the_menu_key_shows_the_card_it_acts_on_and_opens_beside_it(
    qtbot, bulk_services: Services
) -> None:
    """Found in a bug hunt: with the current card scrolled out of sight (by the wheel or the
    scroll bar), the menu key opened the menu at the top of the screen, far from that card,
    which stayed out of sight while the menu offered to delete it."""
    host = Host(qtbot, bulk_services)
    search(qtbot, host, "")
    focus_table(qtbot, host)
    table = host.page.table
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    opened: list[QPoint] = []
    in_next_menu(qtbot, Qt.Key.Key_Escape, seen=lambda menu: opened.append(menu.pos()))
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, host.window)
    host.tasks.wait()
    viewport = table.viewport()
    shown = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
    card = table.visualRect(table.currentIndex())
    assert table.current_row() == 0
    assert shown.contains(viewport.mapToGlobal(card.center()))
    assert opened == [viewport.mapToGlobal(card.bottomLeft())]
