"""The themes' colours, read from the package's palettes.toml (no Qt here, so tests can read it).

Which colours are drawn on which is written down once, in :data:`TEXT_PAIRS` and
:data:`OUTLINE_PAIRS`, for the contrast test and for anyone adding a theme.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

_THEMES = Path(__file__).with_name("themes")  # package files, installed next to this module


class Theme(StrEnum):
    """The themes a learner can choose; SYSTEM follows the desktop's light, dark or contrast."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


@dataclass(frozen=True, slots=True)
class Palette:
    """One theme's colours as ``#rrggbb`` strings (see palettes.toml for what each is for)."""

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
        return {k: v for k, v in asdict(self).items() if isinstance(v, str) and v.startswith("#")}


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


def load_palettes() -> dict[Theme, Palette]:
    """The concrete themes (all but SYSTEM) with their colours."""
    text = (_THEMES / "palettes.toml").read_text(encoding="utf-8")
    return {Theme(name): Palette(**values) for name, values in tomllib.loads(text).items()}


def stylesheet_template() -> str:
    """The QSS template with ``{{ name }}`` placeholders."""
    return (_THEMES / "app.qss").read_text(encoding="utf-8")
