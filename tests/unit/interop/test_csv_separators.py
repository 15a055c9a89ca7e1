"""Text files whose fields or rows are separated as Quizlet lets the learner choose.

Quizlet's export puts any text "between term and definition" (Tab, Comma, or custom text such
as " - ") and "between rows" (New line, Semicolon, or custom text), and never quotes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from fibrolearn import cli_interop
from fibrolearn.interop.csv_import import inspect_csv, plan_csv
from fibrolearn.interop.values import ImportOptions
from fibrolearn.services.container import Services

DASH = "serotonin - a neurotransmitter\nnoradrenaline - also called norepinephrine\n"
SEMICOLON_ROWS = (
    "serotonin,a neurotransmitter;noradrenaline,also called norepinephrine;"
    "substance P,pain neuropeptide"
)
ONE_COLUMN = (
    "Every line has only one column, so FibroLearn cannot tell the term from the definition: "
    "choose what separates them under “Fields separated by” (Quizlet calls it “between term "
    "and definition”; on the command line, --separator)."
)


def text_file(tmp_path: Path, content: str, name: str = "set.txt") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    return path


def cards(path: Path, delimiter: str | None = None, row_separator: str | None = None):
    """The notes' (where, front, back) and the plan, read as detected or as told."""
    plan = plan_csv(path, inspect_csv(path, delimiter, row_separator).settings, ImportOptions())
    return [(n.where, n.fields["front"], n.fields["back"]) for n in plan.notes], plan


# ------------------------------------------------------------------ between term and definition
@pytest.mark.parametrize("dash", [" - ", " – ", " — "])
def test_a_dash_on_every_line_separates_term_and_definition(tmp_path: Path, dash: str) -> None:
    path = text_file(tmp_path, DASH.replace(" - ", dash))
    assert inspect_csv(path).settings.delimiter == dash
    notes, plan = cards(path)
    assert notes == [
        ("line 1", "serotonin", "a neurotransmitter"),
        ("line 2", "noradrenaline", "also called norepinephrine"),
    ]
    assert plan.skipped == () and plan.problems == ()


def test_text_separators_split_at_their_first_place_and_keep_quotes(tmp_path: Path) -> None:
    content = 'say "hi" - to greet - informally\nlow-key - calm, quiet\n"so" - x\n'
    notes, _plan = cards(text_file(tmp_path, content))
    assert notes == [
        ("line 1", 'say "hi"', "to greet - informally"),
        ("line 2", "low-key", "calm, quiet"),  # a comma in some lines does not win
        ("line 3", '"so"', "x"),
    ]


def test_any_text_the_learner_names_separates_the_fields(tmp_path: Path) -> None:
    path = text_file(tmp_path, "perro = dog\ngato = cat, a pet\n")
    notes, _plan = cards(path, " = ")
    assert notes == [("line 1", "perro", "dog"), ("line 2", "gato", "cat, a pet")]


def test_a_dash_inside_regular_csv_columns_stays_text(tmp_path: Path) -> None:
    path = text_file(tmp_path, "Chapter 1 - intro,first\nChapter 2 - pain,second\n", "c.csv")
    assert inspect_csv(path).settings.delimiter == ","
    notes, _plan = cards(path)
    assert notes[0][1:] == ("Chapter 1 - intro", "first")


def test_one_column_on_every_line_is_named_as_the_problem(tmp_path: Path) -> None:
    path = text_file(tmp_path, DASH.replace(" - ", " = "))
    notes, plan = cards(path)
    assert notes == []
    assert [s.reason for s in plan.skipped] == ["the back is empty"] * 2
    assert plan.problems == (ONE_COLUMN,)


def test_one_column_of_cloze_deletions_needs_no_separator(tmp_path: Path) -> None:
    path = text_file(tmp_path, "{{c1::Serotonin}} is a neurotransmitter\n{{c1::Pain}} hurts\n")
    plan = plan_csv(path, inspect_csv(path).settings, ImportOptions())
    assert [note.kind for note in plan.notes] == ["cloze", "cloze"] and plan.problems == ()


# ------------------------------------------------------------------ between rows
@pytest.mark.parametrize("term", [",", "\t"])
def test_quizlets_semicolon_between_rows_is_detected(tmp_path: Path, term: str) -> None:
    path = text_file(tmp_path, SEMICOLON_ROWS.replace(",", term) + "\n")
    layout = inspect_csv(path)
    assert (layout.settings.delimiter, layout.settings.row_separator) == (term, ";")
    assert layout.rows_may_be_joined
    notes, plan = cards(path)
    assert notes == [
        ("row 1", "serotonin", "a neurotransmitter"),
        ("row 2", "noradrenaline", "also called norepinephrine"),
        ("row 3", "substance P", "pain neuropeptide"),
    ]
    assert plan.problems == ()


def test_a_long_line_of_pairs_is_read_to_its_end(tmp_path: Path) -> None:
    pairs = [f"term {n},definition {n}, in words" for n in range(1, 5001)]  # about 150 KiB
    notes, plan = cards(text_file(tmp_path, ";".join(pairs)))
    assert len(notes) == 5000 and plan.problems == ()
    assert notes[-1] == ("row 5000", "term 5000", "definition 5000, in words")


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        ("front;back\nSchmerz;pain\nMüdigkeit;fatigue, tiredness\n", ";"),  # Excel's CSV
        # As many semicolons on every line: columns (a tie the comma wins, as before).
        ("1,5;2,5;3,1\n4,0;5,5;6,2\n", ","),
        ('"Zitat; mit Semikolon";"ja, gern"\nx;y\n', ";"),
        ("substance P\tpain neuropeptide; raised in CSF\n", "\t"),  # Quizlet's tab export
        ("serotonin\ta neurotransmitter;in the gut\n", "\t"),
    ],
)
def test_semicolons_of_ordinary_files_do_not_make_rows(
    tmp_path: Path, content: str, delimiter: str
) -> None:
    settings = inspect_csv(text_file(tmp_path, content)).settings
    assert (settings.delimiter, settings.row_separator) == (delimiter, "\n")


def test_pairs_joined_on_one_line_are_pointed_out_when_read_as_lines(tmp_path: Path) -> None:
    path = text_file(tmp_path, SEMICOLON_ROWS)
    notes, plan = cards(path, row_separator="\n")
    assert notes == [("line 1", "serotonin", "a neurotransmitter;noradrenaline")]
    assert plan.problems[0] == (
        "Line 1 seems to hold several cards joined by semicolons, as Quizlet writes them when "
        "“between rows” is set to Semicolon. If so, choose Semicolon under “Rows separated by” "
        "(on the command line, --row-separator ';')."
    )
    assert inspect_csv(path, row_separator="\n").rows_may_be_joined


def test_ordinary_files_do_not_offer_a_row_separator(tmp_path: Path) -> None:
    path = text_file(tmp_path, "a\tb; c\nd\te\n")
    assert not inspect_csv(path).rows_may_be_joined
    assert cards(path)[1].problems == ()


def test_rows_separated_by_text_keep_their_line_breaks(tmp_path: Path) -> None:
    content = "pain,felt\nin the body;serotonin,a neurotransmitter;\n;pain,again\n"
    notes, plan = cards(text_file(tmp_path, content), row_separator=";")
    assert notes == [
        ("row 1", "pain", "felt\nin the body"),
        ("row 2", "serotonin", "a neurotransmitter"),
    ]
    assert [(s.where, s.reason) for s in plan.skipped] == [
        ("row 4", "it repeats the note on row 1")
    ]


# Quizlet's "between rows" set to a blank line (typed "\n\n"), as learners do for definitions
# of several lines; Windows' line ends are line ends too.
SEVERAL_LINES = (
    "allodynia\tpain from a touch\nthat does not hurt others\n\n"
    "fibro fog\tslow thinking\n\nhyperalgesia\tmore pain\nthan the stimulus\nwarrants\n"
)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_rows_of_several_lines_between_blank_lines_are_found(tmp_path: Path, line_end: str) -> None:
    path = text_file(tmp_path, SEVERAL_LINES.replace("\n", line_end))
    layout = inspect_csv(path)
    assert (layout.settings.delimiter, layout.settings.row_separator) == ("\t", "\n\n")
    assert layout.rows_may_be_joined  # the choice shows, to go back to lines
    notes, plan = cards(path)
    assert notes == [
        ("row 1", "allodynia", "pain from a touch\nthat does not hurt others"),
        ("row 2", "fibro fog", "slow thinking"),
        ("row 3", "hyperalgesia", "more pain\nthan the stimulus\nwarrants"),
    ]
    assert plan.skipped == () and plan.problems == ()


@pytest.mark.parametrize(
    "content",
    [
        "a,b\nc\nd,e,f\n\ne,f\n",  # a later line holds the separator: rows of a CSV file
        'front,back\n"pain","felt\n\nin the body"\nfog,slow\n',  # a quoted field's blank line
        "a\tb\n\nc\td\n\ne\tf\n",  # blank lines between rows of one line each
    ],
)
def test_blank_lines_of_ordinary_files_do_not_make_rows(tmp_path: Path, content: str) -> None:
    assert inspect_csv(text_file(tmp_path, content)).settings.row_separator == "\n"


def test_custom_rows_and_custom_fields_together(tmp_path: Path) -> None:
    path = text_file(tmp_path, "perro - dog|||gato - cat|||sol - sun")
    notes, _plan = cards(path, row_separator="|||")
    assert [note[1:] for note in notes] == [("perro", "dog"), ("gato", "cat"), ("sol", "sun")]


# ------------------------------------------------------------------ the command line
def import_args(*words: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli_interop.add_commands(parser.add_subparsers(dest="command"))
    return parser.parse_args(["import", *words])


def test_the_command_line_takes_the_separators(
    tmp_path: Path, services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    equals = text_file(tmp_path, "perro = dog\ngato = cat\n", "equals.txt")
    assert cli_interop.run(import_args(str(equals)), services) == cli_interop.EXIT_PROBLEM
    assert ONE_COLUMN in capsys.readouterr().out
    assert cli_interop.run(import_args(str(equals), "--separator", " = "), services) == 0
    assert "Added 2 notes" in capsys.readouterr().out

    joined = text_file(tmp_path, SEMICOLON_ROWS.replace(",", "\t"), "joined.txt")
    args = import_args(str(joined), "--row-separator", "\\n", "--deck", "As lines")
    assert cli_interop.run(args, services) == 0
    out = capsys.readouterr().out
    assert "Added 1 note" in out and "seems to hold several cards joined" in out
    args = import_args(str(joined), "--separator", "\\t", "--row-separator", ";")
    assert cli_interop.run(args, services) == 0
    assert "Added 3 notes" in capsys.readouterr().out
