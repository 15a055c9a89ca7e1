"""Optimize my schedule counts what a fit would learn from in the background.

Counting the answers a fit learns from scans the whole log (0.3 s at a million answers): the
dialog did it on the UI thread before it showed. Progress suggests a fit on the log's total
instead, read at a glance, and compares it with the total at the last fit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_progress_page import answers_log, optimize_dialog

from conftest import Held
from fibrolearn.services.container import Services
from fibrolearn.ui.progress_optimize import OptimizeDialog
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.tasks import TaskRunner
from log_previews import previewed_again


@pytest.fixture
def enough_history(services: Services, tmp_path: Path) -> Services:
    """Half a year of 12 cards' answers: a little over what a fit needs."""
    services.revlog.import_csv(
        answers_log(tmp_path, date(2025, 1, 1), date(2025, 7, 4), cards=12, every=2)
    )
    return services


def test_the_dialog_opens_counting_and_offers_start_once_the_count_is_in(
    qtbot, enough_history: Services, held: Held, screenshot
) -> None:
    counted = held(enough_history.optimize, "status")  # a long log, still being counted
    tasks = TaskRunner()
    dialog = OptimizeDialog(enough_history, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    waiting = (dialog.explanation.text(), dialog.accessibleDescription())
    assert waiting == ("Counting your reviews…",) * 2  # said as the dialog opens
    assert not dialog.start_button.isEnabled()
    assert dialog.focusWidget() is dialog.close_button
    screenshot(dialog, "progress-optimize-counting")

    counted.set()
    qtbot.waitUntil(dialog.start_button.isEnabled)
    said = dialog.explanation.text()
    assert said.startswith("Your review log has 1,116 answers to learn from. FibroLearn will")
    assert dialog._announcer.last == said == dialog.accessibleDescription()
    assert dialog.focusWidget() is dialog.start_button  # Enter starts, as before
    screenshot(dialog, "progress-optimize-counted")
    tasks.wait()


def test_a_count_that_fails_says_why(
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable() -> None:
        raise RuntimeError("the log is unreadable")

    monkeypatch.setattr(services.optimize, "status", unreadable)
    page, dialog = optimize_dialog(qtbot, services)
    assert dialog.explanation.text() == (
        "Your review log could not be read. Something unexpected went wrong "
        "(RuntimeError: the log is unreadable)."
    )
    assert dialog._announcer.last == dialog.explanation.text()
    assert not dialog.start_button.isEnabled()
    page.tasks.wait()


def test_a_log_half_of_previews_is_not_suggested_again_right_after_a_fit(
    qtbot, enough_history: Services
) -> None:
    """Progress took the log's total for the answers the last fit learnt from: a log half
    previews (or answers before a Forget) had doubled since at once, and the notice came
    back right after the fit."""
    services = enough_history
    previewed_again(services)
    page = ProgressPage(services)
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    assert page.notice.isVisible()  # never fitted

    services.optimize.fit()  # seen in the dialog, then closed without using it
    page.refresh()  # Progress, shown again
    assert not page.notice.isVisible()
    page.tasks.wait()
