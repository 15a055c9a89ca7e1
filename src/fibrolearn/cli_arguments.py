"""How the command line is read: the window's own line, and what each argument must be.

The checks are ``argparse`` types: a value one refuses is a usage error (exit status 2) that
says what is wrong with it. Imported by the parser on every start, so it loads nothing heavy.
"""

from __future__ import annotations

import argparse
import os
import shlex
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fibrolearn.domain.decks import clean_deck_name
from fibrolearn.paths import HOME_VARIABLE, resolve_paths

_MAIN_EPILOG = """\
The app, check, import, deck load, revlog import and restore start a new collection in a \
data folder that has none (and no backups). The other commands (stats, export, revlog \
export, optimize, backup, backups, deck rename, deck delete) need a collection: in a folder \
without one they say so, exit with status 1 and create nothing.

examples:
  # back up now, list the backups, put one back (yours is backed up first)
  fibrolearn backup
  fibrolearn backups
  fibrolearn restore backup-20261201T093000Z-manual.zip
  # bring in a Quizlet set saved as text, into a deck of its own
  fibrolearn import "Quizlet set.txt" --deck "Pain science"
  # share your cards with Anki, with your progress
  fibrolearn export ~/fibrolearn-cards.apkg --with-history
  # study statistics per deck, as JSON for a script
  fibrolearn stats
  # try something on another collection, away from your own
  fibrolearn --data-dir ~/fibrolearn-test import cards.csv
  # more about one command
  fibrolearn import --help"""


class _HelpWithExamples(argparse.HelpFormatter):
    """Help whose paragraphs are wrapped to the terminal, and whose examples are kept as written.

    A paragraph with an indented line (the examples) keeps its lines, so that each example
    is one line to copy; argparse's own formatter ran them all into one.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        fill = super()._fill_text
        return "\n\n".join(
            paragraph
            if any(line.startswith("  ") for line in paragraph.splitlines())
            else fill(paragraph, width, indent)
            for paragraph in text.split("\n\n")
        )


def main_parser(description: str) -> argparse.ArgumentParser:
    """The parser of ``fibrolearn`` itself: what the commands share, then examples to copy."""
    return argparse.ArgumentParser(
        prog="fibrolearn",
        description=description,
        epilog=_MAIN_EPILOG,
        formatter_class=_HelpWithExamples,
    )


def parsed(
    argv: Sequence[str], parser: Callable[[], argparse.ArgumentParser]
) -> argparse.Namespace:
    """What ``argv`` asks for, as ``parser`` reads it, built only where the window's line is not.

    $FIBROLEARN_HOME is checked too (see :func:`check_home_variable`).
    """
    args = _window_line(argv) or parser().parse_args(argv)
    check_home_variable(args.data_dir, parser)
    return args


def _window_line(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's own line, read by hand; None for any other line.

    Even a parser of ``--data-dir`` alone cost 4 ms of each start: argparse looks up its
    translations, which loads the locale tables. Anything unusual (a prefix of the option, a
    folder that looks like an option) is left to the full parser, so it reads as before.
    """
    match list(argv):
        case []:
            return argparse.Namespace(data_dir=None, command=None)
        case ["--data-dir", folder]:
            pass
        case [option] if option.startswith("--data-dir="):
            folder = option.removeprefix("--data-dir=")
        case _:
            return None
    if not folder.strip() or folder.startswith(("-", "~")):  # data_folder refuses, expands
        return None
    return argparse.Namespace(data_dir=folder, command=None)


def add_command(commands: Any, name: str, summary: str) -> argparse.ArgumentParser:
    """A subcommand whose own --help opens with the summary the list of commands shows.

    Without it, ``fibrolearn export --help`` listed the options alone, and never said what
    the command does. ``summary`` is written as argparse reads a help text, a percent sign
    as ``%%``; a description is shown as written, so it gets a single one.
    """
    command = commands.add_parser(name, help=summary, description=summary.replace("%%", "%"))
    # After the command too, as most tools take an option: `fibrolearn backup --data-dir
    # ~/test` was a usage error. Left out, it leaves the one given before the command; the
    # main help alone describes it, so that each command's help stays about the command.
    add_data_dir(command, default=argparse.SUPPRESS, shown=False)
    return command


def add_data_dir(parser: argparse.ArgumentParser, default: str | None, *, shown: bool) -> None:
    """Add ``--data-dir`` to ``parser``, with ``default`` where it is not given."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=data_folder,
        default=default,
        help="folder for the collection, media and backups (default: $FIBROLEARN_HOME, "
        "else your user data folder)"
        if shown
        else argparse.SUPPRESS,
    )


def data_folder(typed: str) -> str:
    """``--data-dir`` as typed, once it is known to name a folder.

    An empty one (``--data-dir "$DIR"`` with DIR unset) had meant the usual data folder: a
    command meant for a test folder ran on the learner's own collection. A ``~user`` with no
    such user ended in a traceback.
    """
    if not typed.strip():
        raise argparse.ArgumentTypeError("the name is empty, so it names no folder")
    try:
        Path(typed).expanduser()
    except RuntimeError:
        user = typed.split("/", 1)[0]
        raise argparse.ArgumentTypeError(
            f"{typed}: there is no user {user.removeprefix('~')} whose home folder {user} "
            "would name"
        ) from None
    return typed


def check_home_variable(
    data_dir: str | None, parser: Callable[[], argparse.ArgumentParser]
) -> None:
    """$FIBROLEARN_HOME, where --data-dir names no folder, checked as --data-dir is.

    ``FIBROLEARN_HOME=~nosuchuser`` ended in a traceback. One that names no folder is a usage
    error from ``parser`` (built only then).
    """
    home = os.environ.get(HOME_VARIABLE)
    if data_dir is not None or not home:
        return
    try:
        data_folder(home)
    except argparse.ArgumentTypeError as error:
        parser().error(f"{HOME_VARIABLE}: {error}")


def command_line(data_dir: Path, *words: str | os.PathLike[str]) -> str:
    """``fibrolearn WORDS`` as a line to paste into a shell, to work on ``data_dir``.

    Each word is quoted where a shell would split it (a folder in macOS's "Application
    Support", say), and ``--data-dir`` is named where the command alone would work on
    another folder: the line offered to restore a backup, pasted, would have restored it
    over the collection in the usual data folder.
    """
    if resolve_paths().data_dir != data_dir:
        words = ("--data-dir", data_dir, *words)
    return " ".join(["fibrolearn", *(_shell_word(os.fspath(word)) for word in words)])


def _shell_word(word: str) -> str:
    """``word`` as one word of a shell's line: POSIX quoting, or Windows' double quotes."""
    if os.name != "nt":
        return shlex.quote(word)
    return f'"{word}"' if not word or any(char in word for char in " \t&()^;,=") else word


def file_named(typed: str) -> Path:
    """A file to write, as typed (see :func:`file_as_typed`).

    "-", which many tools take for the screen, had written a file named "-".
    """
    if typed == "-":
        raise argparse.ArgumentTypeError(
            '"-" would be a file named "-", not the screen: name the file to write'
        )
    return Path(file_as_typed(typed))


def file_to_read(typed: str) -> Path:
    """A file to read, as typed (see :func:`readable_as_typed`)."""
    return Path(readable_as_typed(typed))


def readable_as_typed(typed: str) -> str:
    """A file to read, exactly as typed, once it is known not to be a pipe or a device.

    Each command reads its file whole, some more than once: ``deck load <(cat deck.toml)``
    read it empty the second time and ended in a traceback, and /dev/zero was read until
    the machine ran out of memory. What is not there, or a folder, is said where it is read.
    """
    try:
        mode = Path(file_as_typed(typed)).stat().st_mode
    except OSError:
        return typed
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return typed
    raise argparse.ArgumentTypeError(
        f"{typed} is a pipe or a device, not a file: save what it gives to a file, then name "
        "that file"
    )


def file_as_typed(typed: str) -> str:
    """A file's name exactly as typed ("./x.zip" stays so), once it is known to name one.

    An empty name (``"$FILE"`` with FILE unset) meant the folder the command ran in, and
    the command blamed that: ". cannot be written: Device or resource busy".
    """
    if not typed.strip():
        raise argparse.ArgumentTypeError("the name is empty, so it names no file: name one")
    return typed


def deck_name(typed: str) -> str:
    """A deck's name given with ``--deck``, as decks keep names (see ``clean_deck_name``).

    ``import --deck "  "`` had made a deck whose name was spaces, which no command could
    name again.
    """
    if not clean_deck_name(typed):
        raise argparse.ArgumentTypeError("a deck needs a name: type one, or leave --deck out")
    return clean_deck_name(typed)


def add_quiet(command: Any) -> None:
    """Add ``--quiet`` to a long command, which shows its progress on a terminal."""
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="show no progress line as it works (one is shown only on a terminal, never "
        "in a pipe or a file); what it did and any problem are still said",
    )


def add_replace(command: Any) -> None:
    """Add ``--replace`` to a command that writes a file (see :func:`kept_file`)."""
    command.add_argument(
        "--replace", action="store_true", help="write over the file if there is one already"
    )


def kept_file(out: Path, *, replace: bool) -> str | None:
    """Why ``out`` may not be written: a file is there and ``replace`` was not given.

    An export written over whatever had the name, as the app's Export asks before doing: a
    mistyped or tab-completed name lost the learner's own file. A folder is left to the
    write, which says so.
    """
    if replace or out.is_dir() or not (out.exists() or out.is_symlink()):
        return None
    return (
        f"{out} already exists: add --replace to write over it, or name another file. "
        "Nothing was written."
    )


def unreadable_source(args: argparse.Namespace) -> str | None:
    """Why the file a command would bring into the collection cannot be read; None if it can.

    Asked before the data folder is locked or the collection opened: ``import``, ``deck
    load`` or ``revlog import`` of a file that is not there (mistyped, as was --data-dir) had
    first made a new data folder with a collection in it, then said nothing changed.
    """
    if args.command == "import" or (args.command == "revlog" and args.revlog_command == "import"):
        source = args.file
    elif args.command == "deck" and args.deck_command == "load":
        source = args.path
    else:
        return None
    try:
        with source.open("rb"):
            return None
    except OSError as error:
        return f"{source} cannot be read: {error.strerror or error}."
