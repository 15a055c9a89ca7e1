"""Lines of text that wrap at any text size and tell screen readers what they are."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


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
