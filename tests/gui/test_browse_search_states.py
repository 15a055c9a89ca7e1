"""What Browse says of a search: none yet in an empty collection, none found, or how many."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_browse_page import Host, search
from ui_driving import CTRL, press

from fibrolearn.domain.clock import FixedClock
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
