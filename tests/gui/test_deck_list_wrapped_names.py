"""A subdeck's long name keeps its indent on every line it wraps onto.

Found at 200 % text in a narrow window: the indent was spaces before the name, so the
lines a long "Science::…" name wrapped onto began at the cell's left edge, under the
parent's name, and the tree could not be told apart from a list of separate decks.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget
from ui_driving import laid_out

from fibrolearn.domain.decks import DeckSummary
from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences

LONG = "How the nervous system handles pain signals in the spinal cord and brain"


def summary(deck_id: int, name: str) -> DeckSummary:
    return DeckSummary(deck_id, f"key{deck_id}", name, "", "", 1, 0, 0, 1)


def test_a_wrapped_subdeck_name_is_indented_on_every_line(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    window.resize(640, 700)
    page = window.deck_list
    page.set_decks(
        [
            summary(1, "Science"),
            summary(2, "Science::Cells"),
            summary(3, f"Science::Cells::{LONG}"),
            summary(4, f"Science::{LONG}"),
        ]
    )
    page.select_deck(1)  # the subdecks' rows unselected, on the plain background
    window.apply_preferences(AppPreferences(text_scale=200))  # the indents grow with the text
    table = page.table
    laid_out(qtbot)
    screenshot(window, "deck-list-wrapped-subdecks-200")

    line = table.fontMetrics().height()
    em = table.fontMetrics().horizontalAdvance("\u2003")
    for row, level in ((2, 2), (3, 1)):
        assert table.rowHeight(row) > 2 * line  # it wraps
        # Every line after the first starts as far in as the first line's indent.
        assert _leftmost_ink_below_first_line(table, row, line) >= 2 * em * level
    window.apply_preferences(AppPreferences())


def _leftmost_ink_below_first_line(table: QTableWidget, row: int, line: int) -> int:
    """How far into its cell the name's text starts on the lines after its first."""
    index = table.model().index(row, 0)
    table.scrollTo(index)
    cell = table.visualRect(index)
    image = table.viewport().grab(cell).toImage()
    background = image.pixelColor(image.width() - 2, image.height() - 2)
    inked = [
        x
        for y in range(line + line // 2, image.height() - 2)
        for x in range(2, image.width() - 2)
        if _differs(image.pixelColor(x, y), background)
    ]
    assert inked, "no text below the first line"
    return min(inked)


def _differs(colour: QColor, background: QColor) -> bool:
    return abs(colour.lightness() - background.lightness()) > 60
