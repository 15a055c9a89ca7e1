"""Composition root: parse the command line, open the collection, run the GUI or a command."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fibrolearn import __version__, cli_backup, cli_check, cli_deck, cli_interop, cli_progress
from fibrolearn.cli_arguments import (
    add_command,
    add_data_dir,
    command_line,
    main_parser,
    parsed,
    unreadable_source,
)
from fibrolearn.cli_output import print_json
from fibrolearn.display import missing_display
from fibrolearn.domain.clock import Clock, SystemClock
from fibrolearn.domain.faults import (
    REPAIR_SETTING_BY_COMMAND,
    RESTORE_BY_COMMAND,
    StorageProblem,
    StorageProblemKind,
)
from fibrolearn.domain.words import deck_files_unread_words, search_text_repaired_words
from fibrolearn.instance_lock import AlreadyRunningError, InstanceLock
from fibrolearn.paths import (
    AppPaths,
    bundled_dir,
    file_writable,
    folder_writable,
    not_a_folder,
    resolve_paths,
    unusable_folder,
)
from fibrolearn.storage import file_check

if TYPE_CHECKING:
    import logging

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2

_RESTORE = f"restore a backup made before the damage: {RESTORE_BY_COMMAND}"
# A restore writes the data folder: one that cannot be written must be made writable first.
_RESTORE_ONCE_WRITABLE = f"make the data folder writable, then {_RESTORE}"
# What a command could not do because of the disk or another program, in command-line words;
# {outcome} is what that meant for what it did.
_NOT_DONE = {
    StorageProblemKind.DISK_FULL: (
        "The disk is full, so {outcome}. Everything saved before it is safe. Free some space, "
        "then run the command again."
    ),
    StorageProblemKind.READ_ONLY: (
        "FibroLearn cannot write to its data folder {folder} (it is read-only), so {outcome}. "
        "Everything saved before it is safe. Make the folder writable, or name another with "
        "--data-dir."
    ),
    StorageProblemKind.FILE_READ_ONLY: (
        "FibroLearn cannot write to the collection file in {folder} (it is read-only, or "
        "belongs to another account), so {outcome}. Everything saved before it is safe. Make "
        "the file writable, then run the command again."
    ),
    StorageProblemKind.BACKUPS_READ_ONLY: (
        "FibroLearn cannot write to its backups folder {backups} (it is read-only, or belongs "
        "to another account), so {outcome}. Everything saved before it is safe. Make that "
        "folder writable, then run the command again."
    ),
    StorageProblemKind.UNAVAILABLE: (
        "FibroLearn could not reach its data folder {folder} (the disk reported an error), so "
        "{outcome}. Everything saved before it is safe. Check that the disk is connected, "
        "then run the command again."
    ),
    StorageProblemKind.PATH_TOO_LONG: (
        "The path to the data folder {folder} is too long for FibroLearn's database to be "
        "opened there, so {outcome}. Everything saved before it is safe. Move the folder to a "
        "shorter path and name it with --data-dir."
    ),
    StorageProblemKind.BUSY: (
        "Another program is using your collection, so {outcome}. Everything saved before it "
        "is safe. Wait a moment, or close that program, then run the command again."
    ),
    StorageProblemKind.DAMAGED: (
        "Part of the collection is damaged and cannot be read (a failing disk or another "
        "program changed it), so {outcome}. Everything saved before it is kept. To recover, "
        "{recover}."
    ),
    StorageProblemKind.SEARCH_TEXT_UNKEPT: (
        "Another program or a failing disk changed how the collection keeps Browse's search "
        "text, so {outcome}. Everything saved before it is safe. Run `{run} check --repair`; "
        "nothing you made changes. Then run the command again."
    ),
    StorageProblemKind.SETTING_DAMAGED: (
        "One of the collection's settings is damaged and cannot be read, so {outcome}. "
        "Everything saved before it is safe. Run `{run} check --repair`, which sets it back "
        "to its default (no card or review is touched). Then run the command again."
    ),
}
_NOT_FINISHED = "the command could not finish"
# A disk error met as its changes were saved may come once they were written (see
# StorageProblem.maybe_saved): they can be back after a crash, so they are not called lost.
_MAYBE_NOT_SAVED = "what the command changed may not have been saved"


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """What the command line asks for, as :func:`build_parser` reads it.

    The app window's own line (nothing, or only ``--data-dir``) is read by hand, without the
    parsers of every command, which took 11-19 ms of each start before the window's paint.
    """
    return parsed(argv, build_parser)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = main_parser(
        "FibroLearn: spaced-repetition flashcards and self-quizzes on the causes of "
        "fibromyalgia, fully offline. With no command, the app window opens."
    )
    parser.add_argument("--version", action="version", version=f"FibroLearn {__version__}")
    add_data_dir(parser, default=None, shown=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    stats = add_command(
        commands,
        "stats",
        "print study statistics per deck as JSON: cards by state, cards due today, what the "
        "deck list offers today (new, learning, due), answers today and in all",
    )
    stats.add_argument("--json", action="store_true", help="print JSON (the only format yet)")
    cli_check.add_commands(commands)
    cli_deck.add_commands(commands)
    cli_progress.add_commands(commands)
    cli_backup.add_commands(commands)
    cli_interop.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run FibroLearn; returns the process exit status."""
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.command is not None:
        gc.enable()  # the launcher turned it off for the window's start (see __main__)
        _ctrl_c_said_once()
    if cli_deck.about_a_file(args):
        return cli_deck.run_on_file(args)
    paths = resolve_paths(args.data_dir)
    # Said before the folder is locked, which would make it.
    if args.command is None:
        problem = unusable_folder(paths.data_dir) or missing_display()
    else:
        problem = _unfit_for_command(args, paths)
    if problem is not None:
        print(f"fibrolearn: {problem}", file=sys.stderr)
        return EXIT_PROBLEM
    lock = InstanceLock(paths.data_dir)  # held until this process ends; never written to
    try:
        locked = lock.acquire()
    except AlreadyRunningError as error:
        if args.command is None:
            from fibrolearn.ui.single_instance import activate_running_copy  # noqa: PLC0415

            return activate_running_copy(paths, error)
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    if args.command is None:
        return _window(paths, lock, locked=locked)
    return _headless_command(args, paths)


def _ctrl_c_said_once() -> None:
    """Leave out of the library messages Python shows a Ctrl+C that stopped a library's work.

    SQLAlchemy logged one that came as it closed the collection as an error, with a
    traceback, then let it stop the command, which the launcher says on a line of its own
    (see ``__main__``). Its other messages, and other libraries', show as before.
    """
    import logging  # noqa: PLC0415 - for commands only

    if logging.lastResort is not None:  # None: a program set messages aside on purpose
        logging.lastResort.addFilter(_not_ctrl_c)  # once: a filter is added only once


def _not_ctrl_c(record: logging.LogRecord) -> bool:
    """Whether a library's message is about something other than a Ctrl+C."""
    return not (record.exc_info and isinstance(record.exc_info[1], KeyboardInterrupt))


def _unfit_for_command(args: argparse.Namespace, paths: AppPaths) -> str | None:
    """Why the command cannot run on the data folder, or read its file; None if it can.

    The app window says these in its own words.
    """
    problem = not_a_folder(paths.data_dir)
    if problem is None and needs_a_collection(args) and _nothing_there(paths):
        problem = no_collection_words(paths)
    return problem or unreadable_source(args)


def _window(paths: AppPaths, lock: InstanceLock, *, locked: bool) -> int:
    """Run the app's window on ``paths``, held by ``lock`` if ``locked``; the exit status."""
    if not locked:
        from fibrolearn.ui.single_instance import activate_copy_listening  # noqa: PLC0415

        if (status := activate_copy_listening(paths)) is not None:
            return status
    # For NumPy, which Progress's charts load later while other threads may be in SQLite:
    # changing the environment then could race a read of it (see load_charts).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Begun before Qt and the app's code load, so that both run meanwhile.
    early_check = file_check.EarlyFileCheck(paths.collection)
    from fibrolearn.services.deck_list import EarlyDeckList  # noqa: PLC0415 - the GUI's

    first_decks = EarlyDeckList(paths.collection, SystemClock().now())
    from fibrolearn.ui.app import run_gui  # noqa: PLC0415 - Qt loads only for the GUI

    take_folder = None if locked else lock_when_free(lock)
    return run_gui(paths, locking_opener(paths, lock, early_check), first_decks, take_folder)


def lock_when_free(lock: InstanceLock) -> Callable[[], bool]:
    """For a window whose folder could not be locked at start: one try to lock it now.

    The try says whether the folder is locked. A window started on a read-only folder runs
    unlocked; tried again and again, the lock is taken soon after the folder becomes
    writable, so that a copy or command started then finds this one instead of writing
    beside it. One a command holds meanwhile is tried again later.
    """

    def attempt() -> bool:
        with contextlib.suppress(AlreadyRunningError):
            lock.acquire()
        return lock.held

    return attempt


def locking_opener(
    paths: AppPaths, lock: InstanceLock, file_problems: Callable[[Path], list[str]]
):  # -> Callable[[], Services]
    """How the window opens the collection: with the folder locked first, if it can be now.

    A folder that could not be locked at start (it was not writable) may be writable when the
    window opens the collection again (Try again): it is locked before anything is written
    in it, or a copy started meanwhile could write to it too.

    Raises (when called):
        AlreadyRunningError: Another copy took the folder meanwhile.
    """

    def open_for_window():  # -> Services
        lock.acquire()
        return open_services(paths, file_problems=file_problems)

    return open_for_window


def _headless_command(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run a command on the collection; a storage problem (busy, disk full, ...) is said plainly."""
    try:
        return _on_collection(args, paths)
    except Exception as error:
        from fibrolearn.services.storage_errors import storage_problem  # noqa: PLC0415

        problem = storage_problem(error, paths.collection)
        if problem is None:
            raise
        return _not_done(problem, paths)


def _not_done(problem: StorageProblem, paths: AppPaths) -> int:
    """Say that a command could not finish because of ``problem``; the exit status."""
    # Probed only for damage, whose remedy (a restore) writes the folder.
    damaged = problem.kind is StorageProblemKind.DAMAGED
    recover = (
        _RESTORE_ONCE_WRITABLE if damaged and not folder_writable(paths.data_dir) else _RESTORE
    )
    outcome = _MAYBE_NOT_SAVED if problem.maybe_saved else _NOT_FINISHED
    run = command_line(paths.data_dir)
    words = _NOT_DONE[problem.kind].format(
        folder=paths.data_dir,
        backups=paths.backups_dir,
        recover=recover.format(run=run),
        outcome=outcome,
        run=run,
    )
    print(f"fibrolearn: {words}", file=sys.stderr)
    return EXIT_PROBLEM


def needs_a_collection(args: argparse.Namespace) -> bool:
    """Whether the command works on an existing collection and must never start one.

    Reading commands (and ``backup``, which has nothing to back up without one) refuse a
    folder without a collection instead of making an empty one to read.
    """
    if args.command == "revlog":
        return args.revlog_command == "export"
    if args.command == cli_deck.COMMAND:
        return cli_deck.needs_a_collection(args)
    return args.command in {"stats", "export", "optimize", "backup", "backups"}


def _nothing_there(paths: AppPaths) -> bool:
    """No collection, none set aside and no backups: nothing to work on, or to offer."""
    if paths.collection.exists():
        return False
    if not paths.data_dir.is_dir():
        return True
    from fibrolearn.services.recovery import set_aside_earlier  # noqa: PLC0415

    return set_aside_earlier(paths) is None and not any(paths.backups_dir.glob("*"))


def no_collection_words(paths: AppPaths) -> str:
    """There is no collection in the data folder, and nothing was created."""
    missing = "" if paths.data_dir.exists() else " (the folder does not exist)"
    return (
        f"There is no collection in {paths.data_dir}{missing}, so there is nothing for this "
        "command to work on; nothing was created. Name the folder that holds your collection "
        "with --data-dir, or start one there by opening FibroLearn or importing a file."
    )


def _on_collection(args: argparse.Namespace, paths: AppPaths) -> int:
    from fibrolearn.storage.migrate import CollectionError  # noqa: PLC0415

    if needs_a_collection(args) and not paths.collection.exists():
        return _without_collection(args, paths)
    if args.command in cli_backup.COMMANDS:
        return cli_backup.run(args, paths, lambda: _opened_for_command(paths))
    try:
        # May write: an upgrade, a bundled deck's update.
        services = _opened_for_command(paths, checking=args.command == cli_check.COMMAND)
    except CollectionError as error:
        return collection_refused(error, paths)
    try:
        return _run_on_collection(args, services, paths)
    except Exception as error:
        # Worded as the open collection knows it: a write it refused, opened read-only on a
        # full disk, is the full disk's doing.
        problem = services.storage_problem(error)
        if problem is None:
            raise
        return _not_done(problem, paths)
    finally:
        services.close()


def _opened_for_command(paths: AppPaths, *, checking: bool = False):
    """The collection's services for a command, saying on stderr what opening had to repair.

    A damaged record of deck files is said too, but not to ``checking`` (the check's own
    report names the setting, and its --repair mends it).
    """
    services = open_services(paths)
    repaired = search_text_repaired_words(services.decks.repaired_search_text)
    unread = deck_files_unread_words(
        services.decks.files_unread and not checking,
        REPAIR_SETTING_BY_COMMAND.format(run=command_line(paths.data_dir)),
    )
    for words in filter(None, (repaired, unread)):
        print(f"fibrolearn: {words}", file=sys.stderr)
    if services.finished_restore is not None:
        from fibrolearn.domain.backups import RESTORE_FINISHED  # noqa: PLC0415

        print(f"fibrolearn: {RESTORE_FINISHED}", file=sys.stderr)
        for line in cli_backup.restored_lines(services.finished_restore):
            print(f"fibrolearn: {line}", file=sys.stderr)
    return services


def collection_refused(error: Exception, paths: AppPaths) -> int:
    """Say why the collection cannot be opened, and how to recover if a backup can help."""
    print(f"fibrolearn: {error}", file=sys.stderr)
    hint = cli_backup.recovery_hint(error, paths)
    if hint:
        print(hint, file=sys.stderr)
    return EXIT_PROBLEM


def _without_collection(args: argparse.Namespace, paths: AppPaths) -> int:
    """A command that needs a collection, in a folder without one: say so, create nothing.

    A collection set aside as damaged earlier, or good backups in the folder, are offered as
    the app offers them.
    """
    from fibrolearn.services.recovery import check_collection  # noqa: PLC0415
    from fibrolearn.storage.migrate import CollectionError  # noqa: PLC0415

    if args.command == "backups":
        cli_backup.print_backups(paths)  # what a restore may bring back
    try:
        check_collection(paths)  # moves nothing: there is no collection to move
    except CollectionError as error:
        return collection_refused(error, paths)
    print(f"fibrolearn: {no_collection_words(paths)}", file=sys.stderr)
    return EXIT_PROBLEM


def _run_on_collection(args: argparse.Namespace, services, paths: AppPaths) -> int:
    if args.command == "stats":
        print_json(services.stats.summary())
        return EXIT_OK
    if args.command in cli_progress.COMMANDS:
        return cli_progress.run(args, services)
    if args.command in cli_interop.COMMANDS:
        return cli_interop.run(args, services)
    if args.command == cli_deck.COMMAND:
        return cli_deck.run(args, services, command_line(paths.data_dir))
    return cli_check.run(args, services, paths)


def open_services(
    paths: AppPaths,
    clock: Clock | None = None,
    *,
    file_problems: Callable[[Path], list[str]] = file_check.file_problems,
    deck_files: Iterable[Path] | None = None,
):
    """Open (create, upgrade) the collection, load bundled decks, and wire the services.

    A data folder FibroLearn may not write to, or a collection on a full disk, is opened
    read-only: the cards can be read, and every write is refused with a message; nothing is
    created, upgraded or loaded. ``clock`` is the system clock unless a benchmark or test
    harness brings its own; ``file_problems`` is a check of the collection begun earlier
    (``EarlyFileCheck``); ``deck_files`` are the decks to load instead of the bundled ones
    (for tests).
    """
    from fibrolearn.services.container import Services  # noqa: PLC0415
    from fibrolearn.services.recovery import check_collection, set_aside_if_damaged  # noqa: PLC0415
    from fibrolearn.storage.migrate import open_collection_read_only  # noqa: PLC0415

    read_only = not folder_writable(paths.data_dir)
    # quick_check; damage is moved aside
    finished_restore = check_collection(paths, read_only=read_only, file_problems=file_problems)
    database = None
    try:
        if read_only:
            database = open_collection_read_only(paths.collection)
        elif not file_writable(paths.collection):
            because = StorageProblemKind.FILE_READ_ONLY
            database = open_collection_read_only(paths.collection, because=because)
        else:
            database = _open_or_read_when_full(paths)
        services = Services.build(
            database, clock or SystemClock(), finished_restore=finished_restore
        )
        if not database.read_only:
            bundled = bundled_dir("decks").glob("*.toml")
            services.decks.load_at_opening(bundled if deck_files is None else deck_files)
    except Exception as error:
        if database is not None:
            database.close()
        # Damage in what rows hold, which quick_check cannot see, shows as they are read.
        set_aside_if_damaged(paths, error, read_only=read_only)
        raise
    return services


def _open_or_read_when_full(paths: AppPaths):  # -> Database, loaded with the services
    """The collection opened for writing, or on a disk too full for that, for reading.

    SQLite cannot even read a collection kept with a write-ahead log without room to make
    the log's index beside it; opened read-only, it is read as the file holds it, and every
    write is refused as the full disk's doing (``Database.read_only_because``).
    """
    from fibrolearn.services.storage_errors import storage_problem  # noqa: PLC0415
    from fibrolearn.storage.migrate import open_collection, open_collection_read_only  # noqa: PLC0415

    # Making, or upgrading, a collection on a full disk fails here, and is said as that.
    database = open_collection(paths.collection, paths.backups_dir)
    try:
        database.engine.connect().close()  # a first connection makes the log's index
    except Exception as error:
        database.close()
        problem = storage_problem(error, paths.collection)
        if problem is None or problem.kind is not StorageProblemKind.DISK_FULL:
            raise
        return open_collection_read_only(paths.collection, because=StorageProblemKind.DISK_FULL)
    return database
