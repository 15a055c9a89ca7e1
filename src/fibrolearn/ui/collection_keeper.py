"""Keeps the window's collection: opens it, recovers from damage, backs up, restores.

Services are never swapped under the window's feet: a restore (or a recovery) runs on the
background worker behind a modal progress window, closes the old services, and hands the
new ones to the window through the same ``collection_opened`` as the first start. A finished
restore is then shown in the status bar and announced to screen readers: which backup came
back, and where the collection it replaced is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from fibrolearn.domain.backups import (
    RESTORE_FINISHED,
    BackupInfo,
    BackupReason,
    RestoreResult,
    UnreadableMedia,
)
from fibrolearn.domain.faults import StorageProblemKind, what_lets_it_write
from fibrolearn.instance_lock import AlreadyRunningError
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import (
    CollectionDamagedError,
    CollectionMissingError,
    RestoreError,
    restore_backup,
    start_empty,
)
from fibrolearn.services.recovery_errors import BACKUP_REFUSED
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.ui.backup_dialog import (
    BackupDialog,
    RecoveryChoice,
    ask_missing_recovery,
    ask_recovery,
    when,
)
from fibrolearn.ui.dialogs import freed_when_closed
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.markers import marker
from fibrolearn.ui.questions import tell
from fibrolearn.ui.storage_errors import StorageErrorNotice
from fibrolearn.ui.tasks import TaskRunner

PERIODIC_CHECK_MS = 5 * 60 * 1000  # the service itself waits 30 minutes between backups
# How long the status bar shows what a restore did (long: it names a file), or why an
# automatic backup was not made (said again only once a backup was made, or for another reason).
TOLD_MS = 60_000
# Said after why a backup cannot be restored, found before anything changed.
NOT_RESTORED = "Nothing was changed: your collection is as it was."


def _backed_up(info: BackupInfo) -> str:
    """What a backup just made holds, and what it left out."""
    return f"Backed up {info.contents}. {info.left_out}".strip()


def restored_words(result: RestoreResult) -> str:
    """What a restore did: the backup brought back, where the replaced collection is, media kept.

    Its safety backup, or where it is kept when no backup of it was made (a damaged one set
    aside). The file is named without its folder, so the sentence fits the status bar: File ▸
    Backups lists a safety backup as made "Before restoring the backup of" the time said here
    (after the backup made as the restored collection opens), and a kept file lies beside the
    collection.
    Media files it kept as they were are named, with why and what to do, and the backup's it
    left out as damaged or could not find.
    """
    words = f"Restored the backup of {when(result.restored)}."
    kept = result.safety_backup.path if result.safety_backup is not None else result.kept
    if kept is not None:
        words += f" The collection as it was is kept in {kept.name}."
    return " ".join((words, *result.media_words))


class _ChangeFailedError(Exception):
    """A restore or fresh start failed, and the collection it left cannot be opened either.

    Carried as such, not by ``__cause__``: an opening error has causes of its own, and one
    after a change that worked must not be told as the change's failure.
    """

    def __init__(self, opening: Exception, change: Exception) -> None:
        super().__init__(str(opening))
        self.opening, self.change = opening, change


class SwitchProgress(QProgressDialog):
    """The window over a restore or a recovery: up until the collection is open again.

    Esc (or closing it) put a plain progress window away while the restore ran on: the deck
    list took keys again, and an answer given meanwhile went into the collection about to
    be replaced, shown as saved and then lost with it.
    """

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(title, "", 0, 0, parent)
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self._ended = False
        freed_when_closed(self)  # by end(), once the collection is open again

    def end(self) -> None:
        """The collection is open again (or could not be): the window goes."""
        self._ended = True
        self.close()

    def reject(self) -> None:
        """Esc: nothing can stop a restore half-way, so the window stays."""
        if self._ended:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: closed only by :meth:`end`."""
        if self._ended:
            super().closeEvent(event)
        else:
            event.ignore()


class CollectionKeeper(QObject):
    """Owns the open/restore/backup life of the collection shown in ``window``."""

    def __init__(
        self,
        window: MainWindow,
        tasks: TaskRunner,
        paths: AppPaths,
        open_services: Callable[[], Services],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._paths = paths
        self._open_services = open_services
        self._switching = False
        self.notice = StorageErrorNotice(window, paths)
        window.collection_ready.connect(
            lambda services: self.notice.use_collection(services.storage_problem)
        )
        window.read_only_notice.try_again.connect(self.reopen_for_changes)
        self.dialog: BackupDialog | None = None
        self._backing_up = False  # a backup the learner asked for (Back up now) is under way
        self.backups_action = QAction("&Backups…", window)
        self.backups_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.backups_action.triggered.connect(self.show_backups)
        window.addAction(self.backups_action)
        self._missed: StorageProblemKind | None = None  # why the last automatic backup failed
        self._left_out: tuple[UnreadableMedia, ...] = ()  # what the last one could not open
        self._switched = ""  # what the last restore (or recovery) did, as the status bar said it
        self._timer = QTimer(self)
        self._timer.setInterval(PERIODIC_CHECK_MS)
        self._timer.timeout.connect(self._periodic_backup)

    # ----------------------------------------------------------------- opening
    def open(self) -> None:
        """Open the collection in the background; the window shows it when ready."""
        self._tasks.run(self._open_services, self._opened, self._failed)

    def _opened(
        self, services: Services, then: Callable[[], None] | None = None, told: str = ""
    ) -> None:
        """Show the opened collection; ``told`` is said with what opening it did."""
        self._missed, self._left_out = None, ()  # another collection: its backups said afresh
        finished = services.finished_restore
        if finished is not None:
            told = f"{RESTORE_FINISHED} {restored_words(finished)} {told}".strip()
        self._window.collection_opened(services, then=then, told=told)
        marker("collection-opened")
        if services.database.read_only:
            return  # nothing changes, and there is nowhere to write a backup
        self._in_background(
            services, lambda: services.backups.backup_if_changed(BackupReason.START)
        )
        self._timer.start()

    def reopen_for_changes(self) -> None:
        """Open a read-only collection again, for writing if the disk or folder lets it now.

        The Try again button over the window, once space is freed or the folder or file made
        writable. The collection is opened anew beside the read-only one, and takes its
        place only if it can be written, or is read-only for another reason now (which the
        window then says throughout): otherwise nothing on screen changes. Either way the
        learner is told the outcome.
        """
        current = self._window.services
        if current is None or self._switching or not current.database.read_only:
            return
        self._switching = True
        self._window.say("Opening your collection again…")

        def done(services: Services) -> None:
            because = services.database.read_only_because
            if because is None:
                told = "Your collection can be saved again."
            else:
                fix = what_lets_it_write(because).capitalize()
                told = f"Your collection is still read-only. {fix}, then choose Try again."
            if because is not None and because is current.database.read_only_because:
                self._switching = False  # still as it was: the collection shown stays
                services.close()
                self._window.say(told, TOLD_MS)
                return
            come_back = self._window.set_place_aside()  # while its services still work

            def opened(_closed: object = None) -> None:
                self._switching = False
                self._opened(services, then=come_back, told=told)

            def not_closed(error: Exception) -> None:
                opened()  # the disk's doing must not keep the new one from the learner
                if storage_problem(error, self._paths.collection) is None:
                    raise error  # the code's own: reported as any other

            self._window.collection_closing()
            self._tasks.run(current.close, opened, not_closed)

        def failed(error: Exception) -> None:
            self._switching = False
            if isinstance(error, CollectionMissingError | CollectionDamagedError):
                self._window.collection_closing()
                current.close()  # the recovery offered replaces it
                self._failed(error)
            elif isinstance(error, AlreadyRunningError):  # another copy took the folder
                self._window.say(str(error), TOLD_MS)
            elif (problem := storage_problem(error, self._paths.collection)) is not None:
                self._window.say(problem.stopped("opening your collection again"), TOLD_MS)
            else:
                raise error  # the code's own: reported as any other

        self._tasks.run(self._open_services, done, failed)

    def _failed(self, error: Exception, not_done: str = "") -> None:
        """Opening failed: offer a recovery; ``not_done`` says why the one chosen before failed."""
        kept: Path | None = None  # where the collection that was there now is
        if isinstance(error, CollectionMissingError):
            self._window.collection_unavailable(
                "There is no collection, but there are backups of one."
            )
            choice = ask_missing_recovery(self._window, error, not_done)
        elif isinstance(error, CollectionDamagedError):
            self._window.collection_unavailable("Your collection was damaged and was set aside.")
            choice = ask_recovery(self._window, error, not_done)
            kept = error.moved_to
        else:
            # The disk's or another program's doing, in plain words, not SQLAlchemy's.
            problem = storage_problem(error, self._paths.collection)
            words = None if problem is None else problem.stopped("opening your collection")
            self._window.collection_failed(error, words)
            return
        if choice is RecoveryChoice.RESTORE and error.backup is not None:
            archive = error.backup.path
            self._switch(
                "Restoring your backup…",
                lambda: restore_backup(archive, self._paths, None, kept),
                restored_words,
            )
        elif choice is RecoveryChoice.START_EMPTY:
            started = "Started an empty collection."
            if kept is not None:
                started += f" The damaged one is kept in {kept.name}."
            self._switch(
                "Starting an empty collection…",
                lambda: start_empty(self._paths),
                lambda _result: started,
            )
        else:
            self._window.close()

    # ----------------------------------------------------------------- backups
    def show_backups(self) -> None:
        """Open the Backups window (File ▸ Backups…, Ctrl+Shift+B)."""
        services = self._window.services
        if services is None or self._switching:
            return
        self.dialog = BackupDialog(
            self._window,
            services.backups.list_backups,
            lambda: self._backup_now(services),
            self._paths.backups_dir,
            read_only_because=services.database.read_only_because,
        )
        freed_when_closed(self.dialog)
        self.dialog.restore_requested.connect(self.restore)
        self.dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        if self._backing_up:  # pressed in a Backups window closed since
            self.dialog.show_backing_up()
        self.dialog.open()

    def restore(self, archive: Path) -> None:
        """Replace the collection with ``archive`` (after backing up the current one)."""
        current = self._window.services
        if current is None or self._switching:
            return
        self._window.show_decks()  # ends any study session while its services still work

        def change() -> RestoreResult:
            try:
                return restore_backup(archive, self._paths, current)
            finally:
                current.close()

        self._switch("Restoring the backup…", change, restored_words)

    def _backup_now(self, services: Services) -> None:
        self._backing_up = True

        def ended(message: str) -> None:
            self._backing_up = False
            if self.dialog is not None:
                self.dialog.backed_up(message)
            else:  # the learner closed the Backups window while it ran: told all the same
                self._window.say(message, TOLD_MS)

        def done(info: BackupInfo) -> None:
            self._missed = None  # the disk takes backups again: a new failure is said
            ended(_backed_up(info))

        def failed(error: Exception) -> None:
            self._report(error)
            ended("The backup was not made. Your collection is as it was.")  # after the report

        self._tasks.run(lambda: services.backups.backup(BackupReason.MANUAL), done, failed)

    def _periodic_backup(self) -> None:
        services = self._window.services
        if services is not None and not self._switching:
            self._in_background(services, services.backups.backup_if_due)

    def _in_background(self, services: Services, work: Callable[[], object]) -> None:
        """Run ``work``, an automatic backup of ``services``' collection, on the worker."""
        self._tasks.run(
            work, self._backup_checked, lambda error: self._backup_missed(services, error)
        )

    def _backup_checked(self, made: BackupInfo | None) -> None:
        if made is not None:
            self._missed = None  # a backup that fails again is said again
            # Media left out is said once, not at every backup, until other files are.
            if made.unreadable_media and made.unreadable_media != self._left_out:
                said = _backed_up(made)
                # The start-up backup after a restore: what the restore did stays in view.
                if self._switched and self._window.statusBar().currentMessage() == self._switched:
                    said = f"{self._switched} {said}"
                self._window.say(said, TOLD_MS)
            self._left_out = made.unreadable_media
        marker("backup-checked")

    def _backup_missed(self, services: Services, error: Exception) -> None:
        """An automatic backup failed: said in the status bar and to screen readers.

        Not in a box: the learner did not ask for it, nothing they saved was touched, and the
        next backup tries again. Said once for as long as the backups fail for the same reason
        (a full disk stays full for a while), not at every 5-minute check. An error of the
        code's own is reported as any other.
        """
        problem = services.storage_problem(error)
        if problem is None:
            self._report(error)
            return
        if self.dialog is not None:
            self.dialog.refresh()
        if problem.kind is not self._missed:
            self._missed = problem.kind
            self._window.say(problem.missed_backup, TOLD_MS)

    def _report(self, error: Exception) -> None:
        if self.dialog is not None:
            self.dialog.refresh()
        if not self.notice.report(error):
            tell(
                self._window,
                QMessageBox.Icon.Warning,
                "Backup failed",
                f"FibroLearn could not back up: {error}",
            )

    # --------------------------------------------------------------- switching
    def _switch(
        self, title: str, change: Callable[[], Any], told: Callable[[Any], str] | None = None
    ) -> None:
        """Run ``change`` (which leaves the old services closed), then open the collection.

        The collection is reopened even when ``change`` fails, so the window always ends up
        with working services; the failure is reported afterwards. When ``change`` worked,
        ``told`` words what it did from its result, for the status bar and screen readers.
        """
        self._switching = True
        self._timer.stop()
        self._window.collection_closing()
        progress = SwitchProgress(title, self._window)
        progress.show()

        def work() -> tuple[Services, Any, Exception | None]:
            try:
                result = change()
            except Exception as error:  # reported once the collection is open again
                try:
                    return self._open_services(), None, error
                except (CollectionDamagedError, CollectionMissingError) as still:
                    raise _ChangeFailedError(still, error) from error  # asked again, and why
            return self._open_services(), result, None

        def done(outcome: tuple[Services, Any, Exception | None]) -> None:
            progress.end()
            self._switching = False
            services, result, error = outcome
            self._opened(services)
            if error is None:
                if told is not None:
                    self._switched = told(result)
                    self._window.say(self._switched, TOLD_MS)
            elif isinstance(error, RestoreError):  # its words name the step, and what it did
                self.notice.tell("Restore not finished", str(error), str(error.__cause__ or ""))
            elif isinstance(error, BACKUP_REFUSED):  # found before anything changed
                refused = f"{str(error).removesuffix('.')}. {NOT_RESTORED}"
                self.notice.tell("Backup not restored", refused)
            elif not self.notice.report(error):
                tell(self._window, QMessageBox.Icon.Warning, "Restore failed", str(error))

        def failed(error: Exception) -> None:
            progress.end()
            self._switching = False
            if isinstance(error, _ChangeFailedError):
                not_done = f"{title.removesuffix('…')} did not work. {error.change}"
                self._failed(error.opening, not_done)
            else:  # the change worked; opening what it left did not
                self._failed(error)

        self._tasks.run(work, done, failed)
