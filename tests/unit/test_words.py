from __future__ import annotations

from fibrolearn.domain.words import counted


def test_counted_says_one_thing_and_many_things() -> None:
    assert counted(1, "card") == "1 card"
    assert counted(0, "card") == "0 cards"
    assert counted(12580, "answer") == "12,580 answers"
    assert counted(2, "study day") == "2 study days"
    assert counted(3, "entry", "entries") == "3 entries"
