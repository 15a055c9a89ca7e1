"""Commands that open a window before they do anything end in "…", in menus and on buttons'
screen-reader names, as Browse's "Edit note…" and the study screen's "Card info…" do."""

from __future__ import annotations

from collection_driving import full_window

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services


def test_editing_a_card_says_a_window_opens(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    menus = [entry.menu() for entry in window.menuBar().actions()]
    listed = {action.text() for menu in menus for action in menu.actions()}
    assert {"&Edit card…", "Card &info…", "&Preferences…"} <= listed
    names = [button.accessibleName() for button in window.study.tools.buttons]
    assert "Edit card…" in names and "Card info…" in names
    tasks.wait()
