"""A text box as tall as its text at the width it is given, read by scrolling the page around it.

On a page that scrolls already, a text box of its own height scrolled inside it: at large
text in a small window the learner met a scroll area in a scroll area, and a few lines of
each. Fitted, the box shows all its text and only the page scrolls. The keys that scrolled
the box (arrows, Page Up/Down, Home, End, Space) scroll the page instead: the keyboard reads
it all.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSlider, QSizePolicy, QTextEdit

from fibrolearn.ui.in_page import SCROLL_KEYS, page_around

_Action = QAbstractSlider.SliderAction
_PAGE_KEYS = {**SCROLL_KEYS, Qt.Key.Key_Space: _Action.SliderPageStepAdd}  # as a text box has it


class _HeightFromText(QObject):
    """Keeps ``edit`` as tall as its text, and hands its scrolling keys to the page."""

    def __init__(self, edit: QTextEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = edit.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        edit.setSizePolicy(policy)
        edit.document().documentLayout().documentSizeChanged.connect(self._fit)
        edit.installEventFilter(self)
        self._fit()

    def _fit(self) -> None:
        edit = self._edit
        margins = edit.contentsMargins()
        text = ceil(edit.document().size().height())
        edit.setFixedHeight(text + margins.top() + margins.bottom())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: a scrolling key scrolls the page (the box itself has nothing to scroll).

        A thicker focus ring takes room from the text: it is fitted again then.
        """
        if event.type() == QEvent.Type.ContentsRectChange:
            self._fit()
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        action = _PAGE_KEYS.get(Qt.Key(event.key()))
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        page = page_around(self._edit)
        if action is None or page is None:
            return False
        if modifiers == Qt.KeyboardModifier.ShiftModifier and event.key() == Qt.Key.Key_Space:
            action = _Action.SliderPageStepSub
        elif modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        page.verticalScrollBar().triggerAction(action)
        return True


def fit_to_text(edit: QTextEdit) -> None:
    """Make ``edit`` as tall as its text from now on, at whatever width and text size."""
    _HeightFromText(edit)
