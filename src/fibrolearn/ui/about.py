"""The About box: what FibroLearn is, its versions and licence, and where the data lives.

A fitted dialog rather than Qt's message box, which at large text on a short screen ran past
the screen's foot, its button out of view; this one scrolls its text instead.
"""

from __future__ import annotations

from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from fibrolearn import __version__
from fibrolearn.ui.dialogs import run_modal
from fibrolearn.ui.labels import breakable_path, tab_stop
from fibrolearn.ui.text_fit import TextFitDialog


def about_html(data_dir: str) -> str:
    """Version, purpose, licence and the data folder, as the About box shows them."""
    return (
        f"<h2>FibroLearn {__version__}</h2>"
        "<p>Spaced-repetition flashcards and self-quizzes on the causes of fibromyalgia. "
        "Everything stays on this computer; FibroLearn never goes online.</p>"
        "<p>The bundled deck is educational and is not medical advice. "
        "Please talk to a clinician about your own care.</p>"
        "<p>Scheduling by FSRS (the open-spaced-repetition project). "
        f"Qt {qVersion()}, PySide6 {pyside_version}.</p>"
        # A folder's name is text, not markup: "R&D <notes>" shows as it is. It may break
        # after each separator: a long Windows path kept to one line ran past the box's edge.
        f"<p>Your data: {escape(breakable_path(data_dir))}</p>"
        "<p>Licence: GPL-3.0-or-later. Deck content: CC BY 4.0.</p>"
    )


class AboutDialog(TextFitDialog):
    """The About text over a Close button (Enter or Esc); Tab reaches the text, to copy it."""

    def __init__(self, parent: QWidget | None, data_dir: str) -> None:
        super().__init__(parent, chars=60)
        self.setWindowTitle("About FibroLearn")
        self.setAccessibleName("About FibroLearn")
        # A Tab stop: selectable by keyboard alone, the data folder can be copied without a mouse.
        html = about_html(data_dir)
        self.text = tab_stop(QLabel(html))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        # Said as the dialog opens: focus goes to Close, which alone said nothing of it.
        self.setAccessibleDescription(QTextDocumentFragment.fromHtml(html).toPlainText())
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.arrange((self.text,), buttons)
        close.setFocus()


def show_about(parent: QWidget, data_dir: str) -> None:
    """Show version, purpose, licence and where the data lives."""
    run_modal(AboutDialog(parent, data_dir))
