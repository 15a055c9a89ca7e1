"""The causal-factor mastery map: factors as nodes and their links as edges.

Each node says how well its factor is known, in words and numbers, with a bar: solid for now,
hatched for 30 days on.

Keyboard: arrows move between factors (Up and Down by a row when the factors sit in rows),
Home and End to the first and last, Enter opens the factor's actions, S studies it and Q
quizzes on it. The same numbers are in :class:`fibrolearn.ui.mastery_table.MasteryTable`, for screen
readers and exact values.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from fibrolearn.domain.statistics import FactorMastery, MasteryMap
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.mastery_links import link_path
from fibrolearn.ui.mastery_places import GAP, around_ellipse, in_rows, radii
from fibrolearn.ui.mastery_text import NodeText, draw_name, node_text
from fibrolearn.ui.mastery_words import has_recall, spoken

_MARGIN = 12  # pixels around the drawing
_NAME_LINES = 3  # a factor's name wraps onto at most this many lines
_WRAP = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
_LEGEND = (  # what the bars mean: the swatch's fill, and the words beside it
    (Qt.BrushStyle.SolidPattern, "recall now (top half)"),
    (Qt.BrushStyle.BDiagPattern, "in 30 days without study (bottom half)"),
)
_UNSTUDIED = "Cards not yet studied count as 0 %."


def _inner(box: QRectF) -> QRectF:
    """A node's box inside its padding, where its words go."""
    return box.adjusted(8, 6, -8, -6)


class MasteryMapView(QWidget):
    """Draws one deck's factor network and lets the learner act on a factor.

    The factors sit around an ellipse, lines joining those that interact, when it fits the
    width; otherwise (large text, a narrow window) in rows, so the map never needs scrolling
    sideways, and dashed outlines mark the factors the selected one interacts with. The
    height follows the width.
    """

    study_requested = Signal(str)  # factor key
    quiz_requested = Signal(str)
    current_changed = Signal(int)  # the index of the factor with the focus ring

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.map: MasteryMap | None = None
        self.current = 0
        self._boxes: list[QRectF] = []
        self._links: list[QPainterPath] = []  # the lines joining linked factors
        # Kept between paints until the text size or the factors change (_forget_layout);
        # the legend for each width it was asked at.
        self._texts: list[NodeText] | None = None
        self._ring: QSize | None = None
        self._legends: dict[float, list[tuple[Qt.BrushStyle, QRectF, str]]] = {}
        self.announcer = Announcer(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Mastery map")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # ---------------------------------------------------------------- data
    def set_map(self, mastery: MasteryMap) -> None:
        """Show this deck's factors."""
        self.map = mastery
        self.current = min(self.current, max(0, len(mastery.factors) - 1))
        self._forget_layout()
        self.updateGeometry()
        self._layout()
        self._describe()
        self.update()

    def focused_factor(self) -> FactorMastery | None:
        """The factor with the keyboard focus ring."""
        if self.map is None or not self.map.factors:
            return None
        return self.map.factors[self.current]

    def select(self, index: int) -> None:
        """Give the factor at ``index`` the focus ring (an index out of range is ignored)."""
        if self.map is None or not 0 <= index < len(self.map.factors) or index == self.current:
            return
        self.current = index
        self._describe()
        if self.hasFocus():  # a description change alone is not read out
            self.announcer.announce(self.accessibleDescription())
        self.update()
        self.current_changed.emit(index)

    def node_rect(self, index: int) -> QRect:
        """Where the factor at ``index`` is drawn."""
        return self._boxes[index].toAlignedRect()

    # -------------------------------------------------------------- layout
    def _node_size(self) -> QSize:
        metrics = QFontMetricsF(self.font())
        return QSize(round(metrics.averageCharWidth() * 23), round(metrics.lineSpacing() * 7.9))

    def _count(self) -> int:
        return len(self.map.factors) if self.map else 12

    def _ring_size(self) -> QSize:
        """Room for every node around an ellipse without overlaps (the legend not included)."""
        if self._ring is None:
            node = self._node_size()
            radius_x, radius_y = radii(self._count(), node)
            self._ring = QSize(
                round(2 * radius_x + node.width() + 2 * _MARGIN),
                round(2 * radius_y + node.height() + 2 * _MARGIN),
            )
        return self._ring

    def _columns(self, width: float) -> int:
        """How many nodes fit side by side in rows at ``width``."""
        node = self._node_size()
        return max(1, int((width - 2 * _MARGIN + GAP) // (node.width() + GAP)))

    def _ring_fits(self, width: float) -> bool:
        return width >= self._ring_size().width()

    def sizeHint(self) -> QSize:
        """The ellipse and the legend under it."""
        ring = self._ring_size()
        return QSize(ring.width(), self.heightForWidth(ring.width()))

    def minimumSizeHint(self) -> QSize:
        """One node: narrower, nothing could be read (the height follows the width)."""
        return self._node_size() + QSize(2 * _MARGIN, 2 * _MARGIN)

    def hasHeightForWidth(self) -> bool:
        """Qt override: narrower means more rows, so taller."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Qt override: the nodes (around the ellipse, or in rows) and the legend at ``width``."""
        ring = self._ring_size()
        if self._ring_fits(width):
            nodes = ring.height()
        else:
            rows = math.ceil(self._count() / self._columns(width))
            nodes = rows * (self._node_size().height() + GAP) - GAP + 2 * _MARGIN
        return round(nodes + self._legend_height(width))

    def resizeEvent(self, event: object) -> None:
        """Place the nodes again for the new size."""
        self._layout()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:
        """Lay the words out again, and place the nodes again, for a new text size."""
        if event.type() == QEvent.Type.FontChange:
            self._forget_layout()
            self._layout()
        super().changeEvent(event)  # Qt's own: asks for a new size and a repaint

    def _forget_layout(self) -> None:
        """Drop the words and sizes laid out for the last text size and factors."""
        self._texts, self._ring = None, None
        self._legends.clear()

    def _node_texts(self) -> list[NodeText]:
        """Each factor's words, laid out at this text size (once, until it or they change)."""
        if self._texts is None:
            assert self.map is not None
            self._texts = [
                node_text(factor, self.font(), self._name_box(QRectF(QPointF(), self._node_size())))
                for factor in self.map.factors
            ]
        return self._texts

    def _name_box(self, box: QRectF) -> QRectF:
        """Where a node in ``box`` has its name: its first lines, inside its padding."""
        inner = _inner(box)
        line = QFontMetricsF(self.font()).lineSpacing()
        return QRectF(inner.left(), inner.top(), inner.width(), line * _NAME_LINES)

    def _layout(self) -> None:
        self._boxes, self._links = [], []
        if self.map is None or not self.map.factors:
            return
        node = self._node_size()
        area = QRectF(self.rect()).adjusted(
            _MARGIN, _MARGIN, -_MARGIN, -_MARGIN - self._legend_height(self.width())
        )
        count = len(self.map.factors)
        ring = self._ring_fits(self.width())
        if ring:
            centres = around_ellipse(count, area, node)
        else:
            centres = in_rows(count, area, node, self._columns(self.width()))
        for point in centres:
            box = QRectF(0, 0, node.width(), node.height())
            box.moveCenter(point)
            self._boxes.append(box)
        self._links = self._link_paths(area.center()) if ring else []

    def _link_paths(self, middle: QPointF) -> list[QPainterPath]:
        """A line between each two linked factors, bowing toward ``middle`` around others.

        Only around the ellipse: in rows, most would run under the nodes in between.
        """
        assert self.map is not None
        index_of = {f.key: i for i, f in enumerate(self.map.factors)}
        pairs = {
            frozenset((i, index_of[key]))
            for i, factor in enumerate(self.map.factors)
            for key in factor.links
            if key in index_of and index_of[key] != i
        }
        return [link_path(self._boxes, *sorted(pair), middle) for pair in pairs]

    # --------------------------------------------------------------- paint
    def paintEvent(self, event: QPaintEvent) -> None:
        """Edges first, then the nodes on top, then the legend."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if self.map is None or not self.map.factors:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "This deck has no factors to map."
            )
            return
        ring = self._ring_fits(self.width())
        if ring:
            self._paint_links(painter)
        linked = set() if ring else self._linked_to_current()
        texts = self._node_texts()
        for i, factor in enumerate(self.map.factors):
            mark = "focused" if i == self.current else ("linked" if i in linked else "")
            self._paint_node(painter, self._boxes[i], factor, texts[i], mark)
        self._paint_legend(painter)

    def _linked_to_current(self) -> set[int]:
        """The factors the one with the focus ring interacts with (either naming the other)."""
        assert self.map is not None
        current = self.map.factors[self.current]
        return {
            i
            for i, factor in enumerate(self.map.factors)
            if factor.key in current.links or current.key in factor.links
        } - {self.current}

    def _paint_links(self, painter: QPainter) -> None:
        """A line between each two linked factors (laid out around the ellipse only)."""
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.PlaceholderText), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self._links:
            painter.drawPath(path)

    def _paint_node(
        self, painter: QPainter, box: QRectF, factor: FactorMastery, text: NodeText, mark: str
    ) -> None:
        """One factor; ``mark`` is "focused", "linked" (to the focused one) or ""."""
        palette = self.palette()
        colour = palette.color(QPalette.ColorRole.Text)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        if mark == "focused":
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 3.5 if self.hasFocus() else 2.5)
        elif mark == "linked":  # dashed, so it does not rest on colour alone
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2.5, Qt.PenStyle.DashLine)
        else:
            pen = QPen(colour, 1.2)
        painter.setPen(pen)
        painter.drawRoundedRect(box, 8, 8)
        painter.setPen(colour)
        draw_name(painter, self._name_box(box), text)
        painter.setFont(self.font())
        line = QFontMetricsF(self.font()).lineSpacing()
        inner = _inner(box)
        top = inner.top() + line * (_NAME_LINES + 0.1)
        for row, words in enumerate(text.lines):
            painter.drawStaticText(QPointF(inner.left(), top + row * line), words)
        if has_recall(factor):  # an empty bar would only repeat 0 %, or a dash
            bar = QRectF(inner.left(), top + len(text.lines) * line + 3, inner.width(), line * 0.7)
            self._paint_bar(painter, bar, factor)

    def _paint_bar(self, painter: QPainter, bar: QRectF, factor: FactorMastery) -> None:
        """Recall now as a solid fill, recall in 30 days as a hatched fill over it."""
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(bar)
        painter.setPen(Qt.PenStyle.NoPen)
        now = factor.recall_now or 0.0
        later = factor.recall_30d or 0.0
        fill = palette.color(QPalette.ColorRole.Highlight)
        painter.setBrush(fill)
        painter.drawRect(QRectF(bar.left(), bar.top(), bar.width() * now, bar.height() / 2))
        painter.setBrush(QBrush(fill, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(
            QRectF(bar.left(), bar.center().y(), bar.width() * later, bar.height() / 2)
        )

    def _legend(self, width: float) -> list[tuple[Qt.BrushStyle, QRectF, str]]:
        """Each legend line's swatch fill, the rectangle its words wrap in, and the words.

        The rectangles start at the top of the legend (0); every line wraps within ``width``.
        """
        if width in self._legends:
            return self._legends[width]
        metrics = QFontMetricsF(self.font())
        indent = metrics.lineSpacing() * 1.6 + 6  # the swatch and a little space
        text_width = max(1.0, width - 2 * _MARGIN - indent)
        links = (
            "Lines join factors that interact."
            if self._ring_fits(width)
            else "Dashed outlines mark the factors the selected one interacts with."
        )
        # Bars show only once a factor is started: until then, explaining them would not help.
        factors = self.map.factors if self.map is not None else ()
        bars = any(has_recall(factor) for factor in factors)
        legend = (*_LEGEND, (Qt.BrushStyle.NoBrush, f"{_UNSTUDIED} {links}")) if bars else ()
        lines, top = [], 0.0
        for fill, words in legend or ((Qt.BrushStyle.NoBrush, links),):
            box = metrics.boundingRect(QRectF(0, 0, text_width, 1e6), _WRAP, words)
            lines.append((fill, QRectF(_MARGIN + indent, top, text_width, box.height()), words))
            top += box.height()
        self._legends[width] = lines
        return lines

    def _legend_height(self, width: float) -> float:
        return sum(box.height() for _, box, _ in self._legend(width)) + _MARGIN / 2

    def _paint_legend(self, painter: QPainter) -> None:
        palette = self.palette()
        line = QFontMetricsF(self.font()).lineSpacing()
        top = self.height() - self._legend_height(self.width())
        for fill, kept, words in self._legend(self.width()):
            box = kept.translated(0, top)  # the kept legend stays at its own top, 0
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1))
            if fill != Qt.BrushStyle.NoBrush:
                painter.setBrush(QBrush(palette.color(QPalette.ColorRole.Highlight), fill))
                painter.drawRect(QRectF(_MARGIN, box.top() + line * 0.15, line * 1.6, line * 0.7))
            painter.drawText(box, _WRAP, words)

    # --------------------------------------------------------------- input
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move between factors; Enter opens actions; S studies; Q quizzes."""
        if self.map is None or not self.map.factors:
            super().keyPressEvent(event)
            return
        key = event.key()
        target = self._moved_to(Qt.Key(key))
        if target is not None:
            self.select(target)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):  # a plain one: Ctrl+Enter (the Quiz's start key, pressed out of habit) opens nothing
            self._menu(self._boxes[self.current].center())
        elif key == Qt.Key.Key_S:
            self.study_requested.emit(self.map.factors[self.current].key)
        elif key == Qt.Key.Key_Q:
            self.quiz_requested.emit(self.map.factors[self.current].key)
        else:
            super().keyPressEvent(event)

    def _moved_to(self, key: Qt.Key) -> int | None:
        """Where an arrow, Home or End key moves the focus ring; None for other keys.

        Around the ellipse every arrow goes to a neighbour, wrapping; in rows Up and Down go a
        row up or down, staying put at the top or bottom.
        """
        assert self.map is not None
        count, current = len(self.map.factors), self.current
        row = 1 if self._ring_fits(self.width()) else self._columns(self.width())
        if key == Qt.Key.Key_Right or (key == Qt.Key.Key_Down and row == 1):
            return (current + 1) % count
        if key == Qt.Key.Key_Left or (key == Qt.Key.Key_Up and row == 1):
            return (current - 1) % count
        if key == Qt.Key.Key_Down:
            return current + row if current + row < count else current
        if key == Qt.Key.Key_Up:
            return current - row if current >= row else current
        return {Qt.Key.Key_Home: 0, Qt.Key.Key_End: count - 1}.get(key)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a node focuses it and opens its actions."""
        for index, box in enumerate(self._boxes):
            if box.contains(event.position()):
                self.select(index)
                self._menu(box.center())
                return
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Redraw the focus ring and say which factor has it."""
        self._describe()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Redraw without the strong focus ring."""
        self.update()
        super().focusOutEvent(event)

    def _describe(self) -> None:
        factor = self.focused_factor()
        if factor is None:
            self.setAccessibleDescription("")
            return
        assert self.map is not None
        names = [self.map.factors[i].name for i in sorted(self._linked_to_current())]
        links = f" Interacts with {', '.join(names)}." if names else ""
        self.setAccessibleDescription(
            f"{spoken(factor)}{links} Enter for actions, S to study, Q to quiz."
        )

    def _menu(self, where: QPointF) -> None:
        factor = self.focused_factor()
        if factor is None:
            return
        menu = QMenu(self)
        menu.setAccessibleName(f"Actions for {factor.name}")
        study = menu.addAction(f"&Study {factor.name}")
        quiz = menu.addAction(f"&Quiz me on {factor.name}")
        chosen = menu.exec(self.mapToGlobal(where.toPoint()))
        if chosen is study:
            self.study_requested.emit(factor.key)
        elif chosen is quiz:
            self.quiz_requested.emit(factor.key)
