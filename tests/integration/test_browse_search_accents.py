"""Browse's ``nc:`` search, as Anki's: case and accents ignored, in any script."""

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
    return [rows[i].question for i in ids if rows[i].question in FRONTS]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nc:cafe", [FRONTS[0], FRONTS[5]]),
        ("NC:CAFÉ", [FRONTS[0], FRONTS[5]]),
        ('nc:"creme brulee"', [FRONTS[1]]),
        ("nc:brûlée", [FRONTS[1]]),
        ("nc:strasse", [FRONTS[2]]),
        ("nc:istanbul", [FRONTS[3]]),
        ("nc:σοφια", [FRONTS[4]]),
        ("nc:ΣΟΦΟΣ", [FRONTS[4]]),  # a final sigma is a sigma
        ("nc:gross*", FRONTS),  # in the tags too, and with a wildcard
        ("nc:caf*lait", [FRONTS[0]]),
        ("-nc:cafe", [FRONTS[1], FRONTS[2], FRONTS[3], FRONTS[4]]),
        ("cafe", [FRONTS[5]]),  # a plain word keeps its accents
    ],
)
def test_nc_ignores_accents_and_case(accented: Services, text: str, expected: list[str]) -> None:
    assert fronts(accented, text) == list(expected)
