"""The deck table's rows: one line high where the name fits, measured only where it may wrap.

Sized to their contents, every row was measured (each of its cells laid out) whenever Qt
laid the table out: at 610 decks, most of the first window's show and first paint. A name
that fits its cell on one line gives its row the height every such row has, so one such row
is measured for all of them; a long name's row is measured alone, as before, and wraps.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QTableWidget

# Room kept back from the name cell's width before a name may wrap: the cell's margins and
# the indent picture's spacing, a few pixels each in Qt's styles, with room to spare.
_SPARE_EMS = 3


def fit_rows(table: QTableWidget) -> None:
    """Give each row its height: one line's, or its own measure where the name may wrap.

    Folded rows too, so each has its height when shown; only changed heights are set.
    """
    header = table.verticalHeader()
    metrics = table.fontMetrics()
    room = table.columnWidth(0) - _SPARE_EMS * metrics.horizontalAdvance("\u2003")
    line = 0
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is None:
            continue
        indent = item.data(Qt.ItemDataRole.DecorationRole)
        wide = metrics.horizontalAdvance(item.text())
        if isinstance(indent, QPixmap):
            wide += indent.width()
        if wide < room:
            line = line or _measured(table, row)
            height = line
        else:
            height = _measured(table, row)
        if header.sectionSize(row) != height:
            header.resizeSection(row, height)


def _measured(table: QTableWidget, row: int) -> int:
    """A row's height sized to its contents, as Qt's own sizing to contents has it."""
    header = table.verticalHeader()
    return max(table.sizeHintForRow(row), header.sectionSizeHint(row), header.minimumSectionSize())
