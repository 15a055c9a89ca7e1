"""Progress suggests “Optimize my schedule” only where the dialog then offers a fit.

Found in review: the suggestion counted every answer in the log, previews and answers
before a Forget included, while the dialog counts what a fit learns from; a learner told to
optimize opened the dialog to hear there were too few answers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_driving import laid_out

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_optimize import OptimizeDialog
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner
from log_previews import answers_log, previewed_again


def progress_at(qtbot, make_window, services: Services, scale: int) -> ProgressPage:
    """Progress in the app's window, at ``scale`` % text, its charts drawn."""
    window: MainWindow = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=scale))
    window.resize(1100, 800)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    laid_out(qtbot)
    return page


def counted_dialog(qtbot, page: ProgressPage) -> OptimizeDialog:
    """“Optimize my schedule” opened over ``page``, once it has counted the log."""
    assert page.services is not None
    dialog = OptimizeDialog(page.services, page.tasks, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog._status is not None)
    laid_out(qtbot)  # the dialog fits the count's words
    return dialog


@pytest.mark.parametrize("scale", [100, 200])
@pytest.mark.parametrize("previews", [False, True], ids=["enough", "mostly-previews"])
def test_the_suggestion_and_the_dialog_agree(
    qtbot, make_window, services: Services, tmp_path: Path, screenshot, scale, previews
) -> None:
    days = 120 if previews else 185  # 720 answers a fit learns from, or 1,116
    services.revlog.import_csv(
        answers_log(tmp_path / "a.csv", date(2025, 1, 1), cards=12, days=days, card_base=9_000)
    )
    if previews:
        previewed_again(services)  # 1,440 answers in all
    page = progress_at(qtbot, make_window, services, scale)
    name = f"optimize-{'previews' if previews else 'enough'}-{scale}"
    screenshot(page.window(), f"{name}-progress")

    dialog = counted_dialog(qtbot, page)
    screenshot(dialog, f"{name}-dialog")
    assert page.notice.isVisible() is dialog.start_button.isEnabled() is not previews
    if previews:
        assert "Fitting needs at least 1,000" in dialog.explanation.text()
    else:
        assert "try “Optimize my schedule”" in page.notice.text()
    dialog.close()
    page.tasks.wait()
