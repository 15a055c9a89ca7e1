"""Text size by keyboard: Ctrl++ however the keyboard types it, Ctrl+- and Ctrl+0."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_driving import CTRL, press

from fibrolearn.services.container import Services

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
