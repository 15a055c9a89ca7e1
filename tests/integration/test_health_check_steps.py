"""The full check as the app runs it: step by step, cancellable, and saying what repair fixes."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from cli_running import run_fibrolearn
from fibrolearn.domain.progress import Cancelled
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.paths import AppPaths
from fibrolearn.services import health
from fibrolearn.services.container import Services
from fibrolearn.services.health import CHECK_STEPS, check_health, repair
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.db import Database
from fibrolearn.storage.health import TIMES_READ, integrity_problems
from fibrolearn.storage.migrate import HEAD
from fibrolearn.storage.models import Base, NoteRecord
from fibrolearn.storage.types import UtcDateTime


class Steps:
    """Progress that remembers every report, and cancels once ``cancel_at`` is reached."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.seen: list[tuple[int, int]] = []
        self._cancel_at = cancel_at

    def advance(self, done: int, total: int) -> None:
        self.seen.append((done, total))
        if done == self._cancel_at:
            raise Cancelled


def change(services: Services, *statements: str) -> None:
    """Change the collection as another program would, beside the open services."""
    with closing(sqlite3.connect(services.database.path)) as connection, connection:
        for statement in statements:
            connection.execute(statement)


def test_each_step_is_reported_in_order_and_then_the_end(services: Services) -> None:
    steps = Steps()
    report = check_health(services.database, steps)
    total = len(CHECK_STEPS)
    assert steps.seen == [(done, total) for done in range(total + 1)]
    assert report.ok and not report.repairable


def test_cancelling_stops_the_check_and_is_not_taken_for_damage(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_damage_check(*_args: object) -> None:
        raise AssertionError("a cancelled check looked for damage")

    monkeypatch.setattr(health, "damage_in", no_damage_check)
    steps = Steps(cancel_at=2)
    with pytest.raises(Cancelled):
        check_health(services.database, steps)
    assert steps.seen[-1] == (2, len(CHECK_STEPS))  # nothing after the cancelled step


def test_when_the_file_itself_is_damaged_the_later_steps_are_not_taken(
    services: Services,
) -> None:
    change(services, "DELETE FROM decks WHERE id = (SELECT min(id) FROM decks)")  # links broken
    steps = Steps()
    report = check_health(services.database, steps)
    assert steps.seen == [(0, len(CHECK_STEPS)), (len(CHECK_STEPS), len(CHECK_STEPS))]
    assert report.restorable and not report.repairable and len(report.problems) == 1
    found = report.problems[0]  # one problem, quoting SQLite's first lines, however many
    assert found.startswith("The collection's file is damaged: SQLite's own check found ")
    assert "(foreign key violation in " in found and " more), so some of it cannot" in found


def test_out_of_date_search_text_is_repairable_and_repair_puts_it_right(
    services: Services,
) -> None:
    change(services, "DELETE FROM note_text WHERE note_id = (SELECT min(id) FROM notes)")
    report = check_health(services.database)
    assert report.repairable and not report.restorable and len(report.problems) == 1
    assert report.problems[0].endswith("(another program changed the collection).")

    assert repair(services.database).notes > 0
    after = check_health(services.database)
    assert after.ok and not after.repairable


def test_damage_that_only_a_backup_undoes_is_restorable_not_repairable(
    services: Services,
) -> None:
    change(services, "UPDATE cards SET state = 9 WHERE id = (SELECT min(id) FROM cards)")
    report = check_health(services.database)
    assert report.restorable and not report.repairable
    assert "values of no known kind in cards.state (1)" in report.problems[0]


def test_a_card_its_note_no_longer_makes_is_neither_restored_nor_repaired(
    services: Services,
) -> None:
    change(services, "UPDATE cards SET ordinal = 7 WHERE id = (SELECT min(id) FROM cards)")
    report = check_health(services.database)
    assert len(report.problems) == 1 and "1 card cannot be shown" in report.problems[0]
    assert not report.restorable and not report.repairable  # its words say what to do


def test_the_command_says_how_to_recover_and_how_to_repair(
    services: Services, paths: AppPaths
) -> None:
    change(services, "DELETE FROM note_text WHERE note_id = (SELECT min(id) FROM notes)")
    change(services, "UPDATE cards SET state = 9 WHERE id = (SELECT min(id) FROM cards)")
    checked = run_fibrolearn("--data-dir", str(paths.data_dir), "check")
    assert checked.returncode == 1, checked.stderr
    printed = checked.stdout.splitlines()
    command = f"fibrolearn --data-dir {paths.data_dir}"  # pasted, it works on this folder
    assert printed[-3:] == [
        f"to recover: restore a backup made before the damage, with `{command} backups` to "
        f"list them and `{command} restore FILE` to put one back; or in the app, File ▸ "
        "Backups… (your collection as it is now is backed up first)",
        f"to repair: `{command} check --repair` writes Browse's search text again from your "
        "notes; nothing you made changes",
        "PROBLEMS FOUND",
    ]


def test_damage_to_the_files_pages_is_one_problem_counting_each_page(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = "\n".join(f"Page {page} is never used" for page in range(37, 45))
    report_rows = [f"*** in database main ***\n{pages}"]  # damaged pages: one row, many lines
    monkeypatch.setattr(health.health, "integrity_problems", lambda _db, **_options: report_rows)
    report = check_health(services.database)
    assert report.restorable and report.problems == (
        "The collection's file is damaged: SQLite's own check found 8 problems (Page 37 is "
        "never used; Page 38 is never used; Page 39 is never used; and 5 more), so some of it "
        "cannot be shown or studied.",
    )


@pytest.mark.parametrize(
    ("change_made", "found"),
    [
        ("DROP TABLE alembic_version", "it records no schema revision"),
        (
            "UPDATE alembic_version SET version_num = '0016_nate_live_cards'",
            "its stored schema revision ('0016_nate_live_cards') is not one any FibroLearn",
        ),
    ],
)
def test_a_schema_revision_no_version_writes_is_damage(
    services: Services, change_made: str, found: str
) -> None:
    change(services, change_made)
    report = check_health(services.database)
    assert report.restorable and not report.ok
    assert report.problems[0].startswith(f"The collection is damaged: {found}")


def test_a_newer_versions_revision_met_while_open_is_not_damage(services: Services) -> None:
    change(services, "UPDATE alembic_version SET version_num = '0099_later_things'")
    report = check_health(services.database)
    assert not report.restorable and not report.ok
    assert report.problems == (
        "The collection's schema revision (0099_later_things) is not the one this version "
        f"writes ({HEAD}): another copy of FibroLearn changed it while this one had it open. "
        "Close FibroLearn and open it again.",
    )


def test_sqlites_own_check_stops_when_cancelled_before_or_while_it_runs(
    tmp_path: Path,
) -> None:
    path = tmp_path / "large.sqlite3"  # a file whose integrity check takes a while
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE words (word TEXT)")
        connection.execute(
            "INSERT INTO words SELECT hex(randomblob(24)) FROM (WITH RECURSIVE n(i) AS"
            " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000) SELECT i FROM n)"
        )
        connection.execute("CREATE INDEX words_in_order ON words (word)")
    handed: list[object] = []
    lock = threading.Lock()

    def stop_with(stop) -> None:  # as the app's job control: never called once taken back
        with lock:
            handed.append(stop)

    def stop_at_once(stop) -> None:  # cancel was asked for before the check began
        stop_with(stop)
        if stop is not None:
            stop()

    over = threading.Event()

    def keep_cancelling() -> None:  # cancel asked for while the check runs, however late
        while not over.wait(0.005):
            with lock:
                if handed and handed[-1] is not None:
                    handed[-1]()

    database = Database(path)
    try:
        with pytest.raises(Cancelled):
            integrity_problems(database, stop_with=stop_at_once)
        canceller = threading.Thread(target=keep_cancelling)
        canceller.start()
        try:
            with pytest.raises(Cancelled):
                integrity_problems(database, stop_with=stop_with)
        finally:
            over.set()
            canceller.join()
        assert handed[-1] is None  # taken back
        assert integrity_problems(database, stop_with=stop_with) == []  # the next one runs
    finally:
        database.close()


# Times as another program or a failing disk might leave them, and whether reading fails.
STORED_TIMES = [
    ("2026-03-04 12:00:00.000000", False),
    ("0002-01-01", False),
    ("9998-12-31 23:59:59.999999", False),
    ("2026-03-04T12:00:00+00:00", False),  # not as FibroLearn writes it, but a time
    ("0001-12-31 23:59:59.999999", True),
    ("9999-01-01 00:00:00.000000", True),
    ("x2026-03-04 12:00:00.000000", True),
    (" 2026-03-04", True),
    (20260304, True),
    (2.5, True),
    (b"2026-03-04 12:00:00", True),
    # One damaged byte where a failing disk puts it: anywhere in the text.
    ("2026-03-04 12:0x:00.000000", True),
    ("2o26-03-04 12:00:00.000000", True),
    ("2026-03-04 12:00:00.00000\x00", True),
    ("2026-02-30 12:00:00.000000", True),  # as written, but no such day
    ("2026-03-04 24:00:00.000000", True),
    ("2026/03/04", True),
    ("0002-W01-1", True),  # an ISO week date, which reads as a day of year 1
    ("1-01-01 00:00:00", True),
    # Found in a second review: SQLite's datetime() gives NULL for these, which passed.
    ("2026-13-04 12:00:00.000000", True),
    ("2026-03-04 12:60:00.000000", True),
    # Python reads it, SQLite's date functions (the statistics' days) do not.
    ("2026-03-04X12:00:00.000000", True),
]


@pytest.mark.parametrize(("stored", "unreadable"), STORED_TIMES)
def test_the_check_finds_the_times_reading_refuses(
    services: Services, stored: object, unreadable: bool
) -> None:
    with closing(sqlite3.connect(services.database.path)) as connection, connection:
        connection.execute(
            "UPDATE notes SET modified_at = ? WHERE id = (SELECT min(id) FROM notes)", (stored,)
        )
    try:
        with services.database.read() as session:  # the column as every ORM read takes it
            session.scalars(select(NoteRecord)).all()
            # and as SQL reads it: the statistics count days with SQLite's date functions
            dated = session.connection().exec_driver_sql(
                "SELECT datetime(modified_at) IS NOT NULL FROM notes WHERE id ="
                " (SELECT min(id) FROM notes)"
            )
            refused = not dated.scalar_one()
    except StoredValueError:
        refused = True
    assert refused is unreadable
    problems = check_health(services.database).problems
    assert any("the times of 1 note" in p for p in problems) is unreadable, problems


def test_every_table_with_times_is_checked() -> None:
    with_times = {
        table.name
        for table in Base.metadata.sorted_tables
        if any(isinstance(column.type, UtcDateTime) for column in table.columns)
    }
    assert with_times == set(TIMES_READ)


@pytest.mark.parametrize(
    "table", ["decks", "quiz_sessions"], ids=["deck, loaded for its options", "quiz sitting"]
)
def test_a_row_the_check_loads_whole_is_named_for_its_time_and_the_check_goes_on(
    services: Services, table: str
) -> None:
    """Loading such a row raised at once, which ended the check with only the error's words."""
    services.quiz.start(QuizSetup(1, length=5, seed=1))
    times = [c.name for c in Base.metadata.tables[table].columns if isinstance(c.type, UtcDateTime)]
    change(services, f"UPDATE {table} SET {times[0]} = 'x'", "DELETE FROM note_text")
    problems = check_health(services.database).problems
    assert any(f"the times of 1 {TIMES_READ[table]}" in p for p in problems), problems
    assert any("search text" in p for p in problems), problems  # a later step still ran
