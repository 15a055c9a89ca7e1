"""Join the collection-wide features to the main window: places and File menu commands.

Browse, Quiz and Progress become places once the collection is open (again after a restore,
when they are re-attached rather than duplicated); Import, Export and Backups go into the
File menu above Quit, and Check collection at the end of the Tools menu.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from fibrolearn.services.container import Services
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.export_dialog import ExportDialog
from fibrolearn.ui.import_dialog import choose_and_import
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_places import add_places as add_quiz_and_progress_places
from fibrolearn.ui.tasks import TaskRunner


def install_collection_features(
    window: MainWindow, tasks: TaskRunner, keeper: CollectionKeeper
) -> None:
    """Add the places and File menu commands that work on the open collection."""
    window.deck_actions.tasks = tasks

    def add_places(services: Services) -> None:
        add_browse_place(window, services, tasks)
        add_quiz_and_progress_places(window, services, tasks)

    window.collection_ready.connect(add_places)

    def show_import() -> None:
        if window.services is None:
            return
        dialog = choose_and_import(window, window.services, tasks)
        if dialog is not None:
            dialog.imported.connect(lambda _report: window.show_decks())

    def load_deck() -> None:
        from fibrolearn.ui.deck_file_load import choose_and_load_deck  # noqa: PLC0415

        choose_and_load_deck(window, tasks)

    def show_export() -> None:
        if window.services is not None:
            ExportDialog(window, window.services, tasks).open()

    menu, before = window.menus.file, window.menus.quit
    import_action = QAction("&Import…", window)
    import_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
    import_action.triggered.connect(show_import)
    load_deck_action = QAction("&Load deck file…", window)
    load_deck_action.triggered.connect(load_deck)
    export_action = QAction("&Export…", window)
    export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
    export_action.triggered.connect(show_export)
    for action in (import_action, load_deck_action, export_action, keeper.backups_action):
        menu.insertAction(before, action)
    menu.insertSeparator(before)

    def show_check() -> None:
        if window.services is None:
            return
        from fibrolearn.ui.check_dialog import CheckDialog  # noqa: PLC0415 - rarely used

        CheckDialog(window, window.services, tasks, keeper.show_backups).open()

    check_action = QAction("Check &collection…", window)
    check_action.triggered.connect(show_check)
    window.menus.tools.addSeparator()
    window.menus.tools.addAction(check_action)
    window.add_collection_action(check_action)
