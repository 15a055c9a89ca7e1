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

from fibrolearn.paths import AppPaths

if TYPE_CHECKING:
    from fibrolearn.domain.backups import BackupInfo
    from fibrolearn.services.container import Services

COMMANDS = frozenset({"backup", "backups", "restore"})
EXIT_OK, EXIT_PROBLEM = 0, 1


def add_commands(commands: Any) -> None:
    """Add the backup subcommands to the main parser's subparsers."""
    commands.add_parser("backup", help="back up the collection and its media now")
    commands.add_parser("backups", help="list the backups, newest first")
    restore = commands.add_parser(
        "restore",
        help="replace the collection with a backup (the current one is backed up first)",
    )
    restore.add_argument("file", type=Path, help="a backup (.zip) or a collection file")


def run(args: argparse.Namespace, paths: AppPaths, open_services: Callable[[], Services]) -> int:
    """Run one of :data:`COMMANDS`; returns the exit status."""
    from fibrolearn.services.backups import list_backups  # noqa: PLC0415
    from fibrolearn.storage.migrate import CollectionError  # noqa: PLC0415

    if args.command == "backups":
        for info in list_backups(paths.backups_dir):
            print(describe(info))
        return EXIT_OK
    try:
        if args.command == "backup":
            return _backup(open_services)
        return _restore(args.file, paths, open_services)
    except CollectionError as error:
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as error:
        print(f"fibrolearn: could not write the backup: {error}", file=sys.stderr)
        return EXIT_PROBLEM


def describe(info: BackupInfo) -> str:
    """One line about a backup: when, why, what it holds, its size and file."""
    when = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return (
        f"{when}  {info.reason.label}: {info.cards} cards, {info.reviews} reviews, "
        f"{info.media_files} media files, {_megabytes(info.size_bytes)}  {info.path}"
    )


def recovery_hint(error: Exception) -> str | None:
    """For a damaged collection, the command that restores the offered backup."""
    from fibrolearn.services.recovery import CollectionDamagedError  # noqa: PLC0415

    if not isinstance(error, CollectionDamagedError):
        return None
    if error.backup is None:
        return f"To start with an empty collection, move {error.moved_to} out of the data folder."
    return f"To restore that backup: fibrolearn restore {error.backup.path}"


def _backup(open_services: Callable[[], Services]) -> int:
    from fibrolearn.domain.backups import BackupReason  # noqa: PLC0415

    services = open_services()
    try:
        info = services.backups.backup(BackupReason.MANUAL)
    finally:
        services.close()
    print(f"Backed up: {describe(info)}")
    return EXIT_OK


def _restore(file: Path, paths: AppPaths, open_services: Callable[[], Services]) -> int:
    from fibrolearn.services.recovery import (  # noqa: PLC0415
        CollectionDamagedError,
        restore_backup,
    )
    from fibrolearn.storage.backup_archive import BackupFileError  # noqa: PLC0415

    try:
        current = open_services()
    except CollectionDamagedError as error:
        print(f"fibrolearn: {error}", file=sys.stderr)
        current = None  # already moved aside: nothing healthy to back up first
    try:
        result = restore_backup(file.resolve(), paths, current)
    except BackupFileError as error:
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    finally:
        if current is not None:
            current.close()
    open_services().close()  # the restored collection opens (an older one is upgraded)
    print(f"Restored: {describe(result.restored)}")
    if result.safety_backup is not None:
        print(f"The collection it replaced was backed up first: {result.safety_backup.path}")
    return EXIT_OK


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"
