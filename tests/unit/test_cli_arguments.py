"""The window's own command line is read as the full parser reads it, without building it."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator

import pytest

from fibrolearn import cli


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--data-dir", "/tmp/x"],
        ["--data-dir=/tmp/x"],
        ["--data-dir", "-"],
        ["--data-dir", "~/x"],
        ["--data", "/tmp/x"],  # argparse takes a prefix of an option
        ["--data-dir", "/tmp/x", "--data-dir", "/tmp/y"],
        ["stats", "--json"],
        ["--data-dir", "/tmp/x", "deck", "check", "file.toml"],
    ],
)
def test_a_line_means_what_the_full_parser_says(argv: list[str]) -> None:
    assert cli.parse_arguments(argv) == cli.build_parser().parse_args(argv)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--data-dir"], "argument --data-dir: expected one argument"),
        (["--data-dir", "--version"], "argument --data-dir: expected one argument"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        # Found in a bug hunt: an empty folder ("$DIR" unset) meant the learner's own collection.
        (["--data-dir="], "argument --data-dir: the name is empty, so it names no folder"),
        (["--data-dir", " "], "argument --data-dir: the name is empty, so it names no folder"),
        (["--data-dir", "", "stats"], "argument --data-dir: the name is empty"),
        # ... and a home folder of a user that does not exist ended in a traceback.
        (["--data-dir", "~nosuchuser/x"], "there is no user nosuchuser whose home folder"),
    ],
)
def test_a_wrong_line_gets_the_full_usage(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.parse_arguments(argv)
    error = capsys.readouterr().err
    assert exited.value.code == 2 and said in error
    assert "COMMAND ..." in error  # the usage of every command, not the window's alone


def test_the_window_line_builds_no_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_needed() -> None:
        raise AssertionError("the window's line built every command's parser")

    monkeypatch.setattr(cli, "build_parser", not_needed)
    monkeypatch.setattr(cli.argparse, "ArgumentParser", not_needed)  # not even one parser
    assert cli.parse_arguments([]).command is None
    assert cli.parse_arguments(["--data-dir", "/tmp/x"]).command is None
    assert cli.parse_arguments(["--data-dir=/tmp/x"]).data_dir == "/tmp/x"


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "", "--format", "csv"],
        ["revlog", "export", " "],
        ["revlog", "import", ""],
        ["import", ""],
        ["deck", "check", ""],
        ["deck", "show", ""],
        ["deck", "load", ""],
        ["restore", " "],  # found in a review: "/home/me is a folder, not a backup file"
    ],
)
def test_an_empty_file_name_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a bug hunt: ``export "$OUT"`` with OUT unset wrote to the folder the command
    ran in, and was told ". cannot be written: Device or resource busy"."""
    with pytest.raises(SystemExit) as exited:
        cli.parse_arguments(argv)
    assert exited.value.code == 2
    assert "the name is empty, so it names no file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["export"], "export notes as an Anki package"),
        (["import"], "import an Anki package"),
        (["revlog", "import"], "add a CSV of card_id"),
        (["deck", "load"], "load a deck file you wrote"),
        (["deck", "delete"], "delete a deck with its cards"),
        (["stats"], "print study statistics per deck"),
        # Found in a review: these three still listed their options alone.
        (["backup"], "back up the collection and its media now"),
        (["backups"], "list the backups, newest first"),
        (["restore"], "replace the collection with a backup"),
    ],
)
def test_a_command_s_help_says_what_it_does_and_what_each_argument_is(
    command: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a bug hunt: ``fibrolearn export --help`` listed "out" and "--format
    {apkg,csv}" alone, never saying what the command does or what they are."""
    with pytest.raises(SystemExit) as exited:
        cli.parse_arguments([*command, "--help"])
    shown = capsys.readouterr().out
    assert exited.value.code == 0
    description = shown.split("\n\n")[1]
    assert description.startswith(says)
    arguments = shown.partition("positional arguments:\n")[2].split("\n\n")[0]
    assert all(len(line.split(maxsplit=1)) == 2 for line in arguments.splitlines())


@pytest.mark.parametrize("argv", [[], ["stats"]], ids=["window", "command"])
def test_a_home_variable_that_names_no_folder_is_a_usage_error(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a bug hunt: FIBROLEARN_HOME=~nosuchuser/x ended in a traceback."""
    monkeypatch.setenv("FIBROLEARN_HOME", "~nosuchuser/x")
    with pytest.raises(SystemExit) as exited:
        cli.parse_arguments(argv)
    assert exited.value.code == 2
    assert "FIBROLEARN_HOME: ~nosuchuser/x: there is no user nosuchuser" in capsys.readouterr().err
    assert cli.parse_arguments(["--data-dir", "/tmp/x", *argv]).data_dir == "/tmp/x"  # not used


def every_parser(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and the parsers of all its commands, theirs too."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                yield from every_parser(command)


def test_every_help_shows_a_percent_sign_as_one() -> None:
    """Found in a hunt: `fibrolearn optimize --help` read "the newest 20 %% of answers"."""
    helps = {parser.prog: parser.format_help() for parser in every_parser(cli.build_parser())}
    assert [prog for prog, text in helps.items() if "%%" in text] == []
    assert "20 % of" in " ".join(helps["fibrolearn optimize"].split())


def test_the_help_shows_examples_the_command_line_reads() -> None:
    """Found in a bug hunt: ``fibrolearn --help`` listed the commands but showed no command
    line to copy, so a learner had to work out the quoting of a file or deck name with
    spaces, and where --data-dir goes, by trial and error."""
    shown = cli.build_parser().format_help()
    assert "\nexamples:\n" in shown
    examples = [
        shlex.split(line)[1:]
        for line in shown.split("\nexamples:\n", 1)[1].splitlines()
        if line.strip().startswith("fibrolearn ")
    ]
    assert len(examples) >= 5
    for argv in examples:
        if "--help" in argv:
            continue
        args = cli.build_parser().parse_args(argv)  # each reads as written: no usage error
        assert args.command is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "--data-dir", "/tmp/x"],
        ["backup", "--data-dir=/tmp/x"],
        ["deck", "check", "--data-dir", "/tmp/x", "file.toml"],
        ["export", "out.apkg", "--with-history", "--data-dir", "/tmp/x"],
    ],
)
def test_the_data_folder_may_be_named_after_the_command_too(argv: list[str]) -> None:
    """Found in a bug hunt: ``fibrolearn backup --data-dir ~/test``, as most tools take an
    option, was a usage error ("unrecognized arguments: --data-dir ~/test")."""
    assert cli.parse_arguments(argv).data_dir == "/tmp/x"


def test_the_data_folder_named_before_the_command_is_kept() -> None:
    assert cli.parse_arguments(["--data-dir", "/tmp/x", "stats"]).data_dir == "/tmp/x"
    assert cli.parse_arguments(["stats"]).data_dir is None


@pytest.mark.parametrize(
    "argv", [["revlog", "export", "-"], ["export", "-", "--format", "csv"]], ids=" ".join
)
def test_a_dash_for_the_file_to_write_is_refused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a bug hunt: ``fibrolearn revlog export - | head``, as many tools take "-" for
    the screen, wrote a file named "-" in the current folder (which ``rm -`` cannot remove)."""
    with pytest.raises(SystemExit) as exited:
        cli.parse_arguments(argv)
    assert exited.value.code == 2
    assert '"-" would be a file named "-", not the screen: name the file to write' in (
        capsys.readouterr().err
    )
