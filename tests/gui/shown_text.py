"""What Qt shows of a text: read as HTML or as written, as its label or tooltip decides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument


def shown_as(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """``text`` as Qt shows it in ``text_format``; a tooltip's is always AutoText.

    AutoText reads it as HTML when its first line holds a tag, as QLabel and QToolTip do.
    """
    html = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    document = QTextDocument()
    if html:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()
