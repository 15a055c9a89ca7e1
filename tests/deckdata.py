"""A small deck for tests, as text, at any version."""

from __future__ import annotations

SMALL_DECK = """
[deck]
format = 1
id = "small"
title = "Small deck"
version = {version}
description = "A deck for tests."

[[factor]]
id = "a"
name = "Factor A"

[[factor]]
id = "b"
name = "Factor B"

[[fact]]
id = "A1"
factor = "a"
claim = "Alpha is linked to factor A."
finding = "alpha"
certainty = "consensus"
explanation = "Alpha explained."
evidence = "Only small studies."

[[fact.reference]]
title = "A paper about alpha"
year = 2020

[[fact]]
id = "B1"
factor = "b"
claim = "Beta is linked to factor B."
finding = "beta"
certainty = "emerging"
{notes}
"""

SMALL_NOTES = """
[[note]]
id = "n1"
facts = ["A1"]
front = "What is alpha linked to?"
back = "Factor A"

[[note]]
id = "n2"
facts = ["B1"]
kind = "reversed"
front = "beta"
back = "Factor B"

[[note]]
id = "n3"
facts = ["A1", "B1"]
text = "{{c1::Alpha}} belongs to A and {{c2::beta}} to B."
"""


def small_deck_text(version: int = 1, notes: str = SMALL_NOTES) -> str:
    """The small test deck (5 cards by default) at a given version."""
    return SMALL_DECK.format(version=version, notes=notes)


# A quiz asks each finding once, so the small deck's two findings make quizzes of one or two
# questions. The quiz deck has eight more findings of factor A, taught by note n1 so that the
# cards are the same; B keeps its one finding, so that it has no not-linked question.
MORE_FACTS = tuple(f"A{i}" for i in range(2, 10))


def quiz_deck_text() -> str:
    """The small deck with eight more findings of factor A: quizzes of ten questions."""
    facts = "".join(
        f'[[fact]]\nid = "{key}"\nfactor = "a"\nclaim = "Finding {key} is linked to A."\n'
        f'finding = "finding {key}"\ncertainty = "supported"\n\n'
        for key in MORE_FACTS
    )
    notes = SMALL_NOTES.replace('facts = ["A1"]', f"facts = {['A1', *MORE_FACTS]}")
    return small_deck_text(notes=facts + notes)
