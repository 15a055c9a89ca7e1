"""The causal-factor mastery map: factors as nodes and their links as edges.

Each node says how well its factor is known, in words and numbers, with a bar: solid for now,
hatched for 30 days on.

Keyboard: arrows move between factors, Enter opens the factor's actions, S studies it and Q
quizzes on it. The same numbers are in :class:`fibrolearn.ui.mastery_table.MasteryTable`, for screen
readers and exact values.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QMenu, QWidget

from fibrolearn.domain.statistics import FactorMastery, MasteryMap


def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash when unknown."""
    return "–" if value is None else f"{round(value * 100)} %"


def node_lines(factor: FactorMastery) -> tuple[str, str, str]:
    """The three lines of numbers a node shows under its name."""
    quiz = (
        f"Quiz: {percent(factor.quiz_accuracy)} of {factor.quiz_total}"
        if factor.quiz_total
        else "Quiz: none recently"
    )
    return (
        f"Recall now: {percent(factor.recall_now)}",
        f"In 30 days: {percent(factor.recall_30d)}",
        quiz,
    )


def spoken(factor: FactorMastery) -> str:
    """A factor's numbers as a sentence, for screen readers."""
    text = (
        f"{factor.name}: predicted recall now {percent(factor.recall_now)}, in 30 days "
        f"{percent(factor.recall_30d)}; {factor.studied} of {factor.cards} cards studied"
    )
    if factor.quiz_total:
        text += f"; quiz accuracy {percent(factor.quiz_accuracy)} of {factor.quiz_total} answers"
    return text + "."


_GAP = 12  # pixels between neighbouring nodes
_NAME_LINES = 3  # a factor's name wraps onto at most this many lines


def _radii(count: int, node: QSize) -> tuple[float, float]:
    """The smallest ellipse radii at which neighbouring nodes (equal angles apart) never overlap.

    Each neighbouring pair must be apart by a node's width horizontally or its height
    vertically; the cheaper of the two is asked of the ellipse.
    """
    radius_x = radius_y = 0.0
    angles = [-math.pi / 2 + 2 * math.pi * i / max(count, 1) for i in range(count)]
    for first, second in zip(angles, angles[1:] + angles[:1], strict=True):
        apart_x = abs(math.cos(first) - math.cos(second))
        apart_y = abs(math.sin(first) - math.sin(second))
        need_x = (node.width() + _GAP) / apart_x if apart_x > 1e-9 else math.inf
        need_y = (node.height() + _GAP) / apart_y if apart_y > 1e-9 else math.inf
        if need_x <= need_y:
            radius_x = max(radius_x, need_x)
        else:
            radius_y = max(radius_y, need_y)
    return radius_x, radius_y


class MasteryMapView(QWidget):
    """Draws one deck's factor network and lets the learner act on a factor."""

    study_requested = Signal(str)  # factor key
    quiz_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.map: MasteryMap | None = None
        self.current = 0
        self._boxes: list[QRectF] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Mastery map")
        self.setMinimumSize(self.sizeHint())

    # ---------------------------------------------------------------- data
    def set_map(self, mastery: MasteryMap) -> None:
        """Show this deck's factors."""
        self.map = mastery
        self.current = min(self.current, max(0, len(mastery.factors) - 1))
        self.setMinimumSize(self.sizeHint())
        self._layout()
        self._describe()
        self.update()

    def focused_factor(self) -> FactorMastery | None:
        """The factor with the keyboard focus ring."""
        if self.map is None or not self.map.factors:
            return None
        return self.map.factors[self.current]

    # -------------------------------------------------------------- layout
    def _node_size(self) -> QSize:
        metrics = QFontMetricsF(self.font())
        return QSize(round(metrics.averageCharWidth() * 23), round(metrics.lineSpacing() * 7.9))

    def sizeHint(self) -> QSize:
        """Room for every node around an ellipse without overlaps."""
        node = self._node_size()
        radius_x, radius_y = _radii(len(self.map.factors) if self.map else 12, node)
        legend = QFontMetricsF(self.font()).lineSpacing() * 2
        return QSize(
            round(2 * radius_x + node.width() + 24),
            round(2 * radius_y + node.height() + 24 + legend),
        )

    def resizeEvent(self, event: object) -> None:
        """Place the nodes again for the new size."""
        self._layout()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _layout(self) -> None:
        self._boxes = []
        if self.map is None or not self.map.factors:
            return
        node = self._node_size()
        legend = QFontMetricsF(self.font()).lineSpacing() * 2
        area = QRectF(self.rect()).adjusted(12, 12, -12, -12 - legend)
        centre = area.center()
        radius_x = (area.width() - node.width()) / 2
        radius_y = (area.height() - node.height()) / 2
        count = len(self.map.factors)
        for index in range(count):
            angle = -math.pi / 2 + 2 * math.pi * index / count
            point = QPointF(
                centre.x() + radius_x * math.cos(angle), centre.y() + radius_y * math.sin(angle)
            )
            box = QRectF(0, 0, node.width(), node.height())
            box.moveCenter(point)
            self._boxes.append(box)

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
        index_of = {f.key: i for i, f in enumerate(self.map.factors)}
        edge_pen = QPen(palette.color(QPalette.ColorRole.PlaceholderText), 1.5)
        painter.setPen(edge_pen)
        drawn: set[frozenset[int]] = set()
        for i, factor in enumerate(self.map.factors):
            for key in factor.links:
                j = index_of.get(key)
                if j is None or frozenset((i, j)) in drawn:
                    continue
                drawn.add(frozenset((i, j)))
                painter.drawLine(self._boxes[i].center(), self._boxes[j].center())
        for i, factor in enumerate(self.map.factors):
            self._paint_node(painter, self._boxes[i], factor, focused=i == self.current)
        self._paint_legend(painter)

    def _paint_node(
        self, painter: QPainter, box: QRectF, factor: FactorMastery, *, focused: bool
    ) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        focus = palette.color(QPalette.ColorRole.Highlight)
        width = 3.5 if focused and self.hasFocus() else (2.5 if focused else 1.2)
        pen = QPen(focus if focused else text, width)
        if focused:
            pen.setStyle(Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.drawRoundedRect(box, 8, 8)
        metrics = QFontMetricsF(self.font())
        line = metrics.lineSpacing()
        inner = box.adjusted(8, 6, -8, -6)
        name_box = QRectF(inner.left(), inner.top(), inner.width(), line * _NAME_LINES)
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        painter.setFont(self._name_font(name_box, flags, factor.name))
        painter.setPen(text)
        painter.drawText(name_box, flags, factor.name)
        painter.setFont(self.font())
        lines = node_lines(factor)
        top = inner.top() + line * (_NAME_LINES + 0.1)
        for row, words in enumerate(lines):
            painter.drawText(
                QRectF(inner.left(), top + row * line, inner.width(), line),
                Qt.AlignmentFlag.AlignHCenter,
                metrics.elidedText(words, Qt.TextElideMode.ElideRight, inner.width()),
            )
        bar = QRectF(inner.left(), top + len(lines) * line + 3, inner.width(), line * 0.7)
        self._paint_bar(painter, bar, factor)

    def _name_font(self, box: QRectF, flags: int, name: str) -> QFont:
        """Bold, shrunk a little if the name would not fit its lines (long factor names)."""
        font = QFont(self.font())
        font.setBold(True)
        base = font.pointSizeF()
        for scale in (1.0, 0.9, 0.8, 0.7):
            font.setPointSizeF(base * scale)
            if QFontMetricsF(font).boundingRect(box, flags, name).height() <= box.height():
                break
        return font

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

    def _paint_legend(self, painter: QPainter) -> None:
        palette = self.palette()
        metrics = QFontMetricsF(self.font())
        line = metrics.lineSpacing()
        top = self.height() - line * 1.7
        swatch = QRectF(12, top + line * 0.2, line * 1.6, line * 0.7)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRect(swatch)
        painter.drawText(
            QPointF(swatch.right() + 6, top + line * 0.8),
            "recall now (top half)",
        )
        offset = swatch.right() + 12 + metrics.horizontalAdvance("recall now (top half)")
        hatched = QRectF(offset, swatch.top(), swatch.width(), swatch.height())
        painter.setBrush(
            QBrush(palette.color(QPalette.ColorRole.Highlight), Qt.BrushStyle.BDiagPattern)
        )
        painter.drawRect(hatched)
        painter.drawText(
            QPointF(hatched.right() + 6, top + line * 0.8),
            "in 30 days without study (bottom half). Cards not yet studied count as 0 %. "
            "Lines join factors that interact.",
        )

    # --------------------------------------------------------------- input
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move between factors; Enter opens actions; S studies; Q quizzes."""
        if self.map is None or not self.map.factors:
            super().keyPressEvent(event)
            return
        key = event.key()
        count = len(self.map.factors)
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._focus(self.current + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._focus(self.current - 1 + count)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._menu(self._boxes[self.current].center())
        elif key == Qt.Key.Key_S:
            self.study_requested.emit(self.map.factors[self.current].key)
        elif key == Qt.Key.Key_Q:
            self.quiz_requested.emit(self.map.factors[self.current].key)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a node focuses it and opens its actions."""
        for index, box in enumerate(self._boxes):
            if box.contains(event.position()):
                self._focus(index)
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

    def _focus(self, index: int) -> None:
        assert self.map is not None
        self.current = index % len(self.map.factors)
        self._describe()
        self.update()

    def _describe(self) -> None:
        factor = self.focused_factor()
        self.setAccessibleDescription(
            spoken(factor) + " Enter for actions, S to study, Q to quiz." if factor else ""
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
