"""The quiz set-up takes the numbers as typed, and says plainly when a deck is too small."""

from __future__ import annotations

from pathlib import Path

import test_quiz_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shown_text import shown_as
from test_quiz_page import RETURN, press, type_text

from fibrolearn.domain.statistics import WeakestAreas
from fibrolearn.paths import bundled_dir
from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.quiz_setup import QuizSetupView, weakest_words

CTRL = Qt.KeyboardModifier.ControlModifier
page = test_quiz_page.page  # the fixture: the Quiz page, shown, on the small deck
double_text = test_quiz_page.double_text  # text at 200 % for one test

ONE_FACTOR = """
[deck]
format = 1
id = "one-factor"
title = "One factor"
version = 1

[[factor]]
id = "sleep"
name = "Sleep"

[[fact]]
id = "S1"
factor = "sleep"
claim = "Alpha waves intrude into deep sleep."
finding = "alpha intrusion"
certainty = "supported"

[[fact]]
id = "S2"
factor = "sleep"
claim = "Sleep is unrefreshing."
finding = "unrefreshing sleep"
certainty = "consensus"

[[note]]
id = "a"
facts = ["S1", "S2"]
front = "Sleep findings?"
back = "Alpha intrusion, unrefreshing sleep"
"""

CLOZE_NOTE = """
[[note]]
id = "c"
facts = ["S1"]
text = "{{c1::Alpha}} waves intrude into deep sleep."
"""


def type_in(qtbot, box, text: str) -> None:
    """Replace what a box holds by typing, as a learner would after Alt+its letter."""
    box.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, text)


def on_deck(page: QuizPage, services: Services, path: Path, text: str) -> None:
    """Load a deck written as ``text`` and choose it on the set-up screen."""
    path.write_text(text, encoding="utf-8")
    services.decks.load_deck_files([path])
    page.open_setup()
    page.setup_view.deck.setCurrentIndex(page.setup_view.deck.findText("One factor"))


def test_a_number_under_the_minimum_is_raised_shown_and_said_before_starting(
    qtbot, page: QuizPage
) -> None:
    setup = page.setup_view
    type_in(qtbot, setup.length, "3")
    press(qtbot, RETURN)  # Enter from the box starts a quiz, but not with another number
    assert page.sitting is None
    assert setup.length.text() == "5" and setup.length.value() == 5
    assert setup.message.text() == "Questions: 5 at least."
    assert setup.announcer.last == setup.message.text()
    with qtbot.waitSignal(setup.start_requested) as started:
        press(qtbot, RETURN)  # the learner has seen the number: now it starts
    assert started.args[0].length == 5 and page.sitting is not None


def test_a_number_over_the_maximum_is_kept_as_typed_then_lowered(qtbot, page: QuizPage) -> None:
    """Typing 60 used to drop the 0 and give a quiz of 6."""
    setup = page.setup_view
    type_in(qtbot, setup.length, "60")
    assert setup.length.text() == "60"
    press(qtbot, RETURN, CTRL)
    assert page.sitting is None
    assert setup.length.value() == 50 and setup.length.text() == "50"
    assert setup.message.text() == "Questions: 50 at most."


def test_a_time_limit_over_the_maximum_is_lowered_and_said(qtbot, page: QuizPage) -> None:
    setup = page.setup_view
    type_in(qtbot, setup.minutes, "200")
    press(qtbot, RETURN)
    assert page.sitting is None and setup.minutes.value() == 120
    assert setup.message.text() == "Time limit in minutes: 120 at most."


def test_a_quiz_shorter_than_asked_says_how_many_questions_there_are(
    qtbot, page: QuizPage, services: Services, tmp_path: Path
) -> None:
    on_deck(page, services, tmp_path / "one.toml", ONE_FACTOR + CLOZE_NOTE)
    page.setup_view.length.setValue(5)
    press(qtbot, RETURN, CTRL)
    assert page.sitting is not None and len(page.sitting.questions) == 1
    assert page.question_view.progress.text() == "Question 1 of 1: this choice has only 1 question"

    page.open_setup(1)  # the small deck, every factor: a few questions
    page.setup_view.length.setValue(10)
    press(qtbot, RETURN, CTRL)
    assert page.sitting is not None
    total = len(page.sitting.questions)
    assert 1 < total < 10
    wanted = f"Question 1 of {total}: this choice has only {total} different questions, not 10"
    assert page.question_view.progress.text() == wanted


def test_a_deck_too_small_for_any_quiz_says_so_instead_of_choosing_more(
    qtbot, page: QuizPage, services: Services, tmp_path: Path
) -> None:
    """One factor and no cloze note: no question can be made, whatever is chosen."""
    on_deck(page, services, tmp_path / "one.toml", ONE_FACTOR)
    setup = page.setup_view
    press(qtbot, RETURN, CTRL)
    too_small = (
        "The quiz could not start: this deck has too few facts for a quiz, "
        "even with every factor and kind chosen."
    )
    assert page.sitting is None and setup.message.text() == too_small

    setup.factors.item(0).setCheckState(Qt.CheckState.Checked)  # every factor, ticked
    press(qtbot, RETURN, CTRL)
    assert setup.message.text() == too_small

    setup.kinds.item(0).setCheckState(Qt.CheckState.Unchecked)  # fewer kinds: the service's
    press(qtbot, RETURN, CTRL)  # advice to choose more holds
    message = setup.message.text()
    assert message.startswith("The quiz could not start: ") and message != too_small


def test_weakest_areas_names_its_factors_and_says_when_nothing_is_known_yet(
    qtbot, page: QuizPage
) -> None:
    setup = page.setup_view
    qtbot.keyClick(setup.weakest, Qt.Key.Key_Space)
    said = (
        "Nothing in this deck is studied or quizzed yet, so this quiz asks about a spread of "
        "its factors: Factor A and Factor B."
    )
    assert setup.weakest_note.isVisible() and setup.weakest_note.text() == said
    assert setup.announcer.last == said
    qtbot.keyClick(setup.weakest, Qt.Key.Key_Space)
    assert not setup.weakest_note.isVisible()


def ticked_factors(page: QuizPage) -> list[str]:
    factors = page.setup_view.factors
    return [
        factors.item(row).text()
        for row in range(factors.count())
        if factors.item(row).checkState() == Qt.CheckState.Checked
    ]


def test_quiz_me_on_a_factor_of_another_deck_ticks_that_factor(
    qtbot, page: QuizPage, services: Services, tmp_path: Path
) -> None:
    """Found in a bug hunt: "Quiz me on it" in Progress, for a deck other than the set-up's,
    chose the deck but ticked no factor, so the quiz asked about every factor."""
    on_deck(page, services, tmp_path / "one.toml", ONE_FACTOR)
    small = services.decks.list_decks()[1].deck_id
    assert services.decks.name(small) == "Small deck"
    page.open_setup(small, "b")  # what "Quiz me on it" asks, for factor B
    assert page.setup_view.deck.currentText() == "Small deck"
    assert ticked_factors(page) == ["Factor B"]
    press(qtbot, RETURN, CTRL)
    assert page.sitting is not None and page.sitting.factor_keys == ("b",)


def test_the_factors_ticked_stay_ticked_on_coming_back_and_for_the_next_quiz(
    qtbot, page: QuizPage, services: Services, tmp_path: Path
) -> None:
    """Found in a bug hunt: leaving Quiz (to look at Progress, say) and coming back, or asking
    for a new quiz, unticked every factor while the kinds, length and mode stayed as chosen:
    the next quiz asked about every factor."""
    setup = page.setup_view
    setup.factors.setFocus()
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_Space)  # ticks factor B
    assert ticked_factors(page) == ["Factor B"]
    page.enter()  # the place opened again
    assert ticked_factors(page) == ["Factor B"]

    press(qtbot, RETURN, CTRL)
    assert page.sitting is not None and page.sitting.factor_keys == ("b",)
    page.open_setup()  # "New quiz" (ending the quiz, left before any answer)
    assert ticked_factors(page) == ["Factor B"]

    on_deck(page, services, tmp_path / "one.toml", ONE_FACTOR)  # another deck: none ticked
    assert ticked_factors(page) == []
    page.open_setup(factor_key="sleep")  # "Quiz me on it" in Progress: that factor alone
    assert ticked_factors(page) == ["Sleep"]


def test_weakest_areas_names_a_deck_file_s_factors_as_written(qtbot, tmp_path: Path) -> None:
    """Found in a bug hunt: the note read factor names as HTML, so a loaded deck file's
    ``<img src="…">`` in a name showed a picture read from anywhere on the disk."""
    name = f'<img src="{tmp_path / "photo.png"}">IL-6'
    view = QuizSetupView()
    qtbot.addWidget(view)
    said = weakest_words(WeakestAreas(("il6",), ("il6",)), {"il6": name})

    view.show_weakest(said)

    note = view.weakest_note
    assert shown_as(note.text(), note.textFormat()) == said and name in said


def test_at_large_text_the_set_up_fits_a_small_window_without_scrolling_sideways(
    qtbot, page: QuizPage, services: Services, double_text, screenshot
) -> None:
    """Found in a bug hunt: at 200 % in a window 600 pixels wide, the choices' labels beside
    them, tick boxes whose labels cannot wrap and a factor list as wide as its longest name
    made the set-up scroll sideways, its choices cut off at the right."""
    services.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))  # long factor names
    page.open_setup()
    page.setup_view.deck.setCurrentIndex(page.setup_view.deck.findText("Causes of fibromyalgia"))
    page.resize(600, 420)
    QApplication.processEvents()
    screenshot(page, "quiz-200-small-window-setup")
    assert not page.scroll.horizontalScrollBar().isVisible()
    assert page.stack.width() <= page.scroll.viewport().width()
