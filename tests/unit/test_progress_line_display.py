"""The progress line itself: on a terminal only, cut to its width, harmless when it fails."""

from __future__ import annotations

import errno
import io
import os
import time

import pytest

pytest.importorskip("termios")  # a pseudo-terminal: POSIX only

import fcntl
import pty
import struct
import termios

from fibrolearn.cli_progress_line import ProgressLine
from fibrolearn.domain.progress import BACKING_UP_FIRST
from fibrolearn.domain.progress_words import counting, percent
from terminal_running import screen


@pytest.fixture(autouse=True)
def a_terminal_that_moves_its_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever terminal the tests run in (Emacs' is dumb); a test may ask for a dumb one."""
    monkeypatch.setenv("TERM", "xterm-256color")


def on_terminal(columns: int) -> tuple[int, io.TextIOWrapper]:
    """A terminal ``columns`` wide: the end it shows on, and a stream writing to it."""
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    attributes = termios.tcgetattr(terminal)
    attributes[1] &= ~termios.OPOST  # as written, without the new lines made "\r\n"
    termios.tcsetattr(terminal, termios.TCSANOW, attributes)
    return master, open(terminal, "w", encoding="utf-8")


def written_to(master: int) -> str:
    return os.read(master, 65536).decode()


def test_a_line_wider_than_the_terminal_is_cut_counting_wide_characters_twice() -> None:
    master, stream = on_terminal(columns=24)
    with stream, ProgressLine(stream) as line:
        line.show("Deleting “睡眠と痛みの科学のデッキ”… 40 %")  # wide: two columns each
        shown = written_to(master)
        assert shown == "\rDeleting “睡眠と痛みの…"  # 23 columns: no wrap on 24
        line.show("Deleting… 41 %")
        shown += written_to(master)
        assert screen(shown, columns=24) == ["Deleting… 41 %"]
    assert screen(shown + written_to(master), columns=24) == []
    os.close(master)


def test_a_pipe_or_a_file_gets_no_line() -> None:
    stream = io.StringIO()  # isatty() is False, as for a pipe or a file
    with ProgressLine(stream) as line:
        line.steps(counting("Exporting notes")).advance(4210, 10_000)
        line("Writing notes", 200, 10_000)
    assert stream.getvalue() == ""


def test_a_terminal_that_goes_away_does_not_stop_the_command() -> None:
    """Only the line is lost: the work it shows goes on to the end."""

    class Gone(io.StringIO):
        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            raise OSError(errno.EIO, "Input/output error")

    with ProgressLine(Gone()) as line:
        progress = line.steps(percent("Backing up"))
        progress.advance(1, 4)
        progress.advance(2, 4)  # said nowhere, and no error


def test_the_words_say_what_is_done_of_what() -> None:
    assert counting("Exporting notes")(4210, 10_000) == "Exporting notes… 4,210 of 10,000"
    assert counting("Reading cards.apkg")(0, 0) == "Reading cards.apkg…"
    assert percent("Backing up")(1, 3) == "Backing up… 33 %"


class Terminal(io.StringIO):
    """A terminal, as far as the line can tell: what it was sent, kept."""

    def isatty(self) -> bool:
        return True


def test_a_dumb_terminal_gets_a_plain_line_as_each_phase_begins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(time, "monotonic", lambda: 100.0)  # no time passes
    stream = Terminal()
    with ProgressLine(stream) as line:
        line("Reading log.csv", 0, 0)
        line(BACKING_UP_FIRST, 0, 1000)
        line(BACKING_UP_FIRST, 500, 1000)  # the same phase, further on
        line(BACKING_UP_FIRST, 1000, 1000)
        line("Adding answers", 0, 0)
        line("Adding answers", 0, 12_580)  # goes on from the line before: counted now
        line("Adding answers", 5_000, 12_580)
    assert stream.getvalue() == (
        "Reading log.csv…\n"
        "Backing up your collection first… 0 %\n"  # a backup's bytes, as a share
        "Adding answers…\n"
    )  # and no carriage return, nor anything to clear at the end


def test_a_dumb_terminal_hears_of_a_long_phase_every_few_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    stream = Terminal()
    with ProgressLine(stream) as line:
        steps = line.steps(counting("Exporting answers"))
        for done in range(0, 60_000, 5_000):
            steps.advance(done, 60_000)
            now[0] += 2.5  # seconds, between one report and the next
    assert stream.getvalue().splitlines() == [
        "Exporting answers… 0 of 60,000",
        "Exporting answers… 20,000 of 60,000",
        "Exporting answers… 40,000 of 60,000",
    ]
