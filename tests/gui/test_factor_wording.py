"""Progress and the guide call a deck's topics "factors", as the quiz and the buttons do.

Found in a wording review: Progress's mastery section was headed "What you know about each
cause" above its "Study this factor" button, and Help > Getting started said a quiz asks
"which cause a finding belongs to", where the quiz itself asks "Which factor is this finding
linked to?".
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget
from shown_text import shown_as

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.getting_started import GUIDE_HTML
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner

# "Cause" as the name of a topic; the subject ("the causes of fibromyalgia") and the bundled
# deck's name are not that, nor is "because".
CAUSE = re.compile(r"\bcauses?\b", re.IGNORECASE)
SUBJECT = re.compile(r"causes of fibromyalgia", re.IGNORECASE)


def causes_named(texts: list[str]) -> list[str]:
    return [text for text in texts if CAUSE.search(SUBJECT.sub("", text))]


def words_shown(root: QWidget) -> list[str]:
    """What the widgets under ``root`` show and tell a screen reader, deck names apart."""
    texts = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel):
            texts.append(shown_as(widget.text(), widget.textFormat()))
        elif isinstance(widget, QAbstractButton) and not isinstance(widget, QComboBox):
            texts.append(widget.text())
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
    return [text for text in texts if text]


@pytest.mark.parametrize("scale", [100, 200])
def test_progress_says_factor_where_the_rest_of_the_app_does(
    qtbot, make_window, bundled: Services, screenshot, scale: int
) -> None:
    window = make_window(bundled)
    tasks = TaskRunner()
    add_places(window, bundled, tasks)
    window.apply_preferences(AppPreferences(text_scale=scale))
    window.resize(800, 600)
    window.show_place("progress")
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.mastery.deck.count() > 0)
    QApplication.processEvents()
    mastery = page.mastery
    top = mastery.mapTo(page.scroll.widget(), QPoint(0, 0)).y()
    page.scroll.verticalScrollBar().setValue(top)  # its title in sight, for the screenshot
    screenshot(window, f"progress-mastery-wording-{scale}")

    shown = words_shown(mastery)
    assert "What you know about each factor" in shown
    assert causes_named(shown) == []
    assert causes_named(words_shown(page)) == []
    window.apply_preferences(AppPreferences())
    tasks.wait()


def test_the_guide_says_factor_as_the_quiz_and_progress_do() -> None:
    guide = " ".join(QTextDocumentFragment.fromHtml(GUIDE_HTML).toPlainText().split())
    assert "which factor a finding is linked to" in guide
    assert "for each factor how much you are likely to remember" in guide
    assert causes_named([guide]) == []
