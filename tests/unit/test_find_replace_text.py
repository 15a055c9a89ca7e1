"""Find and replace's regular expressions read as Anki's do: ^ and $ are the field's start and
end (not those of each piece of text between tags), and $1 or ${name} put back a group."""

from __future__ import annotations

import pytest

from fibrolearn.domain.find_replace import Replacement


def replaced(find: str, put: str, html: str) -> str:
    replacement = Replacement(find, put, regex=True)
    return replacement.rewrite(replacement.pattern(), html)


@pytest.mark.parametrize(
    ("find", "html", "expected"),
    [
        ("^", "a<br>b", "Xa<br>b"),
        ("$", "a<br>b", "a<br>bX"),
        ("^a", "a<br>a", "X<br>a"),
        ("b$", "ab<br>ab", "ab<br>aX"),
        ("^ +| +$", " a <b>b</b> ", "Xa <b>b</b>X"),
        (r"\s+", "ab <br>c d", "abX<br>cXd"),  # not at a field's end, and still found
        ("fog", "<b>fibro</b> fog <a href='fog'>fog</a>", "<b>fibro</b> X <a href='fog'>X</a>"),
        # Greedy finds that end before a tag: the check for $ let them run on and lost them.
        ("[^,]+", "<b>fibro fog</b>", "<b>X</b>"),
        (r"\W+", "a, b!<br>c", "aXbX<br>c"),
        ("(?s).+", "one<br>two", "X<br>X"),
        ("(?s)[\\s\\S]+$", "one<br>two", "one<br>X"),
        ("(?x) o  # the letter", "fog<br>of", "fXg<br>Xf"),
    ],
)
def test_caret_and_dollar_are_the_field_s_start_and_end(
    find: str, html: str, expected: str
) -> None:
    assert replaced(find, "X", html) == expected


@pytest.mark.parametrize(
    ("put", "expected"),
    [
        (r"\2 \1", "fog fibro<br>y x"),
        ("$2 $1", "fog fibro<br>y x"),
        ("${2}s $1", "fogs fibro<br>ys x"),
        ("$$2 ${first}", "$2 fibro<br>$2 x"),
    ],
)
def test_a_group_is_put_back_as_anki_writes_it_too(put: str, expected: str) -> None:
    assert replaced(r"(?P<first>\w+) (\w+)", put, "fibro fog<br>x y") == expected
