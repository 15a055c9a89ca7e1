"""The card view loads images from the media folder only."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QEvent, QPoint, QUrl
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip
from shown_text import shown_as
from ui_driving import settled

from fibrolearn.services.safe_html import sanitize_card_html
from fibrolearn.ui.card_view import CardView, card_words

IMAGE = QTextDocument.ResourceType.ImageResource.value


def missing_picture(loaded: object) -> bool:
    """Whether ``loaded`` is the view's stand-in for a picture it does not show (16 px)."""
    return isinstance(loaded, QPixmap) and (loaded.width(), loaded.height()) == (16, 16)


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
        assert missing_picture(view.loadResource(IMAGE, QUrl(refused))), refused
    stylesheet = QTextDocument.ResourceType.StyleSheetResource.value
    assert view.loadResource(stylesheet, QUrl("dot.png")) == QByteArray()


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
    assert missing_picture(view.document().resource(IMAGE, QUrl("http://example.org/x.png")))


@pytest.mark.parametrize(
    "src",
    [
        "dot.png",  # not in the media folder, but in the folder the app was started from
        "%2e%2e/outside/dot.png",  # ".." written so the sanitizer does not see it
        "..%2foutside/dot.png",
    ],
)
def test_a_picture_refused_or_missing_is_never_read_from_elsewhere(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, src: str
) -> None:
    """Found in a bug hunt: when the view refused an image, Qt read the file itself.

    A card naming ``dot.png`` that the media folder lacks showed the ``dot.png`` of the
    folder the app was started in (the learner's home, often), and a ``%2e%2e`` (an encoded
    ``..``) passed the sanitizer and climbed out of it.
    """
    media = tmp_path / "collection" / "media"
    media.mkdir(parents=True)
    started_in = tmp_path / "collection" / "start"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    private = QImage(37, 23, QImage.Format.Format_RGB32)
    private.fill(QColor("magenta"))
    for folder in (started_in, tmp_path / "collection" / "outside"):
        folder.mkdir(exist_ok=True)
        assert private.save(str(folder / "dot.png"))
    view = CardView(media)
    qtbot.addWidget(view)
    view.setHtml(sanitize_card_html(f'<p>A picture</p><img src="{src}">'))
    view.show()
    view.grab()  # laid out and painted: every image asked for

    assert missing_picture(view.document().resource(IMAGE, QUrl(src)))
    assert "A picture" in view.toPlainText()


def test_a_title_s_tooltip_shows_its_text_never_html_it_names(qtbot, tmp_path: Path) -> None:
    """Found in a bug hunt: a ``title`` kept on a card's text showed as HTML when hovered.

    An imported card's ``<span title="&lt;img src=...&gt;">`` read that picture from anywhere
    on the disk into the tooltip (Qt reads a tooltip starting with a tag as HTML).
    """
    title = f'<img src="{tmp_path / "photo.png"}"> a hint'
    view = CardView(tmp_path)
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.setHtml(sanitize_card_html(f'<p><span title="{escape(title)}">hover here</span></p>'))
    view.show()
    qtbot.waitExposed(view)
    word = view.cursorRect(view.cursorForPosition(QPoint(0, 0))).center() + QPoint(20, 0)
    hover = QHelpEvent(QEvent.Type.ToolTip, word, view.viewport().mapToGlobal(word))
    QApplication.sendEvent(view.viewport(), hover)

    tips = [tip for tip in QApplication.topLevelWidgets() if tip.inherits("QTipLabel")]
    qtbot.waitUntil(lambda: any(tip.isVisible() for tip in tips))
    assert [shown_as(tip.text()) for tip in tips if tip.isVisible()] == [title]
    QToolTip.hideText()


@pytest.mark.parametrize(
    "sized",
    ["", ' width="2400" height="300"', ' width="30000" height="30000"', ' height="3000"'],
)
def test_a_picture_wider_than_the_card_is_shrunk_to_fit_it(
    qtbot, tmp_path: Path, sized: str
) -> None:
    """Imported decks hold screenshots and diagrams far wider than the window.

    Shown at their own width, the card scrolled sideways and the picture pushed the answer
    below it out of sight (Anki fits them to the card). Found in a later hunt: a picture given
    a height kept it, squeezed sideways, or 30,000 pixels tall with the text far below.
    """
    media = tmp_path / "media"
    media.mkdir()
    picture = QImage(2400, 300, QImage.Format.Format_RGB32)
    picture.fill(QColor("blue"))
    assert picture.save(str(media / "wide.png"))
    view = CardView(media)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    question = f'<div class="question" align="center">Which? <img src="wide.png"{sized}></div>'
    view.setHtml(sanitize_card_html(question))
    for width in (600, 400):
        view.resize(width, 400)
        settled(view)
        assert view.horizontalScrollBar().maximum() == 0
        assert view.document().size().height() < 300  # shrunk whole, not cut or squeezed


def test_pictures_side_by_side_are_said_apart(qapp) -> None:
    """Found in a bug hunt: two pictures together were said "(picture)(picture)"."""
    two = '<p>Which? <img src="a.png"><img src="b.png" alt="b"></p><p>More <img src="c.png"></p>'
    assert card_words(two) == "Which? (picture) (picture: b)\nMore (picture)"
    assert card_words('<img src="a.png">') == "(picture)"


MEDICATIONS = (
    "<table border='1'><tr><th>Medication</th><th>Dose</th><th>What the studies found</th></tr>"
    "<tr><td>Amitriptyline</td><td>10 mg</td>"
    "<td>Helps sleep and pain a little in some people, with drowsiness the next morning.</td></tr>"
    "<tr><td>Duloxetine</td><td>60 mg</td>"
    "<td>Moderate relief of pain for about a third of people.</td></tr></table>"
)


def words_cut(view: CardView) -> list[str]:
    """Each line of the card that starts in the middle of a word: "on" of "Medicati on"."""
    cut = []
    block = view.document().begin()
    while block.isValid():
        text, lines = block.text(), block.layout()
        for start in (lines.lineAt(n).textStart() for n in range(1, lines.lineCount())):
            if text[start - 1].isalnum() and text[start].isalnum():
                cut.append(text[start:])
        block = block.next()
    return cut


def test_at_large_text_a_table_wraps_between_words_when_it_can(qtbot, tmp_path: Path) -> None:
    """Found in a bug hunt: at 200 % in an 800 x 600 window, a card's table broke its header
    words mid-word ("Medicati on") though its columns could wrap between words, and showed
    a horizontal scroll bar that scrolled one pixel."""
    view = CardView(tmp_path)
    qtbot.addWidget(view)
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    view.resize(700, 500)
    view.show()
    view.setHtml(f'<div class="answer" align="center">{sanitize_card_html(MEDICATIONS)}</div>')
    settled(view)
    assert words_cut(view) == []
    view.resize(420, 500)  # too narrow for "Amitriptyline": it still breaks, not scrolls
    settled(view)
    assert words_cut(view) != []
    wide = "".join(
        f"<th>{word}</th>" for word in ("Recommendation", "Effectiveness", "Tolerability")
    )
    table = f"<table border='1'><tr><th>Medication</th>{wide}</tr></table>"
    view.setHtml(f'<div class="answer" align="center">{table}</div>')
    for width in range(301, 760, 14):  # the widths, rounded, ran a pixel past each odd width
        view.resize(width, 500)
        settled(view)
        assert not view.horizontalScrollBar().isVisible(), width
