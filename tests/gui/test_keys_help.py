"""F1 lists the keys of every place: Study, Browse, the note editors, Quiz and Progress, then
the menus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser
from test_card_sounds import heard_from, sound_deck  # noqa: F401 - its fixture
from ui_driving import press, when_dialog_opens

from fibrolearn.services.container import Services


def sections(text: str) -> dict[str, str]:
    """The help's plain text cut at its headings (each alone on its line)."""
    found: dict[str, str] = {}
    heading = ""
    for line in text.splitlines():
        if line in ("Study", "Browse", "Note editors", "Quiz", "Progress", "Menus"):
            heading = line
            found[heading] = ""
        elif heading:
            found[heading] += line + "\n"
    return found


def test_f1_has_a_section_for_each_place_with_keys_of_its_own(
    qtbot, make_window, services: Services, screenshot
) -> None:
    make_window(services)
    read: list[str] = []

    def look(dialog) -> None:
        read.append(dialog.findChild(QTextBrowser).toPlainText())
        screenshot(dialog, "keys-help")
        dialog.reject()

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_F1)
    found = sections(read[0])
    assert list(found) == ["Study", "Browse", "Note editors", "Quiz", "Progress", "Menus"]
    quiz, progress = found["Quiz"], found["Progress"]
    for keys in ("Ctrl+Enter", "Ctrl+Shift+C", "Ctrl+Alt+Shift+C", "Esc"):
        assert keys in found["Note editors"], keys
    for keys in ("Ctrl+Enter", "1, 2, 3, 4 or A, B, C, D", "T or F", "Type, then Enter", "Esc"):
        assert keys in quiz, keys
    assert "Matching" in quiz and "Left, Right" in quiz and "Enter or Space" in quiz
    for keys in ("Left, Right", "Up, Down", "Home, End", "Enter or Space", "S", "Q"):
        assert f"{keys}\n" in progress or f"{keys} " in progress, keys
    assert "a row up or down" in progress
    assert "Ctrl+2" in found["Menus"] and "Ctrl++" in found["Menus"]


@pytest.mark.parametrize("studying", [False, True], ids=["deck list", "a side with sounds"])
def test_f1_says_r_replays_sounds_or_reads_aloud_wherever_it_is_pressed(
    qtbot,
    make_window,
    services: Services,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    studying: bool,
) -> None:
    """The View menu names R for the side shown; F1 lists all it does, on any side."""
    window = make_window(services)
    if studying:
        heard_from(window, monkeypatch)  # nothing really plays
        window.start_study(request.getfixturevalue("sound_deck"))
        assert window.study_actions.read.text() == "&Replay sounds"
    read: list[str] = []

    def look(dialog) -> None:
        read.append(dialog.findChild(QTextBrowser).toPlainText())
        dialog.reject()

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_F1)
    row = "\nR\nReplay sounds, or read aloud when the side has none\nView\n"
    assert row in sections(read[0])["Menus"]
