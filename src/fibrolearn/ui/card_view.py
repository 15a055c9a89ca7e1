"""The rich-text view cards render in, and a card side's words as they are said.

The view loads nothing but files from the media folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, QUrl
from PySide6.QtGui import QHelpEvent, QImage, QResizeEvent, QTextDocument, QTextFormat, QTextOption
from PySide6.QtWidgets import QStyle, QTextBrowser, QToolTip, QWidget

from fibrolearn.ui.card_html import STYLE_SHEET, side_html
from fibrolearn.ui.labels import plain_tip

_ROUNDING = 1  # pixels a table's column widths, rounded up, can add past the card's width


class CardView(QTextBrowser):
    """A read-only card view. Its HTML is sanitized upstream; this refuses every load itself.

    Qt asks :meth:`loadResource` for each image (and style sheet) the HTML names. Only a
    relative name resolving to an existing file inside the media folder is read; remote URLs,
    ``file:`` URLs, absolute paths and ``..`` get the "missing file" picture, so the view never
    opens a network connection or shows a file from elsewhere on the disk.

    Nothing is ever answered with None: Qt takes None as "not found" and then reads the file
    itself, by its name as written, from the folder the app was started in.
    """

    def __init__(self, media_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._media_dir = media_dir
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(STYLE_SHEET)
        self.document().setDocumentMargin(12)
        self.horizontalScrollBar().rangeChanged.connect(self._scroll_sideways_if_worth_it)

    def setHtml(self, text: str) -> None:
        """Qt override: show ``text``, its lines broken between words wherever they fit so."""
        super().setHtml(text)
        self._break_lines_between_words()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: the lines break between words again if they fit so at the new width."""
        super().resizeEvent(event)
        self._break_lines_between_words()

    def changeEvent(self, event: QEvent) -> None:
        """Qt override: so too at a new text size."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._break_lines_between_words()

    def _break_lines_between_words(self) -> None:
        """Break lines between words only, unless a word is then wider than the card.

        Allowed to break anywhere, Qt gave a table's columns room by how long their text is,
        and at large text a short column broke its header mid-word ("Medicati on") while
        another could have wrapped between words. A word wider than the card still breaks,
        rather than scroll the card sideways.
        """
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        if self.document().idealWidth() > self.viewport().width() + _ROUNDING:
            self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def _scroll_sideways_if_worth_it(self, _least: int, most: int) -> None:
        """No sideways scroll bar for the pixel a table's widths round up to past the card."""
        needed = most > _ROUNDING
        self.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if needed
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )

    def loadResource(self, resource_type: int, url: QUrl) -> object:
        """The media file behind an image URL, else the missing-file picture; nothing else."""
        if resource_type != QTextDocument.ResourceType.ImageResource.value:
            return QByteArray()  # an empty style sheet
        image = self._media_image(url)
        if image is None or image.isNull():
            return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(16)
        return image

    def bring_into_sight(self, anchor: str) -> None:
        """Scroll to the part of the card named ``anchor`` unless its first line shows already.

        Revealing the answer of a card with a long question (or at a large text size) showed
        the question again from its top, the answer below the fold: nothing seemed to happen
        but the buttons. A card that shows its answer already is left as it is, question and
        all (Anki's reviewer scrolls it away whenever the card is taller than its window).
        """
        block = self.document().begin()
        while block.isValid() and anchor not in block.charFormat().anchorNames():
            block = block.next()
        if not block.isValid():
            return
        top = self.document().documentLayout().blockBoundingRect(block).top()
        first_line = block.layout().lineAt(0).height() if block.layout().lineCount() else 0.0
        scroll = self.verticalScrollBar()
        if top + first_line > scroll.value() + self.viewport().height():
            scroll.setValue(round(top))

    def viewportEvent(self, event: QEvent) -> bool:
        """Qt override: a ``title``'s tooltip shows its text as written, never as HTML.

        Qt's own showed a title starting with a tag as HTML, the pictures it names included.
        """
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            tip = self.cursorForPosition(event.pos()).charFormat().toolTip()
            if tip:
                QToolTip.showText(event.globalPos(), plain_tip(tip), self.viewport())
                return True
        return super().viewportEvent(event)

    def _media_image(self, url: QUrl) -> QImage | None:
        if url.scheme() or url.host():
            return None
        # Here, not at the top: the sanitizer's library is not needed for the first paint.
        from fibrolearn.services.safe_html import media_file  # noqa: PLC0415

        path = media_file(self._media_dir, url.path())
        return None if path is None else QImage(str(path))


def card_words(html: str) -> str:
    """A card side's text as screen readers and Read aloud say it: each picture named.

    Plain text holds a blank object character for a picture, which screen readers skip or
    spell out: an answer that is only a picture was said "Answer: ." A picture is said as
    "(picture)", with its alt text where the card gives one.
    """
    document = QTextDocument()
    document.setHtml(side_html(html))
    first, *after_each = document.toPlainText().split(_OBJECT)
    pictures = iter(_picture_words(document))
    said = first + "".join(_spaced(next(pictures, "")) + text for text in after_each)
    # A space between a picture and what is next to it: "(picture)(picture)" ran together.
    return _SPACES.sub(" ", _SPACE_AT_LINE_ENDS.sub("", said))


def _spaced(words: str) -> str:
    return f" {words} " if words else ""


_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")  # as a picture's spaces left them, not as typed
_SPACE_AT_LINE_ENDS = re.compile(r"^ | $", re.MULTILINE)


_OBJECT = "\ufffc"  # what plain text holds for a picture


def _picture_words(document: QTextDocument) -> list[str]:
    """The words for each object character of ``document``'s plain text, in its order."""
    words: list[str] = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            shown = fragment.charFormat()
            alt = shown.property(QTextFormat.Property.ImageAltText)
            said = "" if not shown.isImageFormat() else f"(picture: {alt})" if alt else "(picture)"
            words += [said] * fragment.text().count(_OBJECT)  # one character per picture
            fragments += 1
        block = block.next()
    return words
