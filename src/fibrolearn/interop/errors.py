"""What goes wrong when moving cards in and out."""

from __future__ import annotations

import errno

# What lets a folder take a file its disk refused, by the system's reason.
_FIXES = {
    errno.ENOSPC: "Free some space there",
    errno.EDQUOT: "Free some space there",
    errno.EACCES: "Make that folder writable",
    errno.EPERM: "Make that folder writable",
    errno.EROFS: "Make that folder writable",
}


class InteropError(Exception):
    """A file cannot be imported or written; the message says what was wrong and where.

    Nothing in the collection changed when this is raised.
    """


class ImportCancelledError(InteropError):
    """The learner cancelled the import; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


def refused_by_disk(failed: str, error: OSError, again: str, meant: str = "") -> InteropError:
    """What ``failed`` ("deck.apkg cannot be written"), why, what it ``meant``, what to do.

    ``again`` is what to do once it is put right ("export again"): a full disk or a
    read-only folder says how to put it right first, in plain words.
    """
    fix = _FIXES.get(error.errno or 0)
    remedy = f"{fix}, then {again}." if fix else f"{again.capitalize()} once that is fixed."
    return InteropError(
        " ".join(filter(None, (f"{failed}: {error.strerror or error}.", meant, remedy)))
    )
