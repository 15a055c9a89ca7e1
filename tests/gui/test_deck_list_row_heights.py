"""The deck table's rows at 610 decks: one line high unless the name wraps, few rows measured.

Sized to their contents, every row was measured (each cell laid out) whenever the first
window was laid out: with 610 decks, most of Qt's show and first paint (235 + 156 ms). A
name that fits on one line gives its row the height every such row has; the rows of long
names are measured and wrap as before. The heights must be what Qt's own sizing gives.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem
from test_deck_list_wrapped_names import LONG
from ui_driving import laid_out

from fibrolearn.domain.decks import DeckSummary
from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences

PARENTS, SUBDECKS = 10, 60  # 610 decks, as bench/generate.py --subdecks 60 makes
LONG_AT = {5, 300, 609}  # the rows whose names are long


class CountingDelegate(QStyledItemDelegate):
    """Qt's own delegate, counting the name cells it is asked to measure.

    Only a row's height measures its name: the count columns' widths measure their own cells.
    """

    measured = 0

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        CountingDelegate.measured += index.column() == 0
        return super().sizeHint(option, index)


def _decks() -> list[DeckSummary]:
    names = [
        name
        for parent in range(PARENTS)
        for name in (f"Deck {parent}", *(f"Deck {parent}::Part {s}" for s in range(SUBDECKS)))
    ]
    for at in LONG_AT:
        names[at] = f"{names[at]} {LONG} {LONG}"
    return [
        DeckSummary(at + 1, f"k{at}", name, "", "", 1, 0, 2, 5) for at, name in enumerate(names)
    ]


def test_610_decks_measure_few_rows_and_get_the_heights_sizing_to_contents_gives(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    window.resize(900, 700)
    table = window.deck_list.table
    delegate = CountingDelegate(table)
    table.setItemDelegate(delegate)
    CountingDelegate.measured = 0
    decks = _decks()
    window.deck_list.set_decks(decks)
    laid_out(qtbot)
    screenshot(window, "deck-list-610-decks")

    assert CountingDelegate.measured < len(decks) / 10  # every row, each layout, before
    for scale in (100, 200):
        window.apply_preferences(AppPreferences(text_scale=scale))
        laid_out(qtbot)
        screenshot(window, f"deck-list-610-decks-{scale}")
        ours = [table.rowHeight(row) for row in range(len(decks))]
        line = table.fontMetrics().height()
        assert all(ours[row] > 2 * line for row in LONG_AT)  # long names wrap
        assert len(set(ours[row] for row in range(len(decks)) if row not in LONG_AT)) == 1

        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        qts = [table.rowHeight(row) for row in range(len(decks))]
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        assert ours == qts
    window.apply_preferences(AppPreferences())
