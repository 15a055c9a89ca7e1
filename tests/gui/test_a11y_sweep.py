"""Every place and dialog by keyboard alone, and what a screen reader says of each.

From a keyboard-only and screen-reader pass over the whole window: each screen's focus chain
is walked with Tab (see :mod:`a11y_sweep`), Esc closes each dialog and gives the focus back,
and each dialog's default button is a safe one. Found in the pass: Enter while reading
Getting started opened the keyboard shortcuts, and two messages were shown but never said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from a11y_sweep import sweep
from collection_driving import full_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QPushButton, QWidget
from test_quiz_page import answer_by_keyboard
from ui_driving import CTRL, back_to, laid_out, press, when_dialog_opens

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.getting_started import getting_started_dialog
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.study_place import NO_CARD_FOR_INFO

RISKY_DEFAULTS = ("Delete", "Quit", "Keyboard shortcuts")  # what Enter must not do (Forget undoes)
READING_ONLY = ("Getting started", "Keyboard shortcuts", "About", "Card info")


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Everything any part of the window has screen readers say, in order."""
    said: list[str] = []
    monkeypatch.setattr(Announcer, "announce", lambda _self, text: said.append(text))
    return said


@pytest.fixture
def window_on(qtbot, paths: AppPaths, clock: FixedClock) -> Iterator[Callable[..., MainWindow]]:
    """The whole window, every place and menu command, on the services given."""
    runners = []

    def make(services: Services) -> MainWindow:
        window, tasks, _keeper = full_window(qtbot, paths, clock, services)
        runners.append(tasks)
        return window

    yield make
    for tasks in runners:
        tasks.wait()


def visit_dialog(qtbot, window: QWidget, open_it: Callable[[], object], where: str) -> list[str]:
    """Open a dialog, sweep it, close it with Esc; what is wrong, with its default button too."""
    before = QApplication.focusWidget()
    problems: list[str] = []

    def check(dialog: QWidget) -> None:
        defaults = [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault()]
        if any(risky in text for text in defaults for risky in RISKY_DEFAULTS):
            problems.append(f"{where}: Enter would press {defaults}")
        if where.replace("&", "").startswith(READING_ONLY) and defaults != ["Close"]:
            problems.append(f"{where}: Enter reading it presses {defaults}, not Close")
        problems.extend(sweep(qtbot, dialog, where))
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        if dialog.isVisible():
            problems.append(f"{where}: Esc left it open")
            dialog.close()

    seen = when_dialog_opens(qtbot, check)
    open_it()
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    back_to(qtbot, window)
    if QApplication.focusWidget() is not before:
        problems.append(f"{where}: closed, it left the focus on {QApplication.focusWidget()}")
    return problems


def menu_dialogs(window: MainWindow) -> list[tuple[str, Callable[[], object]]]:
    """The menu commands that open a dialog ("…", and Help's), but for Spread with no backlog."""
    found = []
    for menu in (action.menu() for action in window.menuBar().actions()):
        for item in menu.actions():
            asks = item.text().endswith("…") or menu.title() == "&Help"
            if asks and item.isEnabled() and "Spread" not in item.text():
                found.append((item.text(), item.trigger))
    return found


def buttons_opening_dialogs(page: QWidget, *skipped: str) -> list[tuple[str, Callable]]:
    return [
        (button.text(), button.click)
        for button in page.findChildren(QAbstractButton)
        if button.isVisible()
        and button.isEnabled()
        and button.text().endswith("…")
        and not any(word in button.text() for word in skipped)
    ]


def place(qtbot, window: MainWindow, key: Qt.Key) -> QWidget:
    """Go to a place by its Ctrl+number; the page, once its focus is somewhere in it."""
    press(qtbot, key, CTRL)
    page = window.pages.currentWidget()
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    laid_out(qtbot)
    return page


def swept_place(
    qtbot, window: MainWindow, key: Qt.Key, where: str
) -> tuple[MainWindow, Any, list[str]]:
    """The window, the place of Ctrl+``key`` (the page), and what is wrong with it."""
    page = place(qtbot, window, key)
    return window, page, sweep(qtbot, window, where)


def browse_with_a_card(qtbot, window: MainWindow) -> QWidget:
    """Browse, its first card chosen."""
    page = place(qtbot, window, Qt.Key.Key_3)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    return page


def test_every_menu_dialog_by_keyboard(qtbot, window_on, bundled: Services) -> None:
    window = window_on(bundled)
    problems = sweep(qtbot, window, "deck list")
    for where, open_it in menu_dialogs(window):
        problems += visit_dialog(qtbot, window, open_it, where)
    assert not problems, "\n".join(problems)
    assert len(menu_dialogs(window)) >= 14


def test_study_and_its_dialogs_by_keyboard(qtbot, window_on, services: Services) -> None:
    window = window_on(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    assert QApplication.focusWidget() is study.show_button  # where Space shows the answer
    problems = sweep(qtbot, window, "question")
    for action in (window.study_actions.edit, window.study_actions.info):
        problems += visit_dialog(qtbot, window, action.trigger, action.text())
    press(qtbot, Qt.Key.Key_W)  # Why now?
    press(qtbot, Qt.Key.Key_Space)
    problems += sweep(qtbot, window, "answer")
    press(qtbot, Qt.Key.Key_P)
    problems += sweep(qtbot, window, "paused")
    press(qtbot, Qt.Key.Key_P)
    for _ in range(20):  # Easy on each of the five new cards: the day's summary
        if window.study.summary_label.isVisible():
            break
        press(qtbot, Qt.Key.Key_Space if study.show_button.isVisible() else Qt.Key.Key_4)
    assert study.summary_label.isVisible()
    problems += sweep(qtbot, window, "summary")
    assert not problems, "\n".join(problems)


def test_a_gentle_session_by_keyboard(qtbot, window_on, bundled: Services) -> None:
    window = window_on(bundled)
    problems: list[str] = []

    def start(dialog: QWidget) -> None:
        problems.extend(sweep(qtbot, dialog, "gentle session"))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Start, the default

    when_dialog_opens(qtbot, start)
    press(qtbot, Qt.Key.Key_G, CTRL)
    qtbot.waitUntil(lambda: window.current_place() == "study")
    back_to(qtbot, window)
    assert QApplication.focusWidget() is window.study.show_button
    problems += sweep(qtbot, window, "gentle question")
    assert not problems, "\n".join(problems)


def test_browse_and_its_dialogs_by_keyboard(qtbot, window_on, bundled: Services) -> None:
    window = window_on(bundled)
    page = browse_with_a_card(qtbot, window)
    problems = sweep(qtbot, window, "browse")
    for where, open_it in buttons_opening_dialogs(page):
        problems += visit_dialog(qtbot, window, open_it, where)
    for action in page.bulk.actions:
        if action.text().endswith("…") and "Forget" not in action.text():
            problems += visit_dialog(qtbot, window, action.trigger, action.text())
    assert not problems, "\n".join(problems)


def test_quiz_by_keyboard(qtbot, window_on, bundled: Services) -> None:
    window, page, problems = swept_place(qtbot, window_on(bundled), Qt.Key.Key_4, "quiz set-up")
    page.setup_view.start_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert page.sitting is not None
    kinds = set()
    for question in list(page.sitting.questions):
        assert page.question_view.isAncestorOf(QApplication.focusWidget())  # at the answer
        if question.kind not in kinds:
            kinds.add(question.kind)
            problems += sweep(qtbot, window, f"quiz question {question.kind}")
        answer_by_keyboard(qtbot, question, right=True)
        press(qtbot, Qt.Key.Key_Return)
    assert len(kinds) >= 4
    problems += sweep(qtbot, window, "quiz results")
    assert not problems, "\n".join(problems)


def test_progress_and_its_dialogs_by_keyboard(qtbot, window_on, bundled: Services) -> None:
    window, page, problems = swept_place(qtbot, window_on(bundled), Qt.Key.Key_5, "progress")
    page.more.toggle.click()
    qtbot.waitUntil(page.more.body.isVisible)
    page.mastery.tabs.setCurrentWidget(page.mastery.map_table)
    page.more.toggle.setFocus()
    problems += sweep(qtbot, window, "progress, more statistics and the mastery table")
    for where, open_it in buttons_opening_dialogs(page, "review log", "report"):
        problems += visit_dialog(qtbot, window, open_it, where)
    assert not problems, "\n".join(problems)


def test_import_preview_by_keyboard(
    qtbot, window_on, bundled: Services, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = window_on(bundled)
    source = tmp_path / "cards.csv"
    source.write_text("front,back\nA,B\nC,D\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(source), ""))
    [(_where, open_it)] = [(w, o) for w, o in menu_dialogs(window) if w == "&Import…"]
    problems = visit_dialog(qtbot, window, open_it, "import preview")
    assert not problems, "\n".join(problems)


def test_enter_while_reading_getting_started_closes_it(qtbot) -> None:
    """It opened the keyboard shortcuts: Qt made the first button, that one, the default."""
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = getting_started_dialog(parent)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    back_to(qtbot, dialog)
    ended: list[int] = []
    dialog.finished.connect(ended.append)
    press(qtbot, Qt.Key.Key_Return)  # in the guide's text, which has the focus
    assert ended == [0]  # closed, as Close does


def test_card_info_asked_with_no_card_on_screen_is_heard(
    qtbot, window_on, services: Services, heard: list[str]
) -> None:
    """Paused, Ctrl+Shift+I showed why nothing opened, and no screen reader said it."""
    window = window_on(services)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_P)
    heard.clear()
    press(qtbot, Qt.Key.Key_I, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.statusBar().currentMessage() == NO_CARD_FOR_INFO
    assert heard == [NO_CARD_FOR_INFO]
