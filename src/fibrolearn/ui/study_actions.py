"""The study screen's card actions (E, S, B, W, Ctrl+Shift+I, P, R), made with the window.

The menus list them from the first paint, while the study screen itself is built only when
first needed, after it: the screen connects them, and enables each while it shows a card.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence


class StudyActions(NamedTuple):
    """One action per card command; all disabled until the study screen shows a card."""

    edit: QAction
    suspend: QAction
    bury: QAction
    why: QAction
    info: QAction
    pause: QAction
    read: QAction

    @property
    def all(self) -> tuple[QAction, ...]:
        """Every one, in the order the screen's Card actions row shows them."""
        return (self.edit, self.suspend, self.bury, self.why, self.info, self.pause, self.read)


def make_study_actions(parent: QObject) -> StudyActions:
    """The card actions, owned by ``parent`` (the main window)."""

    def action(text: str, key: str, tip: str) -> QAction:
        made = QAction(text, parent)
        made.setShortcut(QKeySequence(key))
        # Only while the study screen has focus: these single keys must never fire from
        # another place's text field.
        made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        made.setToolTip(f"{tip} ({key})")
        made.setEnabled(False)
        return made

    read = action("&Read aloud", "R", "Read this side aloud")
    # Its text follows the side shown (see sound_playback); F1 lists it by all it does.
    read.setWhatsThis("Replay sounds, or read aloud when the side has none")
    return StudyActions(
        edit=action("&Edit card…", "E", "Edit this card's note"),
        suspend=action("&Suspend card", "S", "Take this card out of study"),
        bury=action("&Bury until tomorrow", "B", "Hide this card until tomorrow"),
        why=action("&Why now?", "W", "When you last saw this card"),
        info=action("Card &info…", "Ctrl+Shift+I", "This card's dates, memory and history"),
        # "P&ause": in the Go menu, which shows it too, P is Progress's.
        pause=action("P&ause", "P", "Pause; your place is kept"),
        read=read,
    )
