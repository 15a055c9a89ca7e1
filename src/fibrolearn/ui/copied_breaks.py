"""Invisible line breaks the app puts into shown text, taken out of copies of it again.

A path may break after each separator, a long word anywhere (see ``labels``): the app puts a
zero-width space or a soft hyphen there. Copying is Qt's own (Ctrl+C in a label or a message
box, a selection on X11), so the clipboard is mended after the fact. Only the marks the app
put in go: each text shown with them is remembered with where they are, and a copy of it, or
of a part of it, loses those. A soft hyphen the text itself holds (a card's, a deck name's)
stays: taking out every one, as before, changed what was copied.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

_REMEMBERED = 64  # texts shown with breaks: more than any window shows at once
_MENDED = "fibrolearnMendsCopiedBreaks"  # set on the clipboard once it is watched
# Each text shown with breaks: their mark, and where in it they were put (the newest last).
_shown: dict[str, tuple[str, frozenset[int]]] = {}


def with_breaks(text: str, before: Iterable[int], mark: str, *, copyable: bool = True) -> str:
    """``text`` with the one-character ``mark`` put in before each index of ``before``.

    The indexes ascend. Copies of what is returned lose those marks (and only those). Not
    remembered unless ``copyable``: a tooltip's or the status bar's text is never copied, and
    remembered, the deck list's names would crowd out those that are.
    """
    pieces: list[str] = []
    marks: list[int] = []
    start = 0
    for index in before:
        pieces += [text[start:index], mark]
        marks.append(index + len(marks))  # where it is in the text shown
        start = index
    if not marks:
        return text
    shown = "".join([*pieces, text[start:]])
    if not copyable:
        return shown
    _shown.pop(shown, None)  # shown again: the newest
    _shown[shown] = (mark, frozenset(marks))
    while len(_shown) > _REMEMBERED:
        del _shown[next(iter(_shown))]
    _watch_clipboard()
    return shown


def unbroken(copied: str) -> str:
    """``copied`` without the marks the app put in the texts it was copied from."""
    for shown, (mark, marks) in reversed(_shown.items()):
        if mark in copied:
            copied = _without_marks(copied, shown, marks)
    return copied


def _without_marks(copied: str, shown: str, marks: frozenset[int]) -> str:
    """``copied`` with ``shown``'s marks taken out where it holds ``shown``, or a part of it."""
    inside = shown.find(copied)
    if inside >= 0:  # a part of it, or all of it
        return _unmarked(shown, marks, inside, inside + len(copied))
    copied = copied.replace(shown, _unmarked(shown, marks, 0, len(shown)))
    start = shown.find(copied[0], 1)
    while start > 0:  # a selection that began inside it
        if copied.startswith(shown[start:]):
            copied = _unmarked(shown, marks, start, len(shown)) + copied[len(shown) - start :]
            break
        start = shown.find(copied[0], start + 1)
    end = shown.rfind(copied[-1], 0, len(shown) - 1) + 1
    while end > 0:  # one that ended inside it
        if copied.endswith(shown[:end]):
            return copied[: len(copied) - end] + _unmarked(shown, marks, 0, end)
        end = shown.rfind(copied[-1], 0, end - 1) + 1
    return copied


def _unmarked(shown: str, marks: frozenset[int], start: int, end: int) -> str:
    return "".join(shown[at] for at in range(start, end) if at not in marks)


def _watch_clipboard() -> None:
    """Mend what the app copies from now on (once per application)."""
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
    # A mended copy (its QMimeData made here) crashed the process on its way out, as Qt
    # freed the clipboard's data after Python had: the app's own copy is handed back to
    # Qt as plain text first, so it outlives the app where a clipboard manager keeps it.
    atexit.register(_hand_over, clipboard)


def _hand_over(clipboard: QClipboard) -> None:
    modes = [(QClipboard.Mode.Clipboard, clipboard.ownsClipboard)]
    if clipboard.supportsSelection():
        modes.append((QClipboard.Mode.Selection, clipboard.ownsSelection))
    for mode, owned in modes:
        if (owned() or QGuiApplication.platformName() == "offscreen") and clipboard.text(mode):
            clipboard.setText(clipboard.text(mode), mode)


def _mend(clipboard: QClipboard, mode: QClipboard.Mode, owned: bool) -> None:
    """Mend what the app copied; what another program copied is never read nor touched.

    A clipboard kept inside the process (Qt's offscreen platform) holds only the app's own.
    """
    if not (owned or QGuiApplication.platformName() == "offscreen"):
        return
    copied = clipboard.mimeData(mode)
    text = copied.text() if copied is not None else ""
    mended_text = unbroken(text)
    if mended_text == text:  # (so mending, which changes it again, ends there)
        return
    mended = QMimeData()  # every other form of it kept (a card's HTML, say)
    for form in copied.formats():
        mended.setData(form, copied.data(form))
    mended.setText(mended_text)
    clipboard.setMimeData(mended, mode)
