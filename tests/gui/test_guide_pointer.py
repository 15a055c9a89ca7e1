"""On the first starts a calm line points a new learner to Getting started and F1.

Found in a hunt: nothing did. The line is heard with what the start says, once the deck list
has the focus; opening the guide (from it or from the Help menu) or hiding it ends it for good.
"""

from __future__ import annotations

import pytest
from collection_driving import bare_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog
from ui_driving import press, when_dialog_opens

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.guide_pointer import GUIDE_POINTER_WORDS


@pytest.mark.parametrize("how", ["hide", "guide", "help menu", "F1"])
def test_the_pointer_to_the_guide_is_heard_and_goes_for_good_once_used(
    qtbot,
    paths: AppPaths,
    clock: FixedClock,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
    how: str,
) -> None:
    heard: list[str] = []
    announce = Announcer.announce
    monkeypatch.setattr(
        Announcer, "announce", lambda a, text: (heard.append(text), announce(a, text))
    )
    window = bare_window(qtbot, paths, clock)
    window.collection_opened(services)
    pointer = window.guide_pointer
    assert pointer.isVisible()
    assert heard == [GUIDE_POINTER_WORDS]  # once the deck list has the focus
    assert QApplication.focusWidget() is window.deck_list.table  # not taken from it
    screenshot(window, f"guide-pointer-{how.replace(' ', '-')}")
    press(qtbot, Qt.Key.Key_Return)  # study: over the deck list alone, the card has the room
    assert window.current_place() == "study" and not pointer.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.current_place() == "decks" and pointer.isVisible()

    opened: list[str] = []

    def close(dialog: QDialog) -> None:
        opened.append(dialog.windowTitle())
        dialog.reject()

    if how == "hide":
        pointer.hide_button.click()
    elif how == "F1":
        when_dialog_opens(qtbot, close)
        press(qtbot, Qt.Key.Key_F1)
    elif how == "guide":
        when_dialog_opens(qtbot, close)
        pointer.guide_button.click()
    else:
        when_dialog_opens(qtbot, close)
        [guide] = [a for a in window.findChildren(QAction) if a.text() == "&Getting started"]
        guide.trigger()
    assert opened == {"hide": [], "F1": ["Keyboard shortcuts"]}.get(how, ["Getting started"])
    assert not pointer.isVisible()

    heard.clear()
    again = bare_window(qtbot, paths, clock)  # the next start
    again.collection_opened(services)
    assert not again.guide_pointer.isVisible()
    assert heard == []
