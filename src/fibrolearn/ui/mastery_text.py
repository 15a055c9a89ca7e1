"""The mastery map's words, laid out once: each node's name and lines of numbers.

Fitting a name (the size it fits at, where it is cut short) and laying it out took most of a
node's paint; the map keeps these and lays them out again only when its text size or its
factors change.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QStaticText,
    QTextLayout,
    QTextOption,
    QTransform,
)

from fibrolearn.domain.statistics import FactorMastery
from fibrolearn.ui.mastery_words import node_lines

_NAME_FLAGS = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)


class NodeText(NamedTuple):
    """A node's words, laid out for its width.

    Attributes:
        name: The factor's name, wrapped and centred, cut short with "…" if it must be.
        name_font: The font it is laid out in: bold, smaller for a long name.
        lines: The lines of numbers under the name, each centred and cut to the width.
    """

    name: QStaticText
    name_font: QFont
    lines: tuple[QStaticText, ...]


def node_text(factor: FactorMastery, font: QFont, name_box: QRectF) -> NodeText:
    """Lay out ``factor``'s words for a node whose name goes in a box of ``name_box``'s size."""
    name_font = _name_font(font, name_box, factor.name)
    metrics = QFontMetricsF(font)
    width = name_box.width()
    return NodeText(
        _laid_out(_fitted_name(name_font, name_box, factor.name), name_font, width, wrap=True),
        name_font,
        tuple(
            _laid_out(metrics.elidedText(words, Qt.TextElideMode.ElideRight, width), font, width)
            for words in node_lines(factor)
        ),
    )


def draw_name(painter: QPainter, box: QRectF, text: NodeText) -> None:
    """The name centred in ``box``, both ways."""
    painter.setFont(text.name_font)
    top = box.top() + (box.height() - text.name.size().height()) / 2
    painter.drawStaticText(QPointF(box.left(), top), text.name)


def _laid_out(words: str, font: QFont, width: float, *, wrap: bool = False) -> QStaticText:
    """``words`` centred in ``width``, wrapped at words or on one line, laid out now."""
    text = QStaticText(words)
    text.setTextFormat(Qt.TextFormat.PlainText)
    option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    option.setWrapMode(QTextOption.WrapMode.WordWrap if wrap else QTextOption.WrapMode.NoWrap)
    text.setTextOption(option)
    text.setTextWidth(width)
    text.prepare(QTransform(), font)
    return text


def _name_font(font: QFont, box: QRectF, name: str) -> QFont:
    """Bold, shrunk a little if the name would not fit its lines (long factor names)."""
    bold = QFont(font)
    bold.setBold(True)
    base = bold.pointSizeF()
    for scale in (1.0, 0.9, 0.8, 0.7):
        bold.setPointSizeF(base * scale)
        if QFontMetricsF(bold).boundingRect(box, _NAME_FLAGS, name).height() <= box.height():
            break
    return bold


def _fitted_name(font: QFont, box: QRectF, name: str) -> str:
    """The name as it fits in ``box``: whole, or cut short with "…" on the last line there.

    Centred in too little room, a long name lost its first and last lines both, and with
    them which factor it was. (The table and what a screen reader hears have it whole.)
    """
    metrics = QFontMetricsF(font)
    room = max(1, int(box.height() // metrics.lineSpacing()))
    layout = QTextLayout(name, font)
    layout.setTextOption(QTextOption(Qt.AlignmentFlag.AlignCenter))  # wraps at words
    starts: list[int] = []
    layout.beginLayout()
    while len(starts) <= room:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(box.width())
        starts.append(line.textStart())
    layout.endLayout()
    if len(starts) <= room:
        return name
    last = starts[room - 1]
    rest = metrics.elidedText(name[last:], Qt.TextElideMode.ElideRight, box.width())
    return name[:last] + rest
