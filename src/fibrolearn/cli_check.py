"""Headless ``fibrolearn check [--repair]``: the collection's integrity, said line by line.

Imported by the command-line parser on every start, so the services load only when it runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from fibrolearn.cli_arguments import add_command, add_quiet, command_line
from fibrolearn.cli_progress_line import ProgressLine
from fibrolearn.domain.faults import READ_ONLY_BECAUSE, RESTORE_BY_COMMAND, RESTORE_IN_APP
from fibrolearn.domain.progress_words import named_steps
from fibrolearn.paths import AppPaths

if TYPE_CHECKING:
    from fibrolearn.services.container import Services

COMMAND = "check"
EXIT_OK, EXIT_PROBLEM = 0, 1


def add_commands(commands: Any) -> None:
    """Add ``check`` to the main parser's subparsers."""
    check = add_command(
        commands, COMMAND, "check the collection's integrity and schema; exit 1 on a problem"
    )
    check.add_argument(
        "--repair",
        action="store_true",
        help="first write again what is derived from the notes and cards (Browse's search text)",
    )
    add_quiet(check)


def run(args: argparse.Namespace, services: Services, paths: AppPaths) -> int:
    """Check (after repairing, with ``--repair``) and print the report; the exit status."""
    from fibrolearn.services.health import (  # noqa: PLC0415
        CHECK_STEPS,
        check_health,
        repair,
        repair_words,
    )

    if args.repair:
        with ProgressLine(quiet=args.quiet) as line:
            line.show("Repairing…")
            repaired = repair(services.database)
        print(repaired.words)
    with ProgressLine(quiet=args.quiet) as line:
        report = check_health(services.database, line.steps(named_steps("Checking", CHECK_STEPS)))
    print(f"collection: {paths.collection}")
    print(f"schema: {report.revision} (expected {report.expected_revision})")
    for problem in report.problems:
        print(f"problem: {problem}")
    because = services.database.read_only_because
    if because is not None and (report.restorable or report.repairable):
        why = READ_ONLY_BECAUSE[because]
        print(f"to recover or repair, FibroLearn must first be able to write ({why})")
    elif report.restorable:
        print(
            "to recover: restore a backup made before the damage, with "
            f"{RESTORE_BY_COMMAND.format(run=command_line(paths.data_dir))}; or in the app, "
            f"{RESTORE_IN_APP}"
        )
    if report.repairable and not services.database.read_only:
        repair_line = command_line(paths.data_dir, "check", "--repair")
        print(f"to repair: `{repair_line}` {repair_words(report)}")
    print("ok" if report.ok else "PROBLEMS FOUND")
    return EXIT_OK if report.ok else EXIT_PROBLEM
