"""An error of the code's own, met in any screen: said calmly, a report kept, the app usable."""

from __future__ import annotations

import pytest
from collection_driving import routed_notice, study_with_answer_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.error_reports import REPORTS_FILE
from fibrolearn.ui.storage_errors import UNEXPECTED_TITLE


def fail_to_answer(*_args, **_kwargs) -> None:
    raise RuntimeError("a mistake in the code")


# The hook also hands the error on to the one before it (the terminal); pytest-qt's own would
# fail the test for it.
@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_is_said_and_a_report_kept(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    window = make_window(services)
    study = study_with_answer_shown(qtbot, window, services)
    notice = routed_notice(window, monkeypatch, paths)
    monkeypatch.setattr(services.study, "answer", fail_to_answer)

    qtbot.keyClick(study, Qt.Key.Key_3)  # Good: the answer fails, not for the disk

    box = notice.box
    assert box is not None and box.isVisible()
    assert box.windowTitle() == UNEXPECTED_TITLE
    reports = paths.data_dir / REPORTS_FILE
    assert f"A report of it was saved in {reports}" in box.text()
    assert "Everything saved before it is kept" in box.text()
    assert "RuntimeError: a mistake in the code" in box.detailedText()
    assert "RuntimeError: a mistake in the code" in reports.read_text(encoding="utf-8")
    assert box.accessibleDescription() == box.text()  # read out by a screen reader
    screenshot(box, "unexpected-error-message")

    qtbot.keyClick(study, Qt.Key.Key_3)  # again, while the message is still up: one box
    assert notice.box is box and "It has happened 2 times now." in box.text()

    box.activateWindow()  # as a window manager does; offscreen Qt leaves it to the test
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert box.focusWidget() is ok  # Enter closes it, rather than opening the details
    qtbot.keyClick(ok, Qt.Key.Key_Return)
    assert notice.box is None
    assert study.session is not None and study.session.revealed  # the card is still there

    # The same error once more opens the message a third time; after that, it would only
    # bury the window (a broken timer would open it every second): the terminal has it.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(study, Qt.Key.Key_3)
    assert notice.box is not None
    notice.box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.keyClick(study, Qt.Key.Key_3)
    assert notice.box is None
    assert reports.read_text(encoding="utf-8").count("=== ") == 1  # one report for it
