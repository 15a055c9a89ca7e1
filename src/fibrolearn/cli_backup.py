"""Headless backup commands: ``fibrolearn backup``, ``backups`` and ``restore FILE``.

Imported by the command-line parser on every start, so the services load only when a command
runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fibrolearn.cli_arguments import add_command, add_quiet, command_line, readable_as_typed
from fibrolearn.cli_progress_line import ProgressLine
from fibrolearn.domain.progress_words import named_steps, percent
from fibrolearn.domain.words import counted, local_time_words, media_kept_words, size_words
from fibrolearn.paths import AppPaths, lookup_refused

if TYPE_CHECKING:
    from fibrolearn.domain.backups import BackupInfo, RestoreResult
    from fibrolearn.services.container import Services

COMMANDS = frozenset({"backup", "backups", "restore"})
EXIT_OK, EXIT_PROBLEM = 0, 1


def add_commands(commands: Any) -> None:
    """Add the backup subcommands to the main parser's subparsers."""
    add_quiet(add_command(commands, "backup", "back up the collection and its media now"))
    add_command(commands, "backups", "list the backups, newest first")
    restore = add_command(
        commands,
        "restore",
        "replace the collection with a backup (the current one is backed up first)",
    )
    # As typed: "./x.zip" means the file here, where a Path would be "x.zip", a bare name.
    restore.add_argument(
        "file",
        metavar="FILE",
        type=readable_as_typed,
        help="a backup (.zip) or a collection file; a bare file name not found here is looked "
        "for in the backups folder, as `fibrolearn backups` lists them",
    )
    add_quiet(restore)


def run(args: argparse.Namespace, paths: AppPaths, open_services: Callable[[], Services]) -> int:
    """Run one of :data:`COMMANDS`; returns the exit status.

    A backup the disk refuses (full, read-only, gone) raises its error, for the caller to
    word as for every command; another failure to write it (a file named like the backups
    folder, say) is said here.
    """
    from fibrolearn.services.storage_errors import storage_problem  # noqa: PLC0415
    from fibrolearn.storage.migrate import CollectionError  # noqa: PLC0415

    if args.command == "backups":
        print_backups(paths)
        return EXIT_OK
    if args.command == "restore":
        return _restore(args.file, paths, open_services, quiet=args.quiet)
    try:
        return _backup(open_services, quiet=args.quiet)
    except CollectionError as error:
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as error:
        if storage_problem(error) is not None:
            raise
        print(f"fibrolearn: could not write the backup: {error}", file=sys.stderr)
        return EXIT_PROBLEM


def print_backups(paths: AppPaths) -> None:
    """List the backups in the data folder, newest first, one a line.

    Only backups go to standard output; the media they share, that there are none, and why
    a file named as a backup is not listed, are said on standard error.
    """
    from fibrolearn.services.backups import (  # noqa: PLC0415
        list_backups,
        media_kept_by,
        shared_media,
        unlisted_files,
    )

    backups = list_backups(paths.backups_dir)
    for info in backups:
        print(describe(info))
    store, files, size = shared_media(paths.backups_dir)
    if files:
        print(
            f"fibrolearn: the backups share {counted(files, 'media file')} ({size_words(size)}), "
            f"each stored once in {store}; each size above is the backup's "
            "own.",
            file=sys.stderr,
        )
        kept = media_kept_words([str(path) for path in media_kept_by(paths.backups_dir)])
        if kept:
            print(f"fibrolearn: {kept}", file=sys.stderr)
    for reason in unlisted_files(paths.backups_dir, backups).values():
        print(f"fibrolearn: not listed: {reason}", file=sys.stderr)
    if not backups:
        print(f"fibrolearn: there are no backups in {paths.backups_dir} yet.", file=sys.stderr)


def describe(info: BackupInfo) -> str:
    """One line about a backup: when, why, what it holds, its size and file."""
    return (
        f"{local_time_words(info.created_at)}  {info.why(local_time_words)}: {info.contents}, "
        f"{counted(info.media_files, 'media file')}, {size_words(info.size_bytes)}  {info.path}"
    )


def recovery_hint(error: Exception, paths: AppPaths) -> str | None:
    """For a damaged or missing collection, the command that restores the offered backup."""
    from fibrolearn.services.recovery import (  # noqa: PLC0415
        CollectionDamagedError,
        CollectionMissingError,
    )

    if not isinstance(error, CollectionMissingError | CollectionDamagedError):
        return None
    if error.backup is not None:
        return (
            f"To restore that backup: {command_line(paths.data_dir, 'restore', error.backup.path)}"
        )
    if isinstance(error, CollectionMissingError):
        return "To start with an empty collection, open FibroLearn, which asks first."
    return f"To start with an empty collection, move {error.moved_to} out of the data folder."


def _backup(open_services: Callable[[], Services], *, quiet: bool) -> int:
    from fibrolearn.domain.backups import BackupReason  # noqa: PLC0415

    services = open_services()
    try:
        with ProgressLine(quiet=quiet) as line:
            backing_up = line.steps(percent("Backing up"))
            info = services.backups.backup(BackupReason.MANUAL, progress=backing_up)
    finally:
        services.close()
    print(f"Backed up: {describe(info)}")
    if info.left_out:
        print(f"fibrolearn: {info.left_out}", file=sys.stderr)
    return EXIT_OK


def _restore(
    file: str, paths: AppPaths, open_services: Callable[[], Services], *, quiet: bool
) -> int:
    from fibrolearn.paths import folder_writable  # noqa: PLC0415
    from fibrolearn.services.recovery import (  # noqa: PLC0415
        RESTORE_STEPS,
        CollectionDamagedError,
        CollectionMissingError,
        restore_backup,
        set_aside_earlier,
    )
    from fibrolearn.services.recovery_errors import (  # noqa: PLC0415
        BACKUP_REFUSED,
        RestoreStoppedError,
    )
    from fibrolearn.storage.migrate import CollectionError, NewerCollectionError  # noqa: PLC0415

    archive, problem = _backup_named(file, paths)
    if problem:
        return _refused(problem, paths)
    if not folder_writable(paths.data_dir):
        print(
            f"fibrolearn: FibroLearn cannot write to its data folder {paths.data_dir} (it is "
            "read-only), so it cannot restore a backup there. Nothing was changed; make the "
            "folder writable, then run the command again.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    kept = set_aside_earlier(paths)  # a damaged or emptied collection set aside before
    current = None  # no collection (any more): nothing to back up first
    if paths.collection.exists():
        try:
            current = open_services()
        except CollectionDamagedError as error:  # already moved aside: nothing healthy to back up
            print(f"fibrolearn: {error}", file=sys.stderr)
            kept = error.moved_to
        except CollectionMissingError:
            pass  # removed meanwhile: nothing to back up first
        except NewerCollectionError:
            pass  # it cannot be backed up here: the restore keeps it beside, as it is
        except CollectionError as error:  # a file that is not a collection: left alone
            print(f"fibrolearn: {error}", file=sys.stderr)
            return EXIT_PROBLEM
    try:
        with ProgressLine(quiet=quiet) as line:
            steps = named_steps("Restoring:", RESTORE_STEPS)
            # Its second step, the backup of the collection it replaces, as a share done.
            backing_up = percent(steps(1, len(RESTORE_STEPS)).removesuffix("…"))
            result = restore_backup(
                archive,
                paths,
                current,
                kept,
                line.steps(steps),
                backing_up=line.steps(backing_up),
            )
    except BACKUP_REFUSED as error:  # found unpacking it: no change
        return _refused(str(error), paths)
    except RestoreStoppedError as stopped:  # Ctrl+C, once there was no way back
        result = stopped.result
        print(
            "fibrolearn: Ctrl+C came once the backup was in place, so the restore was "
            "finished first.",
            file=sys.stderr,
        )
    except CollectionError as error:  # a step that failed says what it had changed
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    finally:
        if current is not None:
            current.close()
    open_services().close()  # the restored collection opens (an older one is upgraded)
    print("\n".join(restored_lines(result)))
    return EXIT_OK


def _refused(problem: str, paths: AppPaths) -> int:
    """Say why the backup cannot be restored, that nothing changed, and where backups are listed.

    The exit status.
    """
    listed_by = (
        f"`{command_line(paths.data_dir, 'backups')}` lists the backups, each with its file."
    )
    print(
        f"fibrolearn: {problem.removesuffix('.')}. Nothing was changed. {listed_by}",
        file=sys.stderr,
    )
    return EXIT_PROBLEM


def _backup_named(typed: str, paths: AppPaths) -> tuple[Path, str]:
    """The backup file ``restore FILE`` means, and why it cannot be restored ("" if it can).

    A bare file name that is not in the current folder is looked for among the backups,
    where the app names it (the backup kept of the collection a restore replaced, say);
    one typed with a folder, "./" included, is only looked for there.
    """
    from fibrolearn.services.backups import read_backup  # noqa: PLC0415
    from fibrolearn.storage.backup_archive import BackupFileError  # noqa: PLC0415

    file = Path(typed)
    refused = lookup_refused(file)
    if refused is not None:
        return file, f"{file} cannot be read: {refused.strerror or refused}."
    among_backups = paths.backups_dir / typed
    if not file.exists() and Path(typed).name == typed and among_backups.is_file():
        file = among_backups
    if not file.exists():
        return file, f"There is no file {file.absolute()}."
    if file.is_dir():
        return file, f"{file.absolute()} is a folder, not a backup file."
    try:
        read_backup(file)  # before the collection is opened: quick, and changes nothing
    except BackupFileError as error:
        return file, str(error)
    return file.resolve(), ""


def restored_lines(result: RestoreResult) -> list[str]:
    """What a restore did: the backup brought back, where the replaced collection is, media kept.

    Media files it kept as they were are named, with why and what to do, and the backup's it
    left out as damaged or could not find.
    """
    lines = [f"Restored: {describe(result.restored)}"]
    if result.safety_backup is not None:
        lines.append(f"The collection it replaced was backed up first: {result.safety_backup.path}")
    elif result.kept is not None:
        lines.append(f"The collection it replaced is kept, not deleted, at {result.kept}")
    return lines + result.media_words
