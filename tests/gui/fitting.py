"""Checks that text shows in full: no label, button or table cell cut short at any text size."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QStyle, QTableWidget, QWidget

from fibrolearn.ui.text_fit import screen_room


def cut_off(root: QWidget) -> list[str]:
    """Every visible label and button under ``root`` that got less room than its text needs.

    A word-wrapped label needs its height for its width; anything else its size hint, which
    for a radio button or tick box includes the mnemonic's underline.
    """
    problems = []
    for widget in root.findChildren(QWidget):
        need = _room_needed(widget) if widget.isVisible() else None
        if need is not None and (widget.width() < need.width() or widget.height() < need.height()):
            problems.append(
                f"{widget.text()[:40]!r} got {widget.width()}x{widget.height()}, "
                f"needs {need.width()}x{need.height()}"
            )
    return problems


def _room_needed(widget: QWidget) -> QSize | None:
    if isinstance(widget, QLabel) and widget.text():
        if widget.wordWrap():
            return QSize(0, widget.heightForWidth(widget.width()))
        return widget.sizeHint()
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.sizeHint()
    return None


def cells_cut_off(table: QTableWidget) -> list[str]:
    """Cells whose text does not show in full, even wrapped at spaces, in their column."""
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    metrics = table.fontMetrics()
    problems = []
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            text = table.item(row, column).text()
            room = table.columnWidth(column) - 2 * margin
            lines = metrics.boundingRect(QRect(0, 0, room, 0), Qt.TextFlag.TextWordWrap, text)
            longest = max(metrics.horizontalAdvance(word) for word in text.split())
            if longest > room or lines.height() > table.rowHeight(row):
                problems.append(
                    f"{text!r} in {room}x{table.rowHeight(row)}, needs {longest} wide, "
                    f"{lines.height()} high"
                )
    return problems


def fits_screen(window: QWidget) -> bool:
    """Whether the window is no larger than the free part of its screen."""
    room = screen_room(window)
    return window.width() <= room.width() and window.height() <= room.height()
