"""What a keyboard and screen-reader user can reach, and hears, in the main window.

From a keyboard and screen-reader pass: Enter on most buttons did nothing, the lower Progress
charts could not be brought into sight, the mastery table at 200 % scrolled sideways under
a thousand blank pixels, and some outcomes were said after (or instead of) what they told.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from ui_driving import CTRL, back_to, laid_out, press, when_dialog_opens

from fibrolearn.services.container import Services
from fibrolearn.ui.card_html import answer_speech
from fibrolearn.ui.chart_points import POINTS_HINT
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_optimize import OptimizeDialog
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.window_geometry import FIRST_SIZE


def on_progress(qtbot, make_window, services: Services, *, large: bool = False) -> ProgressPage:
    """The window on its Progress place (at 200 % text when ``large``), charts drawn."""
    window = make_window(services)
    add_places(window, services, TaskRunner(window))
    if large:
        window.change_text_size(100)
    press(qtbot, Qt.Key.Key_5, CTRL)
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    laid_out(qtbot)  # with the charts in it
    return page


def in_sight(page: ProgressPage, widget: QWidget, box: QRect) -> bool:
    """Whether the middle of ``box`` (in ``widget``'s coordinates) shows in the page."""
    viewport = page.scroll.viewport()
    return viewport.rect().contains(widget.mapTo(viewport, box.center()))


# ------------------------------------------------------------------ Enter on buttons
def test_enter_presses_the_focused_button_on_every_page(
    qtbot, make_window, services: Services
) -> None:
    """Outside dialogs Qt leaves Enter to Space: Options…, Optimize… and the rest did nothing."""
    page = on_progress(qtbot, make_window, services)
    window = page.window()
    assert isinstance(window, MainWindow)
    page.mastery.study_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_place() == "study"

    press(qtbot, Qt.Key.Key_1, CTRL)
    window.deck_list.options_button.setFocus()
    opened = when_dialog_opens(qtbot, lambda dialog: dialog.reject())
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert opened, "Enter on Options… opened nothing"
    back_to(qtbot, window)


def test_enter_presses_a_button_added_to_a_page_later(
    qtbot, make_window, services: Services
) -> None:
    """One mechanism for the whole window: a button a page adds later needs nothing more."""
    page = on_progress(qtbot, make_window, services)
    late = QPushButton("Late")
    page.content.layout().addWidget(late)
    pressed: list[str] = []
    late.clicked.connect(lambda: pressed.append("late"))
    qtbot.waitUntil(late.isVisible)
    late.setFocus()
    assert QApplication.focusWidget() is late
    press(qtbot, Qt.Key.Key_Return)
    assert pressed == ["late"]


# ------------------------------------------------------------------- Progress charts
def test_at_200_percent_tab_reaches_every_chart_which_says_what_it_shows(
    qtbot, make_window, services: Services, screenshot
) -> None:
    """Charts took no focus, so the page never scrolled down to the lower ones."""
    page = on_progress(qtbot, make_window, services, large=True)
    charts = page.history.charts
    assert charts is not None
    page.history.span.setFocus(Qt.FocusReason.ShortcutFocusReason)  # as Alt+P, "Period", does
    press(qtbot, Qt.Key.Key_Tab)  # the other chooser beside it, "Look ahead"
    assert QApplication.focusWidget() is page.history.ahead
    shown = [charts.calendar, *(c for c in charts.cards if c is not charts.calendar)]
    for card in shown:  # down the page, as they are laid out
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is card.canvas, card.title.text()
        qtbot.waitUntil(lambda card=card: in_sight(page, card.canvas, card.canvas.rect()))
        assert card.canvas.accessibleName() in card.title.text()
        assert card.summary.text() != ""
        # The summary, and that the arrows read each bar (a chart without any has none).
        hint = f" {POINTS_HINT}" if card.points.count else ""
        assert card.canvas.accessibleDescription() == card.summary.text() + hint
    screenshot(page.window(), "keys-progress-last-chart-200")


# ------------------------------------------------------------------- mastery table
def on_mastery_table(qtbot, make_window, services: Services) -> tuple[ProgressPage, QWidget]:
    """Progress at 200 % text with its mastery table shown and focused.

    In a window of the size it first opens with where the screen has room: on a narrower one
    a name takes its longest word and the table scrolls sideways, as it should.
    """
    page = on_progress(qtbot, make_window, services, large=True)
    page.window().resize(FIRST_SIZE)
    table = page.mastery.map_table
    page.mastery.tabs.setCurrentWidget(table)
    table.setFocus()
    laid_out(qtbot)
    return page, table


def test_at_200_percent_the_mastery_table_fits_the_page_and_its_rows(
    qtbot, make_window, bundled: Services, screenshot
) -> None:
    """It scrolled sideways (names 674 px wide) under a thousand pixels of blank."""
    page, table = on_mastery_table(qtbot, make_window, bundled)
    assert not table.horizontalScrollBar().isVisible()
    assert table.horizontalHeader().length() <= table.viewport().width()
    words = {word for row in range(table.rowCount()) for word in table.item(row, 0).text().split()}
    assert max(map(table.fontMetrics().horizontalAdvance, words)) < table.columnWidth(0)
    blank = table.viewport().height() - table.verticalHeader().length()
    assert 0 <= blank < min(table.rowHeight(row) for row in range(table.rowCount()))
    screenshot(page.window(), "keys-mastery-table-200")


def test_the_page_follows_the_row_chosen_in_a_tall_mastery_table(
    qtbot, make_window, bundled: Services
) -> None:
    """The table shows every row, so the page, not the table, scrolls to the one chosen."""
    page, table = on_mastery_table(qtbot, make_window, bundled)
    for row in range(1, table.rowCount()):
        press(qtbot, Qt.Key.Key_Down)
        cell = table.visualRect(table.model().index(row, 0))
        assert in_sight(page, table.viewport(), cell), f"row {row} out of sight"


# ----------------------------------------------------------------- what is said
def test_using_the_new_fit_is_said_as_well_as_shown(
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After "Use the new fit" the screen showed "Done: …", and no one heard it."""
    applied: list[object] = []
    monkeypatch.setattr(services.optimize, "apply", applied.append)
    tasks = TaskRunner()
    dialog = OptimizeDialog(services, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    tasks.wait()  # the count, in the background
    dialog.report = fit = object()  # as a fit that improves leaves it
    dialog.apply_button.show()
    qtbot.keyClick(dialog.apply_button, Qt.Key.Key_Space)
    assert applied == [fit]
    assert dialog.verdict.text().startswith("Done: ")
    assert dialog._announcer.last == dialog.verdict.text()


def test_suspend_bury_and_undo_are_said_before_the_next_question_in_one_message(
    qtbot, make_window, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said after the question, a confirmation cut it off (and S was never heard at all)."""
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    said: list[str] = []
    monkeypatch.setattr(study.announcer, "announce", said.append)
    for key, outcome in (
        (Qt.Key.Key_S, "Card suspended. Ctrl+Z brings it back."),
        (Qt.Key.Key_B, "Card buried until tomorrow. Ctrl+Z brings it back."),
    ):
        said.clear()
        press(qtbot, key)
        question = study.browser.toPlainText()
        assert len(said) == 1 and said[0].startswith(f"{outcome} ")
        assert said[0].endswith(f"Question: {question}")
    said.clear()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert len(said) == 1 and said[0].startswith("The card is back in today's queue. ")
    assert window.statusBar().currentMessage() == "The card is back in today's queue."


def test_an_answer_ending_its_own_sentence_gets_no_second_full_stop(
    services: Services,
) -> None:
    """ "…parts of the body.. Fibromyalgia…" was read out."""
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    said = answer_speech(card, "Pain across the body.")
    assert said.startswith("Answer: Pain across the body. ") and ".." not in said
    assert answer_speech(card, "Factor A").startswith("Answer: Factor A. ")
    assert answer_speech(card, "Is it “pain”?").startswith("Answer: Is it “pain”? ")


# ----------------------------------------------------------------------- deck list
def test_tab_reaches_the_decks_description_and_disclaimer_after_its_buttons(
    qtbot, make_window, bundled: Services
) -> None:
    """Shown under the buttons, they were never said: not even "not medical advice"."""
    window = make_window(bundled)
    page = window.deck_list
    assert QApplication.focusWidget() is page.table
    reached = []
    for _ in range(9):
        press(qtbot, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    buttons = [page.options_button, page.gentle_button, page.study_button]
    pointer = window.guide_pointer  # over the places on the first starts
    assert reached == [
        *buttons,
        page.rename_button,
        page.delete_button,
        page.details,
        pointer.guide_button,
        pointer.hide_button,
        window.navigation,
    ]
    [deck] = bundled.decks.deck_list().decks
    said = QAccessible.queryAccessibleInterface(page.details).text(QAccessible.Text.Name)
    assert deck.description in said and deck.disclaimer in said and deck.disclaimer
