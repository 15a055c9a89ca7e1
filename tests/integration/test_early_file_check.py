"""The start-up check begun early: same verdicts as a check made when opening, used once."""

from __future__ import annotations

import io
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bench.bench_startup import drop_from_cache
from tests.integration.test_recovery import wreck

from fibrolearn.cli import open_services
from fibrolearn.domain.backups import BackupReason
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


def test_a_file_put_in_the_collections_place_is_checked_itself(
    services: Services, paths: AppPaths, clock: FixedClock, tmp_path: Path
) -> None:
    services.backups.backup(BackupReason.MANUAL)  # beside it, a zeroed file counts as damage
    services.close()
    healthy = tmp_path / "healthy.sqlite3"
    healthy.write_bytes(paths.collection.read_bytes())
    zeroed = bytearray(paths.collection.read_bytes())
    zeroed[:100] = bytes(100)  # no SQLite file: set aside before any check is asked for
    paths.collection.write_bytes(bytes(zeroed))
    early = EarlyFileCheck(paths.collection)
    with pytest.raises(CollectionDamagedError):
        open_services(paths, clock, file_problems=early)

    os.replace(healthy, paths.collection)  # as a restore puts a backup in place

    # Found in review: the zeroed file's early verdict answered for the restored one, which
    # was set aside as damaged in its turn.
    assert early(paths.collection) == []


def test_a_file_rewritten_in_place_is_checked_again(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    """Found in review: the same inode (kept, or handed on at once) is not the same file."""
    services.close()
    healthy = paths.collection.read_bytes()
    wreck(paths.collection)
    early = EarlyFileCheck(paths.collection)
    with paths.collection.open("r+b") as rewritten:  # another program, in place
        rewritten.write(healthy)
    later = time.time_ns() + 2_000_000_000  # the clock's tick may not have moved meanwhile
    os.utime(paths.collection, ns=(later, later))

    assert early(paths.collection) == []


def test_another_file_is_checked_itself_and_the_early_result_kept(
    services: Services, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    other = tmp_path / "other.sqlite3"
    other.write_bytes(paths.collection.read_bytes())
    wreck(other)
    checked: list[Path] = []
    finished: list[Path] = []
    real_check = file_check.file_problems

    def counted(path: Path, **options: Any) -> list[str]:
        checked.append(path)
        problems = real_check(path, **options)
        finished.append(path)
        return problems

    monkeypatch.setattr(file_check, "file_problems", counted)
    early = EarlyFileCheck(paths.collection)

    assert early(other)  # damaged, found by a check of its own
    # Asked only once the early check is done: one starved on a busy machine (two test runs
    # sharing two cores) is given up, and the file checked again, by design.
    deadline = time.monotonic() + 60
    while paths.collection not in finished and time.monotonic() < deadline:
        time.sleep(0.01)
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


Pause = tuple[threading.Event, threading.Event]  # (the check has paused, let it go on)


def _paused_before_connecting(monkeypatch: pytest.MonkeyPatch) -> Pause:
    """Hold the early check while it reads the file through, before it connects."""
    paused, release = threading.Event(), threading.Event()
    real_read_through = file_check._read_through

    def slow_read_in_the_background(path: Path) -> None:
        if threading.current_thread().name == "quick_check":
            paused.set()
            release.wait(10)
        real_read_through(path)

    monkeypatch.setattr(file_check, "_read_through", slow_read_in_the_background)
    return paused, release


def _paused_after_connecting(monkeypatch: pytest.MonkeyPatch) -> Pause:
    """Hold the early check just after it connects, before SQLite begins the check."""
    paused, release = threading.Event(), threading.Event()
    real_connected = EarlyFileCheck._connected

    def connected_then_paused(self: EarlyFileCheck, connection: sqlite3.Connection) -> None:
        real_connected(self, connection)
        paused.set()
        release.wait(10)

    monkeypatch.setattr(EarlyFileCheck, "_connected", connected_then_paused)
    return paused, release


@pytest.mark.parametrize("pause", [_paused_before_connecting, _paused_after_connecting])
def test_an_abandoned_early_check_is_stopped_not_left_to_compete_with_its_replacement(
    services: Services,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    pause: Callable[[pytest.MonkeyPatch], Pause],
) -> None:
    """Given up on before or after it connected: interrupted before SQLite checks a page."""
    services.close()
    paused, release = pause(monkeypatch)
    early = EarlyFileCheck(paths.collection)
    assert paused.wait(10)
    thread = early._thread
    assert thread is not None

    assert early(paths.collection) == []  # the replacement's answer
    release.set()
    thread.join(10)

    assert not thread.is_alive()
    assert isinstance(early._result, sqlite3.OperationalError)
    assert "interrupted" in str(early._result)


def test_an_early_check_that_ended_without_a_verdict_is_made_again(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error on the thread must not pass for a healthy file."""
    services.close()
    wreck(paths.collection)
    real_check = file_check.file_problems

    def failing_in_the_background(path: Path, **options: Any) -> list[str]:
        if threading.current_thread().name == "quick_check":
            raise RuntimeError("not a verdict")
        return real_check(path, **options)

    monkeypatch.setattr(file_check, "file_problems", failing_in_the_background)
    monkeypatch.setattr(threading, "excepthook", lambda _args: None)  # expected on that thread
    early = EarlyFileCheck(paths.collection)

    assert early(paths.collection)  # the damage, found by the check made here


def test_the_file_is_read_through_in_order_before_sqlite_checks_it(
    paths: AppPaths, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's check reads pages from all over the file: 7 s on a cold cache at 100k cards."""
    services.close()
    events: list[str] = []
    real_read_through = file_check._read_through
    real_check = file_check._check

    def read_through(path: Path) -> None:
        real_read_through(path)
        events.append(f"read {path.name}")

    def check(*args: Any) -> list[str]:
        events.append("check")
        return real_check(*args)

    monkeypatch.setattr(file_check, "_read_through", read_through)
    monkeypatch.setattr(file_check, "_check", check)

    assert file_check.file_problems(paths.collection) == []
    assert events == ["read collection.sqlite3", "check"]


def _looks_cached(path: Path) -> bool:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return file_check._looks_cached(descriptor, path.stat().st_size)
    finally:
        os.close(descriptor)


@pytest.mark.skipif(not hasattr(os, "RWF_NOWAIT"), reason="tells a cached page by RWF_NOWAIT")
def test_reading_through_brings_an_uncached_file_into_the_cache(tmp_path: Path) -> None:
    data = tmp_path / "data.bin"
    data.write_bytes(os.urandom(3 * (1 << 20) + 12_345))  # several chunks, the last one short
    drop_from_cache(data)
    if _looks_cached(data):
        pytest.skip("this file system keeps every file in memory (tmpfs)")

    file_check._read_through(data)

    assert _looks_cached(data)


def test_a_file_is_read_to_its_end_unless_it_looks_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data.bin"
    data.write_bytes(bytes(range(256)) * 20_000)  # several chunks, the last one short
    reads: list[int] = []

    class Counting(io.FileIO):
        def readinto(self, buffer: Any) -> int:  # type: ignore[override]
            count = super().readinto(buffer) or 0
            reads.append(count)
            return count

    monkeypatch.setattr(
        file_check, "open", lambda descriptor, *_a, **_k: Counting(descriptor, "rb"), raising=False
    )
    monkeypatch.setattr(file_check, "_looks_cached", lambda _descriptor, _size: True)
    file_check._read_through(data)
    assert reads == []

    monkeypatch.setattr(file_check, "_looks_cached", lambda _descriptor, _size: False)
    file_check._read_through(data)
    assert sum(reads) == data.stat().st_size


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
def test_reading_through_leaves_what_is_not_a_readable_file_to_the_check(
    tmp_path: Path,
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    done = threading.Event()

    def read_all() -> None:
        file_check._read_through(pipe)  # no writer: must not wait for one
        file_check._read_through(tmp_path)  # a folder
        file_check._read_through(tmp_path / "missing")
        done.set()

    threading.Thread(target=read_all, daemon=True).start()
    assert done.wait(10)
