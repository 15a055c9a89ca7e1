"""The progress line itself: on a terminal only, cut to its width, harmless when it fails."""

from __future__ import annotations

import errno
import io
import os

import pytest

pytest.importorskip("termios")  # a pseudo-terminal: POSIX only

import fcntl
import pty
import struct
import termios

from fibrolearn.cli_progress_line import ProgressLine, counting, percent
from terminal_running import screen


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
