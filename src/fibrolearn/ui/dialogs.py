"""Running a modal dialog that is made anew at each opening."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog


def accepted(dialog: QDialog) -> bool:
    """Run ``dialog``; True when accepted. It goes once read (each opening makes anew).

    Kept, a closed dialog would stay its parent's child until the app ends, one more at each
    opening, and outlive its Python side: a relayout of the window then asked Card info's
    history model for rows it no longer had.
    """
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()  # after the caller has read it: the event loop runs later
