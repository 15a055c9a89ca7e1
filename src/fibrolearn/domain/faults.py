"""Failures of the disk under the collection, of access to it, or of what it holds, in words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto


class StorageProblemKind(Enum):
    """What kind of trouble an action on the collection ran into."""

    DISK_FULL = auto()
    READ_ONLY = auto()
    UNAVAILABLE = auto()
    BUSY = auto()  # another program holds the collection's lock
    DAMAGED = auto()  # what a row holds cannot be read: a failing disk, another program


# How to put back a backup from the command line, and in the app.
RESTORE_BY_COMMAND = (
    "`fibrolearn backups` to list them and `fibrolearn restore FILE` to put one back"
)
RESTORE_IN_APP = "File ▸ Backups… (your collection as it is now is backed up first)"

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
    StorageProblemKind.DAMAGED: (
        "Part of your collection is damaged and cannot be read (a failing disk or another "
        "program changed it), so FibroLearn could not finish your last action. Everything "
        f"saved before it is kept. To recover, restore a backup made before the damage: "
        f"{RESTORE_IN_APP}."
    ),
}


@dataclass(frozen=True, slots=True)
class StorageProblem:
    """An action that failed because of the disk or the file, not because of the code.

    Attributes:
        kind: Full, read-only, unavailable, busy (locked by another program), or damaged.
        detail: The system's own words, for the curious and for bug reports.
    """

    kind: StorageProblemKind
    detail: str

    @property
    def message(self) -> str:
        """What happened and what to do, in plain words."""
        return _MESSAGES[self.kind]
