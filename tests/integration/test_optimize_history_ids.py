"""Imported history about an outside card never joins the history of an own card with its id."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fibrolearn.domain.statistics import DayShift
from fibrolearn.scheduling import optimizer
from fibrolearn.services.container import Services
from fibrolearn.storage import revlog_repo
from studying import answer

UTC_DAYS = (DayShift(None, 0),)  # study days are UTC dates
LATER = datetime(2030, 1, 1, tzinfo=UTC)  # a cut-off after every answer


def test_outside_card_1_and_own_card_1_are_fitted_as_two_cards(
    services: Services, tmp_path: Path
) -> None:
    answer(services, 1)  # the collection's own card, answered Good today (2026-03-04)
    with services.database.read() as session:
        ((own_card, *_),) = list(revlog_repo.fit_rows(session, UTC_DAYS))
    log = tmp_path / "log.csv"
    log.write_text(
        "card_id,review_rating,review_time,review_duration\n"
        f"{own_card},3,2026-01-01T10:00:00+00:00,5000\n"
        f"{own_card},1,2026-01-25T10:00:00+00:00,5000\n"
    )
    report = services.revlog.import_csv(log)
    assert (report.imported, report.shared_ids) == (2, 2)  # same id, still history only

    with services.database.read() as session:
        split = optimizer.split_log(revlog_repo.fit_rows(session, UTC_DAYS), LATER)
    assert split.reviews == 3
    # The only answer to predict is the outside card's lapse 24 days after its first answer;
    # today's first answer to the own card follows nothing (no 38-day gap that never was).
    assert split.train + split.test == [((3, 0), (1, 24))]
