"""Browse's searches compare typographic quotes as the straight ones a keyboard types.

The bundled deck writes ‘fibro fog’ with typographic quotes: a learner typing 'fibro fog'
as the card seems to say it, or pasting brain’s from a card into a search of notes written
with brain's, finds them all the same.
"""

from __future__ import annotations

import pytest

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services

FRONTS = (
    "often called ‘fibro fog’",
    "the brain’s main ‘go’ signal",
    "once called 'all in the head'",
    "the “volume knob” picture",
    "plain fog",
)


@pytest.fixture
def quoted(services: Services) -> Services:
    deck_id = services.notes.decks()[0].deck_id
    for front in FRONTS:
        services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, front, "x"))
    return services


def fronts(services: Services, text: str) -> list[str]:
    ids = services.browse.card_ids(CardQuery(services.browse.parse(text)), 0, 100)
    rows = services.browse.rows(ids)
    return [rows[i].question for i in ids if rows[i].question in FRONTS]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'fibro fog'", [FRONTS[0]]),  # two words: 'fibro and fog'
        ("\"called 'fibro fog'\"", [FRONTS[0]]),
        ("nc:'fibro", [FRONTS[0]]),
        ("brain's", [FRONTS[1]]),
        ("'go'", [FRONTS[1]]),
        ("\"'volume knob'\"", []),  # double quotes are not single ones
        ("'volume", []),
        ("knob”", [FRONTS[3]]),  # pasted
        ("‘all", [FRONTS[2]]),  # pasted, against straight quotes
        ("fog", [FRONTS[0], FRONTS[4]]),
        ("-'fibro", [FRONTS[1], FRONTS[2], FRONTS[3], FRONTS[4]]),
    ],
)
def test_straight_and_typographic_quotes_find_each_other(
    quoted: Services, text: str, expected: list[str]
) -> None:
    assert fronts(quoted, text) == expected


def found(services: Services, text: str) -> set[int]:
    return set(services.browse.card_ids(CardQuery(services.browse.parse(text)), 0, 1000))


def test_the_bundled_decks_quoted_words_are_found_however_they_are_typed(
    bundled: Services,
) -> None:
    """‘fibro fog’ is in a claim, which Browse does not search; the cards name it plainly."""
    assert len(found(bundled, "fibro fog")) >= 2
    typed = found(bundled, "\"called 'all in the head'\"")
    pasted = found(bundled, '"called ‘all in the head’"')
    assert typed and typed == pasted
    # The card that says it without "called" too; and every card with the words.
    assert typed < found(bundled, "'all head'") == found(bundled, '"all in the head"')
