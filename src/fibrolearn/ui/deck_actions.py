"""What the learner asks of one deck, from the deck list or the menus.

A gentle session, the deck's options, spreading its waiting reviews over several days, and
offering them all again. Each acts on the deck given, or else on the one selected in the deck
list, and only once the collection is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fibrolearn.services.container import Services
    from fibrolearn.ui.main_window import MainWindow


class DeckActions:
    """Opens the dialogs behind the deck list's buttons and carries out their answers."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def start_gentle_session(self, deck_id: int | None = None) -> None:
        """Ask for a small goal (and, optionally, today's energy), then start."""
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        from fibrolearn.ui.gentle_dialog import GentleSessionDialog  # noqa: PLC0415

        dialog = GentleSessionDialog(services.gentle.energy_today(), self._window)
        if not self._window.ask(dialog):
            return
        if not services.database.read_only:  # the answer could not be kept: just study
            services.gentle.check_in(dialog.energy())
        self._window.start_study(deck_id, goal=dialog.goal())

    def edit_deck_options(self, deck_id: int | None = None) -> None:
        """Open the deck's options."""
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        from fibrolearn.ui.deck_options import DeckOptionsDialog  # noqa: PLC0415

        name = services.decks.name(deck_id) or ""
        dialog = DeckOptionsDialog(services.decks, deck_id, name, self._window)
        if self._window.ask(dialog):
            self._window.refresh_decks_if_shown()

    def spread_backlog(self, deck_id: int | None = None) -> None:
        """Offer to spread a deck's waiting reviews over several days."""
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        waiting = services.gentle.backlog(deck_id).waiting
        if waiting == 0:
            self._window.say("No reviews are waiting from before today.", 6000)
            return
        from fibrolearn.ui.backlog_dialog import BacklogDialog  # noqa: PLC0415

        dialog = BacklogDialog(waiting, self._window)
        if self._window.ask(dialog):
            services.gentle.spread_backlog(deck_id, dialog.days.value())
            self._window.refresh_decks_if_shown()

    def stop_spreading(self, deck_id: int) -> None:
        """Offer every waiting review of a deck again."""
        services = self._window.services
        if services is not None:
            services.gentle.stop_spreading(deck_id)
            self._window.refresh_decks_if_shown()

    def _deck_and_services(self, deck_id: int | None) -> tuple[int, Services] | None:
        """The deck meant (given, or selected in the deck list) and the open collection."""
        window = self._window
        deck_id = deck_id if deck_id is not None else window.deck_list.selected_deck_id()
        if window.services is None or deck_id is None:
            return None
        return deck_id, window.services
