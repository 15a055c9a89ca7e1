"""Headless review-log and FSRS commands: ``revlog import|export`` and ``optimize``.

Imported by the command-line parser on every start, so the services load only when a command
runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fibrolearn.cli_arguments import (
    add_command,
    add_quiet,
    add_replace,
    file_named,
    file_to_read,
    kept_file,
)
from fibrolearn.cli_output import print_json
from fibrolearn.cli_progress_line import ProgressLine
from fibrolearn.domain.progress_words import counting, named_steps
from fibrolearn.domain.words import counted, revlog_import_summary

if TYPE_CHECKING:
    from fibrolearn.domain.statistics import FitScore
    from fibrolearn.services.container import Services

COMMANDS = frozenset({"revlog", "optimize"})
EXIT_OK, EXIT_PROBLEM = 0, 1
# What each of the fit's stages does (see ``OptimizeService.fit``).
_FIT_STAGES = ("reading your review log", "fitting FSRS to it", "scoring the fit")


def add_commands(commands: Any) -> None:
    """Add the review-log and optimize subcommands to the main parser's subparsers."""
    revlog = add_command(commands, "revlog", "import or export the review log (py-fsrs CSV layout)")
    actions = revlog.add_subparsers(dest="revlog_command", metavar="ACTION", required=True)
    importing = add_command(
        actions,
        "import",
        "add a CSV of card_id,review_rating,review_time,review_duration to the log; "
        "cards this collection lacks are kept as history",
    )
    importing.add_argument("file", metavar="FILE", type=file_to_read, help="the CSV file to import")
    add_quiet(importing)
    exporting = add_command(actions, "export", "write the whole review log as CSV")
    exporting.add_argument("out", metavar="FILE", type=file_named, help="the CSV file to write")
    add_replace(exporting)
    add_quiet(exporting)
    optimize = add_command(
        commands,
        "optimize",
        "fit FSRS parameters to your review log; prints the log loss and RMSE of the "
        "defaults, of the parameters in use and of the new fit on the newest 20 %% of answers",
    )
    optimize.add_argument("--json", action="store_true", help="print JSON (the only format)")
    choice = optimize.add_mutually_exclusive_group()
    choice.add_argument(
        "--apply",
        action="store_true",
        help="schedule with the new fit from now on, if it beats the parameters in use",
    )
    choice.add_argument(
        "--defaults",
        action="store_true",
        help="fit nothing: schedule with the default FSRS-6 parameters again from now on "
        "(cards keep their due dates)",
    )
    add_quiet(optimize)


def run(args: argparse.Namespace, services: Services) -> int:
    """Run one of :data:`COMMANDS`; returns the exit status."""
    if args.command == "revlog":
        return _revlog(args, services)
    return _optimize(args, services)


def _revlog(args: argparse.Namespace, services: Services) -> int:
    if args.revlog_command == "export":
        return _revlog_export(args.out, services, replace=args.replace, quiet=args.quiet)
    return _revlog_import(args.file, services, quiet=args.quiet)


def _revlog_export(out: Path, services: Services, *, replace: bool, quiet: bool) -> int:
    from fibrolearn.paths import unwritable_target  # noqa: PLC0415

    unfit = unwritable_target(out) or kept_file(out, replace=replace)
    if unfit is not None:
        print(f"fibrolearn: {unfit}", file=sys.stderr)
        return EXIT_PROBLEM
    from fibrolearn.interop.errors import refused_by_disk  # noqa: PLC0415

    try:
        with ProgressLine(quiet=quiet) as line:
            count = services.revlog.export_csv(out, line.steps(counting("Exporting answers")))
    except OSError as error:  # the file is written whole or not at all
        refused = refused_by_disk(f"{out} cannot be written", error, "export again")
        print(f"fibrolearn: {refused}", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"wrote {counted(count, 'answer')} to {out}")
    return EXIT_OK


def _revlog_import(file: Path, services: Services, *, quiet: bool) -> int:
    from fibrolearn.services.revlog import RevlogFileError, unreadable_file  # noqa: PLC0415
    from fibrolearn.services.storage_errors import storage_problem  # noqa: PLC0415

    try:
        with ProgressLine(quiet=quiet) as line:
            report = services.revlog.import_csv(file, line)
    except RevlogFileError as error:
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as error:
        unreadable = unreadable_file(file, error)  # worded as the import command words it
        if unreadable is not None:
            print(f"fibrolearn: {unreadable}", file=sys.stderr)
            return EXIT_PROBLEM
        if storage_problem(error) is not None:
            raise  # the collection's disk: the caller says what happened in plain words
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    print(revlog_import_summary(report))
    return EXIT_OK


def _optimize(args: argparse.Namespace, services: Services) -> int:
    from fibrolearn.services.optimize import NotEnoughHistoryError  # noqa: PLC0415

    if args.defaults:
        had_fit = services.optimize.uses_fitted_parameters()  # not status(): it scans the log
        services.optimize.reset()
        print_json({"parameters": "default", "fit_left": had_fit})
        return EXIT_OK
    try:
        with ProgressLine(quiet=args.quiet) as line:
            report = services.optimize.fit(line.steps(named_steps("Optimizing:", _FIT_STAGES)))
    except NotEnoughHistoryError as error:
        print_json({"error": str(error)})
        return EXIT_PROBLEM
    applied = bool(args.apply and report.improves)
    if applied:
        services.optimize.apply(report)
    result = {
        "reviews": report.reviews,
        "held_out_from": report.cutoff.isoformat(),
        "train_items": report.train_items,
        "test_items": report.test_items,
        "default": _scores(report.default),
        # None while the defaults are in use; else the earlier fit that schedules now.
        "in_use": None if report.in_use is None else _scores(report.in_use),
        "fitted": _scores(report.fitted),
        "parameters": list(report.parameters),
        "improves": report.improves,  # better than what is in use (log loss)
        "applied": applied,
    }
    print_json(result)
    if args.apply and not applied:
        in_use = "the defaults" if report.in_use is None else "the parameters you use now"
        print(
            "fibrolearn: not applied: the new fit predicts your newest answers no better "
            f"than {in_use}, so your schedule stays as it is.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    return EXIT_OK


def _scores(score: FitScore) -> dict[str, float]:
    return {"log_loss": score.log_loss, "rmse": score.rmse}
