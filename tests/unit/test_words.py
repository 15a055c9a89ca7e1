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


def test_a_size_reads_right_at_every_magnitude() -> None:
    """Found in a bug hunt: 999,999,999 bytes were "1000.0 MB", a terabyte "1000000.0 MB"
    (no GB), and 9,950,000 bytes "9.9 MB" (a float's rounding)."""
    assert size_words(999_499) == "999 kB"
    assert size_words(999_500) == "1.0 MB"
    assert size_words(9_950_000) == "10.0 MB"
    assert size_words(9_949_999) == "9.9 MB"
    assert size_words(999_949_999) == "999.9 MB"
    assert size_words(999_999_999) == "1.0 GB"
    assert size_words(2 << 30) == "2.1 GB"
    assert size_words(10**12) == "1.0 TB"
    assert size_words(1234 * 10**12) == "1,234.0 TB"
