"""Read aloud speaks where Qt's speech module and a voice exist, and says why where not."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import Qt
from ui_driving import press, shown_active

from fibrolearn.services.container import Services
from fibrolearn.ui.announce import Announcer
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
    qtbot, no_speech_module: None, make_window, services: Services, monkeypatch
) -> None:
    """Turned on before (or on a computer with a voice), Read aloud stayed silent on every
    card, and nothing said why unless the learner thought to open Preferences."""
    window = make_window(services)
    window.apply_preferences(AppPreferences(read_aloud=True))
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    heard: list[str] = []  # shown only, it was not heard: a screen reader user had it on too
    monkeypatch.setattr(Announcer, "announce", lambda _self, text: heard.append(text))
    window.start_study(services.decks.list_decks()[0].deck_id)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_3, Qt.Key.Key_Space):  # answer, next question
        press(qtbot, key)
    problem = window.read_aloud.problem()
    assert [text for text in messages if problem in text] == [
        f"Cards are not read aloud. {problem}"
    ]
    assert [text for text in heard if problem in text] == [f"Cards are not read aloud. {problem}"]
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


def test_what_r_reads_stops_with_the_card_and_when_leaving_study(
    qtbot, make_window, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: R on a long answer, then Good, and the old answer was read on
    over the next question; Esc, and it was read on over the deck list; the last card's, and
    over the summary."""
    window = make_window(services)
    heard: list[str] = []
    monkeypatch.setattr(window.read_aloud, "say", heard.append)  # no problem: None
    monkeypatch.setattr(window.read_aloud, "stop", lambda: heard.append("(stopped)"))
    deck_id = services.decks.list_decks()[0].deck_id
    window.start_study(deck_id)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_R)
    assert heard[-1].startswith("Answer: Factor A")
    press(qtbot, Qt.Key.Key_3)
    assert heard[-1] == "(stopped)"
    press(qtbot, Qt.Key.Key_R)
    assert heard[-1] == "beta"
    press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.deck_list
    assert heard[-1] == "(stopped)"
    window.start_study(deck_id)
    while window.study.session.card is not None:
        for key in (Qt.Key.Key_Space, Qt.Key.Key_R):
            press(qtbot, key)
        assert heard[-1].startswith("Answer: ")
        press(qtbot, Qt.Key.Key_4)
    assert heard[-1] == "(stopped)"  # on the summary
