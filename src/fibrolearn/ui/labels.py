"""Lines of text that wrap at any text size and tell screen readers what they are."""

from __future__ import annotations

import os
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel

from fibrolearn.ui.copied_breaks import with_breaks

_ZERO_WIDTH_SPACE = "\u200b"
_BREAKABLE = re.compile(r"[\\/_]")  # a path's separators, and the underscores in its names
_SOFT_HYPHEN = "\u00ad"  # where a word too long for any line may break, shown as a hyphen
_LONG_WORD = re.compile(r"\S{20,}")  # longer than any word of the app's own text
_READABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def described_line(description: str, text: str = "", *, role: str = "") -> QLabel:
    """A wrapping label; ``description`` says what it is ("Notice", "Cards found").

    A description, not a name: a name would hide the text itself from screen readers.
    ``role`` styles it by the theme's ``QLabel[role=...]`` rules ("muted", "error").
    """
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleDescription(description)
    if role:
        label.setProperty("role", role)
    return label


def plain_tip(text: str) -> str:
    """``text`` as a tooltip shows it: as written, never read as HTML.

    Qt reads a tooltip as HTML whenever its first line holds a tag, and then loads the
    pictures it names from anywhere on the disk: a card side written as text,
    ``<img src="/home/me/photo.png"> Who is this?``, showed that photo instead of its words.
    """
    return GuiQt.convertFromPlainText(text) if text else text


def whole_tip(text: str) -> str:
    """``text`` as the tooltip of a cell or box that may cut it: whole, wrapping, never HTML."""
    return plain_tip(breakable_words(text, copyable=False))


def breakable_path(path: str | os.PathLike[str]) -> str:
    r"""``path`` as shown in wrapping text: a line may break after each separator and underscore.

    Qt breaks lines at spaces and after some punctuation, never after a backslash, so a
    Windows path ("C:\Users\…\FibroLearn\backups") stayed one line: at large text it was cut
    off, or made its window wider than the screen. An unseen zero-width space after each
    separator lets it wrap; text copied from the app has them taken out again, so that a
    path pasted elsewhere (a file manager's address bar) is the real one.
    """
    text = os.fspath(path)
    return with_breaks(
        text, (found.end() for found in _BREAKABLE.finditer(text)), _ZERO_WIDTH_SPACE
    )


def breakable_words(text: str, *, copyable: bool = True) -> str:
    """``text`` as shown in wrapping text: a word longer than a line may break anywhere.

    Qt breaks lines between words only, so a name without spaces (a deck named so) wider
    than its window ran off its edge, cut off. An invisible soft hyphen between each two
    letters (or digits) of so long a word lets it break where the line ends, shown with a
    hyphen there; screen readers skip them, and copies have them taken out (the text's own
    soft hyphens stay: see :mod:`~fibrolearn.ui.copied_breaks`, and ``copyable`` there).
    """
    gaps = (
        at
        for word in _LONG_WORD.finditer(text)
        for at in range(word.start() + 1, word.end())
        if text[at - 1].isalnum() and text[at].isalnum()  # not "“-" at a line's end
    )
    return with_breaks(text, gaps, _SOFT_HYPHEN, copyable=copyable)


def tab_stop(label: QLabel) -> QLabel:
    """Let Tab stop at ``label``, to read its text again or copy it (for someone helping).

    Marked for the theme's focus ring (``QLabel[tabStop="true"]``), which only such labels
    get: kept round every label, even unseen, it would indent all text.
    """
    label.setTextInteractionFlags(_READABLE)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setProperty("tabStop", True)
    label.setIndent(0)  # Qt indents text in a frame (the ring) by half an "x": the padding will do
    return label
