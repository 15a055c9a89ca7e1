"""Browse's searches fold case in any script, as Python does; ``nc:``, as Anki's, takes
accents off too."""

from __future__ import annotations

import unicodedata

import pytest

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services

FRONTS = (
    "Café au lait",
    unicodedata.normalize("NFD", "Crème brûlée"),  # accents as combining marks (a PDF paste)
    "Die Straße",
    "İstanbul",
    "ΣΟΦΊΑ και σοφός",
    "plain cafe",
    "STRASSE",
    "ﬁber optics",  # a ligature, as text pasted from a PDF has it
)


@pytest.fixture
def accented(services: Services) -> Services:
    deck_id = services.notes.decks()[0].deck_id
    for front in FRONTS:
        services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, front, "x", tags=("Größe",)))
    return services


def fronts(services: Services, text: str) -> list[str]:
    found = CardQuery(services.browse.parse(text))
    ids = services.browse.card_ids(found, 0, 100)
    rows = services.browse.rows(ids)
    return [rows[i].question for i in ids if rows[i].question in (*FRONTS, "Café", "Straße")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nc:cafe", [FRONTS[0], FRONTS[5]]),
        ("NC:CAFÉ", [FRONTS[0], FRONTS[5]]),
        ('nc:"creme brulee"', [FRONTS[1]]),
        ("nc:brûlée", [FRONTS[1]]),
        ("nc:strasse", [FRONTS[2], FRONTS[6]]),
        ("nc:istanbul", [FRONTS[3]]),
        ("nc:σοφια", [FRONTS[4]]),
        ("nc:ΣΟΦΟΣ", [FRONTS[4]]),  # a final sigma is a sigma
        ("nc:gross*", FRONTS),  # in the tags too, and with a wildcard
        ("nc:caf*lait", [FRONTS[0]]),
        ("-nc:cafe", [FRONTS[1], FRONTS[2], FRONTS[3], FRONTS[4], FRONTS[6], FRONTS[7]]),
        ("cafe", [FRONTS[5]]),  # a plain word keeps its accents
    ],
)
def test_nc_ignores_accents_and_case(accented: Services, text: str, expected: list[str]) -> None:
    assert fronts(accented, text) == list(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Found in a bug hunt: a word in A-Z compared A-Z case only, so "strasse" missed
        # "Straße" though "Straße" found "STRASSE", and "fiber" missed "ﬁber".
        ("strasse", [FRONTS[2], FRONTS[6]]),
        ("STRASSE", [FRONTS[2], FRONTS[6]]),
        ("Straße", [FRONTS[2], FRONTS[6]]),
        ("stra*e", [FRONTS[2], FRONTS[6]]),
        ("fiber", [FRONTS[7]]),
        ("istanbul", [FRONTS[3]]),
        ("İSTANBUL", [FRONTS[3]]),
        ("ΣΟΦΌΣ", [FRONTS[4]]),  # a final sigma is a sigma
        ("σοφια", []),  # accents count
        ("tag:grösse", list(FRONTS)),
        ("tag:GROSSE", []),  # the tag is "Größe"
        ("tag:größe", list(FRONTS)),
        ("-STRASSE", [FRONTS[0], FRONTS[1], FRONTS[3], FRONTS[4], FRONTS[5], FRONTS[7]]),
    ],
)
def test_words_and_fields_fold_case_beyond_a_to_z(
    accented: Services, text: str, expected: list[str]
) -> None:
    assert fronts(accented, text) == expected


def test_a_tag_folds_into_a_to_z_as_words_do(accented: Services) -> None:
    ids = accented.browse.card_ids(CardQuery(accented.browse.parse("cafe")), 0, 10)
    accented.notes.add_tags(ids, ["Straße"])
    assert fronts(accented, "tag:strasse") == fronts(accented, "tag:STRASSE") == [FRONTS[5]]


def test_the_first_note_with_letters_that_fold_is_found_at_once(services: Services) -> None:
    """Searches fold in Python only the letters some note holds; a note added brings its own."""
    deck_id = services.notes.decks()[0].deck_id
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "plain", "x"))
    assert fronts(services, "strasse") == fronts(services, "nc:strasse") == []
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Café", "x"))
    assert fronts(services, "nc:cafe") == ["Café"] and fronts(services, "strasse") == []
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Straße", "x"))
    assert fronts(services, "strasse") == fronts(services, "nc:strasse") == ["Straße"]
