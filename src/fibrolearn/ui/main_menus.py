"""The main window's menus, following desktop conventions: File, Edit, View, Go, Tools, Help.

Single-key study actions (E, S, B, W, P, R) are the study screen's and fire only while it has
focus (:mod:`fibrolearn.ui.study_actions`); the menus list them so they can be found, and show
their keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from fibrolearn.ui.undo_words import REDO_KEYS, redo_text, undo_text

if TYPE_CHECKING:
    from fibrolearn.ui.main_window import MainWindow

TEXT_SIZE_STEP = 10
# Most keyboards have + over =, so Ctrl++ is typed as Ctrl+= or, holding Shift, as Ctrl+Shift+=
# (which the system may report as Ctrl+Shift++): every way of typing it makes text bigger.
BIGGER_TEXT_KEYS = ("Ctrl++", "Ctrl+=", "Ctrl+Shift+=", "Ctrl+Shift++")


class Menus(NamedTuple):
    """What the window needs to reach in its menus after building them.

    Attributes:
        file: The File menu; collection commands go before ``quit``.
        quit: The Quit action, last in the File menu.
        go: The Go menu; places are inserted before ``go_places_end``.
        go_places_end: The separator after the places.
        tools: The Tools menu; a place's own menu goes before it (see :func:`add_place_menu`).
        collection_actions: Actions that need the open collection.
    """

    file: QMenu
    quit: QAction
    go: QMenu
    go_places_end: QAction
    tools: QMenu
    collection_actions: tuple[QAction, ...]


def build_menus(window: MainWindow) -> Menus:
    """Create the menu bar of ``window``."""
    bar = window.menuBar()

    def add(
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | tuple[str, ...] | None = None,
    ) -> QAction:
        action = QAction(text, window)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif isinstance(shortcut, tuple):
            action.setShortcuts([QKeySequence(keys) for keys in shortcut])
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    file_menu = bar.addMenu("&File")
    quit_action = add(file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    study = window.study_actions
    edit_menu = bar.addMenu("&Edit")
    undo = add(edit_menu, "&Undo", window.undo, QKeySequence.StandardKey.Undo)
    redo = _name_undo_while_open(window, edit_menu, undo, add)
    edit_menu.addSeparator()
    edit_menu.addActions([study.edit, study.suspend, study.bury])
    edit_menu.addSeparator()
    add(edit_menu, "&Preferences…", window.show_preferences, "Ctrl+,")

    view_menu = bar.addMenu("&View")
    add(
        view_menu,
        "&Bigger text",
        lambda: window.change_text_size(TEXT_SIZE_STEP),
        BIGGER_TEXT_KEYS,
    )
    add(view_menu, "&Smaller text", lambda: window.change_text_size(-TEXT_SIZE_STEP), "Ctrl+-")
    add(view_menu, "&Normal text size", lambda: window.change_text_size(0), "Ctrl+0")
    view_menu.addSeparator()
    view_menu.addActions([study.why, study.info, study.read])

    go_menu = bar.addMenu("&Go")
    places_end = go_menu.addSeparator()
    decks = window.deck_actions
    gentle = add(go_menu, "&Gentle session…", decks.start_gentle_session, "Ctrl+G")
    go_menu.addAction(study.pause)

    tools_menu = bar.addMenu("&Tools")
    options = add(tools_menu, "Deck &options…", decks.edit_deck_options, "Ctrl+Shift+O")
    custom = _custom_study(window, add(tools_menu, "C&ustom study…", decks.custom_study))
    spread = add(tools_menu, "&Spread waiting reviews…", decks.spread_backlog)
    tools_menu.addSeparator()
    # The deck list's own actions: F2 and Del act only there (Del is Browse's elsewhere).
    deck_list = window.deck_list
    tools_menu.addActions([deck_list.rename_action, deck_list.delete_action])

    # Shown when the menus do not fit (large text in a narrow window).
    more = bar.findChild(QToolButton, "qt_menubar_ext_button")
    if more is not None:
        more.setAccessibleName("More menus")

    help_menu = bar.addMenu("&Help")
    window.guide_pointer.open_guide.connect(lambda: _show_getting_started(window))
    pages, pointer = window.pages, window.guide_pointer
    pages.currentChanged.connect(
        lambda: pointer.show_over(pages.currentWidget() is window.deck_list)
    )
    add(help_menu, "&Getting started", lambda: _show_getting_started(window))
    add(
        help_menu,
        "&Keyboard shortcuts",
        lambda: _show_shortcuts(window),
        QKeySequence.StandardKey.HelpContents,
    )
    add(help_menu, "&About FibroLearn", lambda: _show_about(window))
    return Menus(
        file=file_menu,
        quit=quit_action,
        go=go_menu,
        go_places_end=places_end,
        tools=tools_menu,
        collection_actions=(
            undo,
            redo,
            gentle,
            options,
            custom,
            spread,
            deck_list.rename_action,
            deck_list.delete_action,
        ),
    )


def _custom_study(window: MainWindow, action: QAction) -> QAction:
    """Tools ▸ Custom study: its keys, and its place in the menu of a deck in the deck list.

    Ctrl+Shift+S, as Deck options has Ctrl+Shift+O; Anki's C would take the deck list's
    typing of a deck's first letter. Browse claims its keys while shown: there they study
    the cards selected (see ``browse_bulk``).
    """
    action.setShortcut(QKeySequence("Ctrl+Shift+S"))
    window.deck_list.deck_menu.insertAction(window.deck_list.fold_action, action)
    return action


def _name_undo_while_open(
    window: MainWindow, menu: QMenu, undo: QAction, add: Callable[..., QAction]
) -> QAction:
    """Add Redo after Undo; while the Edit menu is open, both name what they would do.

    Closed, they are plain "Undo" and "Redo" again and on while a collection is open: Ctrl+Z
    with nothing to take back says so (and a screen reader hears it), where a disabled one did
    nothing. Redo greyed names what it cannot do again ("Can't redo …").
    """
    redo = add(menu, "&Redo", lambda: window.undo(redo=True), REDO_KEYS)
    enabled = {False: undo.isEnabled(), True: redo.isEnabled()}  # by redo

    def opening() -> None:
        for redoing, action in ((False, undo), (True, redo)):
            enabled[redoing] = action.isEnabled()
            label = window.undo_label(redo=redoing) if enabled[redoing] else None
            action.setText(redo_text(label) if redoing else undo_text(label))
            action.setEnabled(label is not None and label[1])

    def closed() -> None:
        undo.setText(undo_text(None))
        redo.setText(redo_text(None))
        undo.setEnabled(enabled[False])
        redo.setEnabled(enabled[True])

    menu.aboutToShow.connect(opening)
    menu.aboutToHide.connect(closed)
    return redo


def _show_getting_started(window: MainWindow) -> None:
    """Help > Getting started (loaded on first use: the first window has a start-up budget)."""
    from fibrolearn.ui.getting_started import show_getting_started  # noqa: PLC0415

    window.guide_pointer.done()  # found: no need to point to it any more
    show_getting_started(window)


def add_place_menu(window: MainWindow, menu: QMenu) -> None:
    """Put a place's own menu after Go, where its commands and their keys can be found.

    F1 lists those keys with the others; the place keeps the items disabled while not shown.
    """
    window.menuBar().insertMenu(window.menus.tools.menuAction(), menu)


def _show_shortcuts(window: MainWindow) -> None:
    """Help > Keyboard shortcuts: every menu command's keys, read from the menus themselves."""
    from fibrolearn.ui.shortcuts_help import show_shortcuts  # noqa: PLC0415

    window.guide_pointer.done()  # they point to the guide too
    show_shortcuts(window, window.menuBar())


def _show_about(window: MainWindow) -> None:
    """Help > About FibroLearn."""
    from fibrolearn.ui.about import show_about  # noqa: PLC0415

    show_about(window, window.data_dir)
