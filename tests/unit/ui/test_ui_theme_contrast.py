"""Every theme's text and outlines meet WCAG AA contrast, read straight from the palettes."""

from __future__ import annotations

import re

import pytest

from fibrolearn.ui.theme_palettes import (
    OUTLINE_PAIRS,
    TEXT_PAIRS,
    Palette,
    Theme,
    load_palettes,
    stylesheet_template,
)

PALETTES = load_palettes()


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_concrete_theme_has_a_palette() -> None:
    assert set(PALETTES) == set(Theme) - {Theme.SYSTEM}


@pytest.mark.parametrize("theme", sorted(PALETTES))
@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_meets_aa(theme: Theme, foreground: str, background: str) -> None:
    palette = PALETTES[theme]
    ratio = contrast(getattr(palette, foreground), getattr(palette, background))
    assert ratio >= 4.5, f"{theme}: {foreground} on {background} is only {ratio:.2f}:1"


@pytest.mark.parametrize("theme", sorted(PALETTES))
@pytest.mark.parametrize(("line", "background"), OUTLINE_PAIRS)
def test_focus_rings_and_borders_meet_non_text_contrast(
    theme: Theme, line: str, background: str
) -> None:
    palette = PALETTES[theme]
    ratio = contrast(getattr(palette, line), getattr(palette, background))
    assert ratio >= 3.0, f"{theme}: {line} on {background} is only {ratio:.2f}:1"


def test_high_contrast_theme_reaches_aaa() -> None:
    palette = PALETTES[Theme.HIGH_CONTRAST]
    for foreground, background in TEXT_PAIRS:
        assert contrast(getattr(palette, foreground), getattr(palette, background)) >= 7.0


def test_style_sheet_uses_only_palette_colours() -> None:
    """No colour literal hides in the QSS, where no contrast test would see it."""
    template = stylesheet_template()
    assert not re.findall(r"#[0-9a-fA-F]{3,6}\b|rgb\(", template)
    names = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", template))
    sizes = {"pad_v", "pad_h", "pad_v_focus", "pad_h_focus", "bar_height", "indicator"}
    sizes |= {"field_height", "field_pad_h", "field_pad_h_focus"}
    sizes |= {"arrow", "arrow_box", "arrow_box_focus"}
    sizes |= {"indicator_line", "indicator_corner", "indicator_round", "menu_text_left"}
    sizes |= {"scroll", "scroll_gap", "slider_groove", "slider_reach", "slider_height"}
    ticks = {"tick", "tick_disabled"}  # images drawn in text and disabled_text (theme.py)
    colour_names = names - sizes - ticks
    assert colour_names <= set(Palette._fields)


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_placeholder_text_meets_aa_on_text_fields(theme: Theme) -> None:
    """A field's placeholder ("Type your answer, then press Enter") is instructions, not décor."""
    assert ("placeholder", "base") in TEXT_PAIRS
    palette = PALETTES[theme]
    ratio = contrast(palette.placeholder, palette.base)
    assert ratio >= 4.5, f"{theme}: placeholder on base is only {ratio:.2f}:1"
    # ...and still lighter than what the learner types, so an empty field never looks filled.
    assert contrast(palette.text, palette.base) > ratio


TEXT_FIELDS = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QTextBrowser")


def test_style_sheet_never_leaves_placeholders_at_half_opacity() -> None:
    """A rule that colours a text field's text must colour its placeholder too.

    Otherwise Qt draws the placeholder in the text colour at half opacity, below 4.5:1.
    """
    sheet = re.sub(r"\{\{\s*(\w+)\s*\}\}", r"$\1", stylesheet_template())  # {{ x }} -> $x
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL)
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", sheet)
    assert len(rules) > 10  # the sheet was read as rules at all
    for selectors, body in rules:
        names = {name.strip().split(":")[0] for name in selectors.split(",")}
        if names & set(TEXT_FIELDS) and re.search(r"(^|[\s;])color:", body):
            assert "placeholder-text-color: $placeholder;" in body, selectors.strip()
