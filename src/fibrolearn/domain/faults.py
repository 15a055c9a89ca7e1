"""Failures of the disk under the collection, of access to it, or of what it holds, in words."""

from __future__ import annotations

from enum import Enum, auto
from typing import NamedTuple


class StorageProblemKind(Enum):
    """What kind of trouble an action on the collection ran into."""

    DISK_FULL = auto()
    READ_ONLY = auto()
    # The collection file only is read-only (left by another account, say, or locked).
    FILE_READ_ONLY = auto()
    # Only the backups folder takes no new file (made by another account, locked): the
    # collection and its folder are fine, but no backup can be made.
    BACKUPS_READ_ONLY = auto()
    UNAVAILABLE = auto()
    PATH_TOO_LONG = auto()  # the data folder's path is longer than SQLite opens
    BUSY = auto()  # another program holds the collection's lock
    DAMAGED = auto()  # what a row holds cannot be read: a failing disk, another program
    # What keeps Browse's search text was changed (another program, a failing disk): a repair
    # puts it back, and nothing the learner made is lost.
    SEARCH_TEXT_UNKEPT = auto()
    # A setting cannot be read back (another program, a failing disk): a repair sets it back
    # to its default, and no card or review is touched.
    SETTING_DAMAGED = auto()


class BackupsFolderRefusedError(OSError):
    """The backups folder takes no new file, while the data folder does.

    Raised from the error the backup met, which SQLite words as a disk error ("unable to open
    database file"); its errno is the folder's refusal.
    """


# How to put back a backup from the command line, and in the app. In the command line's
# words, {run} is the command to paste: "fibrolearn", with --data-dir for another folder.
RESTORE_BY_COMMAND = "`{run} backups` to list them and `{run} restore FILE` to put one back"
RESTORE_IN_APP = "File ▸ Backups… (your collection as it is now is backed up first)"
# How a damaged setting is set back to its default, in the app and from the command line.
REPAIR_SETTING_IN_APP = (
    "Tools ▸ Check collection… names it, and its Repair button sets it back to its default"
)
REPAIR_SETTING_BY_COMMAND = "`{run} check --repair` sets it back to its default"

# What happened, and what to do about it; a message says between them what it meant for what
# the learner did.
_CAUSES = {
    StorageProblemKind.DISK_FULL: "Your disk is full",
    StorageProblemKind.READ_ONLY: "FibroLearn cannot write to its data folder (it is read-only)",
    StorageProblemKind.FILE_READ_ONLY: (
        "FibroLearn cannot write to your collection file (it is read-only, or belongs to another "
        "account)"
    ),
    StorageProblemKind.BACKUPS_READ_ONLY: (
        "FibroLearn cannot write to its backups folder (it is read-only, or belongs to another "
        "account)"
    ),
    StorageProblemKind.UNAVAILABLE: (
        "FibroLearn could not reach its data folder (the disk reported an error)"
    ),
    StorageProblemKind.PATH_TOO_LONG: (
        "The path to FibroLearn's data folder is too long for its database to be opened there"
    ),
    StorageProblemKind.BUSY: "Another program is using your collection",
    StorageProblemKind.DAMAGED: (
        "Part of your collection is damaged and cannot be read (a failing disk or another "
        "program changed it)"
    ),
    StorageProblemKind.SEARCH_TEXT_UNKEPT: (
        "Another program or a failing disk changed how your collection keeps Browse's search text"
    ),
    StorageProblemKind.SETTING_DAMAGED: (
        "One of your collection's settings is damaged and cannot be read (a failing disk or "
        "another program changed it)"
    ),
}
# What puts a passing problem right, before the action is tried again: by the learner, or
# by FibroLearn itself (the next automatic backup).
_FIXES = {
    StorageProblemKind.DISK_FULL: "Free some space",
    StorageProblemKind.READ_ONLY: (
        "Make the folder writable, or start FibroLearn with another data folder"
    ),
    StorageProblemKind.FILE_READ_ONLY: "Make the collection file writable",
    StorageProblemKind.BACKUPS_READ_ONLY: "Make the backups folder writable",
    StorageProblemKind.UNAVAILABLE: "Check that the disk is connected",
    StorageProblemKind.BUSY: "Wait a moment, or close that program",
}
_KEEP_READING = "you can keep reading cards meanwhile."
_REMEDIES = {
    StorageProblemKind.DISK_FULL: (
        f"{_FIXES[StorageProblemKind.DISK_FULL]}, then try again; {_KEEP_READING}"
    ),
    StorageProblemKind.READ_ONLY: f"{_FIXES[StorageProblemKind.READ_ONLY]}; {_KEEP_READING}",
    StorageProblemKind.FILE_READ_ONLY: (
        f"{_FIXES[StorageProblemKind.FILE_READ_ONLY]}, then try again; {_KEEP_READING}"
    ),
    StorageProblemKind.BACKUPS_READ_ONLY: (
        f"{_FIXES[StorageProblemKind.BACKUPS_READ_ONLY]}, then try again."
    ),
    StorageProblemKind.UNAVAILABLE: f"{_FIXES[StorageProblemKind.UNAVAILABLE]}, then try again.",
    StorageProblemKind.PATH_TOO_LONG: (
        "Move the data folder to a shorter path and start FibroLearn with it there "
        "(fibrolearn --data-dir FOLDER)."
    ),
    StorageProblemKind.BUSY: f"{_FIXES[StorageProblemKind.BUSY]}, then try again.",
    StorageProblemKind.DAMAGED: (
        f"To recover, restore a backup made before the damage: {RESTORE_IN_APP}."
    ),
    StorageProblemKind.SEARCH_TEXT_UNKEPT: (
        "Tools ▸ Check collection… finds it, and its Repair button puts it right; nothing you "
        "made changes. Then try again."
    ),
    StorageProblemKind.SETTING_DAMAGED: (
        f"{REPAIR_SETTING_IN_APP}; no card or review is touched. Then try again."
    ),
}
# Nothing can be written in a collection the app opened read-only (nor a restore nor a
# repair where nothing can be written): the folder or the disk first, then the collection
# opened anew, by the Try again over the window that says it is read-only.
_REMEDIES_ONCE_WRITABLE = {
    StorageProblemKind.READ_ONLY: (
        "Make the folder writable and choose Try again, or start FibroLearn with another data "
        "folder; you can keep reading cards meanwhile."
    ),
    StorageProblemKind.FILE_READ_ONLY: (
        f"{_FIXES[StorageProblemKind.FILE_READ_ONLY]} and choose Try again; {_KEEP_READING}"
    ),
    StorageProblemKind.DISK_FULL: (
        f"{_FIXES[StorageProblemKind.DISK_FULL]}, then choose Try again; {_KEEP_READING}"
    ),
    StorageProblemKind.DAMAGED: (
        "To recover, {first} and choose Try again, then restore a backup made before the "
        f"damage: {RESTORE_IN_APP}."
    ),
    StorageProblemKind.SEARCH_TEXT_UNKEPT: (
        "{First} and choose Try again; then Tools ▸ Check collection… finds it, and its "
        "Repair button puts it right. Nothing you made changes."
    ),
    StorageProblemKind.SETTING_DAMAGED: (
        "{First} and choose Try again; then Tools ▸ Check collection… names it, and its "
        "Repair button sets it back to its default. No card or review is touched."
    ),
}
# What lets a collection opened read-only be written once opened anew, by why it was.
_FIRST_OF_ALL = {
    StorageProblemKind.READ_ONLY: "make the data folder writable",
    StorageProblemKind.FILE_READ_ONLY: "make the collection file writable",
    StorageProblemKind.DISK_FULL: "free some space",
}


def what_lets_it_write(because: StorageProblemKind) -> str:
    """What lets a collection opened read-only ``because`` of this be written next start.

    "make the data folder writable", "free some space", ...
    """
    return _FIRST_OF_ALL[because]


# Work that only reads is not told it can keep reading, which is what it failed to do.
_REMEDIES_FOR_A_READ = {
    StorageProblemKind.DISK_FULL: f"{_FIXES[StorageProblemKind.DISK_FULL]}, then try again.",
    StorageProblemKind.READ_ONLY: f"{_FIXES[StorageProblemKind.READ_ONLY]}.",
    StorageProblemKind.FILE_READ_ONLY: (
        f"{_FIXES[StorageProblemKind.FILE_READ_ONLY]}, then try again."
    ),
}
# Why a collection was opened for reading only, where that stops something ("Repair is not
# offered: ...").
READ_ONLY_BECAUSE = {
    StorageProblemKind.READ_ONLY: "FibroLearn cannot write to its data folder",
    StorageProblemKind.FILE_READ_ONLY: "FibroLearn cannot write to your collection file",
    StorageProblemKind.DISK_FULL: "the disk was full when FibroLearn opened your collection",
}
_NOT_SAVED = "so your last action was not saved. Everything saved before it is safe."
# A disk error met as an action is saved may come once it is written: it can be back after a
# crash, so it is not called lost; trying again saves it once.
_MAYBE_NOT_SAVED = (
    "so your last action may not have been saved. Everything saved before it is safe."
)
# Damage may have reached what was saved before, too: it is kept, not called safe.
_NOT_FINISHED = (
    "so FibroLearn could not finish your last action. Everything saved before it is kept."
)
# An automatic backup is no action of the learner's, and FibroLearn makes it again itself.
_BACKED_UP_AGAIN = "FibroLearn tries again at the next backup."


class StorageProblem(NamedTuple):
    """An action that failed because of the disk or the file, not because of the code.

    Attributes:
        kind: Full, read-only, unavailable, busy (locked by another program), damaged,
            search text no longer kept, or a setting damaged (a repair puts either right).
        detail: The system's own words, for the curious and for bug reports.
        read_only_because: Why the collection was opened read-only (a read-only folder, a
            full disk), or None when it is open for writing, so that a backup can be restored
            now; see :meth:`in_read_only_collection`.
        maybe_saved: Whether the action may be saved all the same: the disk reported an
            error as it was being saved, perhaps once it was written.
    """

    kind: StorageProblemKind
    detail: str
    read_only_because: StorageProblemKind | None = None
    maybe_saved: bool = False

    @property
    def writable(self) -> bool:
        """Whether the collection was open for writing."""
        return self.read_only_because is None

    @property
    def fix(self) -> str | None:
        """What puts a passing problem right before the action is tried again, if it is one.

        "Free some space", say; None for damage, which the action's own words must explain.
        """
        return _FIXES.get(self.kind)

    @property
    def message(self) -> str:
        """What happened to the learner's last action and what to do, in plain words."""
        return f"{_CAUSES[self.kind]}, {self._outcome} {self._remedy}"

    @property
    def _outcome(self) -> str:
        if self.kind is StorageProblemKind.DAMAGED:
            return _NOT_FINISHED
        return _MAYBE_NOT_SAVED if self.maybe_saved else _NOT_SAVED

    def refused(self, change: str, done: str, meant: str) -> str:
        """The message for a change the collection refused, and what that meant.

        ``change`` was not ``done`` ("your energy answer", "saved"); ``meant`` is what came
        of the action all the same ("the gentle session started without it"). One that may
        be saved all the same is said so, without ``meant``, which depends on whether it was.
        """
        if self.maybe_saved:
            return f"{_CAUSES[self.kind]}, so {change} may not have been {done}. {self._remedy}"
        return f"{_CAUSES[self.kind]}, so {change} was not {done}; {meant}. {self._remedy}"

    def stopped(self, what: str) -> str:
        """The message for ``what`` (say "the check"), which only reads: it changed nothing.

        Unless it may have saved something all the same (opening the collection updates a
        bundled deck, say): then it is not said to have changed nothing.
        """
        changed = "" if self.maybe_saved else "; it changed nothing"
        outcome = f"so {what} could not finish{changed}."
        remedy = self._remedy
        if self.writable:
            remedy = _REMEDIES_FOR_A_READ.get(self.kind, remedy)
        return f"{_CAUSES[self.kind]}, {outcome} {remedy}"

    @property
    def missed_backup(self) -> str:
        """The message for an automatic backup that failed: nothing the learner saved is lost.

        FibroLearn tries again by itself, so the learner is told what puts it right, not to
        try again.
        """
        # Damage may have reached what was saved, as in :attr:`message`: kept, not safe.
        saved = "kept" if self.kind is StorageProblemKind.DAMAGED else "safe"
        fix = _FIXES.get(self.kind)
        remedy = self._remedy if fix is None else f"{fix}; {_BACKED_UP_AGAIN}"
        return (
            f"{_CAUSES[self.kind]}, so the automatic backup could not be made. Your answers "
            f"and everything else you saved are {saved}. {remedy}"
        )

    def in_read_only_collection(
        self, because: StorageProblemKind = StorageProblemKind.READ_ONLY
    ) -> StorageProblem:
        """The same problem, met in a collection the app opened read-only.

        ``because`` of a read-only folder, or a full disk: a write it refused is said as that.
        """
        kind = because if self.kind is StorageProblemKind.READ_ONLY else self.kind
        return self._replace(kind=kind, read_only_because=because)

    @property
    def needs_a_fresh_start(self) -> bool:
        """Whether only the collection opened anew, able to write, gets past it.

        By Try again over the window, or a new start: trying the action again cannot.
        """
        return not self.writable and self.kind in _REMEDIES_ONCE_WRITABLE

    @property
    def _remedy(self) -> str:
        if not self.needs_a_fresh_start:
            return _REMEDIES[self.kind]
        assert self.read_only_because is not None  # (not writable)
        first = what_lets_it_write(self.read_only_because)
        return _REMEDIES_ONCE_WRITABLE[self.kind].format(first=first, First=first.capitalize())
