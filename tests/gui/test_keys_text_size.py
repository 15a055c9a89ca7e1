"""Text size by keyboard: Ctrl++ however the keyboard types it, Ctrl+- and Ctrl+0."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_driving import CTRL, keys_let_go, press

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.theme import Appearance

SHIFT = Qt.KeyboardModifier.ShiftModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Plus, CTRL),  # a keyboard with a + key of its own
        (Qt.Key.Key_Equal, CTRL),  # + over =, without Shift
        (Qt.Key.Key_Equal, CTRL | SHIFT),  # + over =, with Shift, as some systems report it
        (Qt.Key.Key_Plus, CTRL | SHIFT),  # ... and as others do
        (Qt.Key.Key_Plus, CTRL | KEYPAD),  # the number pad
    ],
    ids=["ctrl+plus", "ctrl+equal", "ctrl+shift+equal", "ctrl+shift+plus", "keypad"],
)
def test_every_way_of_typing_ctrl_plus_makes_text_bigger(
    qtbot, make_window, services: Services, key: Qt.Key, modifiers
) -> None:
    window = make_window(services)
    assert window.preferences.text_scale == 100
    press(qtbot, key, modifiers)
    assert window.preferences.text_scale == 110
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert window.preferences.text_scale == 90
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert window.preferences.text_scale == 100


def test_bigger_and_smaller_text_land_on_round_sizes_from_any_size(
    qtbot, make_window, services: Services
) -> None:
    """From the smallest size, Ctrl++ went 85, 95, 105 %: 100 % was never reached again."""
    window = make_window(services)
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert window.preferences.text_scale == 75
    reached = []
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Plus, CTRL)
        reached.append(window.preferences.text_scale)
    assert reached == [80, 90, 100]
    keys_let_go(qtbot, window)
    assert window.statusBar().currentMessage() == "Text size 100 %."
    # A size set in Preferences, whose slider moves by 5: the next round size either way.
    window.apply_preferences(window.preferences._replace(text_scale=105))
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert window.preferences.text_scale == 100
    window.apply_preferences(window.preferences._replace(text_scale=195))
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    assert window.preferences.text_scale == 200


def test_at_either_end_of_the_sizes_a_step_says_it_goes_no_further(
    qtbot, make_window, services: Services
) -> None:
    """Found in a bug hunt: at 200 %, Ctrl++ said "Text size 200 %." as if it had done
    something, to a learner who could not see the text grow."""
    window = make_window(services)
    window.change_text_size(100)
    assert window.statusBar().currentMessage() == "Text size 200 %, the largest."
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    keys_let_go(qtbot, window)
    assert window.preferences.text_scale == 200
    assert window._announcer.last == "Text size 200 %, the largest."
    for _ in range(13):
        press(qtbot, Qt.Key.Key_Minus, CTRL)
    keys_let_go(qtbot, window)
    assert window.statusBar().currentMessage() == "Text size 75 %, the smallest."
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert window.statusBar().currentMessage() == "Text size 100 %."


def test_holding_ctrl_plus_restyles_the_app_once_the_key_is_let_go(
    qtbot, make_window, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: held down, Ctrl++ restyled the whole app with each repeat (about
    0.17 s each), and the window lagged behind the key."""
    window = make_window(services)
    styled: list[int] = []
    apply = Appearance.apply

    def restyle(appearance: Appearance, preferences: AppPreferences) -> None:
        styled.append(preferences.text_scale)
        apply(appearance, preferences)

    monkeypatch.setattr(Appearance, "apply", restyle)
    for _ in range(5):  # as a held key repeats
        press(qtbot, Qt.Key.Key_Plus, CTRL)
    assert window.preferences.text_scale == 150  # the next step goes on from here
    qtbot.waitUntil(lambda: styled[-1] == 150)
    assert styled == [110, 150]  # the first press at once, then the size the keys stopped at
    assert QApplication.font().pointSizeF() == pytest.approx(window.appearance.point_size)
    assert window.statusBar().currentMessage() == "Text size 150 %."
    window.apply_preferences(AppPreferences())
