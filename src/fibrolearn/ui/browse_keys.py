"""Keys a page handles itself, so window-wide shortcuts on the same keys never get in the way.

Qt finds a shortcut ambiguous when two actions that are active at once share its keys, and then
runs neither: the study screen's window-wide Ctrl+Z would silence Browse's. Qt first offers every
key to the focused widget and its parents as a ShortcutOverride event; accepting it there turns
the key into a plain key press, which the page then maps to its action. Widgets that own a key
themselves (a text box's Ctrl+Z, Delete) accept the override first, so they keep working.

A disabled action's keys pass on to the window, unless its binding is ``held``: then the page
keeps them and says why nothing happened. Browse holds its card actions' keys, so with no card
found, Ctrl+Shift+I and Ctrl+Shift+S never open the window's Import or Custom study instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget


@dataclass(frozen=True, slots=True)
class KeyBinding:
    """Keys that run an action, optionally only while one widget has focus.

    ``held``: kept by the page even while the action is disabled (see the module's notes).
    """

    keys: QKeySequence
    action: QAction
    only_in: QWidget | None = None
    held: bool = False


class PageKeys(QObject):
    """Watches a page for its bindings' keys and runs the matching enabled action.

    ``refused`` hears a held binding's disabled action whose keys were pressed.
    """

    def __init__(
        self,
        page: QWidget,
        bindings: list[KeyBinding],
        refused: Callable[[QAction], object] | None = None,
    ) -> None:
        super().__init__(page)
        self._bindings = bindings
        self._refused = refused
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Claim a bound key (ShortcutOverride), then run its action (KeyPress)."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        action = self._action_for(QKeySequence(event.keyCombination()))
        if action is None:
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            self._run(action)
        return True

    def _run(self, action: QAction) -> None:
        if action.isEnabled():
            action.trigger()
        elif self._refused is not None:
            self._refused(action)

    def _action_for(self, pressed: QKeySequence) -> QAction | None:
        for binding in self._bindings:
            if binding.keys != pressed:
                continue
            if not (binding.action.isEnabled() or binding.held):
                continue
            if binding.only_in is None or binding.only_in.hasFocus():
                return binding.action
        return None


def follow_action(button: QPushButton, action: QAction, keys: str) -> None:
    """Keep a button as its action is: enabled or not, and its text where the label differs."""
    button.setEnabled(action.isEnabled())
    said = action.text().replace("&", "")
    described = keys if said == button.text().replace("&", "") else f"{said} ({keys})"
    button.setAccessibleDescription(described)
    button.setToolTip(described)
