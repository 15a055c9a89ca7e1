"""A disk error as an answer is saved: the message does not call it lost when it may not be."""

from __future__ import annotations

import pytest
from collection_driving import routed_notice, study_with_answer_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from driver_faults import disk_error, failing_commits, faulty_connections
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from studying import review_count


def test_an_answer_whose_flush_failed_may_not_be_saved_and_can_be_given_again(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    """Found in a bug hunt: it said "not saved", and a crash brought the answer back."""
    window = make_window(services)
    study = study_with_answer_shown(qtbot, window, services)
    session = study.session
    assert session is not None
    card = session.card

    notice = routed_notice(window, monkeypatch, paths)
    flush_fails = failing_commits(lambda: disk_error("FSYNC"), kept=False)
    with faulty_connections(services.database.engine, flush_fails):
        qtbot.keyClick(study, Qt.Key.Key_3)  # Good: its flush fails
    # (the disk works again from here)
    assert notice.box is not None and notice.box.isVisible()
    assert notice.box.windowTitle() == "Maybe not saved"
    assert notice.box.text() == (
        "FibroLearn could not reach its data folder (the disk reported an error), so your "
        "last action may not have been saved. Everything saved before it is safe. Check that "
        "the disk is connected, then try again."
    )
    assert session.card == card and session.revealed  # the answer can be given again
    screenshot(notice.box, "disk-error-maybe-not-saved")

    notice.box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.keyClick(study, Qt.Key.Key_3)
    assert review_count(paths) == 1  # given again, saved once
    assert session.card != card
