from __future__ import annotations

import re
from pathlib import Path

import pytest

from fibrolearn.content import deck_file
from fibrolearn.content.deck_file import (
    DeckFileError,
    DeckProblem,
    check_deck,
    load_deck,
    parse_deck,
)
from fibrolearn.domain.enums import Certainty, NoteKind
from fibrolearn.domain.knowledge import Reference

ROOT = Path(__file__).resolve().parents[3]
DECKS = ROOT / "tests" / "data" / "decks"
MALFORMED_HELP = " (write {{c1::term}} or {{c1::term::hint}})"

# Each broken example deck and exactly what check_deck must say about it: (line, message).
BROKEN: dict[str, list[tuple[int | None, str]]] = {
    "syntax": [
        (28, "TOML syntax error: Expected '=' after a key in a key/value pair (column 10)"),
    ],
    "nested-too-deeply": [
        (
            13,
            "lists or tables are nested inside one another too deeply to read (a deck needs two "
            "levels at most); a bracket may be repeated by mistake",
        ),
    ],
    "number-too-large": [
        (
            7,
            '[deck]: "version" is a number past what the collection stores '
            "(-9,223,372,036,854,775,808 to 9,223,372,036,854,775,807)",
        )
    ],
    "number-too-long": [(7, "a number has more than 4,300 digits, too many to read")],
    "not-utf8": [(5, "the file is not valid UTF-8 text")],
    "no-deck": [(None, "the [deck] table is missing")],
    "deck-not-table": [(2, '"deck" must be a table: write [deck]')],
    "format-2": [(3, "unsupported format 2 (this FibroLearn reads format 1)")],
    "unknown-top-key": [(24, 'unknown key "facts" at the top level (did you mean "fact"?)')],
    "table-not-array": [(8, '"note" must be written as [[note]] tables')],
    "deck-missing-version": [(2, '[deck] is missing "version"')],
    "version-not-number": [(6, '[deck]: "version" must be a whole number')],
    "version-zero": [(6, '[deck]: "version" must be 1 or more')],
    "deck-id": [(4, '[deck]: id "Broken plain" may use only lower-case letters, digits and -')],
    "empty-title": [(5, '[deck]: "title" is empty')],
    "synonyms": [(7, "[deck]: ['serotonin'] needs two or more different terms")],
    "synonym-no-letters": [
        (7, "[deck]: ['norepinephrine', '-'] has a term with no letters or digits")
    ],
    "synonym-twice": [(7, '[deck]: "alpha" is in two synonym groups')],
    "not-text": [(7, '[deck]: "licence" must be text')],
    "unknown-deck-key": [
        (2, '[deck] is missing "title"'),
        (5, 'unknown key "titel" in [deck] (did you mean "title"?)'),
    ],
    "missing-id": [(12, 'factor #2 is missing "id"')],
    "bad-id": [
        (25, 'fact #2: id "SL 1" may use only letters, digits and - _ .'),
        (38, 'note "SL1-q": teaches unknown fact "SL 1"'),
    ],
    "duplicate-id": [(25, 'duplicate fact id "CS1" (first defined on line 18)')],
    "unknown-note-key": [
        (36, 'note "SL1-q" is missing "front"'),
        (39, 'unknown key "frnt" in note "SL1-q" (did you mean "front"?)'),
    ],
    "unknown-link": [(11, 'factor "central-sensitization": links to unknown factor "mood"')],
    "self-link": [(11, 'factor "central-sensitization": links to itself')],
    "link-twice": [
        (
            16,
            'factor "sleep": the link with "central-sensitization" is listed twice'
            " (links go both ways; list each once)",
        ),
    ],
    "duplicate-factor-name": [
        (15, 'factor "sleep": same name as factor "central-sensitization" (line 9)'),
    ],
    "links-not-list": [
        (11, 'factor "central-sensitization": "links" must be a list of factor ids'),
    ],
    "umbrella-not-flag": [
        (11, 'factor "central-sensitization": "umbrella" must be true or false'),
    ],
    "unknown-factor": [(26, 'fact "CS9": unknown factor "central-sensitisation"')],
    "missing-claim": [(24, 'fact "SL1" is missing "claim"')],
    "missing-finding": [
        (24, 'fact "SL1" is missing "finding" (needed with two or more factors)'),
    ],
    "empty-finding": [(28, 'fact "SL1": "finding" is empty')],
    "duplicate-finding": [(28, 'fact "SL1": same finding as fact "CS1" (line 18)')],
    "bad-certainty": [(29, 'fact "SL1": certainty must be one of consensus, supported, emerging')],
    "bad-evidence-certainty": [
        (
            30,
            'fact "SL1": evidence_certainty must be one of consensus, supported, emerging, '
            "contested",
        )
    ],
    "unknown-related": [(30, 'fact "SL1": unknown related factor "mood"')],
    "related-own": [(30, 'fact "SL1": "related" repeats its own factor')],
    "reference-no-title": [(35, 'fact "SL1": reference 2 has no title')],
    "reference-fields": [
        (33, 'fact "SL1", reference 1: "year" must be a whole number'),
        (34, 'fact "SL1", reference 1: "pmid" must be text or a whole number'),
    ],
    "reference-not-table": [(30, 'fact "SL1": write references as [[fact.reference]] tables')],
    "unknown-reference-key": [
        (31, 'fact "SL1": reference 1 has no title'),
        (32, 'unknown key "titel" in fact "SL1", reference 1 (did you mean "title"?)'),
    ],
    "fact-not-taught": [(24, 'fact "SL1" is not taught by any note')],
    "empty-answer": [(40, 'note "NT2-q": the answer (back) is empty')],
    "missing-back": [(8, 'note "fr" is missing "back"')],
    "cloze-no-deletion": [(34, 'note "CS1-cloze": cloze text has no deletion like {{c1::term}}')],
    "cloze-malformed": [
        (34, 'note "CS1-cloze": malformed cloze deletion "{{c1:amplifies}}"' + MALFORMED_HELP),
        (34, 'note "CS1-cloze": malformed cloze deletion "{{c0::x}}"' + MALFORMED_HELP),
        (34, 'note "CS1-cloze": malformed cloze deletion "{{c3::}}"' + MALFORMED_HELP),
    ],
    "cloze-empty": [(35, 'note "CS1-cloze": the cloze text is empty')],
    "unknown-fact": [(33, 'note "CS1-cloze": teaches unknown fact "ZZ9"')],
    "note-no-facts": [
        (31, 'note "CS1-cloze": teaches no fact (list the ids it teaches in "facts")'),
    ],
    "bad-kind": [(10, 'note "fr": kind must be one of basic, reversed, cloze')],
    "field-wrong-kind": [
        (34, 'note "CS1-cloze": "front" is not used by cloze notes'),
        (42, 'note "SL1-q": "extra" is not used by basic notes'),
    ],
    "bad-tag": [(12, 'note "fr": tag "capital cities" must be one word')],
    # Found in a hunt: each was taken as written; a tag twice was stored twice, and the deck's
    # next version, merging tags, dropped one and counted the note as changed.
    "listed-twice": [
        (30, 'fact "SL1": related factor "central-sensitization" is listed twice'),
        (39, 'note "SL1-q": fact "SL1" is listed twice'),
        (40, 'note "SL1-q": tag "Sleep" is listed twice (capitals do not count)'),
    ],
    "facts-not-list": [
        (24, 'fact "SL1" is not taught by any note'),
        (38, 'note "SL1-q": "facts" must be a list of fact ids'),
    ],
}


def test_every_broken_example_deck_is_covered() -> None:
    on_disk = {path.name for path in DECKS.glob("broken-*.toml")}
    assert on_disk == {f"broken-{name}.toml" for name in BROKEN}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_deck_reports_exactly_its_problems(name: str) -> None:
    path = DECKS / f"broken-{name}.toml"
    problems = check_deck(path)
    assert [(p.line, p.message) for p in problems] == BROKEN[name]
    assert all(p.source == str(path) for p in problems)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_deck_messages_are_documented(name: str) -> None:
    # Every message kind has a row in the doc's table; compare the fixed words around quotes.
    section = (ROOT / "docs" / "deck-format.md").read_text(encoding="utf-8")
    section = section.split("## What `fibrolearn deck check` reports", 1)[1]
    skeletons = {_skeleton(row) for row in re.findall(r"`([^`]+)`", section)}
    for _, message in BROKEN[name]:
        assert _skeleton(message) in skeletons, message


def _skeleton(message: str) -> str:
    """The message with quoted names, numbers and TOML's own reasons blanked out."""
    message = re.sub(r"TOML syntax error: .*\(", "TOML syntax error: … (", message)
    message = re.sub(r'"[^"]*"', '"…"', message)
    return re.sub(r"\d+", "N", message)


def test_valid_small_deck_parses_into_the_model() -> None:
    doc = load_deck(DECKS / "valid-small.toml")
    assert doc.meta.key == "bread-basics"
    assert doc.meta.version == 3
    assert doc.meta.language == "en-GB"
    assert doc.meta.disclaimer.startswith("A test deck")
    assert [f.key for f in doc.factors] == [
        "yeast",
        "gluten",
        "temperature",
        "water",
        "salt",
        "sugar",
    ]
    assert doc.factor_by_key["yeast"].links == ("temperature", "sugar")
    assert len(doc.facts) == 18
    su3 = doc.fact_by_key["SU3"]
    assert su3.certainty is Certainty.EMERGING
    assert su3.related == ("yeast", "water")
    assert doc.fact_by_key["Y1"].references == (
        Reference(
            title="The microbiology of bread",
            authors="A. Baker, B. Miller",
            year=2001,
            journal="Journal of Imaginary Food Science",
            doi="10.0000/jifs.2001.1",
        ),
    )
    assert doc.fact_by_key["G3"].references[0].pmid == "12345678"


def test_a_pmid_past_the_largest_stored_number_is_kept_as_the_text_it_is() -> None:
    """Found in review: a pmid is stored as text, so no whole number is too large for it."""
    text = (DECKS / "valid-small.toml").read_text(encoding="utf-8")
    assert "pmid = 12345678\n" in text
    doc = parse_deck(text.replace("pmid = 12345678\n", "pmid = 12345678901234567890\n"))
    assert doc.fact_by_key["G3"].references[0].pmid == "12345678901234567890"
    kinds = {note.key: note.kind for note in doc.notes}
    assert kinds["Y1-cloze"] is NoteKind.CLOZE  # inferred from "text"
    assert kinds["Y3-basic"] is NoteKind.BASIC  # the default
    assert kinds["G3-reversed"] is NoteKind.REVERSED
    g_cloze = next(note for note in doc.notes if note.key == "G-cloze")
    assert g_cloze.facts == ("G1", "G2", "W2")
    assert "network,\nwhich" in g_cloze.text


def test_plain_notes_deck_is_valid() -> None:
    doc = load_deck(DECKS / "plain-notes.toml")
    assert doc.factors == ()
    assert doc.facts == ()
    assert [note.kind for note in doc.notes] == [
        NoteKind.BASIC,
        NoteKind.REVERSED,
        NoteKind.CLOZE,
        NoteKind.CLOZE,
    ]
    assert check_deck(DECKS / "plain-notes.toml") == []


def test_example_in_the_format_doc_is_a_valid_deck() -> None:
    text = (ROOT / "docs" / "deck-format.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    doc = parse_deck(example[1])
    assert doc.meta.key == "tiny-example"


def test_every_problem_is_reported_at_once_sorted_by_line() -> None:
    text = """\
[deck]
format = 1
id = "x"
title = ""
version = 1

[[note]]
id = "a"
frnt = "?"
back = ""

[[note]]
id = "a"
text = "no deletion"
"""
    with pytest.raises(DeckFileError) as caught:
        parse_deck(text, "mine.toml")
    assert [str(problem) for problem in caught.value.problems] == [
        'mine.toml:4: [deck]: "title" is empty',
        'mine.toml:7: note "a" is missing "front"',
        'mine.toml:9: unknown key "frnt" in note "a" (did you mean "front"?)',
        'mine.toml:10: note "a": the answer (back) is empty',
        'mine.toml:13: duplicate note id "a" (first defined on line 8)',
        'mine.toml:14: note "a": cloze text has no deletion like {{c1::term}}',
    ]
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)


def test_problem_text_names_the_source_and_line() -> None:
    assert str(DeckProblem("d.toml", 3, "oops")) == "d.toml:3: oops"
    assert str(DeckProblem("d.toml", None, "oops")) == "d.toml: oops"


def test_syntax_error_at_the_end_of_the_file() -> None:
    with pytest.raises(DeckFileError) as caught:
        parse_deck('[deck]\nformat = 1\ntitle = "unfinished\n', "d.toml")
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert problem.message.startswith("TOML syntax error: ")


def test_syntax_error_mid_file_reports_toml_line() -> None:
    with pytest.raises(DeckFileError) as caught:
        parse_deck("[deck]\nformat = 1\nformat = 1\n")
    assert str(caught.value) == (
        '<deck>:3: TOML syntax error: "format" is given twice in one table (column 11)'
    )


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            'title = "A tiny example',
            "a text is not closed: the quote that ends it is missing on this line (text over "
            'several lines goes between """ and """) (column 24)',
        ),
        (
            'title = "Saved in C:\\Users\\me"',
            'a \\ in text between "…" starts an escape such as \\n (a new line): write \\\\ '
            "for a backslash itself, or put the text between '…' instead (column 23)",
        ),
        (
            'title = "p \\< 0.05"',
            'a \\ in text between "…" starts an escape such as \\n (a new line): write \\\\ '
            "for a backslash itself, or put the text between '…' instead (column 14)",
        ),
        (
            "title = “A tiny example”",
            'this is no value: text goes between straight quotes "…"; a number, true or false '
            "without them (column 9)",
        ),
        ('title = "One"\ntitle = "Two"', '"title" is given twice in one table (column 14)'),
        # Texts left open to the end of the file: said on the line that opens them, where
        # the reader named only the end of the file.
        (
            "title = 'A tiny example",
            "a text is not closed: the quote that ends it is missing on this line (text over "
            'several lines goes between """ and """)',
        ),
        (
            'title = """A tiny example',
            'a text opened with """ here is never closed by another """',
        ),
        (
            '[[note]]\nid = "a"\n[note]',  # one bracket where two were meant
            "the table [note] is given twice: a file has one of each [table], and a table "
            "there are many of, as notes are, is written [[note]] each time (column 6)",
        ),
    ],
)
def test_syntax_errors_an_author_makes_are_said_in_plain_words(line: str, said: str) -> None:
    """Found in a hunt: an unclosed text was "Illegal character '\\n'", a Windows path
    "Invalid hex value", and a key given twice "Cannot overwrite a value", naming no key."""
    with pytest.raises(DeckFileError) as caught:
        parse_deck(f"[deck]\nformat = 1\n{line}\nversion = 1\n", "d.toml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (3 + line.count("\n"), f"TOML syntax error: {said}")


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    (problem,) = check_deck(missing)
    assert problem.line is None
    assert problem.message == "cannot read the file: No such file or directory"
    with pytest.raises(DeckFileError):
        load_deck(missing)


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * 2_498, encoding="utf-8")
    monkeypatch.setattr(deck_file, "MAX_DECK_BYTES", 2_000)
    (problem,) = check_deck(path)
    assert problem.message == "the file is too large (3 kB; a deck may have at most 2 kB)"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (DECKS / "plain-notes.toml").read_bytes())
    assert load_deck(path).meta.key == "capitals"


def test_unsupported_format_hides_other_problems() -> None:
    text = '[deck]\nformat = 3\nnew_key = 1\n\n[[card]]\nid = "x"\n'
    with pytest.raises(DeckFileError) as caught:
        parse_deck(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "unsupported format 3 (this FibroLearn reads format 1)"),
    ]


def test_inline_arrays_get_the_line_of_their_key() -> None:
    text = """\
note = [
  { id = "a", front = "Q", back = "" },
]

[deck]
format = 1
id = "x"
title = "X"
version = 1
"""
    with pytest.raises(DeckFileError) as caught:
        parse_deck(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (1, 'note "a": the answer (back) is empty'),
    ]


def test_header_look_alikes_inside_multiline_strings_do_not_shift_lines() -> None:
    text = '''\
[deck]
format = 1
id = "x"
title = "X"
version = 1

[[note]]
id = "a"
front = """
[[note]]
back = "not a key"
"""
back = ""
'''
    with pytest.raises(DeckFileError) as caught:
        parse_deck(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (13, 'note "a": the answer (back) is empty'),
    ]


def one_factor_deck(certainty: str) -> str:
    """A deck of one factor, one fact (with these certainty lines) and one cloze note."""
    return f"""\
[deck]
format = 1
id = "x"
title = "X"
version = 1

[[factor]]
id = "only"
name = "Only"

[[fact]]
id = "F1"
factor = "only"
claim = "A claim."
{certainty}

[[note]]
id = "n"
facts = ["F1"]
text = "A {{{{c1::claim}}}}."
"""


def test_deck_with_one_factor_needs_no_findings() -> None:
    doc = parse_deck(one_factor_deck('certainty = "emerging"'))
    assert doc.facts[0].finding == ""
    assert doc.facts[0].certainty is Certainty.EMERGING
    assert doc.facts[0].evidence_certainty is None


def test_the_literatures_verdict_is_kept_beside_the_sources_certainty() -> None:
    text = one_factor_deck('certainty = "supported"\nevidence_certainty = "contested"')
    fact = parse_deck(text).facts[0]
    assert (fact.certainty, fact.evidence_certainty) == (Certainty.SUPPORTED, Certainty.CONTESTED)
    with pytest.raises(
        DeckFileError, match=r"certainty must be one of consensus, supported, emerging$"
    ):
        parse_deck(text.replace('certainty = "supported"', 'certainty = "contested"', 1))


def test_a_wrong_type_is_reported_once() -> None:
    text = '[deck]\nformat = 1\nid = "x"\ntitle = "X"\nversion = 1\n\n'
    text += '[[note]]\nid = "a"\nfront = 3\nback = "b"\n\n[[note]]\nid = "c"\ntext = ["x"]\n'
    with pytest.raises(DeckFileError) as caught:
        parse_deck(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (9, 'note "a": "front" must be text'),
        (14, 'note "c": "text" must be text'),
    ]


@pytest.mark.parametrize("language", ["en", "pt-BR", "zh-Hant-TW", "de-1996"])
def test_a_language_tag_is_taken(language: str) -> None:
    doc = parse_deck(
        f'[deck]\nformat = 1\nid = "x"\ntitle = "X"\nversion = 1\nlanguage = "{language}"\n'
    )
    assert doc.meta.language == language


def test_a_language_that_is_no_tag_is_a_problem() -> None:
    """Found in a hunt: any text was taken as the deck's language ("not a tag!!")."""
    with pytest.raises(DeckFileError) as caught:
        parse_deck(
            '[deck]\nformat = 1\nid = "x"\ntitle = "X"\nversion = 1\nlanguage = "English!"\n'
        )
    assert [str(problem) for problem in caught.value.problems] == [
        '<deck>:6: [deck]: language "English!" is no language tag, such as "en" or "pt-BR"'
    ]


def test_a_control_character_in_a_text_is_a_problem() -> None:
    """Found in a hunt: back = "Un\\u0000refreshing" loaded, a NUL in the card's text."""
    text = (
        '[deck]\nformat = 1\nid = "x"\ntitle = "X"\nversion = 1\n\n[[note]]\nid = "n"\n'
        'front = "Sleep?"\nback = "Un\\u0000refreshing"\n'
    )
    with pytest.raises(DeckFileError) as caught:
        parse_deck(text)
    assert [str(problem) for problem in caught.value.problems] == [
        '<deck>:10: note "n": "back" holds the control character U+0000, which is no text: '
        "remove it"
    ]
