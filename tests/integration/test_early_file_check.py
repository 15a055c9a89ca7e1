"""The start-up check begun early: same verdicts as a check made when opening, used once."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_recovery import wreck

from fibrolearn.cli import open_services
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths, resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import CollectionDamagedError
from fibrolearn.storage import file_check
from fibrolearn.storage.file_check import EarlyFileCheck


def test_a_healthy_collection_passes_and_opens(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    services.close()
    early = EarlyFileCheck(paths.collection)

    opened = open_services(paths, clock, file_problems=early)

    opened.close()
    assert paths.collection.exists()


def test_damage_found_early_is_set_aside_as_at_any_start(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    services.close()
    wreck(paths.collection)
    early = EarlyFileCheck(paths.collection)

    with pytest.raises(CollectionDamagedError) as raised:
        open_services(paths, clock, file_problems=early)

    assert "malformed" in raised.value.problems[0]
    assert not paths.collection.exists() and raised.value.moved_to.exists()


def test_the_early_result_answers_once_then_the_file_is_checked_anew(
    services: Services, paths: AppPaths
) -> None:
    services.close()
    early = EarlyFileCheck(paths.collection)
    assert early(paths.collection) == []

    wreck(paths.collection)  # as a restore or a crash could change the file afterwards

    assert early(paths.collection)  # a new check, which sees the damage


def test_another_file_is_checked_itself_and_the_early_result_kept(
    services: Services, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    other = tmp_path / "other.sqlite3"
    other.write_bytes(paths.collection.read_bytes())
    wreck(other)
    checked: list[Path] = []
    real_check = file_check.file_problems

    def counted(path: Path, **options: Any) -> list[str]:
        checked.append(path)
        return real_check(path, **options)

    monkeypatch.setattr(file_check, "file_problems", counted)
    early = EarlyFileCheck(paths.collection)

    assert early(other)  # damaged, found by a check of its own
    assert early(paths.collection) == []  # the early check's answer
    assert sorted(checked) == sorted([paths.collection, other])  # and no third check


def test_a_first_start_has_nothing_to_check_early(tmp_path: Path, clock: FixedClock) -> None:
    paths = resolve_paths(tmp_path / "new")

    early = EarlyFileCheck(paths.collection)

    assert not paths.collection.exists()  # trying to check it would have created it
    open_services(paths, clock, file_problems=early).close()
    assert paths.collection.exists()


def test_an_error_that_is_not_damage_is_raised_where_the_result_is_asked_for(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()

    def locked(_path: Path, **_options: Any) -> list[str]:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(file_check, "file_problems", locked)
    early = EarlyFileCheck(paths.collection)

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        early(paths.collection)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority is Linux's")
def test_the_check_runs_at_the_lowest_priority_so_one_core_draws_the_window_first() -> None:
    seen: list[int] = []
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def check_priority() -> None:
        file_check._yield_to_other_threads()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    worker = threading.Thread(target=check_priority)
    worker.start()
    worker.join()

    assert seen == [19]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own  # that thread only


def test_a_starved_early_check_is_not_waited_for_forever(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    release = threading.Event()
    real_check = file_check.file_problems

    def starved_in_the_background(path: Path, **options: Any) -> list[str]:
        if threading.current_thread().name == "quick_check":
            release.wait(10)  # as a busy machine would leave a thread at the lowest priority
            return ["never used"]
        return real_check(path, **options)

    monkeypatch.setattr(file_check, "file_problems", starved_in_the_background)
    early = EarlyFileCheck(paths.collection)
    time.sleep(0.1)

    problems = early(paths.collection)

    release.set()
    # Checked here after a wait as long as the early check had had: had it waited for the
    # starved thread, the answer would be that thread's.
    assert problems == []


def test_an_abandoned_early_check_is_stopped_not_left_to_compete_with_its_replacement(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    connected = threading.Event()
    outcome: list[str] = []
    running: list[sqlite3.Connection] = []
    real_quick_check = file_check._quick_check

    def endless_in_the_background(uri: str, on_connect=None) -> list[str]:  # type: ignore[no-untyped-def]
        if threading.current_thread().name != "quick_check":
            return real_quick_check(uri, on_connect)
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        running.append(connection)
        try:
            on_connect(connection)
            connected.set()
            # As a check starved of CPU or disk would: still running when it is given up on.
            connection.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                " SELECT count(*) FROM n"
            ).fetchone()
            outcome.append("ran to the end")
        except sqlite3.OperationalError as error:
            outcome.append(str(error))
            raise
        finally:
            connection.close()
        return []

    monkeypatch.setattr(file_check, "_quick_check", endless_in_the_background)
    early = EarlyFileCheck(paths.collection)
    assert connected.wait(10)
    thread = early._thread
    assert thread is not None

    try:
        assert early(paths.collection) == []  # the replacement's answer

        thread.join(10)
        assert not thread.is_alive()
        assert outcome == ["interrupted"]
    finally:  # should the check not stop, it runs no longer than the test
        with contextlib.suppress(sqlite3.ProgrammingError):  # closed: it did stop
            running[0].interrupt()


def test_a_check_abandoned_before_it_connects_stops_as_it_does(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    reading = threading.Event()
    release = threading.Event()
    real_read_through = file_check._read_through

    def slow_read_in_the_background(path: Path) -> None:
        if threading.current_thread().name == "quick_check":
            reading.set()
            release.wait(10)
        real_read_through(path)

    monkeypatch.setattr(file_check, "_read_through", slow_read_in_the_background)
    early = EarlyFileCheck(paths.collection)
    assert reading.wait(10)
    thread = early._thread
    assert thread is not None

    assert early(paths.collection) == []
    release.set()
    thread.join(10)

    assert not thread.is_alive()
    assert early._result is None  # it stopped before SQLite read a page


def test_the_file_is_read_through_in_order_before_sqlite_checks_it(
    paths: AppPaths, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's check reads pages from all over the file: 7 s on a cold cache at 100k cards."""
    services.close()
    events: list[str] = []
    real_read_through = file_check._read_through
    real_connect = sqlite3.connect

    def read_through(path: Path) -> None:
        real_read_through(path)
        events.append(f"read {path.name}")

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        events.append("connect")
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(file_check, "_read_through", read_through)
    monkeypatch.setattr(file_check.sqlite3, "connect", connect)

    assert file_check.file_problems(paths.collection) == []
    assert events == ["read collection.sqlite3", "connect"]


def test_reading_through_reads_every_byte_and_leaves_an_unreadable_file_to_the_check(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data.bin"
    data.write_bytes(bytes(range(256)) * 20_000)  # several chunks, the last one short
    reads: list[int] = []

    class Counting(io.FileIO):
        def readinto(self, buffer: Any) -> int:  # type: ignore[override]
            count = super().readinto(buffer) or 0
            reads.append(count)
            return count

    original_open = Path.open

    def counting_open(self: Path, mode: str = "r", buffering: int = -1, **kwargs: Any) -> Any:
        if self == data:
            return Counting(str(self), "rb")
        return original_open(self, mode, buffering, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "open", counting_open)
        file_check._read_through(data)
    assert sum(reads) == data.stat().st_size
    assert reads[-1] == 0

    file_check._read_through(tmp_path)  # a folder: nothing read, nothing raised
    file_check._read_through(tmp_path / "missing")
