"""Put the Browse place into the main window once the collection is open.

Called from ``ui/app.py``, where the window and the background worker are made::

    window.collection_ready.connect(lambda services: add_browse_place(window, services, tasks))
"""

from __future__ import annotations

from fibrolearn.services.container import Services
from fibrolearn.ui.browse_page import BrowsePage
from fibrolearn.ui.main_menus import add_place_menu
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.tasks import TaskRunner

BROWSE = "browse"
MESSAGE_MS = 8000


def add_browse_place(window: MainWindow, services: Services, tasks: TaskRunner) -> BrowsePage:
    """Add Browse (Ctrl+3) and its menu; a collection opened again is just attached.

    A deck loaded, renamed or rescheduled from the menus while Browse is on screen shows in
    its rows at once (the window's ``decks_changed``).
    """
    if BROWSE in window.places:
        page = window.places[BROWSE].widget
        assert isinstance(page, BrowsePage)
        page.attach(services.browse, services.notes)
        return page
    page = BrowsePage(services.browse, services.notes, tasks, settings=window.settings)
    window.add_place(BROWSE, "&Browse", page, "Ctrl+3", page.enter)
    add_place_menu(window, page.menu)
    page.message.connect(lambda text: window.statusBar().showMessage(text, MESSAGE_MS))
    page.cards_deleted.connect(window.cards_deleted)
    page.study_requested.connect(window.deck_actions.study_cards)
    page.info_requested.connect(lambda: _card_info(window, page))

    def decks_changed() -> None:
        if window.current_place() == BROWSE:
            page.refresh()

    window.decks_changed.connect(decks_changed)
    return page


def _card_info(window: MainWindow, page: BrowsePage) -> None:
    """Card info on the current card (Ctrl+Shift+I), read from the collection open now."""
    from fibrolearn.ui.card_info_dialog import show_card_info  # noqa: PLC0415 - on first use

    if window.services is not None:
        card_id = page.model.card_id(page.table.current_row())
        show_card_info(page, window.services.card_info, card_id)
