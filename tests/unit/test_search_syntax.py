"""The Browse search language: what parses to what, and the messages for what does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fibrolearn.domain.search import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_TERMS,
    CardStatus,
    Search,
    SearchField,
    SearchGroup,
    SearchSyntaxError,
    SearchTerm,
    parse_search,
    terms_in,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "search-syntax.md"
# A row of the doc's table of mistakes: | `search` | `part selected` | message |
MISTAKE_ROW = re.compile(r"^\| `([^`]+)` \| `([^`]+)` \| (.+) \|$", re.MULTILINE)

TEXT, DECK, TAG, FACTOR, IS, CERTAINTY = (
    SearchField.TEXT,
    SearchField.DECK,
    SearchField.TAG,
    SearchField.FACTOR,
    SearchField.IS,
    SearchField.CERTAINTY,
)


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("", ()),
        ("   ", ()),
        ("serotonin", (SearchTerm(TEXT, "serotonin"),)),
        ("low serotonin", (SearchTerm(TEXT, "low"), SearchTerm(TEXT, "serotonin"))),
        ('"low serotonin"', (SearchTerm(TEXT, "low serotonin"),)),
        ('-"low serotonin"', (SearchTerm(TEXT, "low serotonin", negated=True),)),
        ("deck:fibro*", (SearchTerm(DECK, "fibro*"),)),
        ('deck:"Causes of fibromyalgia"', (SearchTerm(DECK, "Causes of fibromyalgia"),)),
        ("DECK:Mine", (SearchTerm(DECK, "Mine"),)),
        ("tag:sleep -tag:gut", (SearchTerm(TAG, "sleep"), SearchTerm(TAG, "gut", True))),
        ("factor:central", (SearchTerm(FACTOR, "central"),)),
        ("is:NEW", (SearchTerm(IS, CardStatus.NEW),)),
        ("-is:suspended", (SearchTerm(IS, "suspended", negated=True),)),
        ('is:"due"', (SearchTerm(IS, "due"),)),
        ("is:Learn", (SearchTerm(IS, CardStatus.LEARNING),)),  # as Anki writes it
        ("certainty:Emerging", (SearchTerm(CERTAINTY, "emerging"),)),
        ("5:1 ratio", (SearchTerm(TEXT, "5:1"), SearchTerm(TEXT, "ratio"))),
        ('"dek:x"', (SearchTerm(TEXT, "dek:x"),)),
        ('a"b c"', (SearchTerm(TEXT, "a"), SearchTerm(TEXT, "b c"))),
        ("a-b", (SearchTerm(TEXT, "a-b"),)),
        ('"or" "and"', (SearchTerm(TEXT, "or"), SearchTerm(TEXT, "and"))),
        ("color band", (SearchTerm(TEXT, "color"), SearchTerm(TEXT, "band"))),
    ],
)
def test_parses(query: str, terms: tuple[SearchTerm, ...]) -> None:
    assert parse_search(query) == Search(terms)


SLEEP, PAIN, NEW = SearchTerm(TEXT, "sleep"), SearchTerm(TEXT, "pain"), SearchTerm(IS, "new")


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("sleep or pain", (SearchGroup(((SLEEP,), (PAIN,))),)),
        ("sleep OR pain", (SearchGroup(((SLEEP,), (PAIN,))),)),
        ("sleep and pain", (SLEEP, PAIN)),
        ("is:new sleep or pain", (SearchGroup(((NEW, SLEEP), (PAIN,))),)),  # AND binds first
        ("is:new (sleep or pain)", (NEW, SearchGroup(((SLEEP,), (PAIN,))))),
        ("-(sleep or pain)", (SearchGroup(((SLEEP,), (PAIN,)), negated=True),)),
        ('(sleep)"pain"', (SearchGroup(((SLEEP,),)), PAIN)),
        (
            "((sleep or pain) is:new) or is:new",
            (SearchGroup(((SearchGroup(((SearchGroup(((SLEEP,), (PAIN,))), NEW),)),), (NEW,))),),
        ),
    ],
)
def test_or_and_brackets_group_terms_as_in_anki(query: str, terms: tuple[object, ...]) -> None:
    """Found in a bug hunt: "sleep OR pain" looked for the letters "or" as a third word, and
    "(sleep or pain)" for "(sleep" and "pain)": 220 cards of 10,000, and none, without a word."""
    assert parse_search(query) == Search(terms)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "message", "bad_part"),
    [
        (
            "sleep dek:x",
            'unknown search field "dek:" — did you mean "deck:"? Fields are deck:, tag:, '
            "factor:, is:, certainty:, nc:, prop:, added:, edited:, rated:, introduced:. To find "
            'the text itself, put it in quotes: "dek:x"',
            "dek:",
        ),
        ("-tga:x", 'unknown search field "tga:" — did you mean "tag:"?', "-tga:"),
        ("zzz:x", 'unknown search field "zzz:". Fields are', "zzz:"),
        ("deck:", '"deck:" needs a value after the colon, e.g. deck:"Causes', "deck:"),
        ("a tag: b", '"tag:" needs a value after the colon, e.g. tag:sleep', "tag:"),
        (
            "is:nwe",
            '"is:" cannot be "nwe" — did you mean "is:new"? Choose from: new, learning, '
            "review, due, suspended, buried",
            "is:nwe",
        ),
        (
            "certainty:maybe",
            '"certainty:" cannot be "maybe". Choose from: consensus, supported, emerging',
            "certainty:maybe",
        ),
        (
            'x "low serotonin',
            "the quote opened in '\"low serotonin' is never closed",
            '"low serotonin',
        ),
        ('deck:"My deck', "the quote opened in 'deck:\"My deck' is never closed", '"My deck'),
        ("a - b", '"-" must be followed by what to leave out, e.g. -is:suspended', "-"),
        ("a -", '"-" must be followed', "-"),
        ('a ""', 'empty quotes ""; put the words to find between them', '""'),
        ("(sleep or pain", 'the bracket "(" opened here is never closed; add a ")"', "("),
        ("a (b (c) d", 'the bracket "(" opened here is never closed', "("),
        ("sleep)", 'this ")" closes no bracket; remove it, or put it in quotes', ")"),
        ("a () b", 'empty brackets "()"; put the terms to group between them', "()"),
        ("sleep or", '"or" needs a term on each side, e.g. sleep or pain; to find the', "or"),
        ("OR sleep", '"OR" needs a term on each side, e.g. sleep or pain', "OR"),
        ("(a or or b)", '"or" needs a term on each side', "or"),
        ("(a and)", '"and" needs a term on each side', "and"),
        ("-(a -)", '"-" must be followed by what to leave out', "-"),
    ],
)
def test_bad_syntax_names_the_bad_part(query: str, message: str, bad_part: str) -> None:
    with pytest.raises(SearchSyntaxError) as caught:
        parse_search(query)
    assert str(caught.value).startswith(message)
    assert query[caught.value.start : caught.value.end] == bad_part


@pytest.mark.parametrize(
    ("query", "message", "bad_part"),
    [
        (
            "sleep " * MAX_TERMS + "pain  ",
            f"a search can hold at most {MAX_TERMS} terms; leave out some of them",
            "pain",
        ),
        (
            "(" * MAX_DEPTH + "-(sleep" + ")" * (MAX_DEPTH + 1),
            f"brackets can go at most {MAX_DEPTH} inside one another; this one is the",
            "(",
        ),
        (
            "x" * (MAX_LENGTH + 30),
            f"a search can be at most {MAX_LENGTH:,} characters long and this one has "
            f"{MAX_LENGTH + 30:,}; shorten it",
            "x" * 30,
        ),
    ],
)
def test_a_search_too_long_or_deep_is_refused_where_it_goes_past(
    query: str, message: str, bad_part: str
) -> None:
    """Found in a bug hunt: past these, SQLite failed ("Expression tree is too large", "parser
    stack overflow", "LIKE or GLOB pattern too complex") and Browse said something had gone
    wrong in the program, not in the search."""
    with pytest.raises(SearchSyntaxError) as caught:
        parse_search(query)
    assert str(caught.value).startswith(message)
    assert query[caught.value.start : caught.value.end] == bad_part


@given(st.text(max_size=40))
def test_any_text_parses_or_fails_with_a_located_message(text: str) -> None:
    try:
        search = parse_search(text)
    except SearchSyntaxError as error:
        assert error.message
        assert 0 <= error.start < error.end <= len(text)
    else:
        assert all(term.value.strip() for term in terms_in(search.terms))


@pytest.mark.parametrize(
    ("query", "value"), [("nc:cafe", "cafe"), ('NC:"crème brûlée"', "crème brûlée")]
)
def test_nc_keeps_its_value_as_typed(query: str, value: str) -> None:
    assert parse_search(query) == Search((SearchTerm(SearchField.NC, value),))


def test_the_doc_s_mistakes_say_what_browse_says_and_select_the_same_part() -> None:
    """Written by hand, the doc's messages fell behind: prop:'s list lacked r."""
    section = DOC.read_text(encoding="utf-8").split("## When a search cannot be read")[1]
    documented = {
        query: (part, message)
        for query, part, message in MISTAKE_ROW.findall(section.split("\n## ")[0])
    }
    assert len(documented) >= 12, "the doc's table of mistakes was not found"
    said = {}
    for query in documented:
        with pytest.raises(SearchSyntaxError) as caught:
            parse_search(query)
        error = caught.value
        said[query] = (query[error.start : error.end], error.message)
    assert said == documented
