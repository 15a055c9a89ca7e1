"""How long work reports progress and learns that it was cancelled, without knowing about Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

# How work that waits inside one long call (SQLite's own check of a file) hands over a way to
# stop that call when cancel is asked for, and takes it back (None) once the call is over.
StopWith = Callable[[Callable[[], None] | None], None]


class Cancelled(Exception):  # noqa: N818 - a choice the learner made, not an error
    """The learner cancelled the work; its transaction rolled back, so nothing changed."""


class Progress(Protocol):
    """Told how far long work has got; raises :class:`Cancelled` once cancel was asked for."""

    def advance(self, done: int, total: int) -> None:
        """Record that ``done`` of ``total`` steps are finished.

        Raises:
            Cancelled: The learner asked to stop; the caller must not commit.
        """
        ...


class NoProgress:
    """Progress nobody watches and nobody can cancel (command line, tests, small changes)."""

    def advance(self, done: int, total: int) -> None:
        """Do nothing."""


# Work in phases tells what it does as it goes: ``(what, done, total)``, a total of 0 when
# it is not counted; the kind an import's progress is (``services.import_tracker``).
Phased = Callable[[str, int, int], None]
# The phase in which a change backs up the collection before it starts: told in bytes read.
BACKING_UP_FIRST = "Backing up your collection first"
# The phase in which an import reads the file it was given: told in bytes read.
READING_THE_FILE = "Reading the file"
IN_BYTES = frozenset({BACKING_UP_FIRST, READING_THE_FILE})  # the phases told in bytes


class Phase:
    """The ``Progress`` of one phase, told to a :data:`Phased` callback (or to nobody)."""

    def __init__(self, told: Phased | None, what: str) -> None:
        self._told = told
        self._what = what

    def advance(self, done: int, total: int) -> None:
        """Tell how far the phase has got."""
        if self._told is not None:
            self._told(self._what, done, total)
