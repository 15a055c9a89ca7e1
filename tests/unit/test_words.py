from __future__ import annotations

from fibrolearn.domain.words import counted, listed, size_words


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


def test_a_size_reads_the_same_in_the_app_and_on_the_command_line() -> None:
    """Found in a hunt: 52,600 bytes were "53 kB" in `fibrolearn backups`, "52 kB" in the
    Backups window (one rounded, the other cut)."""
    assert size_words(52_600) == "53 kB"
    assert size_words(52_400) == "52 kB"
    assert size_words(300) == "1 kB"  # not "0 kB"
    assert size_words(2_345_678) == "2.3 MB"
    assert size_words(999_700) == "1.0 MB"  # not "1000 kB"
