"""Subdecks ("Science::Biology") under their parent in the deck list, as in Anki.

Found when an Anki learner's decks came in: each "Parent::Child" deck was a row of its own,
listed by its whole name, with nothing to fold away and a parent counting none of its
subdecks' cards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QMessageBox, QTableWidgetItem, QWidget
from ui_driving import ALT, back_to, press, press_in, when_dialog_opens

from fibrolearn.domain.decks import DeckSummary
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.ui.deck_list import DeckListPage
from fibrolearn.ui.main_window import MainWindow

# Each imported with two new cards; "Zoo" is made as the parent of "Zoo::Cats".
SUBDECKS = ("Science::Biology", "Science", "Science::Chemistry", "Science::Biology::Cells")


@pytest.fixture
def with_subdecks(services: Services, tmp_path: Path) -> Services:
    for at, name in enumerate((*SUBDECKS, "Zoo::Cats")):
        cards = tmp_path / f"deck{at}.txt"
        rows = f"g{at}a\tQuestion {at}a\tAnswer\ng{at}b\tQuestion {at}b\tAnswer\n"
        cards.write_text(f"#separator:tab\n#guid column:1\n{rows}", encoding="utf-8")
        services.importer.run(cards, ImportOptions(deck=name))
    return services


def summary(deck_id: int, name: str) -> DeckSummary:
    return DeckSummary(deck_id, f"key{deck_id}", name, "", "", 1, 0, 0, 1)


def rows(window: MainWindow) -> list[tuple[str, str, bool]]:
    """Each row: its name as shown, its new count, and whether it is hidden."""
    table = window.deck_list.table
    return [
        (
            table.item(row, 0).text().strip("\u2003▾▸ "),
            table.item(row, 1).text(),
            table.isRowHidden(row),
        )
        for row in range(table.rowCount())
    ]


def indent_of(item: QTableWidgetItem) -> int:
    """How far a name is indented: by a blank picture before it, on every line it wraps onto."""
    indent = item.data(Qt.ItemDataRole.DecorationRole)
    return indent.width() if isinstance(indent, QPixmap) else 0


def said(window: MainWindow) -> str:
    table = window.deck_list.table
    return table.item(table.currentRow(), 0).data(Qt.ItemDataRole.AccessibleTextRole)


def on_science(qtbot, window: MainWindow) -> None:
    back_to(qtbot, window)
    window.deck_list.focus_table()
    press(qtbot, Qt.Key.Key_Home)
    assert said(window) == "Science, level 1, expanded, 2 subdecks"


def test_subdecks_are_listed_under_their_parent_which_counts_their_cards(
    make_window, with_subdecks: Services
) -> None:
    window = make_window(with_subdecks)

    assert rows(window) == [
        ("Science", "8", False),
        ("Biology", "4", False),
        ("Cells", "2", False),
        ("Chemistry", "2", False),
        ("Small deck", "5", False),
        ("Zoo", "2", False),
        ("Cats", "2", False),
    ]
    table = window.deck_list.table
    assert [table.item(row, 0).text() for row in (0, 1, 2)] == [
        "▾ Science",
        "▾ Biology",
        "Cells",
    ]  # a parent marked open
    indents = [indent_of(table.item(row, 0)) for row in (0, 1, 2)]
    assert indents[0] == 0 < indents[1] < indents[2]  # indented by level
    assert "8 cards in this deck and its 3 subdecks." in window.deck_list.details.text()


def test_left_and_right_fold_the_tree_and_a_restart_keeps_it_folded(
    qtbot, make_window, with_subdecks: Services
) -> None:
    window = make_window(with_subdecks)
    on_science(qtbot, window)

    press(qtbot, Qt.Key.Key_Right)  # expanded already: down to its first subdeck
    assert said(window) == "Biology, level 2, expanded, 1 subdeck"
    press(qtbot, Qt.Key.Key_Left)  # collapses Biology
    assert said(window) == "Biology, level 2, collapsed, 1 subdeck"
    assert ("Cells", "2", True) in rows(window)
    press(qtbot, Qt.Key.Key_Left)  # collapsed already: up to its parent
    press(qtbot, Qt.Key.Key_Left)
    assert said(window) == "Science, level 1, collapsed, 2 subdecks"
    assert [hidden for _name, _new, hidden in rows(window)] == [False, True, True, True] + [
        False
    ] * 3
    press(qtbot, Qt.Key.Key_Down)  # past the folded subdecks
    assert said(window) == "Small deck, level 1"

    again = make_window(with_subdecks)
    assert [hidden for _name, _new, hidden in rows(again)][:4] == [False, True, True, True]
    again.deck_list.select_deck(
        next(d.deck_id for d in with_subdecks.decks.list_decks() if d.name == "Science::Biology")
    )  # a subdeck chosen elsewhere (the Study menu) is shown, not selected hidden
    assert [hidden for _name, _new, hidden in rows(again)][:4] == [False, False, True, False]


def test_del_on_a_parent_says_its_subdecks_go_too_and_deletes_them(
    qtbot, make_window, with_subdecks: Services, screenshot
) -> None:
    window = make_window(with_subdecks)
    on_science(qtbot, window)
    seen: dict[str, str] = {}

    def confirm(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        # As read: a long name's soft hyphens (where it may break) are unseen.
        seen.update(text=box.text(), details=box.informativeText().replace("\u00ad", ""))
        screenshot(box, "deck-delete-subdecks")
        press_in(qtbot, box, Qt.Key.Key_D, ALT)

    opened = when_dialog_opens(qtbot, confirm, title="Delete deck")
    refreshed = []
    refresh = window.refresh_decks_if_shown
    window.refresh_decks_if_shown = lambda: (refreshed.append(1), refresh())[1]
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(opened))
    qtbot.waitUntil(lambda: window.deck_actions.job is None, timeout=10_000)

    # Found in a review: the deck list was read again for each of the four decks gone.
    assert len(refreshed) == 1
    assert seen["text"] == "Delete “Science”?"
    assert seen["details"].startswith(
        "Its 3 subdecks go with it: “Science::Biology”, “Science::Biology::Cells”, "
        "“Science::Chemistry”. The cards counted here are theirs too. Its 8 cards"
    )
    assert [name for name, _new, _hidden in rows(window)] == ["Small deck", "Zoo", "Cats"]
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Deleted “Science” with its 3 subdecks: 8 cards.")
    )


def test_after_a_delete_the_deck_selected_is_one_shown_not_one_folded_away(qtbot) -> None:
    page = DeckListPage()
    qtbot.addWidget(page)
    page.set_decks([summary(1, "Anatomy"), summary(2, "Anatomy::Bones"), summary(3, "Brain")])
    page.select_deck(1)
    page.fold_action.trigger()  # the deck menu's Collapse subdecks, on Anatomy
    assert page.table.isRowHidden(1)

    assert page.neighbour_of(3) == 1  # not Bones, listed before it but folded away


def test_left_and_right_still_read_a_decks_counts_cell_by_cell(qtbot, make_window, services):
    """Where there is nothing to fold, Left and Right move along the row as they did before
    the tree: a screen reader hears "5 New", then "0 Learning"."""
    window = make_window(services)
    back_to(qtbot, window)
    window.deck_list.focus_table()
    table = window.deck_list.table
    heard = []
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Left):
        press(qtbot, key)
        heard.append(table.currentItem().data(Qt.ItemDataRole.AccessibleTextRole))
    assert heard == ["5 New", "0 Learning", "5 New", None]  # back on the name
    assert table.currentItem().text() == "Small deck"
    assert "Left and Right" not in table.accessibleDescription()  # nothing to fold here


def test_a_screen_reader_is_told_how_to_fold_where_there_are_subdecks(
    make_window, with_subdecks: Services
) -> None:
    table = make_window(with_subdecks).deck_list.table
    assert table.accessibleDescription() == (
        "Each deck with its new, learning and due cards for today. Press Enter to study. "
        "On a deck's name, Left and Right collapse and expand its subdecks."
    )


def test_a_click_on_a_parents_marker_folds_it_and_a_click_on_its_name_does_not(
    qtbot, make_window, with_subdecks: Services
) -> None:
    window = make_window(with_subdecks)
    table = window.deck_list.table
    biology = table.visualRect(table.model().index(1, 0))  # "  ▾ Biology"
    indent = indent_of(table.item(1, 0))
    marker = biology.left() + indent + table.fontMetrics().horizontalAdvance("▾")

    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=biology.center())
    assert [hidden for _name, _new, hidden in rows(window)][:3] == [False, False, False]
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(marker - 2, biology.center().y())
    )
    assert said(window) == "Biology, level 2, collapsed, 1 subdeck"
    assert [hidden for _name, _new, hidden in rows(window)][:3] == [False, False, True]
