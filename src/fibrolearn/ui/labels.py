"""Lines of text that wrap at any text size and tell screen readers what they are."""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel

_ZERO_WIDTH_SPACE = "\u200b"
_BREAKABLE = re.compile(r"[\\/_]")  # a path's separators, and the underscores in its names
_SOFT_HYPHEN = "\u00ad"  # where a word too long for any line may break, shown as a hyphen
_LONG_WORD = re.compile(r"\S{20,}")  # longer than any word of the app's own text
# A separator and the space after it, or a soft hyphen: what the app put in, taken out of copies.
_BROKEN = re.compile(rf"({_BREAKABLE.pattern}){_ZERO_WIDTH_SPACE}|{_SOFT_HYPHEN}")
_MENDED = "fibrolearnMendsCopiedPaths"  # set on the clipboard once it is watched
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


def breakable_path(path: str | os.PathLike[str]) -> str:
    r"""``path`` as shown in wrapping text: a line may break after each separator and underscore.

    Qt breaks lines at spaces and after some punctuation, never after a backslash, so a
    Windows path ("C:\Users\…\FibroLearn\backups") stayed one line: at large text it was cut
    off, or made its window wider than the screen. An unseen zero-width space after each
    separator lets it wrap; text copied from the app has them taken out again, so that a
    path pasted elsewhere (a file manager's address bar) is the real one.
    """
    _keep_copied_paths_whole()
    return _BREAKABLE.sub(rf"\g<0>{_ZERO_WIDTH_SPACE}", os.fspath(path))


def breakable_words(text: str) -> str:
    """``text`` as shown in wrapping text: a word longer than a line may break anywhere.

    Qt breaks lines between words only, so a name without spaces (a deck named so) wider
    than its window ran off its edge, cut off. An invisible soft hyphen between each two
    letters of so long a word lets it break where the line ends, shown with a hyphen there;
    screen readers skip them, and copies have them taken out (see :func:`breakable_path`).
    """
    _keep_copied_paths_whole()
    return _LONG_WORD.sub(lambda word: _SOFT_HYPHEN.join(word.group()), text)


def _keep_copied_paths_whole() -> None:
    """Take the zero-width spaces out of paths copied from the app (once per application).

    Copying is Qt's own (Ctrl+C in a label or a message box, a selection on X11), so the
    clipboard is mended after the fact.
    """
    if QGuiApplication.instance() is None:  # no window, nothing to copy from
        return
    clipboard = QGuiApplication.clipboard()
    if clipboard.property(_MENDED):
        return
    clipboard.setProperty(_MENDED, True)
    for mode, changed, owned in (
        (QClipboard.Mode.Clipboard, clipboard.dataChanged, clipboard.ownsClipboard),
        (QClipboard.Mode.Selection, clipboard.selectionChanged, clipboard.ownsSelection),
    ):
        changed.connect(lambda mode=mode, owned=owned: _mend(clipboard, mode, owned()))


def _mend(clipboard: QClipboard, mode: QClipboard.Mode, owned: bool) -> None:
    """Mend what the app copied; what another program copied is never read nor touched.

    A clipboard kept inside the process (Qt's offscreen platform) holds only the app's own.
    """
    if not (owned or QGuiApplication.platformName() == "offscreen"):
        return
    copied = clipboard.mimeData(mode)
    text = copied.text() if copied is not None else ""
    if not _BROKEN.search(text):  # (so mending, which changes it again, ends there)
        return
    mended = QMimeData()  # every other form of it kept (a card's HTML, say)
    for form in copied.formats():
        mended.setData(form, copied.data(form))
    mended.setText(_BROKEN.sub(r"\1", text))
    clipboard.setMimeData(mended, mode)


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
