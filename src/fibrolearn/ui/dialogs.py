"""Dialogs made anew at each opening, and freed once closed.

Kept, a closed dialog stays its parent's child until the app ends, one more at each opening,
and outlives its Python side: a relayout of the window then asked Card info's history model
for rows it no longer had (a segfault).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from fibrolearn.ui.tasks import WindowWork


def run_modal(dialog: QDialog, work: WindowWork | None = None) -> int:
    """Run ``dialog`` (modal); its result code. It goes once read: after the caller's code.

    ``work``: the dialog's work on the worker; the dialog goes once that has answered too.
    Only once its ``exec`` has returned: freed in its own event loop (its count answered,
    say), it was gone before the caller read it.
    """
    try:
        return dialog.exec()
    finally:
        if work is None:
            dialog.deleteLater()  # the event loop runs later: the caller still reads it
        else:
            work.closed()


def accepted(dialog: QDialog, work: WindowWork | None = None) -> bool:
    """Run ``dialog`` as :func:`run_modal` does; True when accepted."""
    return run_modal(dialog, work) == QDialog.DialogCode.Accepted


def freed_when_closed(dialog: QDialog) -> None:
    """Have ``dialog``, opened without waiting (``open()``, ``show()``), freed once closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
