"""The rich-text view cards render in: it loads nothing but files from the media folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from fibrolearn.ui.card_html import STYLE_SHEET


class CardView(QTextBrowser):
    """A read-only card view. Its HTML is sanitized upstream; this refuses every load itself.

    Qt asks :meth:`loadResource` for each image (and style sheet) the HTML names. Only a
    relative name resolving to an existing file inside the media folder is read; remote URLs,
    ``file:`` URLs, absolute paths and ``..`` get nothing, so the view never opens a network
    connection or shows a file from elsewhere on the disk.
    """

    def __init__(self, media_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._media_dir = media_dir
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(STYLE_SHEET)
        self.document().setDocumentMargin(12)

    def loadResource(self, resource_type: int, url: QUrl) -> object:
        """The media file behind an image URL, or None for anything else."""
        if resource_type != QTextDocument.ResourceType.ImageResource.value:
            return None
        if url.scheme() or url.host():
            return None
        # Here, not at the top: the sanitizer's library is not needed for the first paint.
        from fibrolearn.services.safe_html import media_file  # noqa: PLC0415

        path = media_file(self._media_dir, url.path())
        if path is None:
            return None
        image = QImage(str(path))
        return None if image.isNull() else image
