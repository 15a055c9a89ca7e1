"""Help > Keyboard shortcuts: every key, read from the menus themselves so it never goes stale."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenuBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

# Keys of the study screen that have no menu entry.
STUDY_KEYS = (
    ("Space or Enter", "Show the answer; once it shows, rate Good"),
    ("1, 2, 3, 4", "Again, Hard, Good, Easy (with two buttons: 1 Again, 2 Good)"),
    ("Up, Down, Page Up, Page Down, Home, End", "Scroll a card longer than the screen"),
    ("Esc", "End the session and go back to the decks"),
    ("Tab, Shift+Tab", "Move between controls"),
)
# Keys of Browse's card table that have no menu entry.
BROWSE_KEYS = (
    ("Menu key or Shift+F10", "Open the Browse menu, with Sort by and Columns"),
    ("Ctrl+A", "Select every card"),
)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every menu action that has a shortcut."""
    rows = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and not action.isSeparator():
                rows.append((menu_action.text().replace("&", ""), action.text(), keys))
    return [(m, a.replace("&", "").replace("…", ""), k) for m, a, k in rows]


def show_shortcuts(parent: QWidget, menu_bar: QMenuBar) -> None:
    """Show every keyboard shortcut in a dialog."""
    rows = [
        *(("Study", action, keys) for keys, action in STUDY_KEYS),
        *(("Browse", action, keys) for keys, action in BROWSE_KEYS),
        *shortcut_rows(menu_bar),
    ]
    body = "".join(
        f"<tr><td><b>{escape(keys)}</b></td><td>{escape(action)}</td><td>{escape(menu)}</td></tr>"
        for menu, action, keys in rows
    )
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setAccessibleName("Keyboard shortcuts")
    view = QTextBrowser()
    view.setAccessibleName("Keyboard shortcuts")
    view.setHtml(
        "<table cellpadding='4'><tr><th align='left'>Keys</th><th align='left'>Does</th>"
        f"<th align='left'>Where</th></tr>{body}</table>"
    )
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(dialog.fontMetrics().averageCharWidth() * 80, 480)
    view.setFocus()
    dialog.exec()
