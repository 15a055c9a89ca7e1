"""Read aloud speaks where Qt's speech module and a voice exist, and says why where not."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import Qt
from ui_driving import press, shown_active

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.preferences_dialog import PreferencesDialog
from fibrolearn.ui.read_aloud import ReadAloud


@pytest.fixture
def no_speech_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's speech module cannot load, as without PySide6-Addons or libpulse0."""
    real_import = importlib.import_module

    def no_speech(name: str, *args: object) -> object:
        if name == "PySide6.QtTextToSpeech":
            raise ImportError("libpulse.so.0: cannot open shared object file")
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_speech)


def test_without_the_speech_module_the_message_says_what_to_install(
    qtbot, no_speech_module: None
) -> None:
    reader = ReadAloud()
    problem = reader.problem()
    assert problem is not None and "pip install fibrolearn[speech]" in problem
    assert reader.say("Hello") == problem
    assert not reader.speaking


def test_ticking_read_aloud_without_speech_says_why_to_a_screen_reader(
    qtbot, no_speech_module: None
) -> None:
    """Found in an accessibility review: the sentence appeared under the box, unsaid."""
    reader = ReadAloud()
    dialog = PreferencesDialog(AppPreferences(), reader)
    qtbot.addWidget(dialog)
    shown_active(qtbot, dialog)
    dialog.read_aloud.setFocus()
    qtbot.keyClick(dialog.read_aloud, Qt.Key.Key_Space)
    assert dialog.read_aloud.isChecked() and dialog.speech_status.isVisible()
    assert dialog.speech_status.text() == reader.problem()
    assert dialog.announcer.last == reader.problem()


def test_preferences_opened_with_read_aloud_on_say_at_once_why_it_cannot_work(
    qtbot, no_speech_module: None
) -> None:
    """Found in an accessibility review: turned on in an earlier session, Read aloud stayed
    silent on every card, and Preferences showed the box ticked with no word of why."""
    reader = ReadAloud()
    dialog = PreferencesDialog(AppPreferences(read_aloud=True), reader)
    qtbot.addWidget(dialog)
    shown_active(qtbot, dialog)
    assert dialog.read_aloud.isChecked() and dialog.speech_status.isVisible()
    assert dialog.speech_status.text() == reader.problem()


def test_studying_with_read_aloud_on_and_no_speech_says_once_why_cards_are_silent(
    qtbot, no_speech_module: None, make_window, services: Services
) -> None:
    """Turned on before (or on a computer with a voice), Read aloud stayed silent on every
    card, and nothing said why unless the learner thought to open Preferences."""
    window = make_window(services)
    window.apply_preferences(AppPreferences(read_aloud=True))
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.start_study(services.decks.list_decks()[0].deck_id)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_3, Qt.Key.Key_Space):  # answer, next question
        press(qtbot, key)
    problem = window.read_aloud.problem()
    assert [text for text in messages if problem in text] == [
        f"Cards are not read aloud. {problem}"
    ]
    window.apply_preferences(AppPreferences())


def test_speaks_with_a_voice(qtbot) -> None:
    pytest.importorskip(
        "PySide6.QtTextToSpeech",
        reason="needs PySide6-Addons (and on Linux libpulse0)",
        exc_type=ImportError,  # a missing system library is an ImportError too
    )
    reader = ReadAloud(engine="mock")  # Qt's test engine: has voices on every machine
    assert reader.problem() is None
    assert reader.say("Central sensitization") is None
    qtbot.waitUntil(lambda: reader.speaking)
    reader.stop()
