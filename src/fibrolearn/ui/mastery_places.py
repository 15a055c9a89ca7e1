"""Where the mastery map's nodes go: around an ellipse, or in rows where it does not fit."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize

GAP = 12  # pixels between neighbouring nodes


def around_ellipse(count: int, area: QRectF, node: QSize) -> list[QPointF]:
    """Node centres at equal angles around the largest ellipse that keeps nodes inside ``area``."""
    centre = area.center()
    radius_x = (area.width() - node.width()) / 2
    radius_y = (area.height() - node.height()) / 2
    angles = [-math.pi / 2 + 2 * math.pi * index / count for index in range(count)]
    return [
        QPointF(centre.x() + radius_x * math.cos(a), centre.y() + radius_y * math.sin(a))
        for a in angles
    ]


def in_rows(count: int, area: QRectF, node: QSize, columns: int) -> list[QPointF]:
    """Node centres in rows of ``columns``, in reading order, centred in ``area``'s width."""
    step_x, step_y = node.width() + GAP, node.height() + GAP
    left = area.center().x() - (columns * step_x - GAP) / 2
    return [
        QPointF(
            left + (index % columns) * step_x + node.width() / 2,
            area.top() + (index // columns) * step_y + node.height() / 2,
        )
        for index in range(count)
    ]


def radii(count: int, node: QSize) -> tuple[float, float]:
    """The smallest ellipse radii at which neighbouring nodes (equal angles apart) never overlap.

    Each neighbouring pair must be apart by a node's width horizontally or its height
    vertically; the cheaper of the two is asked of the ellipse.
    """
    radius_x = radius_y = 0.0
    if count < 2:  # one factor has no neighbour to keep apart from: it sits in the middle
        return radius_x, radius_y
    angles = [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]
    for first, second in zip(angles, angles[1:] + angles[:1], strict=True):
        apart_x = abs(math.cos(first) - math.cos(second))
        apart_y = abs(math.sin(first) - math.sin(second))
        need_x = (node.width() + GAP) / apart_x if apart_x > 1e-9 else math.inf
        need_y = (node.height() + GAP) / apart_y if apart_y > 1e-9 else math.inf
        if need_x <= need_y:
            radius_x = max(radius_x, need_x)
        else:
            radius_y = max(radius_y, need_y)
    return radius_x, radius_y
