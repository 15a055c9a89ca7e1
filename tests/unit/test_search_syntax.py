"""The Browse search language: what parses to what, and the messages for what does not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fibrolearn.domain.search import (
    CardStatus,
    Search,
    SearchField,
    SearchSyntaxError,
    SearchTerm,
    parse_search,
)

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
        ("certainty:Emerging", (SearchTerm(CERTAINTY, "emerging"),)),
        ("5:1 ratio", (SearchTerm(TEXT, "5:1"), SearchTerm(TEXT, "ratio"))),
        ('"dek:x"', (SearchTerm(TEXT, "dek:x"),)),
        ('a"b c"', (SearchTerm(TEXT, "a"), SearchTerm(TEXT, "b c"))),
        ("a-b", (SearchTerm(TEXT, "a-b"),)),
    ],
)
def test_parses(query: str, terms: tuple[SearchTerm, ...]) -> None:
    assert parse_search(query) == Search(terms)


@pytest.mark.parametrize(
    ("query", "message", "bad_part"),
    [
        (
            "sleep dek:x",
            'unknown search field "dek:" — did you mean "deck:"? Fields are deck:, tag:, '
            'factor:, is:, certainty:. To find the text itself, put it in quotes: "dek:x"',
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
    ],
)
def test_bad_syntax_names_the_bad_part(query: str, message: str, bad_part: str) -> None:
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
        assert all(term.value.strip() for term in search.terms)
