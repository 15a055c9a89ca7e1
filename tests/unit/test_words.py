from __future__ import annotations

from fibrolearn.domain.words import counted, listed


def test_counted_says_one_thing_and_many_things() -> None:
    assert counted(1, "card") == "1 card"
    assert counted(0, "card") == "0 cards"
    assert counted(12580, "answer") == "12,580 answers"
    assert counted(2, "study day") == "2 study days"
    assert counted(3, "entry", "entries") == "3 entries"


def test_items_are_listed_as_a_sentence_lists_them() -> None:
    assert listed([]) == ""
    assert listed(["Sleep"]) == "Sleep"
    assert listed(["Sleep", "Gut"]) == "Sleep and Gut"
    assert listed(["Sleep", "Gut", "Genes"]) == "Sleep, Gut and Genes"
