"""The Progress place's "Import review log…" when the import cannot be made: plain words.

A review-log file with bad rows lists them (``test_progress_page``); a collection that another
program holds, or a file that cannot be read, is said as the Import window says it, and screen
readers hear the same.
"""

from __future__ import annotations

from pathlib import Path

from driver_faults import locked_by_another_program
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.services.container import Services
from fibrolearn.ui.progress_page import ProgressPage

LOG = "card_id,review_rating,review_time,review_duration\n5,3,2026-03-01T10:00:00+00:00,100\n"


def shown_page(qtbot, services: Services) -> ProgressPage:
    page = ProgressPage(services)
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    return page


def test_a_busy_collection_is_said_in_plain_words_and_nothing_is_imported(
    qtbot, services: Services, tmp_path: Path
) -> None:
    page = shown_page(qtbot, services)
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    with locked_by_another_program(services):
        page.import_log(log)
        qtbot.waitUntil(lambda: not page.notice.text().startswith("Importing"), timeout=20_000)
    page.tasks.wait()

    busy = StorageProblem(StorageProblemKind.BUSY, "").message
    assert page.notice.text() == f"The review log was not imported. {busy}"
    assert services.revlog.export_csv(tmp_path / "now.csv") == 0


def test_a_file_that_cannot_be_read_is_named_with_the_reason(
    qtbot, services: Services, tmp_path: Path
) -> None:
    page = shown_page(qtbot, services)
    gone = tmp_path / "moved away.csv"

    page.import_log(gone)
    qtbot.waitUntil(lambda: not page.notice.text().startswith("Importing"), timeout=20_000)
    page.tasks.wait()

    assert page.notice.text() == (
        f"The review log was not imported. {gone} cannot be read: No such file or directory."
    )
