"""Exported review cards stay due on the same days: in Anki, in several time zones, and with
the collection's own rollover hour.

Anki reads the machine's time zone once per process, so each zone's package is imported by
Anki's library in a child process with ``TZ`` set; the import happens now (Anki uses the real
time), so the package is written for now too.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tests.unit.interop.test_export_days_schedule import LAST_SEEN_DAYS_AGO, due_ahead

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.interop.anki_export import write_apkg
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.container import Services

# Imports the package into a new Anki collection; prints guid -> [days until due, ivl, queue].
READ_BACK = """
import json, sys, tempfile
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(tempfile.mkdtemp() + "/collection.anki2")
col.import_anki_package(ImportAnkiPackageRequest(
    package_path=sys.argv[1], options=ImportAnkiPackageOptions(with_scheduling=True)))
found = {}
for card_id in col.find_cards(""):
    card = col.get_card(card_id)
    found[col.get_note(card.nid).guid] = [card.due - col.sched.today, card.ivl, card.queue]
col.close()
print(json.dumps(found))
"""


def read_in_anki(package: Path, zone_name: str) -> dict[str, list[int]]:
    done = subprocess.run(
        [sys.executable, "-c", READ_BACK, str(package)],
        env={**os.environ, "TZ": zone_name},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "zone_name", ["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC"]
)
def test_anki_shows_exported_reviews_due_on_the_same_days(tmp_path: Path, zone_name: str) -> None:
    pytest.importorskip("anki.collection", reason="Anki's library is not installed")
    now = datetime.now(UTC)
    study_day = StudyDay(4, ZoneInfo(zone_name))  # Anki's own rollover hour
    notes, ahead_of = due_ahead(study_day, study_day.date_of(now))
    # [days until due, interval, queue 2: review] as Anki reads each back
    expected = {guid: [ahead, ahead + LAST_SEEN_DAYS_AGO, 2] for guid, ahead in ahead_of.items()}
    package = tmp_path / "reviews.apkg"
    write_apkg(package, notes, {}, {}, with_history=True, now=now, study_day=study_day)

    assert read_in_anki(package, zone_name) == expected


def test_export_counts_days_from_the_collections_rollover(
    services: Services, clock: FixedClock, machine_in_berlin: ZoneInfo, tmp_path: Path
) -> None:
    services.decks.set_day_rollover_hour(0)
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    receipt = services.study.answer(card.card_id, Rating.EASY, 1500, shown_state=card.state)
    package = tmp_path / "studied.apkg"

    services.exporter.export_apkg(package, with_history=True)

    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki21", tmp_path)
    with closing(sqlite3.connect(tmp_path / "collection.anki21")) as connection:
        created = connection.execute("SELECT crt FROM col").fetchone()[0]
        rows = connection.execute("SELECT type, due, ivl FROM cards WHERE type = 2").fetchall()
    study_day = StudyDay(0, machine_in_berlin)
    assert created == int(study_day.start(clock.now()).timestamp())  # local midnight today
    days = (study_day.date_of(receipt.new_state.due) - study_day.date_of(clock.now())).days
    assert days > 0
    assert rows == [(int(CardState.REVIEW), days, days)]
