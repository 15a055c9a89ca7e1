"""How long work's progress is worded, the same on the command line and in the windows.

Each gives a function of ``(done, total)``; :func:`phase_words` words one ``Phased`` report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fibrolearn.domain.progress import IN_BYTES


def phase_words(what: str, done: int, total: int) -> str:
    """A phase of the work: ``what`` it does, ``done`` of ``total`` (0: not counted).

    A phase told in bytes (a backup's, a file's reading) is worded as a share.
    """
    words = percent if what in IN_BYTES else counting
    return words(what)(done, total)


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
