"""Save the Progress place as a PNG picture or a PDF report (pages of A4, width fitted)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QRect
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QRegion
from PySide6.QtWidgets import QWidget


def save_report(widget: QWidget, path: Path) -> None:
    """Write ``widget`` (its whole area, scrolled-out parts included) to ``path``.

    A ``.pdf`` path gives a PDF cut into A4 pages at the widget's width; anything else a PNG.

    Raises:
        OSError: If the file cannot be written.
    """
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        _save_pdf(widget, path)
    elif not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def _save_pdf(widget: QWidget, path: Path) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle("FibroLearn progress report")
    writer.setCreator("FibroLearn")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(12, 12, 12, 12),
        )
    )
    writer.setResolution(96)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"could not write {path}")
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        scale = page.width() / max(1, widget.width())
        page_height = int(page.height() / scale)  # widget pixels that fit on one page
        top = 0
        while top < widget.height():
            if top:
                writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            height = min(page_height, widget.height() - top)
            widget.render(
                painter,
                QPoint(0, 0),
                QRegion(QRect(0, top, widget.width(), height)),
            )
            painter.restore()
            top += page_height
    finally:
        painter.end()
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")
