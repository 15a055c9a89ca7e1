"""Fusion with tick boxes and radio buttons that stay visible in every theme and size.

Fusion draws their outline a shade away from the background, which all but disappears in dark
themes. Here the outline and the mark use the text colour (which meets 4.5:1 on the
background), so the state shows by shape in every palette.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

_CHECK = QStyle.PrimitiveElement.PE_IndicatorCheckBox
_RADIO = QStyle.PrimitiveElement.PE_IndicatorRadioButton


class ClearStyle(QProxyStyle):
    """Fusion, with its own check box and radio button indicators."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Qt override: draw check boxes and radio buttons; anything else as Fusion does."""
        if element not in (_CHECK, _RADIO):
            super().drawPrimitive(element, option, painter, widget)
            return
        state = option.state
        group = (
            QPalette.ColorGroup.Normal
            if state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        ink = option.palette.color(group, QPalette.ColorRole.Text)
        box = QRectF(option.rect).adjusted(1, 1, -1, -1)
        side = min(box.width(), box.height())
        box = QRectF(box.x(), box.y() + (box.height() - side) / 2, side, side)
        line = max(1.5, side / 9)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ink, line))
        painter.setBrush(option.palette.color(group, QPalette.ColorRole.Base))
        if element == _CHECK:
            painter.drawRoundedRect(box, side / 8, side / 8)
            pen = QPen(ink, line * 1.3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            if state & QStyle.StateFlag.State_On:
                painter.drawPolyline(
                    [
                        QPointF(box.x() + side * 0.22, box.y() + side * 0.52),
                        QPointF(box.x() + side * 0.42, box.y() + side * 0.72),
                        QPointF(box.x() + side * 0.78, box.y() + side * 0.3),
                    ]
                )
            elif state & QStyle.StateFlag.State_NoChange:
                middle = box.y() + side / 2
                painter.drawLine(
                    QPointF(box.x() + side * 0.25, middle),
                    QPointF(box.right() - side * 0.25, middle),
                )
        else:
            painter.drawEllipse(box)
            if state & QStyle.StateFlag.State_On:
                painter.setBrush(ink)
                inset = side * 0.28
                painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))
        painter.restore()
