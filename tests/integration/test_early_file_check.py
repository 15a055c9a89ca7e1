"""The start-up check begun early: same verdicts as a check made when opening, used once."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

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

    def counted(path: Path) -> list[str]:
        checked.append(path)
        return real_check(path)

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

    def locked(_path: Path) -> list[str]:
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

    def starved_in_the_background(path: Path) -> list[str]:
        if threading.current_thread().name == "quick_check":
            release.wait(10)  # as a busy machine would leave a thread at the lowest priority
            return ["never used"]
        return real_check(path)

    monkeypatch.setattr(file_check, "file_problems", starved_in_the_background)
    early = EarlyFileCheck(paths.collection)
    time.sleep(0.1)

    problems = early(paths.collection)

    release.set()
    # Checked here after a wait as long as the early check had had: had it waited for the
    # starved thread, the answer would be that thread's.
    assert problems == []
