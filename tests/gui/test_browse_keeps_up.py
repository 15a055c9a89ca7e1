"""Browse keeps up with what the rest of the window changes while it is on screen."""

from __future__ import annotations

from pathlib import Path

from collection_driving import full_window
from PySide6.QtCore import Qt
from ui_driving import CTRL, press

from deckdata import small_deck_text
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.browse_model import COLUMNS
from fibrolearn.ui.browse_page import BrowsePage
from fibrolearn.ui.deck_file_load import load_deck_file

DECK = [c.title for c in COLUMNS].index("Deck")


def test_a_deck_loaded_or_renamed_from_the_menus_shows_in_browse_at_once(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, tmp_path: Path
) -> None:
    """Found in a bug hunt: File ▸ Load deck file… or Tools ▸ Rename deck… with Browse on
    screen left its count and its Deck column as they were until Browse was opened again."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    press(qtbot, Qt.Key.Key_3, CTRL)
    page = window.places["browse"].widget
    assert isinstance(page, BrowsePage) and page.count.text() == "5 cards"

    other = tmp_path / "other.toml"
    other.write_text(small_deck_text().replace('"small"', '"other"').replace("Small", "Other"))
    load_deck_file(window, services, other, tasks)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Loaded"))
    assert page.count.text() == "10 cards"

    small = services.decks.list_decks()[-1].deck_id
    services.deck_manage.rename(small, "Tiny deck")  # as Tools ▸ Rename deck… does
    window.deck_renamed(small)
    decks = {page.model.index(row, DECK).data() for row in range(page.model.rowCount())}
    assert decks == {"Other deck", "Tiny deck"}
    assert window.current_place() == "browse"
    tasks.wait()
