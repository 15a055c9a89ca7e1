"""Exported Anki packages count due days and intervals in the learner's study days.

Anki numbers a review card's due day from the collection's creation time (``crt``); the
package's ``crt`` is the start of the learner's current study day, at the local rollover, so
day ``n`` is ``n`` study days away, whatever the hour of the due time and the time zone.
Reading a package, FibroLearn counts the days on the same calendar, across clock changes.
"""

from __future__ import annotations

import sqlite3
import zipfile
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.review_log import LoggedAnswer
from fibrolearn.domain.study import MemoryState
from fibrolearn.interop.anki_export import write_apkg
from fibrolearn.interop.anki_schedule import AnkiClock
from fibrolearn.interop.values import ExportCard, ExportNote
from fibrolearn.scheduling.study_day import StudyDay

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC")
DAYS_AHEAD = (0, 1, 3, 5)
LAST_SEEN_DAYS_AGO = 2


@dataclass(frozen=True)
class Exported:
    created: int
    cards: dict[str, tuple[int, int]]  # guid -> (due day, interval)
    log_intervals: list[tuple[int, int]]  # (ivl, lastIvl) of each review log row


def local(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, zone).astimezone(UTC)


def moments_in(study_day: StudyDay, day: date) -> dict[str, datetime]:
    """Instants early, in the evening and late (after midnight) in one study day."""
    noon = local(day, time(12), study_day.zone)  # type: ignore[arg-type]
    start, end = study_day.start(noon), study_day.end(noon)
    return {
        "just after the rollover": start + timedelta(minutes=1),
        "in the evening": local(day, time(20, 1), study_day.zone),  # type: ignore[arg-type]
        "just before the next rollover": end - timedelta(minutes=1),
    }


def review(due: datetime, last_review: datetime) -> MemoryState:
    return MemoryState(CardState.REVIEW, None, 10.0, 5.0, due, last_review, reps=3)


def review_note(
    guid: str, due: datetime, last_review: datetime, *reviews: LoggedAnswer
) -> ExportNote:
    state = review(due, last_review)
    return ExportNote(
        guid=guid,
        kind="basic",
        fields={"front": guid, "back": "answer"},
        tags=(),
        deck="Words",
        modified=NOW,
        cards=(ExportCard(0, "Words", state, suspended=False, position=1, reviews=reviews),),
    )


def due_ahead(study_day: StudyDay, today: date) -> tuple[list[ExportNote], dict[str, int]]:
    """Review cards due 0 to 5 study days from ``today``, at three times of each due day.

    Each was last answered in the evening two study days before today; returns the notes and
    the days until each is due, by its guid.
    """
    last_seen = moments_in(study_day, today - timedelta(days=LAST_SEEN_DAYS_AGO))["in the evening"]
    notes, ahead_of = [], {}
    for ahead in DAYS_AHEAD:
        for when, due in moments_in(study_day, today + timedelta(days=ahead)).items():
            guid = f"due in {ahead} days, {when}"
            notes.append(review_note(guid, due, last_seen))
            ahead_of[guid] = ahead
    return notes, ahead_of


def export(
    tmp_path: Path, notes: list[ExportNote], study_day: StudyDay, now: datetime = NOW
) -> Exported:
    package = tmp_path / "out.apkg"
    write_apkg(package, notes, {}, {}, with_history=True, now=now, study_day=study_day)
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki21", tmp_path)
    with closing(sqlite3.connect(tmp_path / "collection.anki21")) as connection:
        created = connection.execute("SELECT crt FROM col").fetchone()[0]
        cards = connection.execute(
            "SELECT n.guid, c.due, c.ivl FROM cards c JOIN notes n ON n.id = c.nid"
        ).fetchall()
        log = connection.execute("SELECT ivl, lastIvl FROM revlog ORDER BY id").fetchall()
    return Exported(created, {guid: (due, ivl) for guid, due, ivl in cards}, log)


@pytest.mark.parametrize("zone_name", ZONES)
@pytest.mark.parametrize("rollover", [4, 0, 6])
def test_review_cards_are_due_in_as_many_days_as_study_days(
    tmp_path: Path, zone_name: str, rollover: int
) -> None:
    study_day = StudyDay(rollover, ZoneInfo(zone_name))
    notes, ahead_of = due_ahead(study_day, study_day.date_of(NOW))
    expected = {guid: (ahead, ahead + LAST_SEEN_DAYS_AGO) for guid, ahead in ahead_of.items()}

    exported = export(tmp_path, notes, study_day)

    assert exported.created == int(study_day.start(NOW).timestamp())  # day zero is today
    assert exported.cards == expected


def test_review_log_intervals_count_study_days(tmp_path: Path) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    study_day = StudyDay(4, berlin)
    today = study_day.date_of(NOW)
    answered = local(today - timedelta(days=6), time(20, 1), berlin)
    seen_before = local(today - timedelta(days=16), time(20, 1), berlin)
    before = review(local(today - timedelta(days=6), time(4, 1), berlin), seen_before)
    after = review(local(today, time(4, 1), berlin), answered)
    answer = LoggedAnswer(answered, Rating.GOOD, 3000, before=before, after=after)

    exported = export(tmp_path, [review_note("card", after.due, answered, answer)], study_day)

    # From 20:01 to 04:01 six study days later is six days, not 5 days 8 hours rounded to 5.
    assert exported.cards == {"card": (0, 6)}
    assert exported.log_intervals == [(6, 10)]


# ---------------------------------------------------------------- reading the days back
def test_a_summer_collections_winter_due_day_starts_at_the_rollover(
    machine_in_berlin: ZoneInfo,
) -> None:
    created = local(date(2026, 6, 1), time(4), machine_in_berlin)  # Anki's day zero, 04:00
    winter_day = (date(2026, 12, 1) - date(2026, 6, 1)).days

    due = AnkiClock(int(created.timestamp()), NOW).day(winter_day)

    assert due == local(date(2026, 12, 1), time(4), machine_in_berlin)  # not 03:00 on Dec 1
    assert StudyDay().date_of(due) == date(2026, 12, 1)


def test_exported_due_days_read_back_on_the_same_study_days(
    tmp_path: Path, machine_in_berlin: ZoneInfo
) -> None:
    summer = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    study_day = StudyDay()  # the machine's zone, as a collection's study day has it
    wanted = {}
    for ahead in (1, 120, 200):  # before and after the clocks go back
        for when, due in moments_in(StudyDay(4, machine_in_berlin), date(2026, 6, 10)).items():
            wanted[f"{ahead} {when}"] = due + timedelta(days=ahead)
    notes = [review_note(guid, due, summer) for guid, due in wanted.items()]

    exported = export(tmp_path, notes, study_day, now=summer)

    clock = AnkiClock(exported.created, summer)
    for guid, (due_day, _interval) in exported.cards.items():
        assert study_day.date_of(clock.day(due_day)) == study_day.date_of(wanted[guid]), guid


def test_a_learning_step_over_the_rollover_exports_as_day_learning(tmp_path: Path) -> None:
    study_day = StudyDay(4, ZoneInfo("Europe/Berlin"))
    today = study_day.date_of(NOW)
    evening = moments_in(study_day, today)["in the evening"]
    tomorrow_evening = moments_in(study_day, today + timedelta(days=1))["in the evening"]
    in_ten_minutes = evening + timedelta(minutes=10)

    def learning(guid: str, due: datetime) -> ExportNote:
        state = MemoryState(CardState.LEARNING, 1, 1.0, 5.0, due, evening, reps=1)
        card = ExportCard(0, "Words", state, suspended=False, position=1)
        return replace(review_note(guid, due, evening), cards=(card,))

    notes = [learning("a day's step", tomorrow_evening), learning("ten minutes", in_ten_minutes)]
    package = tmp_path / "out.apkg"
    write_apkg(package, notes, {}, {}, with_history=True, now=evening, study_day=study_day)
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki21", tmp_path)
    with closing(sqlite3.connect(tmp_path / "collection.anki21")) as connection:
        rows = dict(
            connection.execute(
                "SELECT n.guid, c.queue || ':' || c.due FROM cards c JOIN notes n ON n.id = c.nid"
            ).fetchall()
        )
    assert rows["a day's step"] == "3:1"  # day learning, from the start of tomorrow
    assert rows["ten minutes"] == f"1:{int(in_ten_minutes.timestamp())}"  # at the minute
