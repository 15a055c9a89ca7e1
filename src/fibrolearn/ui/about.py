"""The About box."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from fibrolearn import __version__


def show_about(parent: QWidget, data_dir: str) -> None:
    """Show version, purpose, licence and where the data lives."""
    QMessageBox.about(
        parent,
        "About FibroLearn",
        f"<h2>FibroLearn {__version__}</h2>"
        "<p>Spaced-repetition flashcards and self-quizzes on the causes of fibromyalgia. "
        "Everything stays on this computer; FibroLearn never goes online.</p>"
        "<p>The bundled deck is educational and is not medical advice. "
        "Please talk to a clinician about your own care.</p>"
        "<p>Scheduling by FSRS (the open-spaced-repetition project). "
        f"Qt {qVersion()}, PySide6 {pyside_version}.</p>"
        f"<p>Your data: {data_dir}</p>"
        "<p>Licence: GPL-3.0-or-later. Deck content: CC BY 4.0.</p>",
    )
