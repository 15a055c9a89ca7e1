"""A card's lines break where a browser (and Anki) breaks them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QTextDocument

from fibrolearn.domain.decks import QueueCounts
from fibrolearn.domain.study import SessionProgress
from fibrolearn.services.container import Services
from fibrolearn.services.safe_html import sanitize_card_html
from fibrolearn.ui.card_html import answer_document, question_document
from fibrolearn.ui.card_view import card_words


def lines(html: str) -> list[str]:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText().splitlines()


@pytest.mark.parametrize(
    ("side", "shown"),
    [
        ("<div>Term</div>Hint: a memory aid", ["Term", "Hint: a memory aid"]),
        ("first<div>second</div>third", ["first", "second", "third"]),
        ("<div>Term</div> <b>bold</b> after", ["Term", "bold after"]),
        ("<div>one</div><div>two</div>", ["one", "two"]),  # already apart: no blank line
        ("<div>one</div><br>two", ["one", "two"]),
    ],
)
def test_text_after_a_block_starts_a_line_of_its_own(
    qapp, services: Services, side: str, shown: list[str]
) -> None:
    """Found in an Anki import hunt: "<div>{{Term}}</div>{{hint:Mnemonic}}" read "TermHint"."""
    card = services.study.card(1)
    side = sanitize_card_html(side)
    card = replace(card, question_html=side, answer_html=side)
    assert lines(question_document(card)) == shown
    assert lines(answer_document(card))[len(shown) + 1 :][: len(shown)] == shown
    assert card_words(side).splitlines() == shown  # as Read aloud and screen readers say it


@pytest.mark.parametrize("blank", ["", "<div> &nbsp;</div>", "<br>", "\u200b\u200e"])
def test_a_card_with_nothing_in_its_question_says_so_and_what_to_do(
    qtbot, make_window, services: Services, blank: str
) -> None:
    """Found in an Anki import hunt: a note whose front was left empty showed a blank card."""
    window = make_window(services)
    card = replace(services.study.card(1), question_html=blank)
    progress = SessionProgress(number=2, total=5, counts=QueueCounts(new=4, learning=0, review=0))
    window.study.show_question(card, progress)
    said = "This card's question is empty. Press E to edit its note, or S to suspend it."
    assert lines(window.study.browser.toHtml()) == [said]
    assert window.study.browser.accessibleDescription() == said
    window.study.show_answer(card)
    assert lines(window.study.browser.toHtml())[0] == said


def test_a_question_that_is_only_a_picture_is_not_blank(services: Services) -> None:
    card = replace(services.study.card(1), question_html='<img src="heart.png">')
    assert "empty" not in question_document(card)
