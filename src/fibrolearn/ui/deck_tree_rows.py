"""How the deck list shows subdecks: indented under their parent, which folds them away.

Which decks are folded is remembered in ``ui.ini`` by the decks' keys (their ids may be
given to other decks once they are deleted).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPixmap
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from fibrolearn.domain.deck_tree import DeckNode
from fibrolearn.domain.words import counted

COLLAPSED_KEY = "deck_list/collapsed"
_INDENT = "\u2003\u2003"  # two em spaces a level: plain to see at any text size
_OPEN, _SHUT, _LEAF = "▾ ", "▸ ", "\u2003"  # (a leaf lines up with its parent's name)
_TEXT_MARGIN = 4  # pixels between a cell's edge and its text, about, in Qt's styles


def shown_name(node: DeckNode, collapsed: bool) -> str:
    """A deck's name as its cell shows it, marked open or shut when it has subdecks.

    Its indent is not in it (see :func:`indent_name`).
    """
    if node.subdecks:
        return f"{_SHUT if collapsed else _OPEN}{node.label}"
    return node.label


def indent_name(item: QTableWidgetItem, node: DeckNode, metrics: QFontMetrics) -> None:
    """Indent a deck's name cell by its level, on every line a long name wraps onto.

    The indent is a blank picture before the text, as wide as two em spaces a level (and one
    more for a deck without subdecks, to line up with its parent's name): spaces in the text
    indented only its first line, and at large text the lines it wrapped onto began at the
    cell's edge, under the parent's name. An item view lays the text out beside a picture.
    """
    spaces = _INDENT * node.level + (_LEAF if node.level and not node.subdecks else "")
    width = metrics.horizontalAdvance(spaces)
    shown = item.data(Qt.ItemDataRole.DecorationRole)
    if (shown.width() if isinstance(shown, QPixmap) else 0) == width:
        return  # a changed cell makes Qt measure its row again
    indent = None
    if width:
        indent = QPixmap(width, 1)
        indent.fill(Qt.GlobalColor.transparent)
    item.setData(Qt.ItemDataRole.DecorationRole, indent)


def said_name(node: DeckNode, collapsed: bool) -> str:
    """What a screen reader says of the name cell: the name, its level and folded state.

    Without this it read the indent and the triangle ("black down-pointing small triangle").
    """
    parts = [node.label, f"level {node.level + 1}"]
    if node.subdecks:
        state = "collapsed" if collapsed else "expanded"
        parts.append(f"{state}, {counted(node.subdecks, 'subdeck')}")
    return ", ".join(parts)


def hidden_rows(nodes: Sequence[DeckNode], collapsed: set[str]) -> list[bool]:
    """Which rows a folded parent hides: every deck below a collapsed one."""
    hidden_under: set[int] = set()
    rows = []
    for node in nodes:
        inside = node.parent_id is not None and node.parent_id in hidden_under
        rows.append(inside)
        if inside or node.deck.key in collapsed:
            hidden_under.add(node.deck.deck_id)
    return rows


class DeckTable(QTableWidget):
    """The deck table: a click on a parent's ▸ or ▾ folds or unfolds it, as on Anki's + and −.

    Only on the marker (and the indent before it): a click on the name selects the deck, and
    a double click studies it, as before. An override of the press alone, not an event filter:
    a filter handed every event of the table to Python, and PySide made the types of some
    fifty kinds of event before the window's first paint.
    """

    marker_clicked = Signal(int)  # the row

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Qt override: a left click on a marker toggles its row (and is not a selection)."""
        at = event.position().toPoint()
        index = self.indexAt(at)
        item = self.item(index.row(), 0) if index.isValid() else None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and index.column() == 0
            and item is not None
            and self._on_marker(item, at.x())
        ):
            self.marker_clicked.emit(index.row())
            event.accept()
            return
        super().mousePressEvent(event)

    def _on_marker(self, item: QTableWidgetItem, x: int) -> bool:
        text = item.text()
        if not text.startswith((_OPEN, _SHUT)):
            return False
        # Up to the space after the marker, after the indent's picture, and the few pixels
        # the cell's text starts in by (and the picture too).
        reach = self.fontMetrics().horizontalAdvance(text[: len(_OPEN)]) + _TEXT_MARGIN
        indent = item.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(indent, QPixmap):
            reach += indent.width() + _TEXT_MARGIN
        return x < self.columnViewportPosition(0) + reach


def load_collapsed(settings: QSettings | None) -> set[str]:
    """The keys of the decks left collapsed (none without settings, or none readable)."""
    value = settings.value(COLLAPSED_KEY) if settings is not None else None
    if isinstance(value, str):  # an ini file gives a list of one as its one value
        return {value} if value else set()
    if isinstance(value, list):
        return {key for key in value if isinstance(key, str)}
    return set()


def save_collapsed(settings: QSettings | None, collapsed: set[str]) -> None:
    """Remember which decks are collapsed, for the next start."""
    if settings is not None:
        settings.setValue(COLLAPSED_KEY, sorted(collapsed))
