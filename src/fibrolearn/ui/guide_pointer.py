"""On the first starts, a calm line over the places pointing a new learner to the guide.

Nothing pointed a new learner to Help ▸ Getting started or to F1. The line shows until the
learner opens the guide (here or from the Help menu) or hides it; either is remembered in the
preferences file, so it never comes back.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

from fibrolearn.ui.flow_layout import FlowLayout

GUIDE_POINTER_WORDS = (
    "New to FibroLearn? Getting started (in the Help menu) explains how to study and what the "
    "counts mean; F1 lists every key."
)
DONE_KEY = "help/guide_pointer_done"  # set once the guide was opened or the line hidden


class GuidePointer(QFrame):
    """The line and its two buttons: open the guide, or hide the line for good."""

    open_guide = Signal()  # the guide's opening hides the line (see :meth:`done`)

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName("guidePointer")
        self.setAccessibleName("Where to begin")
        self._settings = settings
        label = QLabel(GUIDE_POINTER_WORDS)
        label.setWordWrap(True)
        self.guide_button = QPushButton("Open the guide")
        self.guide_button.setAccessibleDescription(GUIDE_POINTER_WORDS)
        self.guide_button.clicked.connect(self.open_guide)
        self.hide_button = QPushButton("Hide")
        self.hide_button.setAccessibleName("Hide this hint")
        self.hide_button.clicked.connect(self.done)
        # The buttons under the words, wrapping: side by side at 200 % text, the three held
        # the window 17 pixels wider than the narrowest it may be.
        buttons = FlowLayout()
        buttons.addWidget(self.guide_button)
        buttons.addWidget(self.hide_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the style sheet's padding
        layout.addWidget(label)
        layout.addLayout(buttons)
        self._done = bool(settings.value(DONE_KEY, False, type=bool))
        self.setVisible(not self._done)

    def show_over(self, deck_list: bool) -> None:
        """Show the line over the deck list alone, where a learner begins, until done.

        Over the study screen at large text in a small window, it squeezed the rating buttons.
        """
        self.setVisible(deck_list and not self._done)

    def text(self) -> str:
        """What the line says until done, for a screen reader to hear; else ""."""
        return "" if self._done else GUIDE_POINTER_WORDS

    def done(self) -> None:
        """The learner found the guide, or needs no pointer: hide the line and remember it."""
        if self._done:
            return
        self._done = True
        self.hide()
        self._settings.setValue(DONE_KEY, True)
        self._settings.sync()
