"""Apply the learner's theme, text size and motion preference to the whole application, live.

Colours come from theme_palettes, the style sheet from app.qss (a package file); this module
fills the sheet's ``{{ name }}`` placeholders and hands both to Qt.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.theme_palettes import Palette, Theme, load_palettes, stylesheet_template
from fibrolearn.ui.tick_marks import tick_image

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# The platform's own font size, remembered on the application before any scaling.
_BASE_SIZE_PROPERTY = "fibrolearnBasePointSize"
# Set once: a style sheet hides the style's type, so the app remembers that it set Fusion.
_STYLED_PROPERTY = "fibrolearnFusion"
# The desktop's own motion, remembered before any change: its cursor flash time, and the
# values of the effects it has on (see Appearance.apply).
_DESKTOP_FLASH_PROPERTY = "fibrolearnDesktopCursorFlash"
_DESKTOP_EFFECTS_PROPERTY = "fibrolearnDesktopEffects"
_EFFECTS = (
    Qt.UIEffect.UI_AnimateMenu,
    Qt.UIEffect.UI_FadeMenu,
    Qt.UIEffect.UI_AnimateCombo,
    Qt.UIEffect.UI_AnimateTooltip,
    Qt.UIEffect.UI_FadeTooltip,
    Qt.UIEffect.UI_AnimateToolBox,
)


def build_stylesheet(palette: Palette, point_size: float) -> str:
    """The application style sheet for a palette at a text size (paddings grow with the text)."""
    unit = point_size * 4 / 3  # one em in pixels at 96 dpi
    pad_v, pad_h = round(unit * 0.3), round(unit * 0.8)
    indicator = round(unit * 0.9)
    line = max(2, round(indicator / 9))
    scroll = max(14, round(unit * 0.8))
    groove = max(4, round(unit * 0.3))
    values = palette.colours() | {
        "pad_v": str(pad_v),
        "pad_h": str(pad_h),
        "pad_v_focus": str(max(0, pad_v - 2)),
        "pad_h_focus": str(max(0, pad_h - 2)),
        "bar_height": str(round(unit * 0.6)),
        "indicator": str(indicator),
        "indicator_line": str(line),
        "indicator_corner": str(max(2, round(indicator / 8))),
        "indicator_round": str(indicator // 2 + line),
        "menu_text_left": str(indicator + pad_h),  # a menu's box column, then the usual gap
        "tick": tick_image(palette.text).as_posix(),
        "tick_disabled": tick_image(palette.disabled_text).as_posix(),
        # Combo boxes: room for a line of text (of any usual font) inside the focus ring.
        "field_height": str(round(unit * 1.4) + 4),
        "field_pad_h": str(round(unit * 0.4)),
        "field_pad_h_focus": str(max(0, round(unit * 0.4) - 2)),
        "arrow": str(round(unit * 0.35)),
        "arrow_box": str(round(unit * 1.3)),
        "arrow_box_focus": str(round(unit * 1.3) - 2),
        # Scroll bars as wide as Fusion's at the usual size, wider with large text.
        "scroll": str(scroll),
        "scroll_gap": str(max(2, scroll // 7)),
        "slider_groove": str(groove),
        # How far the slider's handle (as big as a tick box) reaches above and below its groove.
        "slider_reach": str(max(0, (indicator + 2 * line - groove) // 2)),
        "slider_height": str(indicator + 2 * line + 4),
    }

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"app.qss uses {{{{ {name} }}}}, which no palette or size defines")
        return values[name]

    return _PLACEHOLDER.sub(fill, stylesheet_template())


def qt_palette(palette: Palette) -> QPalette:
    """The Qt palette for a theme, so widgets the style sheet does not cover match it too."""
    roles = {
        QPalette.ColorRole.Window: palette.window,
        QPalette.ColorRole.WindowText: palette.text,
        QPalette.ColorRole.Base: palette.base,
        QPalette.ColorRole.AlternateBase: palette.alternate_base,
        QPalette.ColorRole.Text: palette.text,
        QPalette.ColorRole.PlaceholderText: palette.placeholder,
        QPalette.ColorRole.Button: palette.button,
        QPalette.ColorRole.ButtonText: palette.button_text,
        QPalette.ColorRole.Highlight: palette.highlight,
        QPalette.ColorRole.HighlightedText: palette.highlighted_text,
        QPalette.ColorRole.Link: palette.link,
        QPalette.ColorRole.LinkVisited: palette.link,
        QPalette.ColorRole.ToolTipBase: palette.tooltip_base,
        QPalette.ColorRole.ToolTipText: palette.tooltip_text,
        QPalette.ColorRole.BrightText: palette.text,
    }
    result = QPalette()
    for role, colour in roles.items():
        result.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(palette.disabled_text))
    return result


def system_theme() -> Theme:
    """The theme the desktop asks for: high contrast, dark, or light."""
    hints = QGuiApplication.styleHints()
    if hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return Theme.HIGH_CONTRAST
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return Theme.DARK
    return Theme.LIGHT


def new_application(arguments: list[str]) -> QApplication:
    """The application, in Fusion from its start, as :meth:`Appearance.apply` would set it.

    Asked for on the command line rather than with ``setStyle``, which returns the style:
    making QStyle's Python type, with its eleven enumerations, took 8-15 ms before the first
    paint. Ours comes last, so it wins over a ``-style`` given by the user, as ``apply``'s does.
    """
    app = QApplication([*map(_as_text, arguments), "-style", "Fusion"])
    app.setProperty(_STYLED_PROPERTY, True)
    return app


def _as_text(argument: str) -> str:
    """``argument`` as text Qt can take, any byte that is not UTF-8 shown as a "?".

    Python keeps such bytes (a folder named in Latin-1, given to --data-dir) as lone
    surrogates, and PySide ended the process on them.
    """
    return argument.encode(errors="replace").decode()


class Appearance(QObject):
    """Owns the application's look; :meth:`apply` changes it everywhere at once."""

    changed = Signal()

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._palettes = load_palettes()
        self._preferences = AppPreferences()
        if app.property(_BASE_SIZE_PROPERTY) is None:
            app.setProperty(_BASE_SIZE_PROPERTY, app.font().pointSizeF())
        if app.property(_DESKTOP_FLASH_PROPERTY) is None:
            app.setProperty(_DESKTOP_FLASH_PROPERTY, app.cursorFlashTime())
            on = [effect.value for effect in _EFFECTS if app.isEffectEnabled(effect)]
            app.setProperty(_DESKTOP_EFFECTS_PROPERTY, on)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_changed)
        hints.accessibility().contrastPreferenceChanged.connect(self._system_changed)

    @property
    def theme(self) -> Theme:
        """The concrete theme in use (SYSTEM resolved)."""
        chosen = self._preferences.theme
        return system_theme() if chosen is Theme.SYSTEM else chosen

    @property
    def palette(self) -> Palette:
        """The colours in use."""
        return self._palettes[self.theme]

    @property
    def point_size(self) -> float:
        """The interface's text size in points."""
        base = float(self._app.property(_BASE_SIZE_PROPERTY))
        return base * self._preferences.text_scale / 100

    def apply(self, preferences: AppPreferences) -> None:
        """Make the whole application follow these preferences now."""
        self._preferences = preferences
        if not self._app.property(_STYLED_PROPERTY):
            # Fusion draws every control from the palette, the same on every platform.
            self._app.setStyle("Fusion")
            self._app.setProperty(_STYLED_PROPERTY, True)
        self.take_text_size(preferences)
        self._app.setPalette(qt_palette(self.palette))
        self._app.setStyleSheet(build_stylesheet(self.palette, self.point_size))
        self._set_motion(preferences.reduce_motion)
        self.changed.emit()

    def take_text_size(self, preferences: AppPreferences) -> None:
        """Give the application the text size of ``preferences`` alone (:meth:`apply` does too).

        For the main window to take before it makes its widgets, as each takes the window's
        as it is made: the menus, the tabs and the deck list kept Qt's own size at every
        start, until it was changed again. The style sheet comes after them, as widgets made
        under one take longer to make (5-10 ms more before the first paint).
        """
        self._preferences = preferences
        font = QFont(self._app.font())
        font.setPointSizeF(self.point_size)
        self._app.setFont(font)

    def _set_motion(self, reduce: bool) -> None:
        """No motion at all, or the desktop's own.

        Not motion switched on: on a desktop set not to blink the cursor or not to animate
        menus, both came back in FibroLearn until Reduce motion was found and ticked.
        """
        desktop_effects = self._app.property(_DESKTOP_EFFECTS_PROPERTY) or []
        for effect in _EFFECTS:
            self._app.setEffectEnabled(effect, not reduce and effect.value in desktop_effects)
        flash = int(self._app.property(_DESKTOP_FLASH_PROPERTY))
        self._app.setCursorFlashTime(0 if reduce else flash)

    def _system_changed(self) -> None:
        if self._preferences.theme is Theme.SYSTEM:
            self.apply(self._preferences)
