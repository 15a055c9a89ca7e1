"""The scroll area a fitted view is in, and bringing a part of that view into its sight.

A list, table or text as tall as its contents scrolls nothing itself: the page around it
does, and must follow what the keyboard moves to inside it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSlider, QScrollArea, QWidget

_SLIDER = QAbstractSlider.SliderAction
# What each key that scrolls a page does to its scroll bar.
SCROLL_KEYS = {
    Qt.Key.Key_Up: _SLIDER.SliderSingleStepSub,
    Qt.Key.Key_Down: _SLIDER.SliderSingleStepAdd,
    Qt.Key.Key_PageUp: _SLIDER.SliderPageStepSub,
    Qt.Key.Key_PageDown: _SLIDER.SliderPageStepAdd,
    Qt.Key.Key_Home: _SLIDER.SliderToMinimum,
    Qt.Key.Key_End: _SLIDER.SliderToMaximum,
}


def page_around(widget: QWidget) -> QScrollArea | None:
    """The scroll area ``widget`` is in, if any."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def show_in_page(view: QAbstractScrollArea, part: QRect) -> None:
    """Scroll the page around ``view`` to ``part`` of it (in its viewport's coordinates)."""
    scroll = page_around(view)
    if scroll is None or scroll.widget() is None:
        return
    centre = view.viewport().mapTo(scroll.widget(), part.center())
    # One more: the scroll area leaves the pixel a margin away from the centre just outside.
    scroll.ensureVisible(centre.x(), centre.y(), part.width() // 2, part.height() // 2 + 1)
