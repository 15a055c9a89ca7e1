"""Dialogs made anew at each opening, and freed once closed.

Kept, a closed dialog stays its parent's child until the app ends, one more at each opening,
and outlives its Python side: a relayout of the window then asked Card info's history model
for rows it no longer had (a segfault).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog


def run_modal(dialog: QDialog) -> int:
    """Run ``dialog`` (modal); its result code. It goes once read: after the caller's code."""
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()  # the event loop runs later: the caller still reads it


def accepted(dialog: QDialog) -> bool:
    """Run ``dialog`` as :func:`run_modal` does; True when accepted."""
    return run_modal(dialog) == QDialog.DialogCode.Accepted


def freed_when_closed(dialog: QDialog) -> None:
    """Have ``dialog``, opened without waiting (``open()``, ``show()``), freed once closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
