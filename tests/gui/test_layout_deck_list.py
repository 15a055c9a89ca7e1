"""The deck list keeps Study in view: the table is as tall as its decks, the buttons under it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QScrollArea, QWidget
from ui_driving import laid_out

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.deck_list import ROWS_AT_LEAST
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.theme_palettes import Theme

# As long as the bundled deck's, which pushed the buttons out of sight.
DESCRIPTION = (
    "What research says about the possible causes of fibromyalgia: how the nervous system "
    "handles pain, brain chemistry, the immune system, genes, triggers such as injury and "
    "infection, gut bacteria, sleep, small nerve fibers, stress hormones and everyday habits. "
    "Each fact says how firmly it is established and where the research is weaker than "
    "popular articles suggest."
)
DISCLAIMER = (
    "This deck is for education only. It is not medical advice and cannot diagnose or treat "
    "anything. Please talk to a doctor or another qualified clinician about your own "
    "symptoms and treatment."
)


@pytest.fixture
def window(make_window, services: Services) -> Iterator[MainWindow]:
    shown = make_window(services)
    yield shown
    shown.apply_preferences(AppPreferences())  # the tests after this one get the usual size


def show_decks(
    window: MainWindow, services: Services, count: int, preferences: AppPreferences
) -> None:
    """``count`` decks described like the bundled one, at these text preferences."""
    deck = services.decks.list_decks()[0]
    window.deck_list.set_decks(
        [
            deck._replace(
                deck_id=deck.deck_id + n,
                name=f"Causes of fibromyalgia {n + 1}",
                description=DESCRIPTION,
                disclaimer=DISCLAIMER,
            )
            for n in range(count)
        ]
    )
    window.apply_preferences(preferences)


def in_sight(window: MainWindow, widget: QWidget) -> bool:
    """Whether ``widget`` shows whole, in the window and not scrolled out of the page."""
    page = window.deck_list.findChild(QScrollArea).viewport()
    return all(
        outer.rect().contains(QRect(widget.mapTo(outer, widget.rect().topLeft()), widget.size()))
        for outer in (window, page)
    )


def empty_below_the_rows(window: MainWindow) -> int:
    table = window.deck_list.table
    return table.viewport().height() - table.verticalHeader().length()


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.HIGH_CONTRAST])
@pytest.mark.parametrize("count", [1, 30])
def test_study_shows_at_200_percent_in_a_small_window(
    qtbot, window: MainWindow, services: Services, theme: Theme, count: int, screenshot
) -> None:
    show_decks(window, services, count, AppPreferences(theme=theme, text_scale=200))
    window.resize(1024, 640)
    laid_out(qtbot)
    screenshot(window, f"layout-decks-{count}-{theme}-200-1024")
    page = window.deck_list
    buttons = (page.options_button, page.gentle_button, page.study_button)
    assert [in_sight(window, button) for button in buttons] == [True] * 3
    rows = page.table.verticalHeader()
    shown = min(count, ROWS_AT_LEAST)
    assert page.table.viewport().height() >= sum(rows.sectionSize(row) for row in range(shown))
    assert empty_below_the_rows(window) <= 0  # no empty area in the table


@pytest.mark.parametrize(("count", "scale"), [(1, 100), (5, 100), (30, 100), (30, 200)])
def test_the_table_grows_with_the_decks_into_the_room_there_is(
    qtbot, window: MainWindow, services: Services, count: int, scale: int, screenshot
) -> None:
    show_decks(window, services, count, AppPreferences(text_scale=scale))
    window.resize(1280, 800)
    laid_out(qtbot)
    screenshot(window, f"layout-decks-{count}-light-{scale}-1280")
    table = window.deck_list.table
    page = window.deck_list.findChild(QScrollArea)
    assert in_sight(window, window.deck_list.study_button)
    assert page.verticalScrollBar().maximum() == 0  # the page has nothing out of sight
    if table.verticalScrollBar().maximum() == 0:  # every deck in the table's view...
        assert empty_below_the_rows(window) == 0  # ...and nothing more
    else:  # more decks than room: the table takes all there is, and scrolls
        layout = page.widget().layout()
        room_left = layout.itemAt(layout.count() - 1).geometry().height()  # under the text
        assert (count, room_left) == (30, 0) and table.height() > table.minimumHeight()
