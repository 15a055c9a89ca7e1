"""The lines of the mastery map's ellipse: each between two factors, under no other one."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

# How far a line bends toward the middle of the ellipse, in steps of the way there.
_BENDS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
_CURVE_STEPS = 16  # short straight lines a bent line is tested as


def link_path(boxes: Sequence[QRectF], first: int, second: int, middle: QPointF) -> QPainterPath:
    """A line joining the nodes ``first`` and ``second`` of ``boxes``, under no other node.

    Straight, unless that passes under another node: then it bows toward ``middle`` (the
    ellipse's centre), a little more each time, until it clears them. Drawn straight under
    "What fibromyalgia is", the line joining its two neighbours seemed to join it to both.
    """
    start, end = boxes[first].center(), boxes[second].center()
    others = [box for index, box in enumerate(boxes) if index not in (first, second)]
    path = QPainterPath(start)
    path.lineTo(end)
    halfway = (start + end) / 2
    for bend in _BENDS:
        if not _passes_under(path, others):
            break
        path = QPainterPath(start)
        path.quadTo(halfway + (middle - halfway) * bend, end)
    return path


def _passes_under(path: QPainterPath, boxes: Sequence[QRectF]) -> bool:
    """Whether the path (a line, or a curve taken as short lines) runs through any of ``boxes``."""
    bounds = path.controlPointRect().adjusted(-1, -1, 1, 1)  # a level line has no width
    near = [box for box in boxes if box.intersects(bounds)]
    if not near:
        return False
    steps = 1 if path.elementCount() == 2 else _CURVE_STEPS  # a straight line is one
    points = [path.pointAtPercent(step / steps) for step in range(steps + 1)]
    return any(_crosses(start, end, box) for start, end in pairwise(points) for box in near)


def _crosses(start: QPointF, end: QPointF, box: QRectF) -> bool:
    """Whether the line from ``start`` to ``end`` passes through ``box`` (Liang-Barsky)."""
    dx, dy = end.x() - start.x(), end.y() - start.y()
    low, high = 0.0, 1.0
    for towards, room in (
        (-dx, start.x() - box.left()),
        (dx, box.right() - start.x()),
        (-dy, start.y() - box.top()),
        (dy, box.bottom() - start.y()),
    ):
        if towards == 0:  # parallel to this side: inside its edge or never
            if room < 0:
                return False
            continue
        share = room / towards
        if towards < 0:
            low = max(low, share)
        else:
            high = min(high, share)
        if low > high:
            return False
    return True
