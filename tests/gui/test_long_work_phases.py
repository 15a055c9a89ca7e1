"""Loading a deck file and importing a review log say, as they go, the phase they are in.

The status bar (a deck file) or the Progress place's notice (a review log) words each phase
as the command line does: "Loading mine.toml: backing up your collection first… 42 %". A
screen reader hears a phase that goes on for a second or more, once, not every percent
(unit-tested in test_phase_notice.py).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from deckdata import small_deck_text
from fibrolearn.domain.progress import BACKING_UP_FIRST, Phased
from fibrolearn.services.container import Services
from fibrolearn.ui import deck_file_load
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.tasks import TaskRunner

_HOW_FAR = re.compile(r" [\d,]+ (%|of [\d,]+)$")  # "… 42 %", "… 1 of 3"


def phases(texts: list[str]) -> list[str]:
    """``texts`` without how far each phase had got, each phase once."""
    steps = [_HOW_FAR.sub("", text) for text in texts]
    return [step for at, step in enumerate(steps) if at == 0 or steps[at - 1] != step]


def my_deck(tmp_path: Path) -> Path:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        small_deck_text().replace('id = "small"', 'id = "mine"').replace("Small deck", "My deck")
    )
    return mine


def test_a_deck_file_load_says_each_phase_then_what_it_loaded(
    qtbot, make_window, services: Services, tmp_path: Path, monkeypatch
) -> None:
    window = make_window(services)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    heard: list[str] = []
    monkeypatch.setattr(window._announcer, "announce", heard.append)

    tasks = TaskRunner()
    assert deck_file_load.load_deck_file(window, services, my_deck(tmp_path), tasks)
    tasks.wait()
    done = "Loaded the deck “My deck”: 5 cards to study."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == done)

    said = [
        "Loading mine.toml…",
        "Loading mine.toml: backing up your collection first…",
        "Loading mine.toml: loading “My deck”…",
        done,
    ]
    assert phases(shown) == said
    assert "Loading mine.toml: backing up your collection first… 100 %" in shown
    assert heard == [said[0], done]  # phases over within a second are shown, not said


def test_a_review_log_import_says_each_phase_then_what_it_imported(
    qtbot, services: Services, tmp_path: Path, monkeypatch
) -> None:
    page = ProgressPage(services)
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    shown: list[str] = []

    def set_text(text: str) -> None:
        shown.append(text)
        QLabel.setText(page.notice, text)

    monkeypatch.setattr(page.notice, "setText", set_text)
    heard: list[str] = []
    monkeypatch.setattr(page._announcer, "announce", heard.append)
    log = tmp_path / "log.csv"
    log.write_text(
        "card_id,review_rating,review_time,review_duration\n5,3,2026-03-01T10:00:00+00:00,100\n",
        encoding="utf-8",
    )

    page.import_log(log)
    qtbot.waitUntil(lambda: page.notice.text().startswith("Imported"), timeout=10_000)
    page.tasks.wait()

    said = [
        "Importing log.csv…",
        "Importing log.csv: reading the file…",
        "Importing log.csv: backing up your collection first…",
        "Importing log.csv: adding answers…",
        "Importing log.csv: saving the answers…",
        "Imported 1 answer about 1 card.",
    ]
    told = phases([text for text in shown if text])  # the page's refresh empties it after
    assert told[:-1] == said[:-1]
    assert told[-1].startswith(said[-1])
    assert "Importing log.csv: reading the file… 100 %" in shown
    assert len(heard) == 2  # the start and the outcome: its phases were over within a second


@pytest.mark.parametrize("scale", [100, 200])
def test_a_long_backup_shows_how_far_it_has_got_in_the_status_bar(
    qtbot, make_window, services: Services, tmp_path: Path, monkeypatch, screenshot, scale: int
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=scale))
    window.resize(900, 640)
    release = threading.Event()
    real = services.decks.load_deck_file

    def slow(path: Path, progress: Phased):  # a backup of many pictures, 42 % through
        progress(BACKING_UP_FIRST, 42, 100)
        release.wait(10)
        return real(path, progress)

    monkeypatch.setattr(services.decks, "load_deck_file", slow)
    tasks = TaskRunner()
    try:
        deck_file_load.load_deck_file(window, services, my_deck(tmp_path), tasks)
        mid = "Loading mine.toml: backing up your collection first… 42 %"
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == mid)
        screenshot(window, f"deck-load-backing-up-{scale}")
    finally:
        release.set()
        tasks.wait()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Loaded the deck"))
