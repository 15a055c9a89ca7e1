"""Colours of Progress's charts, from the theme's: shades that stand out from the chart (WCAG).

The calendar's shades of a study day, each standing out 3:1 from the chart's background.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

LEVELS = 4  # shades of a study day in the calendar, lightest for the fewest answers
# WCAG 1.4.11 asks 3:1 of a mark against what is next to it; a little over, so rounding to
# whole colour steps never takes a shade under.
_STANDS_OUT = 3.2


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""
    channels = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour.getRgbF()[:3]
    ]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(background: QColor, colour: QColor, share: float) -> QColor:
    """``colour`` laid over ``background`` at ``share`` (0 to 1) opacity."""
    under, over = background.getRgbF()[:3], colour.getRgbF()[:3]
    return QColor.fromRgbF(*(u + (o - u) * share for u, o in zip(under, over, strict=True)))


def palest_share(background: QColor, colour: QColor) -> float:
    """The least opacity at which ``colour`` still stands out from ``background`` (3:1)."""
    if contrast(colour, background) < _STANDS_OUT:
        return 1.0  # as strong as it gets
    low, high = 0.0, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        if contrast(mix(background, colour, middle), background) >= _STANDS_OUT:
            high = middle
        else:
            low = middle
    return high


def study_shades(background: QColor, accent: QColor, count: int = LEVELS) -> list[QColor]:
    """``count`` shades of ``accent``, the palest still standing out from ``background``.

    They rise in even steps to ``accent`` itself.
    """
    palest = palest_share(background, accent)
    steps = max(1, count - 1)
    return [mix(background, accent, palest + (1 - palest) * i / steps) for i in range(count)]


def study_levels(grid: np.ndarray, count: int = LEVELS) -> np.ndarray:
    """Each day's shade: 0 for no answers, else 1 to ``count`` by its share of the busiest day.

    Rounded up, so a single answer on a busy calendar still gets the first shade, never none.
    """
    busiest = float(grid.max(initial=0))
    if busiest <= 0:
        return np.zeros(grid.shape, dtype=int)
    return np.ceil(grid / busiest * count).astype(int)
