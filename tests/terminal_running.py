"""Running the fibrolearn command with standard error on a terminal (a pseudo-terminal, so
POSIX only), and what such a terminal then shows."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TerminalRun:
    """What a command run with standard error on a terminal did: its status, its standard
    output (a file, as a script reads it) and every character it wrote to the terminal."""

    returncode: int
    stdout: str
    terminal: str


def run_on_terminal(
    *args: str,
    tmp_path: Path,
    code: str | None = None,
    columns: int = 80,
    term: str = "xterm-256color",
) -> TerminalRun:
    """``fibrolearn ARGS`` (or Python ``code`` with ARGS) with standard error on a terminal
    ``columns`` wide, as in a learner's shell, and standard output to a file.

    ``term`` is the terminal's kind (TERM), whatever the tests run in: "dumb" for one that
    cannot move its cursor (Emacs' shell).
    """
    command = [sys.executable, *(["-c", code] if code is not None else ["-m", "fibrolearn"])]
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    out = tmp_path / "stdout.txt"
    try:
        with out.open("w", encoding="utf-8") as stdout:
            process = subprocess.Popen(
                [*command, *args],
                stdout=stdout,
                stderr=terminal,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "TERM": term},
            )
    finally:
        os.close(terminal)
    try:
        written = _read_until_closed(master)
    finally:
        os.close(master)
    returncode = process.wait(timeout=120)
    return TerminalRun(returncode, out.read_text(encoding="utf-8"), written.decode())


def _read_until_closed(master: int) -> bytes:
    written = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            raise TimeoutError(f"the command hung; it wrote {written!r}")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # Linux: the command, the terminal's last user, has ended
            return written
        if not chunk:
            return written
        written += chunk


def screen(written: str, columns: int = 80) -> list[str]:
    """The rows a terminal ``columns`` wide shows once ``written`` is written to it.

    As a terminal moves its cursor: a carriage return goes back to the row's start (to
    write over it), a new line goes down, and a row written past its last column wraps onto
    the next. Spaces at the end of a row, and blank rows at the end, are not shown.
    """
    rows: list[list[str]] = [[]]
    row = column = 0
    for char in written:
        if char == "\r":
            column = 0
            continue
        if char == "\n":
            row += 1
        elif column >= columns:
            row, column = row + 1, 0
        while len(rows) <= row:
            rows.append([])
        if char == "\n":
            continue
        line = rows[row]
        line.extend(" " * (column + 1 - len(line)))
        line[column] = char
        column += 1
    shown = ["".join(line).rstrip() for line in rows]
    while shown and not shown[-1]:
        shown.pop()
    return shown
