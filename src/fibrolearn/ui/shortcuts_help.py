"""Help > Keyboard shortcuts: every key, read from the menus themselves so it never goes stale.

The keys a place handles itself, with no menu entry, are listed here by hand, place by place;
each list names only keys its screen really handles (see the modules named beside them).
"""

from __future__ import annotations

from collections.abc import Iterable
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

from fibrolearn.ui.dialogs import run_modal
from fibrolearn.ui.text_fit import screen_room

# Keys of the deck list (deck_list.py): Tools' F2 and Del act there, not in Browse.
DECK_KEYS = (
    ("Enter", "Study the selected deck"),
    ("F2", "Rename the selected deck"),
    ("Del", "Delete the selected deck, after asking"),
    ("Menu key or Shift+F10", "Open the selected deck's menu"),
)
# Keys of the study screen that have no menu entry (study_page.py).
STUDY_KEYS = (
    ("Space or Enter", "Show the answer; once it shows, rate Good"),
    ("1, 2, 3, 4", "Again, Hard, Good, Easy (with two buttons: 1 Again, 2 Good)"),
    ("Up, Down, Page Up, Page Down, Home, End", "Scroll a card longer than the screen"),
    ("Esc", "End the session and go back to the decks (a gentle session asks first)"),
    ("Tab, Shift+Tab", "Move between controls"),
)
# Keys of Browse's card table that have no menu entry (browse_page.py).
BROWSE_KEYS = (
    ("Menu key or Shift+F10", "Open the Browse menu, with Sort by and Columns"),
    ("Ctrl+A", "Select every card"),
    ("Home, End (or Ctrl+Home, Ctrl+End)", "Select the first or last card (with Shift, up to it)"),
)
# Keys of the note editors: Browse's Add note and Edit note, and the study screen's E
# (browse_editor.py, note_editor.py).
NOTE_EDITOR_KEYS = (
    ("Ctrl+Enter", "Save the note (Add note adds it, then waits for the next one)"),
    ("Tab, Shift+Tab", "Move between the fields"),
    ("Ctrl+Shift+C", "Cloze text: hide the selected words as a new deletion (c1, c2 …)"),
    ("Ctrl+Alt+Shift+C", "Cloze text: hide them with the last deletion's number"),
    ("Esc", "Close (it asks first if what you typed would be lost)"),
)
# Keys of the quiz screens (quiz_page.py, quiz_question.py, quiz_overrule.py).
QUIZ_KEYS = (
    ("Enter or Ctrl+Enter", "Start the quiz with the choices made, on the set-up screen"),
    ("1, 2, 3, 4 or A, B, C, D", "Choose that answer"),
    ("Up, Down, then Enter", "Move to an answer in the list, then choose it"),
    ("T or F", "True or false (1 and 2 work too)"),
    ("Type, then Enter", "Answer a missing-word question"),
    ("Up, Down", "Matching: go to the previous or next finding"),
    ("Left, Right", "Matching: change the finding's factor"),
    ("A factor's number", "Matching: give the finding that factor, then go to the next one"),
    ("Enter", "Matching: check the answer, once every finding has a factor"),
    ("Enter or Space", "After the feedback: the next question, or your results"),
    ("Alt+I", "After a typed answer marked wrong: count it right (“I was right”)"),
    ("Esc", "End the quiz (it asks first); on the other quiz screens, go back one screen"),
)
# Keys of the mastery map and its table on the Progress page (mastery_map.py, mastery_table.py),
# and of its charts (chart_points.py).
PROGRESS_KEYS = (
    ("Left, Right", "Mastery map: the previous or next factor"),
    ("Up, Down", "Mastery map: the previous or next factor; a row up or down in rows"),
    ("Home, End", "Mastery map: the first or last factor"),
    ("Enter or Space", "Mastery map: open the factor's actions"),
    ("S", "Study the chosen factor (in the map or the table)"),
    ("Q", "Quiz yourself on the chosen factor (in the map or the table)"),
    ("Left, Right", "A chart: read the previous or next bar (a day, a month, a state)"),
    ("Ctrl+Left, Ctrl+Right", "A chart: read the bar seven back or on (a week of days)"),
    ("Home, End", "A chart: read the first or last bar"),
)
# Above the keys, for whoever pressed F1 looking for how to begin.
GUIDE_POINTER = (
    "New to FibroLearn? Help ▸ Getting started explains how to study, and what the counts and "
    "the buttons mean."
)
# In the order of the places.
PLACE_KEYS = (
    ("Decks", DECK_KEYS),
    ("Study", STUDY_KEYS),
    ("Browse", BROWSE_KEYS),
    ("Note editors", NOTE_EDITOR_KEYS),
    ("Quiz", QUIZ_KEYS),
    ("Progress", PROGRESS_KEYS),
)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every menu action that has a shortcut (its first one).

    An action is named by its What's This text when it has one: an action whose text follows
    what it would do now (R: "Replay sounds" on a side with sounds) is listed by all it does.
    """
    rows = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and not action.isSeparator():
                does = action.whatsThis() or action.text()
                rows.append((menu_action.text().replace("&", ""), does, keys))
    return [(m, a.replace("&", "").replace("…", ""), k) for m, a, k in rows]


def shortcuts_html(menu_bar: QMenuBar) -> str:
    """Every key: a section for each place's own keys, then the menus' shortcuts."""
    sections = [
        f"<h2>{escape(place)}</h2>{_table(('Keys', 'Does'), keys)}" for place, keys in PLACE_KEYS
    ]
    menus = ((keys, action, menu) for menu, action, keys in shortcut_rows(menu_bar))
    sections.append(f"<h2>Menus</h2>{_table(('Keys', 'Does', 'Menu'), menus)}")
    return "".join(sections)


def _table(headings: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    # The keys column is as wide in every section, so the sections line up.
    widths = ["35%"] + [""] * (len(headings) - 1)
    head = "".join(
        f"<th align='left'{f' width={w!r}' if w else ''}>{escape(h)}</th>"
        for h, w in zip(headings, widths, strict=True)
    )
    body = "".join(
        f"<tr><td><b>{escape(row[0])}</b></td>"
        + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    return f"<table width='100%' cellpadding='4'><tr>{head}</tr>{body}</table>"


def help_dialog(parent: QWidget, title: str, html: str) -> tuple[QDialog, QDialogButtonBox]:
    """A read-only page of help with a Close button under it (not yet shown).

    It opens 80 characters wide and 32 lines tall at the current text size, within the
    screen; the text wraps and scrolls (arrow keys and Page Down, as it has the focus). Also
    returns the button box, for a dialog that adds a button of its own.
    """
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    view = QTextBrowser()
    view.setAccessibleName(title)
    view.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    metrics, room = dialog.fontMetrics(), screen_room(dialog)
    dialog.resize(
        min(metrics.averageCharWidth() * 80, room.width()),
        # Nine tenths: the title bar, not yet known, must fit too.
        min(metrics.lineSpacing() * 32, room.height() * 9 // 10),
    )
    view.setFocus()
    return dialog, buttons


def shortcuts_dialog(parent: QWidget, menu_bar: QMenuBar) -> QDialog:
    """The dialog that lists every keyboard shortcut (not yet shown)."""
    html = f"<p>{escape(GUIDE_POINTER)}</p>{shortcuts_html(menu_bar)}"
    dialog, _buttons = help_dialog(parent, "Keyboard shortcuts", html)
    return dialog


def show_shortcuts(parent: QWidget, menu_bar: QMenuBar) -> None:
    """Show every keyboard shortcut in a dialog."""
    run_modal(shortcuts_dialog(parent, menu_bar))
