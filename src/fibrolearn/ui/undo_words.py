"""How Undo and Redo are named and keyed, in the Edit menu and in Browse alike.

Small and free of the services: the Edit menu is built at start-up.
"""

from __future__ import annotations

REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")  # Anki's, and Windows' too

# What an Undo or Redo would act on ("delete 3 notes"), and whether it can; None: nothing.
Named = tuple[str, bool] | None


def undo_text(label: Named) -> str:
    """Undo's text, naming what it would take back."""
    return "&Undo" if label is None else f"&Undo {label[0].replace('&', '&&')}"


def redo_text(label: Named, redo: str = "&Redo") -> str:
    """Redo's text, naming what it would do again; "Can't redo …" for what it cannot.

    ``redo``: the word with its Alt letter (Browse's Search button has Alt+R).
    """
    if label is None:
        return redo
    what, possible = label
    return f"{redo} {what.replace('&', '&&')}" if possible else f"Can't redo {what}"
