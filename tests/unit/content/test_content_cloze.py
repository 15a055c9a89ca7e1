from __future__ import annotations

import pytest

from fibrolearn.content.cloze import (
    Deletion,
    cloze_numbers,
    cloze_terms,
    deletions,
    malformed_fragments,
    segments,
)


def test_numbers_are_sorted_and_distinct() -> None:
    text = "{{c3::c}} then {{c1::a}} and {{c2::b}} and {{c1::a again}}"
    assert cloze_numbers(text) == (1, 2, 3)


def test_numbers_above_nine() -> None:
    assert cloze_numbers("{{c10::ten}} {{c2::two}}") == (2, 10)


@pytest.mark.parametrize("digits", [19, 5_000])
def test_a_number_no_card_can_have_is_malformed_not_a_crash(digits: int) -> None:
    # A card's ordinal is a 64-bit integer, and int() reads at most 4,300 digits.
    text = "{{c" + "9" * digits + "::term}} and {{c2::two}}"
    assert cloze_numbers(text) == (2,)
    (fragment,) = malformed_fragments(text)
    assert fragment.startswith("{{c999")


def test_terms_of_one_number_in_reading_order_without_repeats() -> None:
    text = "{{c1::gluten}} traps {{c2::gas}}; {{c1::gluten}} needs {{c1::water}}."
    assert cloze_terms(text, 1) == ("gluten", "water")
    assert cloze_terms(text, 2) == ("gas",)
    assert cloze_terms(text, 3) == ()


def test_hint_is_separated_from_the_term() -> None:
    assert deletions("It {{c1::amplifies::makes louder}} pain.") == (
        Deletion(1, "amplifies", "makes louder"),
    )


def test_single_colons_stay_in_the_term() -> None:
    assert cloze_terms("A {{c1::5:1}} ratio", 1) == ("5:1",)


def test_segments_keep_plain_text_around_deletions() -> None:
    assert segments("a {{c1::b}} c{{c2::d::h}}") == (
        "a ",
        Deletion(1, "b"),
        " c",
        Deletion(2, "d", "h"),
    )


def test_text_without_deletions() -> None:
    assert cloze_numbers("no deletion here") == ()
    assert segments("plain") == ("plain",)
    assert segments("") == ()


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("{{c1:term}}", ("{{c1:term}}",)),
        ("{{c0::zero}}", ("{{c0::zero}}",)),
        ("{{c1::}} and {{c1::  }}", ("{{c1::}}", "{{c1::  }}")),
        # A brace pair alone is quoted with the words beside it, to tell which one it is.
        ("{{c1::open", ("{{c1::open",)),
        ("close}} here", ("close}}",)),
        ("Poor {{c1::sleep} and {{c2::pain}} here", ("{{c1::sleep} and",)),
        ("{{c1::pain}} then fog}} x", ("then fog}}",)),
        ("x" * 60 + "}}", ("…" + "x" * 37 + "}}",)),
        ("{{c1::a {{c2::b}} c}}", ("{{c1::a … c}}",)),
        ("{{d1::x}}", ("{{d1::x}}",)),
        ("{{c1::" + "x" * 60 + "}", ("{{c1::" + "x" * 33 + "…",)),
    ],
)
def test_malformed_fragments(text: str, fragments: tuple[str, ...]) -> None:
    assert malformed_fragments(text) == fragments


def test_long_malformed_fragments_are_shortened() -> None:
    (fragment,) = malformed_fragments("{{c1:" + "x" * 100 + "}}")
    assert len(fragment) == 40
    assert fragment.endswith("…")


def test_well_formed_text_has_no_malformed_fragments() -> None:
    assert malformed_fragments("{{c1::a}} {{c2::b::hint}} {x} }") == ()
