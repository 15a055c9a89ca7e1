"""Headless deck commands: ``fibrolearn deck check|show|load PATH`` and ``deck rename|delete``.

Imported by the command-line parser on every start, so deck files and the services load only
when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from fibrolearn.cli_arguments import add_command, add_quiet, file_to_read
from fibrolearn.cli_output import print_json
from fibrolearn.cli_progress_line import ProgressLine
from fibrolearn.domain.decks import clean_deck_name, deck_name_key
from fibrolearn.domain.progress_words import percent

if TYPE_CHECKING:
    from fibrolearn.domain.decks import DeckSummary
    from fibrolearn.services.container import Services

COMMAND = "deck"
_ABOUT_A_FILE = frozenset({"check", "show"})  # these open no collection
_ON_A_DECK = frozenset({"rename", "delete"})  # these never start a collection to work on
EXIT_OK, EXIT_PROBLEM = 0, 1


def add_commands(commands: Any) -> None:
    """Add ``deck`` and its actions to the main parser's subparsers."""
    deck = add_command(
        commands, COMMAND, "validate, inspect or load a deck file; rename or delete a deck"
    )
    deck_commands = deck.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    deck_check = add_command(
        deck_commands, "check", "validate a deck file; lists every problem with its line"
    )
    deck_check.add_argument("path", metavar="FILE", type=file_to_read, help="the deck file (.toml)")
    deck_show = add_command(
        deck_commands, "show", "print the resolved deck: factors, facts, cards and generated quiz"
    )
    deck_show.add_argument("path", metavar="FILE", type=file_to_read, help="the deck file (.toml)")
    deck_show.add_argument("--json", action="store_true", help="print JSON (the only format)")
    deck_show.add_argument("--seed", type=int, default=0, help="quiz generation seed")
    deck_load = add_command(
        deck_commands,
        "load",
        "load a deck file you wrote into the collection (a higher version updates it, "
        "keeping your progress)",
    )
    deck_load.add_argument("path", metavar="FILE", type=file_to_read, help="the deck file (.toml)")
    add_quiet(deck_load)
    deck_rename = add_command(deck_commands, "rename", "give a deck another name")
    deck_rename.add_argument("old", metavar="OLD", help="the deck's name now")
    deck_rename.add_argument("new", metavar="NEW", help="its new name")
    deck_delete = add_command(
        deck_commands,
        "delete",
        "delete a deck with its cards; their answers stay in the history (backed up first)",
    )
    deck_delete.add_argument(
        "name",
        metavar="NAME",
        help="the deck's name (capitals count only between decks named alike)",
    )
    deck_delete.add_argument(
        "--yes", action="store_true", help="delete it; without this, only say what would go"
    )
    add_quiet(deck_delete)


def about_a_file(args: argparse.Namespace) -> bool:
    """Whether the command is a deck action on a file alone (see :func:`run_on_file`)."""
    return args.command == COMMAND and args.deck_command in _ABOUT_A_FILE


def needs_a_collection(args: argparse.Namespace) -> bool:
    """Whether the deck action works on a deck already there (see ``cli.needs_a_collection``)."""
    return args.deck_command in _ON_A_DECK


def run(args: argparse.Namespace, services: Services, command: str) -> int:
    """``deck load``, ``rename`` or ``delete`` on the open collection; the exit status.

    ``command``: "fibrolearn" as the learner would run it on this collection (with its
    ``--data-dir``), for the lines they are told to run.
    """
    if args.deck_command == "delete":
        return _delete(args, services, command)
    actions = {"load": _load, "rename": _rename}
    return actions[args.deck_command](args, services)


def _load(args: argparse.Namespace, services: Services) -> int:
    """``fibrolearn deck load PATH``: check the file, back up, load it in one transaction."""
    from fibrolearn.domain.words import deck_load_words  # noqa: PLC0415

    problems = services.decks.deck_file_problems(args.path)  # refused before any backup
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"fibrolearn: {args.path} was not loaded; nothing changed.", file=sys.stderr)
        return EXIT_PROBLEM
    with ProgressLine(quiet=args.quiet) as line:
        loaded = services.decks.load_deck_file(args.path, line)
    print(deck_load_words(loaded))
    return EXIT_OK


def _rename(args: argparse.Namespace, services: Services) -> int:
    """``fibrolearn deck rename OLD NEW``."""
    from fibrolearn.domain.words import deck_renamed_words  # noqa: PLC0415
    from fibrolearn.services.deck_manage import DeckNameError  # noqa: PLC0415

    deck = deck_named(services, args.old)
    if deck is None:
        return EXIT_PROBLEM
    try:
        renamed = services.deck_manage.rename(deck.deck_id, args.new)
    except DeckNameError as error:
        print(f"fibrolearn: {error} Nothing changed.", file=sys.stderr)
        return EXIT_PROBLEM
    print(deck_renamed_words(deck.name, *renamed))
    return EXIT_OK


def _delete(args: argparse.Namespace, services: Services, command: str) -> int:
    """``fibrolearn deck delete NAME --yes``: back up, then delete; without --yes, only say what."""
    from fibrolearn.domain import words  # noqa: PLC0415

    backups = words.backups_by_command(command)
    deck = deck_named(services, args.name)
    if deck is None:
        return EXIT_PROBLEM
    if not args.yes:
        what = services.deck_manage.deletion(deck.deck_id)
        details = words.deck_delete_details(
            what.cards,
            what.studied_cards,
            comes_with_app=what.comes_with_app,
            backups=backups,
            subdecks=what.subdecks,
        )
        print(f"{words.deck_delete_question(what.name)} {details}")
        print("fibrolearn: Nothing was deleted: to delete it, add --yes.", file=sys.stderr)
        return EXIT_PROBLEM
    try:
        with ProgressLine(quiet=args.quiet) as line:
            line.show(f"Backing up, then deleting “{deck.name}”…")
            deleting = line.steps(percent(f"Deleting “{deck.name}”"))
            done = services.deck_manage.delete(deck.deck_id, deleting)
    except OSError as error:
        from fibrolearn.services.storage_errors import storage_problem  # noqa: PLC0415

        if storage_problem(error) is not None:
            raise  # a full or read-only disk: cli._headless_command says so in its own words
        print(
            f"fibrolearn: “{deck.name}” was not deleted, because the backup made first could "
            f"not be written: {error}. Nothing changed.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    print(
        words.deck_deleted_words(
            done.name,
            done.cards,
            done.reviews,
            backups,
            subdecks=len(done.subdecks),
        )
    )
    return EXIT_OK


def deck_named(services: Services, name: str) -> DeckSummary | None:
    """The deck called ``name``; None, said, if none is, or if several are.

    Case and spaces around it count only where they tell decks apart: a deck loaded from a
    file can share another's name but for its capitals, and the first of them was taken.
    """
    decks = services.decks.list_decks()
    wanted = clean_deck_name(name)
    found = [d for d in decks if deck_name_key(d.name) == deck_name_key(name)]
    exact = [d for d in found if clean_deck_name(d.name) == wanted]
    if len(found) == 1 or len(exact) == 1:
        return found[0] if len(found) == 1 else exact[0]
    if found:
        names = ", ".join(f"“{deck.name}”" for deck in found)
        print(
            f"fibrolearn: Several decks are called “{wanted}”: {names}. Name one with its "
            "capitals as listed here; if two are listed alike, rename one in the app first.",
            file=sys.stderr,
        )
        return None
    names = ", ".join(f"“{deck.name}”" for deck in decks) or "none"
    print(
        f"fibrolearn: There is no deck called “{wanted}”. Your decks: {names}.",
        file=sys.stderr,
    )
    return None


def run_on_file(args: argparse.Namespace) -> int:
    """``deck check PATH`` and ``deck show PATH``: about a file only, no collection opened."""
    from fibrolearn.content.deck_file import DeckFileError, check_deck, load_deck  # noqa: PLC0415

    if args.deck_command == "check":
        problems = check_deck(args.path)
        for problem in problems:
            print(problem)
        print(f"{args.path}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        return EXIT_OK if not problems else EXIT_PROBLEM
    from fibrolearn.content.resolve import resolved_deck  # noqa: PLC0415

    try:
        document = load_deck(args.path)
    except DeckFileError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEM
    print_json(resolved_deck(document, seed=args.seed))
    return EXIT_OK
