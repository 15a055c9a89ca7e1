"""A read-only report of plain-text lines, each wrapping with a hanging indent.

The import report lists, two spaces in, each row left out under "Skipped 3:" and each thing
worth knowing under "Worth knowing:". Wrapped at the window's edge, a long item went on at
the left edge, under the heading, as if a new line of the report began there. Here a line
goes on a little further in than it starts, so each line's start stands out, indented or
not. The text stays as the command line prints it (and as Copy and a screen reader get it);
only each line's margins change, with the text size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetricsF, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

# How much further in than its start a line goes on, in spaces: past the start of an
# indented line (two spaces in) for a line that is not.
HANG = 4


class ReportView(QTextEdit):
    """Plain text, read only, each line going on further in than it starts.

    A read-only text edit, not a text browser: a browser is static text to a screen reader,
    which may then read only its name ("Import report"), not offer its lines to review.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)  # the margins set are no edit to take back

    def set_report(self, text: str) -> None:
        """Show ``text``, each line's wrapped part indented past its start."""
        self.setPlainText(text)
        self._hang_indents()

    def text(self) -> str:
        """The text shown, as given: what Copy and a screen reader get."""
        return self.toPlainText()

    def changeEvent(self, event: QEvent) -> None:
        """Qt override: a new text size widens or narrows each indent with the spaces."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._hang_indents()

    def _hang_indents(self) -> None:
        document = self.document()
        space = QFontMetricsF(document.defaultFont()).horizontalAdvance(" ")
        cursor = QTextCursor(document)
        cursor.beginEditBlock()  # laid out once, not once per line
        block = document.begin()
        while block.isValid():
            text = block.text()
            indent = (len(text) - len(text.lstrip(" ")) + HANG) * space
            form = block.blockFormat()
            if form.leftMargin() != indent:
                # The first line starts at the edge, with its spaces; the next ones further in.
                form.setLeftMargin(indent)
                form.setTextIndent(-indent)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(form)
            block = block.next()
        cursor.endEditBlock()
