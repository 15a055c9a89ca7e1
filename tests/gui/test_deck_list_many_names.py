"""The first window with hundreds of decks: names shown once, rows not measured one by one.

Found measuring a start at 610 decks: the deck table's header moves a score of times while
the first window is laid out, and each move went through every deck's name again (its
indent, tooltip and what a screen reader says), most of a second before the first paint.
Only the text's size changes the indents; that still shows them again (see
test_deck_list_wrapped_names). And fitting the table's height to its rows asked each row's
height, twice over, where the header has their sum.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from ui_driving import laid_out

from fibrolearn.domain.decks import DeckSummary
from fibrolearn.services.container import Services
from fibrolearn.ui import deck_tree_rows
from fibrolearn.ui.app_preferences import AppPreferences

PARENTS, SUBDECKS = 10, 30
THREE_EMS = "\u2003" * 3  # a subdeck without subdecks: two a level, one to line up


def _indent_of_a_subdeck(table: QTableWidget) -> int:
    return table.item(1, 0).data(Qt.ItemDataRole.DecorationRole).width()


def many_decks() -> list[DeckSummary]:
    names = [
        name
        for parent in range(PARENTS)
        for name in (f"Deck {parent}", *(f"Deck {parent}::Part {s}" for s in range(SUBDECKS)))
    ]
    return [
        DeckSummary(at + 1, f"k{at}", name, "", "", 1, 0, 2, 5) for at, name in enumerate(names)
    ]


def test_hundreds_of_names_are_shown_once_as_the_window_is_laid_out(
    qtbot, make_window, services: Services, monkeypatch: pytest.MonkeyPatch, screenshot
) -> None:
    window = make_window(services)
    shown = []
    indent = deck_tree_rows.indent_name

    def counted_indent(*args: object) -> None:
        shown.append(args)
        indent(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(deck_tree_rows, "indent_name", counted_indent)
    table = window.deck_list.table
    heights = []
    height_of = table.rowHeight
    table.rowHeight = lambda row: heights.append(row) or height_of(row)  # type: ignore[method-assign]
    decks = many_decks()
    window.deck_list.set_decks(decks)
    window.resize(900, 700)
    laid_out(qtbot)
    screenshot(window, "deck-list-many-decks")

    assert len(shown) <= 2 * len(decks)
    assert len(heights) < len(decks)  # the table fitted to its rows without asking each
    assert table.maximumHeight() > sum(height_of(row) for row in range(len(decks)))
    assert _indent_of_a_subdeck(table) == table.fontMetrics().horizontalAdvance(THREE_EMS)

    shown.clear()  # a larger text: every indent grows
    window.apply_preferences(AppPreferences(text_scale=200))
    laid_out(qtbot)
    screenshot(window, "deck-list-many-decks-200")
    assert len(decks) <= len(shown) <= 2 * len(decks)
    assert _indent_of_a_subdeck(table) == table.fontMetrics().horizontalAdvance(THREE_EMS)
    window.apply_preferences(AppPreferences())
