"""The Browse table's columns show their values whole at every text size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_driving import CTRL, press

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.browse_model import COLUMNS
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.tasks import TaskRunner

DATES = ("Due", "Created", "Modified")


@pytest.mark.parametrize("scale", [100, 200])
def test_dates_are_shown_whole_in_their_columns(
    qtbot, make_window, bulk_services: Services, screenshot, scale: int
) -> None:
    """Found in a bug hunt: at the columns' first widths a date lost its year ("17 Mar 2…"),
    so a card due next year looked due this year."""
    window = make_window(bulk_services)
    tasks = TaskRunner()
    page = add_browse_place(window, bulk_services, tasks)
    window.apply_preferences(AppPreferences(text_scale=scale))
    press(qtbot, Qt.Key.Key_3, CTRL)
    table = page.table
    titles = [c.title for c in COLUMNS]
    for title in DATES:
        table.column_actions[titles.index(title)].setChecked(True)
    cut = {
        table.model().index(row, column).data()
        for column in map(titles.index, DATES)
        for row in range(40)
        if table.sizeHintForIndex(table.model().index(row, column)).width()
        > table.visualRect(table.model().index(row, column)).width()
    }
    screenshot(window, f"browse-dates-{scale}")
    window.apply_preferences(AppPreferences())  # the tests after this one get the usual size
    tasks.wait()
    assert cut == set()
