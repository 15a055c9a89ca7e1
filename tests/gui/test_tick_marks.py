"""The tick the style sheet shows in a ticked box: one SVG file per colour."""

from __future__ import annotations

import pytest

from fibrolearn.ui.tick_marks import tick_image


def test_a_colour_gets_one_file_drawn_in_it() -> None:
    first = tick_image("#1D1C1A")  # the light theme's text: maybe written by an earlier test
    assert first == tick_image("#1d1c1a")  # written once, found again
    assert first.suffix == ".svg"
    assert 'stroke="#1d1c1a"' in first.read_text(encoding="utf-8")
    assert tick_image("#ffffff") != first


def test_a_file_removed_meanwhile_is_written_again() -> None:
    path = tick_image("#123456")
    path.unlink()
    assert tick_image("#123456").read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "url(x)"])
def test_only_a_six_digit_colour_is_accepted(colour: str) -> None:
    with pytest.raises(ValueError, match="#rrggbb"):
        tick_image(colour)
