"""The line a long command rewrites on the terminal as it goes, as pip, git or rsync show one.

Shown on standard error, and only when that is a terminal: a pipe, a file or a CI log never
gets it, and standard output stays exactly the report scripts read. The line is cleared when
the work ends, however it ends (Ctrl+C too), before anything else is printed.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TextIO

_NARROWEST = 20  # columns; a terminal narrower than this gets no line


class ProgressLine:
    """One line of progress on a terminal, rewritten in place; nothing anywhere else.

    Used as a context manager around the long work, so the line is gone once it ends. It
    serves both kinds of progress the services take: :meth:`steps` gives the ``advance``
    kind (``domain.progress.Progress``), and the line itself is the import's callable one.
    """

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self._stream = sys.stderr if stream is None else stream
        self._on = not quiet and _is_terminal(self._stream)
        self._shown = ""

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
        """Show an import's step: ``what`` it does, ``done`` of ``total`` (0: not counted)."""
        self.show(counting(what)(done, total))

    def show(self, text: str) -> None:
        """Put ``text`` on the line in place of what it said (cut to the terminal's width)."""
        if not self._on:
            return
        text = _fitted(text, _width(self._stream))
        if text == self._shown:
            return
        # Spaces over what was there: unlike an escape sequence, every terminal has them.
        gone = max(0, _columns(self._shown) - _columns(text))
        self._write(f"\r{text}{' ' * gone}\r{text}" if gone else f"\r{text}")
        self._shown = text

    def clear(self) -> None:
        """Take the line away, leaving the cursor where it began."""
        if self._shown:
            self._write(f"\r{' ' * _columns(self._shown)}\r")
            self._shown = ""

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


def counting(what: str) -> Callable[[int, int], str]:
    """Words for ``done`` of ``total``: "Exporting notes… 4,210 of 10,000".

    Only ``what`` while the total is not known (0).
    """

    def words(done: int, total: int) -> str:
        if total <= 0:
            return f"{what}…"
        return f"{what}… {done:,} of {total:,}"

    return words


def named_steps(what: str, names: Sequence[str]) -> Callable[[int, int], str]:
    """Words for the step that runs, of ``names``: "Checking every card (step 3 of 4)…"."""

    def words(done: int, _total: int) -> str:
        at = max(0, min(done, len(names) - 1))
        return f"{what} {names[at]} (step {at + 1} of {len(names)})…"

    return words


def percent(what: str) -> Callable[[int, int], str]:
    """Words for ``done`` of ``total`` as a share: "Backing up… 42 %"."""

    def words(done: int, total: int) -> str:
        if total <= 0:
            return f"{what}…"
        return f"{what}… {min(100, 100 * done // total)} %"

    return words


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
