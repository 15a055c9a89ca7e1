"""An export with history writes the same records however its reads are made faster.

A few weeks of study in the small deck (learning steps, lapses, an early review), exported:
its review log and cards, as Anki reads them from the package, are compared with the records
the export wrote before its reads of the log were made plain.
"""

from __future__ import annotations

import sqlite3
import time
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.study import StudySet
from fibrolearn.services.container import Services

RATINGS = (Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD, Rating.GOOD)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Study days in UTC, so the day numbers written do not hang on the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _study(services: Services, clock: FixedClock) -> None:
    """Three weeks of answers, each day every card due, then one card studied ahead."""
    deck = services.decks.list_decks()[0].deck_id
    answered = 0
    for _day in range(21):
        while (card := services.study.next_card(deck)) is not None:
            rating = RATINGS[answered % len(RATINGS)]
            services.study.answer(card.card_id, rating, 1000 + answered, shown_state=card.state)
            answered += 1
            clock.advance(timedelta(minutes=11))
        clock.advance(timedelta(days=1))
    ahead = StudySet(deck, (card_id := _a_card_in_review(services),), "ahead")
    shown, _ = services.study.next_in_set_and_counts(ahead, services.study.newest_answer_id())
    assert shown is not None and shown.card_id == card_id
    services.study.answer(card_id, Rating.GOOD, 2000, shown_state=shown.state)


def _a_card_in_review(services: Services) -> int:
    with services.database.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT min(id) FROM cards WHERE state = 2").scalar()


def _records(package: Path, folder: Path) -> tuple[list[tuple], list[tuple]]:
    """The package's review log and cards."""
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki21", folder)
    anki = sqlite3.connect(folder / "collection.anki21")
    try:
        log = anki.execute(
            "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id"
        ).fetchall()
        cards = anki.execute(
            "SELECT id, nid, ord, type, queue, due, ivl, factor, reps, lapses, left, data"
            " FROM cards ORDER BY id"
        ).fetchall()
    finally:
        anki.close()
    return log, cards


def test_an_export_with_history_writes_the_records_it_wrote_before(
    services: Services, clock: FixedClock, utc: None, tmp_path: Path
) -> None:
    _study(services, clock)
    package = tmp_path / "studied.apkg"
    services.exporter.export_apkg(package, with_history=True)
    log, cards = _records(package, tmp_path)
    assert (log, cards) == (LOG, CARDS)


# What the export wrote before its reads of the log were made plain: id, card id, rating,
# interval and the one before (days; negative: seconds), ease, milliseconds taken, kind.
LOG = [
    (1772625600000, 1774470360000, 3, -600, 0, 3192, 1000, 0),
    (1772626260000, 1774470360000, 1, -60, -600, 1925, 1001, 0),
    (1772626920000, 1774470360000, 3, -600, -60, 1928, 1002, 0),
    (1772627580000, 1774470360000, 4, 2, -600, 2142, 1003, 0),
    (1772628240000, 1774470360001, 2, -330, 0, 2473, 1004, 0),
    (1772628900000, 1774470360001, 3, -600, -330, 2475, 1005, 0),
    (1772629560000, 1774470360001, 3, 1, -600, 2478, 1006, 0),
    (1772630220000, 1774470360003, 1, -60, 0, 2161, 1007, 0),
    (1772630880000, 1774470360003, 3, -600, -60, 2163, 1008, 0),
    (1772631540000, 1774470360003, 4, 2, -600, 2456, 1009, 0),
    (1772718600000, 1774470360001, 2, 3, 1, 2085, 1010, 1),
    (1772719260000, 1774470360004, 3, -600, 0, 3192, 1011, 0),
    (1772719920000, 1774470360004, 3, 2, -600, 3193, 1012, 0),
    (1772806980000, 1774470360000, 1, -600, 2, 1580, 1013, 1),
    (1772807640000, 1774470360000, 3, 1, -600, 1583, 1014, 2),
    (1772808300000, 1774470360003, 4, 7, 2, 2845, 1015, 1),
    (1772808960000, 1774470360002, 2, -330, 0, 2473, 1016, 0),
    (1772809620000, 1774470360002, 3, -600, -330, 2475, 1017, 0),
    (1772810280000, 1774470360002, 3, 1, -600, 2478, 1018, 0),
    (1772897340000, 1774470360004, 1, -600, 2, 1926, 1019, 1),
    (1772898000000, 1774470360004, 3, 1, -600, 1929, 1020, 2),
    (1772898660000, 1774470360000, 4, 3, 1, 1682, 1021, 1),
    (1772899320000, 1774470360002, 2, 2, 1, 2085, 1022, 1),
    (1772986380000, 1774470360001, 3, 11, 3, 2088, 1023, 1),
    (1772987040000, 1774470360004, 3, 3, 1, 1932, 1024, 1),
    (1773074100000, 1774470360002, 1, -600, 2, 1562, 1025, 1),
    (1773074760000, 1774470360002, 3, 1, -600, 1565, 1026, 2),
    (1773161820000, 1774470360000, 4, 9, 3, 1813, 1027, 1),
    (1773162480000, 1774470360002, 2, 1, 1, 1479, 1028, 1),
    (1773249540000, 1774470360004, 3, 7, 3, 1935, 1029, 1),
    (1773250200000, 1774470360002, 3, 3, 1, 1483, 1030, 1),
    (1773423660000, 1774470360003, 1, -600, 7, 1811, 1031, 1),
    (1773424320000, 1774470360003, 3, 1, -600, 1814, 1032, 2),
    (1773511380000, 1774470360002, 4, 9, 3, 1547, 1033, 1),
    (1773512040000, 1774470360003, 2, 2, 1, 1645, 1034, 1),
    (1773685500000, 1774470360003, 3, 5, 2, 1648, 1035, 1),
    (1773858960000, 1774470360004, 3, 15, 7, 1938, 1036, 1),
    (1773946020000, 1774470360001, 1, -600, 11, 1563, 1037, 1),
    (1773946680000, 1774470360001, 3, 1, -600, 1566, 1038, 2),
    (1773947340000, 1774470360000, 4, 28, 9, 1988, 1039, 1),
    (1774034400000, 1774470360001, 2, 2, 1, 1480, 1040, 1),
    (1774121460000, 1774470360003, 3, 12, 5, 1651, 1041, 1),
    (1774208520000, 1774470360001, 3, 3, 2, 1483, 1042, 1),
    (1774295580000, 1774470360002, 1, -600, 9, 1385, 1043, 1),
    (1774296240000, 1774470360002, 3, 1, -600, 1388, 1044, 2),
    (1774383300000, 1774470360002, 4, 4, 1, 1421, 1045, 1),
    (1774470360000, 1774470360000, 3, 40, 28, 1991, 2000, 3),
]
# id, note id, template, type, queue, due day, interval, ease, answers, lapses, left, memory
CARDS = [
    (
        1774470360000,
        1774470360000,
        0,
        2,
        2,
        40,
        40,
        1991,
        10,
        1,
        0,
        '{"s": 37.8803, "d": 7.122, "dr": 0.9, "lrt": 1774470360}',
    ),
    (
        1774470360001,
        1774470360001,
        0,
        2,
        2,
        0,
        3,
        1483,
        9,
        1,
        0,
        '{"s": 3.7684, "d": 9.236, "dr": 0.9, "lrt": 1774208520}',
    ),
    (
        1774470360002,
        1774470360001,
        1,
        2,
        2,
        3,
        4,
        1421,
        12,
        2,
        0,
        '{"s": 2.5751, "d": 9.494, "dr": 0.9, "lrt": 1774383300}',
    ),
    (
        1774470360003,
        1774470360002,
        0,
        2,
        2,
        8,
        12,
        1651,
        9,
        1,
        0,
        '{"s": 9.7244, "d": 8.535, "dr": 0.9, "lrt": 1774121460}',
    ),
    (
        1774470360004,
        1774470360002,
        1,
        2,
        2,
        8,
        15,
        1938,
        7,
        1,
        0,
        '{"s": 17.2366, "d": 7.344, "dr": 0.9, "lrt": 1773858960}',
    ),
]
