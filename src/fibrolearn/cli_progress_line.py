"""The line a long command rewrites on the terminal as it goes, as pip, git or rsync show one.

Shown on standard error, and only when that is a terminal: a pipe, a file or a CI log never
gets it, and standard output stays exactly the report scripts read. The line is cleared when
the work ends, however it ends (Ctrl+C too), before anything else is printed.

A dumb terminal (``TERM=dumb``: Emacs' shell, some IDE consoles) shows a carriage return as
a character, not as a move: it gets plain lines instead, one as each phase of the work
begins and another every few seconds while one goes on, and they stay.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from fibrolearn.domain.progress_words import phase_words

_NARROWEST = 20  # columns; a terminal narrower than this gets no line
_PLAIN_EVERY = 10.0  # seconds between plain lines of one phase, on a dumb terminal
_NUMBER = re.compile(r"\d[\d,]*")


class ProgressLine:
    """One line of progress on a terminal, rewritten in place; nothing anywhere else.

    Used as a context manager around the long work, so the line is gone once it ends. It
    serves both kinds of progress the services take: :meth:`steps` gives the ``advance``
    kind (``domain.progress.Progress``), and the line itself is the import's callable one.
    """

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self._stream = sys.stderr if stream is None else stream
        self._on = not quiet and _is_terminal(self._stream)
        self._plain = os.environ.get("TERM") == "dumb"
        self._shown = ""
        self._said_at = 0.0  # when the last plain line was written

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.clear()

    def __call__(self, what: str, done: int, total: int) -> None:
        """Show a phase of the work: ``what`` it does, ``done`` of ``total`` (0: not counted).

        A phase told in bytes (a backup's, a file's reading) is shown as a share.
        """
        self.show(phase_words(what, done, total))

    def show(self, text: str) -> None:
        """Put ``text`` on the line in place of what it said (cut to the terminal's width).

        A dumb terminal gets it on a line of its own instead, now and then (see :meth:`_say`).
        """
        if not self._on:
            return
        if self._plain:
            self._say(text)
            return
        text = _fitted(text, _width(self._stream))
        if text == self._shown:
            return
        # Spaces over what was there: unlike an escape sequence, every terminal has them.
        gone = max(0, _columns(self._shown) - _columns(text))
        self._write(f"\r{text}{' ' * gone}\r{text}" if gone else f"\r{text}")
        self._shown = text

    def clear(self) -> None:
        """Take the line away, leaving the cursor where it began (plain lines stay)."""
        if self._shown and not self._plain:
            self._write(f"\r{' ' * _columns(self._shown)}\r")
            self._shown = ""

    def _say(self, text: str) -> None:
        """On a dumb terminal: ``text`` on a line of its own, if a new phase or a while on."""
        now = time.monotonic()
        # "Backing up… 0 %" goes on from "Backing up…": the same phase, counted now.
        was = _NUMBER.sub("#", self._shown)
        new_phase = not was or not _NUMBER.sub("#", text).startswith(was)
        if text and text != self._shown and (new_phase or now - self._said_at >= _PLAIN_EVERY):
            self._write(f"{text}\n")
            self._shown, self._said_at = text, now

    def steps(self, words: Callable[[int, int], str]) -> _Steps:
        """A ``Progress`` that shows ``words(done, total)`` at each step."""
        return _Steps(self, words)

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # the terminal went away: the command goes on
            self._on = False


class _Steps:
    """``domain.progress.Progress`` for a :class:`ProgressLine` (it never cancels)."""

    def __init__(self, line: ProgressLine, words: Callable[[int, int], str]) -> None:
        self._line = line
        self._words = words

    def advance(self, done: int, total: int) -> None:
        """Show how far the work has got."""
        self._line.show(self._words(done, total))


def _is_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal (None: the windowed launcher has no standard error)."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # closed
        return False


def _width(stream: TextIO) -> int:
    """How many columns the terminal has (80 when it cannot say)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def _fitted(text: str, width: int) -> str:
    """``text`` cut to fewer columns than ``width``: a line that wraps cannot be rewritten."""
    if width < _NARROWEST:
        return ""
    room = width - 1  # some terminals wrap once the last column is written
    if _columns(text) <= room:
        return text
    kept = []
    for char in text:
        room -= _columns(char)
        if room < 1:  # one column left for the ellipsis
            break
        kept.append(char)
    return "".join(kept) + "…"


def _columns(text: str) -> int:
    """How many columns ``text`` takes on a terminal: two for each wide character (CJK)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
