"""Keep the focused control of a scroll area in view, however the focus got there.

A QScrollArea scrolls to a control reached by Tab, but not to one focused by a mnemonic, by
arrow keys between radio buttons, or by the app itself (the next quiz question's button).
At large text that left the focused control, and what it was about, out of sight.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget


class FocusFollower(QObject):
    """Scrolls ``scroll`` to whichever widget inside it gets the focus, while it is shown.

    Listening only while shown keeps no app-wide connection for hidden or closed windows.
    ``show`` brings a widget into view; the default asks the scroll area to.
    """

    def __init__(self, scroll: QScrollArea, show: Callable[[QWidget], None] | None = None) -> None:
        super().__init__(scroll)
        self._scroll = scroll
        self._show = show or scroll.ensureWidgetVisible
        self._listening = False
        scroll.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: listen to focus changes while the scroll area is shown."""
        if watched is self._scroll and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._listen(event.type() == QEvent.Type.Show)
        return False

    def _listen(self, on: bool) -> None:
        if on == self._listening:
            return
        changed = QApplication.instance().focusChanged
        if on:
            changed.connect(self._follow)
        else:
            changed.disconnect(self._follow)
        self._listening = on

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        inside = self._scroll.widget()
        if new is not None and inside is not None and inside.isAncestorOf(new):
            self._show(new)
