"""A row of buttons for actions that folds into one menu button when it would wrap.

At large text in a small window the study screen's six card actions took three rows and
left the card itself two lines. Folded, they take one button; every action keeps its own
key, and the menu lists the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QMenu, QSizePolicy, QToolButton, QWidget


class ActionRow(QWidget):
    """Shows each action as a button while they fit side by side, else one menu button."""

    def __init__(self, name: str, folded_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.buttons: list[QToolButton] = []
        self.menu = QMenu(self)
        self.menu.setAccessibleName(name)
        self.more = QToolButton()
        self.more.setText(folded_text)
        self.more.setAccessibleName(folded_text.replace("&", ""))
        self.more.setMenu(self.menu)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.hide()
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.more)
        self._layout.addStretch(1)
        # Any width will do: folding is how it fits.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    @property
    def folded(self) -> bool:
        """Whether the actions are in the menu button rather than a row of buttons."""
        return not self.more.isHidden()

    def add(self, action: QAction, description: str) -> None:
        """Add a button (and a menu entry) for ``action``."""
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAccessibleName(action.text().replace("&", ""))
        button.setAccessibleDescription(description)
        action.changed.connect(lambda: self._renamed(button, action))
        if self.folded:  # folded already: in the menu with the others, not beside it
            button.hide()
        self._layout.insertWidget(len(self.buttons), button)
        self.buttons.append(button)
        self.menu.addAction(action)
        self._fold_to(self.width())

    def _renamed(self, button: QToolButton, action: QAction) -> None:
        """An action renamed for what it does now (R's): its button is named so, and fits."""
        name = action.text().replace("&", "")
        if button.accessibleName() != name:
            button.setAccessibleName(name)
            button.setAccessibleDescription(action.toolTip())
            self._fold_to(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: fold or unfold for the new width."""
        super().resizeEvent(event)
        self._fold_to(event.size().width())

    def changeEvent(self, event: QEvent) -> None:
        """Qt override: a new text size or style changes how wide the buttons are."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fold_to(self.width())

    def _fold_to(self, width: int) -> None:
        spacing = self._layout.spacing()
        row = sum(b.sizeHint().width() for b in self.buttons) + spacing * len(self.buttons)
        fold = row > width
        if fold == self.folded:
            return
        focused = any(widget.hasFocus() for widget in (*self.buttons, self.more))
        for button in self.buttons:
            button.setVisible(not fold)
        self.more.setVisible(fold)
        if focused:  # keep focus in the row as it changes shape
            (self.more if fold else self.buttons[0]).setFocus()
