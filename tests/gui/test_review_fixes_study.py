"""The study screen after a review: names shown as written, and plain words for screen readers."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMessageBox, QWidget
from ui_driving import back_to, press, press_in, when_dialog_opens

from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow


def said_name(widget: QWidget) -> str:
    """What a screen reader says a widget is called."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_a_focused_session_shows_and_says_a_name_with_brackets_and_ampersands(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window: MainWindow = make_window(services)
    deck_id = services.decks.list_decks()[0].deck_id
    focus = replace(services.focus.factor_cards(deck_id, "b"), label="Sleep <6 h & stress")
    window.start_study(deck_id, focus=focus)
    screenshot(window, "review-study-focused-title")
    assert said_name(window.study.title) == "Small deck: Sleep <6 h & stress"  # not "…Sleep "


def test_the_last_card_says_so_and_not_that_one_is_left(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    deck_id = services.decks.list_decks()[0].deck_id
    focus = services.focus.factor_cards(deck_id, "a")
    window.start_study(deck_id, focus=replace(focus, card_ids=focus.card_ids[:1]))
    study = window.study
    assert study.progress_label.text() == "Card 1 · the last one for now"
    assert study.progress_bar.accessibleDescription() == "Card 1, the last one for now"
    # A focused session is said by its name, with its first card.
    assert study.announcer.last.startswith(
        "Small deck: Factor A. Card 1, the last one for now. Question: "
    )


def test_the_progress_is_said_with_a_comma_not_a_middle_dot(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    assert study.progress_label.text() == "Card 1 · 4 more after this"
    assert study.progress_bar.accessibleDescription() == "Card 1, 4 more after this"
    assert said_name(study.progress_label) == "Card 1, 4 more after this"
    assert study.announcer.last.startswith("Small deck. Card 1, 4 more after this. Question: ")


def test_the_counts_are_said_with_commas_and_the_numbers_shown(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    assert study.counts.text() == "New 5  ·  Learning 0  ·  Due 0"
    assert said_name(study.counts) == "New 5, Learning 0, Due 0"
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)  # Good: the first card goes on learning
    assert study.counts.text() == "New 4  ·  Learning 1  ·  Due 0"
    assert said_name(study.counts) == "New 4, Learning 1, Due 0"


def test_the_summary_is_said_in_words_not_markup(qtbot, make_window, services: Services) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    # Easy on each: the session ends after one card of each note (see test_study_flow).
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_4)
    assert study.stack.currentIndex() == 1
    said = study.announcer.last
    assert "<" not in said and said.startswith("All done for today")
    assert "You answered 3 cards" in said
    assert said_name(study.counts) == said_name(study.progress_label) == ""  # no old counts


def test_esc_on_a_paused_gentle_session_does_not_offer_to_pause(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    deck_id = services.decks.list_decks()[0].deck_id
    window.start_study(deck_id, goal=SessionGoal(cards=3))
    press(qtbot, Qt.Key.Key_P)
    assert window.study.stack.currentIndex() == 2  # paused
    asked: list[str] = []

    def keep_going(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.informativeText())
        press_in(qtbot, box, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, keep_going)
    press(qtbot, Qt.Key.Key_Escape)
    back_to(qtbot, window)
    assert asked and "the next one starts from the beginning" in asked[0]
    assert "pause it instead" not in asked[0]
    assert window.current_place() == "study" and window.study.stack.currentIndex() == 2
