"""Save the Progress place as a PNG picture or a PDF report (pages of A4, width fitted).

A PDF page ends before a chart (or any other block named to keep together) that would
otherwise be cut in two, as long as the block fits on a page of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPoint, QRect
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QRegion
from PySide6.QtWidgets import QWidget

from fibrolearn.whole_file import written_whole

_UNWRITTEN = "the report could not be made"  # Qt's writers give no reason


def save_report(widget: QWidget, path: Path, keep_together: Sequence[QWidget] = ()) -> list[int]:
    """Write ``widget`` (its whole area, scrolled-out parts included) to ``path``.

    A ``.pdf`` path gives a PDF cut into A4 pages at the widget's width, never through one
    of ``keep_together`` that fits on a page; anything else a PNG.

    The file is written beside ``path`` under a temporary name and renamed when whole, so a
    failed save leaves no half-written report (and an older report at ``path`` as it was).
    Qt's writers make it in memory: writing to a file they say nothing of a disk that fills
    up, and left a PDF cut short.

    Returns:
        Where each page starts, in the widget's pixels ([0] for a picture).

    Raises:
        OSError: If the file cannot be written (the system's error: a full disk, say).
    """
    path = Path(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if path.suffix.lower() == ".pdf":
        blocks = [(w.mapTo(widget, QPoint(0, 0)).y(), w.height()) for w in keep_together]
        tops = _save_pdf(widget, buffer, [(top, top + height) for top, height in blocks])
    elif widget.grab().save(buffer, "PNG"):
        tops = [0]
    else:
        raise OSError(_UNWRITTEN)
    content = buffer.data().data()
    if not content:
        raise OSError(_UNWRITTEN)
    with written_whole(path) as part:
        part.write_bytes(content)
    return tops


def page_tops(height: int, page_height: int, blocks: Sequence[tuple[int, int]]) -> list[int]:
    """Where each page starts: as full as it can be without cutting a block in two.

    Args:
        height: The whole height to lay out.
        page_height: How much fits on one page.
        blocks: (top, bottom) of each part to keep on one page; one taller than a page,
            or one that already starts a page, is cut where it must be.
    """
    tops, top = [], 0
    while top < height:
        tops.append(top)
        end = top + page_height
        fitting = [
            start
            for start, stop in blocks
            if top < start < end < stop and stop - start <= page_height
        ]
        top = min(fitting, default=end)
    return tops


def _save_pdf(widget: QWidget, out: QBuffer, blocks: Sequence[tuple[int, int]]) -> list[int]:
    writer = QPdfWriter(out)
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
        raise OSError(_UNWRITTEN)
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        scale = page.width() / max(1, widget.width())
        page_height = int(page.height() / scale)  # widget pixels that fit on one page
        tops = page_tops(widget.height(), page_height, blocks)
        for index, top in enumerate(tops):
            if index:
                writer.newPage()
            bottom = tops[index + 1] if index + 1 < len(tops) else widget.height()
            painter.save()
            painter.scale(scale, scale)
            widget.render(
                painter, QPoint(0, 0), QRegion(QRect(0, top, widget.width(), bottom - top))
            )
            painter.restore()
    finally:
        painter.end()
    return tops
