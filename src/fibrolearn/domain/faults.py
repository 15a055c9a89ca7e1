"""Failures of the disk under the collection (or of access to it), described for the learner."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto


class StorageProblemKind(Enum):
    """What kind of trouble writing to the collection ran into."""

    DISK_FULL = auto()
    READ_ONLY = auto()
    UNAVAILABLE = auto()
    BUSY = auto()  # another program holds the collection's lock


_MESSAGES = {
    StorageProblemKind.DISK_FULL: (
        "Your disk is full, so FibroLearn could not save your last action. Everything saved "
        "before it is safe. Free some space, then try again; you can keep reading cards "
        "meanwhile."
    ),
    StorageProblemKind.READ_ONLY: (
        "FibroLearn cannot write to its data folder (it is read-only), so your last action "
        "was not saved. Everything saved before it is safe. Make the folder writable, or "
        "start FibroLearn with another data folder; you can keep reading cards meanwhile."
    ),
    StorageProblemKind.UNAVAILABLE: (
        "FibroLearn could not reach its data folder (the disk reported an error), so your "
        "last action was not saved. Everything saved before it is safe. Check that the disk "
        "is connected, then try again."
    ),
    StorageProblemKind.BUSY: (
        "Another program is using your collection, so FibroLearn could not save your last "
        "action. Everything saved before it is safe. Wait a moment, or close that program, "
        "then try again."
    ),
}


@dataclass(frozen=True, slots=True)
class StorageProblem:
    """A write that failed because of the disk, not because of the data.

    Attributes:
        kind: Full, read-only, unavailable, or busy (locked by another program).
        detail: The system's own words, for the curious and for bug reports.
    """

    kind: StorageProblemKind
    detail: str

    @property
    def message(self) -> str:
        """What happened and what to do, in plain words."""
        return _MESSAGES[self.kind]
