"""The card view loads images from the media folder only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

from fibrolearn.ui.card_view import CardView

IMAGE = QTextDocument.ResourceType.ImageResource.value


def test_only_media_images_load(qtbot, tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    picture = QImage(4, 4, QImage.Format.Format_RGB32)
    picture.fill(QColor("red"))
    assert picture.save(str(media / "dot.png"))
    (tmp_path / "outside.png").write_bytes((media / "dot.png").read_bytes())
    view = CardView(media)
    qtbot.addWidget(view)
    loaded = view.loadResource(IMAGE, QUrl("dot.png"))
    assert isinstance(loaded, QImage) and loaded.width() == 4
    for refused in (
        "https://example.org/dot.png",
        "file://" + str(media / "dot.png"),
        "../outside.png",
        str(tmp_path / "outside.png"),
        "missing.png",
    ):
        assert view.loadResource(IMAGE, QUrl(refused)) is None, refused
    stylesheet = QTextDocument.ResourceType.StyleSheetResource.value
    assert view.loadResource(stylesheet, QUrl("dot.png")) is None


def test_a_card_with_a_media_image_shows_it(qtbot, tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    picture = QImage(30, 20, QImage.Format.Format_RGB32)
    picture.fill(QColor("blue"))
    picture.save(str(media / "box.png"))
    view = CardView(media)
    qtbot.addWidget(view)
    view.setHtml('<p>before</p><img src="box.png"><img src="http://example.org/x.png">')
    image = view.document().resource(IMAGE, QUrl("box.png"))
    assert isinstance(image, QImage) and image.width() == 30
    assert view.document().resource(IMAGE, QUrl("http://example.org/x.png")) is None
