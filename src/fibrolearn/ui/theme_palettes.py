"""The themes' colours and the style sheet's template (no Qt here, so tests can read them).

Which colours are drawn on which is written down once, in :data:`TEXT_PAIRS` and
:data:`OUTLINE_PAIRS`, for the contrast test and for anyone adding a theme.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

_THEMES = Path(__file__).with_name("themes")  # app.qss, installed next to this module


class Theme(StrEnum):
    """The themes a learner can choose; SYSTEM follows the desktop's light, dark or contrast."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


class Palette(NamedTuple):
    """One theme's colours, each a ``#rrggbb`` string named for the role it plays."""

    label: str
    dark: bool
    window: str
    text: str
    muted: str
    placeholder: str
    base: str
    alternate_base: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    link: str
    focus: str
    border: str
    tooltip_base: str
    tooltip_text: str
    disabled_text: str

    def colours(self) -> dict[str, str]:
        """Every colour by its role name."""
        return {k: v for k, v in self._asdict().items() if isinstance(v, str) and v.startswith("#")}


# (text colour, background) pairs that must reach 4.5:1.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"),
    ("text", "base"),
    ("text", "alternate_base"),
    ("muted", "window"),
    ("muted", "base"),
    ("placeholder", "base"),
    ("button_text", "button"),
    ("highlighted_text", "highlight"),
    ("link", "base"),
    ("link", "window"),
    ("tooltip_text", "tooltip_base"),
)
# (line colour, background) pairs of focus rings and control borders that must reach 3:1.
OUTLINE_PAIRS: tuple[tuple[str, str], ...] = (
    ("focus", "window"),
    ("focus", "base"),
    ("border", "window"),
    ("highlight", "base"),
)


# Every text colour is drawn on the backgrounds listed in TEXT_PAIRS, and a unit test checks
# each pair for WCAG AA contrast (4.5:1); focus rings and borders need 3:1 against the window
# (WCAG 1.4.11). Roles are named after Qt palette roles where one exists (window, base, button,
# highlight...). placeholder is the hint inside an empty text field ("Type your answer, then
# press Enter"): it carries instructions, so it meets 4.5:1 on base too, while staying lighter
# than typed text.
_PALETTES: dict[Theme, Palette] = {
    Theme.LIGHT: Palette(
        label="Light",
        dark=False,
        window="#f4f2ee",
        text="#1d1c1a",
        muted="#4f4b45",
        placeholder="#6b665e",
        base="#ffffff",
        alternate_base="#ece9e3",
        button="#e4e0d8",
        button_text="#1d1c1a",
        highlight="#1d5a9e",
        highlighted_text="#ffffff",
        link="#1d5a9e",
        focus="#1d5a9e",
        border="#7d776d",
        tooltip_base="#1d1c1a",
        tooltip_text="#ffffff",
        disabled_text="#6e6961",
    ),
    Theme.DARK: Palette(
        label="Dark",
        dark=True,
        window="#1d1f23",
        text="#e9e7e3",
        muted="#bdb8b0",
        placeholder="#a39e96",
        base="#25282d",
        alternate_base="#2d3036",
        button="#363a41",
        button_text="#f1efec",
        highlight="#8ab8f0",
        highlighted_text="#0c1622",
        link="#9cc4f5",
        focus="#8ab8f0",
        border="#8a8f98",
        tooltip_base="#e9e7e3",
        tooltip_text="#1d1f23",
        disabled_text="#9a958d",
    ),
    Theme.HIGH_CONTRAST: Palette(
        label="High contrast",
        dark=True,
        window="#000000",
        text="#ffffff",
        muted="#ffffff",
        placeholder="#b3b3b3",
        base="#000000",
        alternate_base="#1a1a1a",
        button="#000000",
        button_text="#ffffff",
        highlight="#ffff00",
        highlighted_text="#000000",
        link="#00ffff",
        focus="#ffff00",
        border="#ffffff",
        tooltip_base="#ffffff",
        tooltip_text="#000000",
        disabled_text="#c0c0c0",
    ),
}


def load_palettes() -> dict[Theme, Palette]:
    """The concrete themes (all but SYSTEM) with their colours."""
    return dict(_PALETTES)


def stylesheet_template() -> str:
    """The QSS template with ``{{ name }}`` placeholders."""
    return (_THEMES / "app.qss").read_text(encoding="utf-8")
