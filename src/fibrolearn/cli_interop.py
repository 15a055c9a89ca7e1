"""Headless import and export: ``fibrolearn import FILE`` and ``fibrolearn export OUT``.

Imported by the command-line parser on every start, so the services load only when a command
runs. The report printed is the same text the import and export dialogs show.
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
    deck_name,
    file_named,
    file_to_read,
    kept_file,
)
from fibrolearn.cli_deck import deck_named
from fibrolearn.cli_progress_line import ProgressLine
from fibrolearn.domain.progress_words import counting, percent

if TYPE_CHECKING:
    from fibrolearn.services.container import Services

COMMANDS = frozenset({"import", "export"})
_FORMATS = {"apkg": "an Anki package", "csv": "a text file of notes"}
# The options an Anki package alone can carry out, and where parse_args keeps them.
_APKG_ONLY = {"--with-history": "with_history", "--with-media": "with_media"}
EXIT_OK, EXIT_PROBLEM = 0, 1


def add_commands(commands: Any) -> None:
    """Add the import and export subcommands to the main parser's subparsers."""
    importing = add_command(
        commands,
        "import",
        "import an Anki package (.apkg, .colpkg) or a CSV/TSV file (Quizlet's export too); "
        "the kind is read from the file's content",
    )
    importing.add_argument("file", metavar="FILE", type=file_to_read, help="the file to import")
    importing.add_argument(
        "--deck",
        metavar="NAME",
        type=deck_name,
        help="put every card in this deck (created if missing)",
    )
    importing.add_argument(
        "--with-history",
        action="store_true",
        help="keep Anki's review history and scheduling; otherwise cards start new",
    )
    importing.add_argument(
        "--separator",
        metavar="TEXT",
        type=_separator,
        help="what separates the fields of a text file (Quizlet: 'between term and "
        "definition'), such as ' - ' or '\\t' for a tab; default: detected",
    )
    importing.add_argument(
        "--row-separator",
        metavar="TEXT",
        type=_separator,
        help="what separates the rows of a text file (Quizlet: 'between rows'), such as ';' or "
        "'\\n' for a new line; default: detected",
    )
    add_quiet(importing)
    exporting = add_command(
        commands, "export", "export notes as an Anki package (.apkg) or a text file (csv)"
    )
    exporting.add_argument(
        "out",
        metavar="FILE",
        type=file_named,
        help="the file to write; its ending names the format",
    )
    exporting.add_argument(
        "--format",
        choices=tuple(_FORMATS),
        help="apkg: an Anki package, named .apkg; csv: text, named .txt or .tsv "
        "(tab-separated, as Anki writes it) or .csv (comma-separated, for spreadsheets) "
        "(default: read from the file's ending)",
    )
    exporting.add_argument(
        "--deck", metavar="NAME", type=deck_name, help="only this deck (default: every deck)"
    )
    exporting.add_argument(
        "--with-history", action="store_true", help="keep scheduling and review history (apkg)"
    )
    exporting.add_argument(
        "--with-media", action="store_true", help="include the pictures and sounds (apkg)"
    )
    add_replace(exporting)
    add_quiet(exporting)


def run(args: argparse.Namespace, services: Services) -> int:
    """Run one of :data:`COMMANDS`, print its report; returns the exit status."""
    from fibrolearn.services.interop import InteropError  # noqa: PLC0415

    try:
        if args.command == "import":
            return _import(args, services)
        return _export(args, services)
    except InteropError as error:
        print(f"fibrolearn: {error}", file=sys.stderr)
        return EXIT_PROBLEM


def _import(args: argparse.Namespace, services: Services) -> int:
    from fibrolearn.domain.backups import BackupReason  # noqa: PLC0415
    from fibrolearn.domain.progress import BACKING_UP_FIRST  # noqa: PLC0415
    from fibrolearn.services.interop import ImportOptions, report_lines  # noqa: PLC0415

    source = services.importer.inspect(  # a file that cannot be imported is refused here
        args.file, delimiter=args.separator, row_separator=args.row_separator
    )
    settings = source.csv.settings if source.csv is not None else None
    options = ImportOptions(deck=args.deck, with_history=args.with_history, csv=settings)
    with ProgressLine(quiet=args.quiet) as line:
        backing_up = line.steps(percent(BACKING_UP_FIRST))
        services.backups.backup(BackupReason.BEFORE_IMPORT, progress=backing_up)
        report = services.importer.run(args.file, options, progress=line)
    print("\n".join(report_lines(report)))
    if report.added + report.updated + report.unchanged == 0:
        print(f"fibrolearn: no notes in {args.file} could be imported", file=sys.stderr)
        return EXIT_PROBLEM
    return EXIT_OK


def _export_format(out: Path, chosen: str | None) -> str:
    """The format to write ``out`` in: ``chosen``, or the one its ending names.

    Anki offers and reads a file by its ending: an Anki package written to "cards.csv" was
    read as text, and one named "my cards" was not offered at all.

    Raises:
        InteropError: The ending names no format, or another than the one chosen.
    """
    from fibrolearn.services.interop import EXPORT_ENDINGS, InteropError  # noqa: PLC0415

    named = [
        format_ for format_, endings in EXPORT_ENDINGS.items() if out.suffix.lower() in endings
    ]
    if chosen is None and named:
        return named[0]
    if chosen in named:
        return chosen
    endings = {
        format_: " or ".join(filter(None, (", ".join(endings[:-1]), endings[-1])))
        for format_, endings in EXPORT_ENDINGS.items()
    }
    if chosen is None:
        raise InteropError(
            f"Cannot tell what to write to {out}: end its name with {endings['apkg']} for "
            f"{_FORMATS['apkg']}, or {endings['csv']} for {_FORMATS['csv']}, as Anki opens it "
            "by its ending. Nothing was written."
        )
    raise InteropError(
        f"Cannot write {_FORMATS[chosen]} to {out}: Anki opens a file by its ending, and would "
        f"not open this one as that. End its name with {endings[chosen]}. Nothing was written."
    )


def _separator(typed: str) -> str | None:
    r"""A separator as typed, ``\t`` standing for a tab and ``\n`` for a new line."""
    return typed.replace("\\t", "\t").replace("\\n", "\n") or None


def _export(args: argparse.Namespace, services: Services) -> int:
    from fibrolearn.paths import unwritable_target  # noqa: PLC0415
    from fibrolearn.services.interop import InteropError, export_lines  # noqa: PLC0415

    unfit = unwritable_target(args.out)
    if unfit is not None:
        raise InteropError(unfit)
    format_ = _export_format(args.out, args.format)
    extras = [name for name, wanted in _APKG_ONLY.items() if getattr(args, wanted)]
    if format_ == "csv" and extras:
        raise InteropError(
            f"A text file holds the notes alone, without their review history or media: leave "
            f"out {' and '.join(extras)}, or export an Anki package (.apkg), which keeps them. "
            "Nothing was written."
        )
    kept = kept_file(args.out, replace=args.replace)
    if kept is not None:
        raise InteropError(kept)
    deck_id = None
    if args.deck:
        deck = deck_named(services, args.deck)  # found as deck rename and delete find it
        if deck is None:
            return EXIT_PROBLEM
        deck_id = deck.deck_id
    with ProgressLine(quiet=args.quiet) as line:
        progress = line.steps(_exporting)
        if format_ == "csv":
            report = services.exporter.export_csv(args.out, deck_id=deck_id, progress=progress)
        else:
            report = services.exporter.export_apkg(
                args.out,
                deck_id=deck_id,
                with_history=args.with_history,
                with_media=args.with_media,
                progress=progress,
            )
    print("\n".join(export_lines(report)))
    return EXIT_OK


def _exporting(done: int, total: int) -> str:
    """How far an export has got, as the Export dialog says it: notes, then the file."""
    if 0 < total <= done:  # every note read: the file is written now
        return "Exporting… writing the file"
    return counting("Exporting notes")(done, total)
