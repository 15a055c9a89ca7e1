"""File > Load deck file…: a deck the learner wrote comes into the deck list, or is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_driving import settled

from deckdata import small_deck_text
from fibrolearn import cli
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui import deck_file_load
from fibrolearn.ui.tasks import TaskRunner

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("place", ["study", "decks"])
def test_a_deck_file_joins_the_deck_list_selected_and_said(
    qtbot, make_window, services: Services, tmp_path: Path, monkeypatch, screenshot, place: str
) -> None:
    window = make_window(services)
    mine = tmp_path / "mine.toml"
    mine.write_text(
        small_deck_text().replace('id = "small"', 'id = "mine"').replace("Small deck", "My deck")
    )
    monkeypatch.setattr(
        deck_file_load.QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(mine), "")
    )
    if place == "study":
        window.start_study(services.decks.list_decks()[0].deck_id)  # a session under way
    tasks = TaskRunner()
    deck_file_load.choose_and_load_deck(window, tasks)
    tasks.wait()
    said = "Loaded the deck “My deck”: 5 cards to study."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said)
    # Found in a hunt: the window went to the deck list, where an Enter meant for the card
    # started a session in the new deck. The learner stays where they are.
    assert window.current_place() == place
    if place == "study":
        assert window.study.session is not None
        window.show_place("decks")
    names = [
        window.deck_list.table.item(r, 0).text() for r in range(window.deck_list.table.rowCount())
    ]
    assert names == ["My deck", "Small deck"]
    assert window.deck_list.table.item(window.deck_list.table.currentRow(), 0).text() == "My deck"
    screenshot(settled(window), f"deck-file-loaded-from-{place}")


def test_a_deck_file_with_problems_is_refused_naming_each_line(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    broken = REPO / "tests" / "data" / "decks" / "broken-unknown-factor.toml"
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(f"{box.text()}\n{box.informativeText()}")
        screenshot(box, "deck-file-refused")
        box.accept()

    QTimer.singleShot(0, read_and_close)
    assert not deck_file_load.load_deck_file(window, services, broken, TaskRunner())
    assert "broken-unknown-factor.toml cannot be loaded" in seen[0]
    assert 'fact "CS9": unknown factor "central-sensitisation"' in seen[0]
    assert [d.name for d in services.decks.list_decks()] == ["Small deck"]
    assert services.backups.list_backups() == []  # nothing to undo: nothing was done


def test_a_deck_file_on_a_read_only_collection_says_why_in_plain_words(
    qtbot, make_window, services: Services, paths: AppPaths, tmp_path: Path, monkeypatch
) -> None:
    """Found in an accessibility review: the status bar (and a screen reader) gave the
    database's own message, its SQL statement and a web address."""
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)  # root ignores chmod
    read_only = cli.open_services(paths)
    window = make_window(read_only)
    mine = tmp_path / "mine.toml"
    mine.write_text(small_deck_text().replace('id = "small"', 'id = "mine"'))
    tasks = TaskRunner()
    assert deck_file_load.load_deck_file(window, read_only, mine, tasks)
    tasks.wait()
    said = (
        "FibroLearn cannot write to its data folder (it is read-only), so mine.toml was not "
        "loaded; nothing changed."
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(said))
    assert "SQL" not in window.statusBar().currentMessage()
    assert window._announcer.last == window.statusBar().currentMessage()
