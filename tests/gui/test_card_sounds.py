"""Card sounds play as each side is shown, again on R, and stop with the card."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_driving import CTRL, press

from fibrolearn.domain.browse import NoteDraft
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import NoteKind
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection
from fibrolearn.ui.app_preferences import AppPreferences, load_preferences
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.preferences_dialog import PreferencesDialog
from fibrolearn.ui.sound_player import NO_DEVICE, NO_MODULE, SoundPlayer
from own_cards import new_deck


@pytest.fixture
def sound_deck(services: Services, paths: AppPaths) -> int:
    """A deck of three cards as a language deck from Anki has them; one sound file is gone."""
    deck = new_deck(services, "Spanish")
    for front, back in (
        ("perro [sound:perro.mp3]", "dog [sound:dog.mp3]"),
        ("gato [sound:gato.mp3] [sound:gone.mp3]", "cat"),
        ("casa", "house"),
    ):
        services.notes.add(deck, NoteDraft(NoteKind.BASIC, front, back))
    paths.media_dir.mkdir(parents=True, exist_ok=True)
    for name in ("perro.mp3", "dog.mp3", "gato.mp3"):
        (paths.media_dir / name).write_bytes(b"ID3")
    return deck


@pytest.fixture
def no_multimedia_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's multimedia module cannot load, as without PySide6-Addons or libpulse0."""
    real_import = importlib.import_module

    def no_multimedia(name: str, *args: object) -> object:
        if name == "PySide6.QtMultimedia":
            raise ImportError("No module named 'PySide6.QtMultimedia'")
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_multimedia)


def heard_from(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the study screen's player is asked to do: the names it plays, "(stopped)"."""
    heard: list[str] = []
    player = window.study.card_reading.sounds.player
    monkeypatch.setattr(player, "problem", lambda: None)
    monkeypatch.setattr(player, "play", lambda files: heard.append(" ".join(f.name for f in files)))
    monkeypatch.setattr(player, "stop", lambda: heard.append("(stopped)"))
    return heard


def test_each_side_plays_its_own_sounds_r_replays_them_and_they_stop_with_the_card(
    qtbot, make_window, services: Services, sound_deck: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(services)
    heard = heard_from(window, monkeypatch)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.start_study(sound_deck)
    assert heard[-1] == "perro.mp3"
    assert window.study_actions.read.text() == "&Replay sounds"
    press(qtbot, Qt.Key.Key_Space)
    assert heard[-2:] == ["(stopped)", "dog.mp3"]  # the back's own sound, not the front's again
    press(qtbot, Qt.Key.Key_R)
    assert heard[-1] == "perro.mp3 dog.mp3"  # both sides are on screen
    press(qtbot, Qt.Key.Key_3)
    assert heard[-2:] == ["(stopped)", "gato.mp3"]
    assert said[-1] == "The sound “gone.mp3” cannot be played: not in the media folder."
    assert window.study.announcer.last == said[-1]
    press(qtbot, Qt.Key.Key_Z, CTRL)  # back to the first card's question, which plays again
    assert heard[-3:] == ["(stopped)", "(stopped)", "perro.mp3"]
    press(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.deck_list
    assert heard[-1] == "(stopped)"


def test_a_side_without_sounds_is_read_aloud_on_r_and_sounds_are_not_read_over(
    qtbot, make_window, services: Services, sound_deck: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(services)
    heard = heard_from(window, monkeypatch)
    read: list[str] = []
    monkeypatch.setattr(window.read_aloud, "say", read.append)
    window.apply_preferences(AppPreferences(read_aloud=True))
    window.start_study(sound_deck)
    assert heard[-1] == "perro.mp3" and read == []  # its sound is its voice
    for key in (Qt.Key.Key_Space, Qt.Key.Key_3, Qt.Key.Key_Space):
        press(qtbot, key)
    assert read == ["Answer: cat."]  # the answer of "gato" adds no sound: read as asked
    press(qtbot, Qt.Key.Key_R)
    assert heard[-1] == "gato.mp3"
    for key in (Qt.Key.Key_3, Qt.Key.Key_R):
        press(qtbot, key)
    assert read[-2:] == ["casa", "casa"]
    read_action = window.study_actions.read
    assert (read_action.text(), read_action.toolTip()) == (
        "&Read aloud",
        "Read this side aloud (R)",
    )
    button = window.study.tools.buttons[-1]
    assert button.accessibleName() == "Read aloud"
    window.apply_preferences(AppPreferences())


def test_r_is_named_replay_sounds_only_while_a_side_with_sounds_is_shown(
    qtbot, make_window, services: Services, sound_deck: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The View menu's greyed item said "Replay sounds (R)" on the deck list, and on the
    pause and summary screens, where no sound can be replayed."""
    window = make_window(services)
    heard_from(window, monkeypatch)
    read_action = window.study_actions.read
    window.start_study(sound_deck)
    assert read_action.text() == "&Replay sounds"
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.pages.currentWidget() is window.deck_list
    assert read_action.text() == "&Read aloud"
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert read_action.text() == "&Replay sounds"  # its card is shown again
    press(qtbot, Qt.Key.Key_P)
    assert read_action.text() == "&Read aloud"
    press(qtbot, Qt.Key.Key_P)
    assert read_action.text() == "&Replay sounds"


def test_a_sound_name_too_long_for_the_system_is_said_missing_not_raised(
    qtbot, make_window, services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found driving the app: a tag naming a file longer than the system allows (a damaged
    or hostile deck) raised "File name too long" as the card was shown."""
    deck = new_deck(services, "Damaged")
    name = f"{'n' * 300}.mp3"
    services.notes.add(deck, NoteDraft(NoteKind.BASIC, f"word [sound:{name}]", "meaning"))
    paths.media_dir.mkdir(parents=True, exist_ok=True)  # as importing a deck's media made it
    window = make_window(services)
    heard = heard_from(window, monkeypatch)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.start_study(deck)
    assert heard == ["(stopped)"]  # the card before it stopped; nothing more to play
    assert said[-1] == f"The sound “{name}” cannot be played: not in the media folder."


def test_a_session_resumed_as_the_app_starts_plays_nothing_until_r(
    qtbot,
    make_window,
    services: Services,
    sound_deck: int,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found in review: opening the app on a saved session played its card's sounds at once,
    startling a learner opening it at night. Sessions the learner starts still play."""
    heard: list[str] = []  # every window's player, the reopened one's from its start
    monkeypatch.setattr(SoundPlayer, "problem", lambda _player: None)
    monkeypatch.setattr(
        SoundPlayer, "play", lambda _player, files: heard.append(" ".join(f.name for f in files))
    )
    window = make_window(services)
    window.start_study(sound_deck)
    press(qtbot, Qt.Key.Key_Space)
    assert heard == ["perro.mp3", "dog.mp3"]
    window.close()  # closes the services too

    reopened = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        again = make_window(reopened)
        assert again.study.answer_bar.isVisible()  # the revealed card, resumed
        assert heard == ["perro.mp3", "dog.mp3"]  # and silent
        assert again.statusBar().currentMessage() == "Press R to hear this card."
        assert again.study.announcer.last == "Press R to hear this card."
        press(qtbot, Qt.Key.Key_R)
        assert heard[-1] == "perro.mp3 dog.mp3"
        press(qtbot, Qt.Key.Key_3)
        assert heard[-1] == "gato.mp3"  # the next card plays as it comes
    finally:
        again.close()


def test_with_play_sounds_off_nothing_plays_until_r(
    qtbot, make_window, services: Services, sound_deck: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(services)
    heard = heard_from(window, monkeypatch)
    window.apply_preferences(AppPreferences(play_sounds=False))
    window.start_study(sound_deck)
    press(qtbot, Qt.Key.Key_Space)
    assert "perro.mp3" not in heard and "dog.mp3" not in heard
    press(qtbot, Qt.Key.Key_R)
    assert heard[-1] == "perro.mp3 dog.mp3"
    window.apply_preferences(AppPreferences())


def test_play_sounds_is_a_preference_kept_for_next_time(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    dialog = PreferencesDialog(AppPreferences(), window.read_aloud)
    qtbot.addWidget(dialog)
    assert dialog.play_sounds.isChecked()  # on, as in Anki
    dialog.changed.connect(window.apply_preferences)
    dialog.play_sounds.click()
    assert load_preferences(window.settings).play_sounds is False
    assert window.study.card_reading.sounds.autoplay is False
    window.apply_preferences(AppPreferences())


def test_without_the_multimedia_module_sounds_say_once_what_to_install(
    qtbot, make_window, services: Services, sound_deck: int, no_multimedia_module: None
) -> None:
    window = make_window(services)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.start_study(sound_deck)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_3):  # the next card has sounds too
        press(qtbot, key)
    assert [text for text in said if NO_MODULE in text] == [
        f"This card's sounds are not played. {NO_MODULE}"
    ]
    press(qtbot, Qt.Key.Key_R)  # no dialog over the card: said in passing
    assert said[-1] == NO_MODULE and window.study.announcer.last == NO_MODULE


def test_with_qt_multimedia_a_file_that_cannot_be_played_is_said_calmly(
    qtbot, tmp_path: Path
) -> None:
    """Offscreen test machines have no sound output: that is said as calmly, never raised."""
    module = pytest.importorskip(
        "PySide6.QtMultimedia",
        reason="needs PySide6-Addons (and on Linux libpulse0)",
        exc_type=ImportError,  # a missing system library is an ImportError too
    )
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"not a sound at all")
    player = SoundPlayer()
    if not module.QMediaDevices.audioOutputs():
        assert player.problem() == NO_DEVICE
        assert player.play([broken]) == NO_DEVICE
        return
    assert player.problem() is None
    with qtbot.waitSignal(player.trouble, timeout=10_000) as trouble:
        assert player.play([broken]) is None
    assert trouble.args[0].startswith("The sound “broken.mp3” could not be played")
    qtbot.waitUntil(lambda: player.playing is None)
