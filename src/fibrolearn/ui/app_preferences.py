"""The learner's app preferences, kept in the UI settings file (ui.ini beside window geometry).

They belong to the person at this computer, not to the collection: a family sharing a
collection file, or a collection copied to another machine, keeps each screen's own text size
and theme. Study data that must travel with the collection (today's energy check-in, backlog
plans, the session to resume) lives in the collection's settings table instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QSettings

from fibrolearn.paths import AppPaths
from fibrolearn.ui.theme_palettes import Theme

TEXT_SCALE_MIN, TEXT_SCALE_MAX = 75, 200


class AppPreferences(NamedTuple):
    """How the app looks and behaves for this learner.

    Attributes:
        theme: Follow the system, light, dark or high contrast.
        text_scale: Text size in percent (75-200) of the platform's default; cards and the
            whole interface follow it.
        reduce_motion: No animated menus or tooltips and no blinking text cursor.
        two_buttons: Rate with Again / Good only, for days when four choices are tiring.
        read_aloud: Read each card side aloud when it is shown.
        play_sounds: Play a card side's sounds when it is shown, as Anki does (off for
            learners who find a sound out of nowhere startling).
    """

    theme: Theme = Theme.SYSTEM
    text_scale: int = 100
    reduce_motion: bool = False
    two_buttons: bool = False
    read_aloud: bool = False
    play_sounds: bool = True


def ui_settings(paths: AppPaths) -> QSettings:
    """Window geometry and other UI preferences, in the config folder as an INI file.

    In a folder FibroLearn may not write to, the preferences are read but not kept.
    """
    with contextlib.suppress(OSError):
        paths.config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)


def load_preferences(
    settings: QSettings, not_understood: list[str] | None = None
) -> AppPreferences:
    """The saved preferences; anything missing or not understood falls back to its default.

    Each value not understood (as a hand edit may leave one: theme=purple) is added to
    ``not_understood`` as its file has it, ``appearance/theme = purple``, to be said.
    """
    values = {}
    for field, (key, read) in _READERS.items():
        stored = settings.value(key)
        if stored is None:
            continue
        value = read(str(stored).strip())
        if value is not None:
            values[field] = value
        elif not_understood is not None:
            not_understood.append(f"{key} = {stored}")
    return AppPreferences()._replace(**values)


def not_understood_words(settings_file: str, not_understood: list[str]) -> str:
    """That FibroLearn uses defaults for these values of its preferences file ("": none)."""
    if not not_understood:
        return ""
    return (
        f"FibroLearn did not understand {'; '.join(not_understood)} in its preferences file "
        f"{settings_file}, and uses its usual setting instead. Choose yours in Edit ▸ "
        "Preferences: it is then written as FibroLearn reads it."
    )


def stepped_text_scale(scale: int, step: int) -> int:
    """The text size ``step`` percent bigger (or smaller, if negative) than ``scale``.

    It lands on a multiple of the step, within 75-200 %: from 75 %, Bigger text went to 85,
    95, 105 %, and 100 % could not be had again but by Normal text size; and from a size set
    by the slider's smaller steps (105 %), Smaller text went to 95 % and never to 100 %.
    """
    size, unit = scale + step, abs(step)
    return _within_text_scales(size - size % unit if step > 0 else size + -size % unit)


def text_size_words(scale: int) -> str:
    """What a change of text size says: the size, and that no step goes further at either end.

    At 200 %, Ctrl++ said "Text size 200 %." again and again, as if it had done something.
    """
    end = {TEXT_SCALE_MIN: ", the smallest", TEXT_SCALE_MAX: ", the largest"}.get(scale, "")
    return f"Text size {scale} %{end}."


def save_preferences(settings: QSettings, preferences: AppPreferences) -> bool:
    """Write the preferences to the settings file now; False when the file could not be written.

    Unwritten, they stay in ``settings`` (so in use), and are written with the next change or
    when the window closes, if the disk lets it by then.
    """
    settings.setValue("appearance/theme", str(preferences.theme))
    settings.setValue("appearance/text_scale", preferences.text_scale)
    settings.setValue("appearance/reduce_motion", preferences.reduce_motion)
    settings.setValue("study/two_buttons", preferences.two_buttons)
    settings.setValue("study/read_aloud", preferences.read_aloud)
    settings.setValue("study/play_sounds", preferences.play_sounds)
    # A QSettings keeps the first error it met for good; a new one on the same file shares its
    # unwritten values, and tells whether this write got through.
    writer = QSettings(settings.fileName(), settings.format())
    writer.sync()
    return writer.status() is QSettings.Status.NoError


def not_kept_words(settings_file: str) -> str:
    """That a change is used but not kept, ``settings_file`` not written (see save_preferences).

    The file is named: it is not in the data folder unless FibroLearn was given one.
    """
    return (
        "Your change applies now, but could not be kept for next time: FibroLearn could not "
        f"write its preferences file {settings_file} (the disk is full, or its folder is "
        "read-only). Free some space or make that folder writable before you close FibroLearn, "
        "and it will be kept."
    )


def _within_text_scales(scale: int) -> int:
    return min(TEXT_SCALE_MAX, max(TEXT_SCALE_MIN, scale))


def _as_theme(text: str) -> Theme | None:
    try:  # as a hand edit may write it: "Dark"
        return Theme(text.lower())
    except ValueError:
        return None


def _as_text_scale(text: str) -> int | None:
    # "150.0" or "150 %" (as Preferences shows it), as a hand edit may write it, is 150;
    # beyond 75-200 %, the nearest.
    try:
        return _within_text_scales(round(float(text.removesuffix("%"))))
    except (ValueError, OverflowError):  # not a number, or "inf"
        return None


def _as_bool(text: str) -> bool | None:
    # An INI file hands booleans back as the strings "true"/"false".
    return _YES_NO.get(text.lower())


_YES_NO = {"true": True, "1": True, "yes": True, "on": True}
_YES_NO |= {"false": False, "0": False, "no": False, "off": False}
# Each preference's key in the settings file, and what reads its stored text (None: not
# understood).
_READERS: dict[str, tuple[str, Callable[[str], object]]] = {
    "theme": ("appearance/theme", _as_theme),
    "text_scale": ("appearance/text_scale", _as_text_scale),
    "reduce_motion": ("appearance/reduce_motion", _as_bool),
    "two_buttons": ("study/two_buttons", _as_bool),
    "read_aloud": ("study/read_aloud", _as_bool),
    "play_sounds": ("study/play_sounds", _as_bool),
}
