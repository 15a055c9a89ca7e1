"""What Browse says of a search: none yet in an empty collection, none found, or how many."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_browse_keyboard_focus import cursor, on_row
from test_browse_page import Host, focus_table, search
from ui_driving import CTRL, press

from fibrolearn.domain.browse import NoteDraft
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection


@pytest.fixture
def empty(tmp_path: Path, clock: FixedClock) -> Iterator[Services]:
    opened = Services.build(open_collection(tmp_path / "empty.sqlite3", tmp_path / "b"), clock)
    yield opened
    opened.close()


def test_an_empty_collection_says_it_has_no_cards_yet_not_that_none_match(
    qtbot, empty: Services, screenshot
) -> None:
    """Found in a bug hunt: a new learner opening Browse, before typing anything, read "No
    cards match", as if a search had left out cards they had."""
    host = Host(qtbot, empty)
    assert host.page.count.text() == "No cards yet"
    screenshot(host.window, "browse-empty-collection")
    search(qtbot, host, "sleep")
    assert host.page.count.text() == "No cards match"
    assert host.page._announcer.last == "No cards match"
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Backspace)  # the search emptied, then Enter
    press(qtbot, Qt.Key.Key_Return)
    assert host.page.count.text() == "No cards yet"
    assert host.page._announcer.last == "No cards yet"
    host.tasks.wait()


def test_or_and_brackets_typed_in_the_box_find_and_say_how_many(qtbot, services: Services) -> None:
    host = Host(qtbot, services)
    search(qtbot, host, "linked OR (factor:b -is:new)")
    assert host.page.count.text() == "1 card"
    assert host.page._announcer.last == "1 card"
    search(qtbot, host, "linked or (factor:b")
    assert host.page.problem.text().startswith(
        'Cannot search: the bracket "(" opened here is never closed'
    )
    assert host.page.search.selectedText() == "("
    assert host.page.count.text() == "1 card"  # the last good search stays
    host.tasks.wait()


def test_the_same_search_again_keeps_the_selected_cards_and_the_cursor(
    qtbot, services: Services
) -> None:
    """Found in a bug hunt: Enter again in the search box, to see what changed meanwhile, put
    the cursor back on the first card and selected it alone, so a Del pressed next in the
    table deleted that card instead of the ones just picked."""
    host = Host(qtbot, services)
    on_row(qtbot, host, 2)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert cursor(host) == (3, 4, [3, 4])
    deck = services.notes.decks()[0].deck_id
    services.notes.add(deck, NoteDraft(NoteKind.BASIC, front="Added elsewhere", back="Yes"))
    search(qtbot, host, "")  # the box holds no search: the same one, every card
    assert host.page.count.text() == "6 cards"
    assert host.page._announcer.last == "6 cards"
    assert cursor(host) == (3, 4, [3, 4])
    host.tasks.wait()


def test_another_search_keeps_selected_the_cards_it_still_finds(qtbot, services: Services) -> None:
    """A new search selected its first card alone, dropping the cards just picked, where
    Anki keeps selected those the new search still finds."""
    host = Host(qtbot, services)
    on_row(qtbot, host, 3)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert cursor(host) == (4, 5, [4, 5])
    search(qtbot, host, "beta")  # cards 2 to 5: the cloze's two stay selected, cursor on 5
    assert cursor(host) == (3, 5, [4, 5])
    search(qtbot, host, "linked OR belongs")  # cards 1, 4 and 5
    assert cursor(host) == (2, 5, [4, 5])
    search(qtbot, host, '"Factor B"')  # none of them: a new start on the first card
    assert cursor(host) == (0, 2, [2])
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)  # every card found (2 and 3), then all five
    search(qtbot, host, "")
    assert cursor(host) == (0, 2, [2, 3])
    host.tasks.wait()
