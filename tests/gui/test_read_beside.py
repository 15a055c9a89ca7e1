"""read_beside: a read on a thread of its own while the calling thread works."""

from __future__ import annotations

import threading

import pytest

from fibrolearn.ui.read_beside import read_beside

WAIT_S = 5.0


def test_the_read_runs_on_another_thread_while_the_work_runs() -> None:
    work_started = threading.Event()
    read_on: list[threading.Thread] = []

    def read() -> str:
        read_on.append(threading.current_thread())
        # Only returns while the work is under way: one after the other would time out here.
        assert work_started.wait(WAIT_S), "the read waited for the work to finish"
        return "statistics"

    def work() -> None:
        work_started.set()

    assert read_beside(read, work) == "statistics"
    assert read_on and read_on[0] is not threading.current_thread()


def test_the_work_waits_for_nothing_and_the_caller_for_both() -> None:
    read_may_end = threading.Event()
    done: list[str] = []

    def read() -> int:
        read_may_end.wait(WAIT_S)
        done.append("read")
        return 7

    def work() -> None:
        done.append("work")
        read_may_end.set()

    assert read_beside(read, work) == 7
    assert done == ["work", "read"]


def test_an_error_in_the_read_is_raised_on_the_calling_thread() -> None:
    def read() -> int:
        raise OSError("disk I/O error")

    worked: list[bool] = []
    with pytest.raises(OSError, match="disk I/O error"):
        read_beside(read, lambda: worked.append(True))
    assert worked == [True]


def test_an_error_in_the_work_is_raised_once_the_read_is_over() -> None:
    reads: list[threading.Thread] = []

    def read() -> int:
        reads.append(threading.current_thread())
        return 1

    def work() -> None:
        raise ImportError("no charts")

    with pytest.raises(ImportError, match="no charts"):
        read_beside(read, work)
    assert reads and not reads[0].is_alive()


def test_when_both_fail_the_work_error_is_raised_noting_the_read_error() -> None:
    def read() -> int:
        raise OSError("disk I/O error")

    def work() -> None:
        raise ImportError("no charts")

    with pytest.raises(ImportError, match="no charts") as raised:
        read_beside(read, work)
    assert any("disk I/O error" in note for note in raised.value.__notes__)
