"""A stack of pages sized by the page on screen, not by the largest of them.

QStackedWidget asks for room for its widest page, so inside a scroll area one wide page (a
set-up screen at 200 % text) makes every other page scroll sideways and cut its text off.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget

_HIDDEN = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)


class PageStack(QStackedWidget):
    """Shows one page at a time and asks only for the room that page needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._own_policies: dict[QWidget, QSizePolicy] = {}
        self.currentChanged.connect(self._size_by_current)

    def addWidget(self, page: QWidget) -> int:
        """Add a page; it asks for room only while it is the page on screen."""
        index = super().addWidget(page)
        self._size_by_current(self.currentIndex())
        return index

    def _size_by_current(self, index: int) -> None:
        # The layout leaves out what a page with an Ignored size policy asks for.
        for position in range(self.count()):
            page = self.widget(position)
            own = self._own_policies.setdefault(page, page.sizePolicy())
            page.setSizePolicy(own if position == index else _HIDDEN)
        self.updateGeometry()

    def heightForWidth(self, width: int) -> int:
        """Qt override: the height the page on screen needs at ``width``.

        QStackedLayout gives the largest of every page's, so a hidden page whose text wraps
        (the quiz set-up) made the scroll area around the stack taller than the page shown.
        """
        page = self.currentWidget()
        return page.heightForWidth(width) if page is not None else -1
