"""Card info (Ctrl+Shift+I) by keyboard, from Browse and from Study, at any text size."""

from __future__ import annotations

from dataclasses import replace

import pytest
from collection_driving import full_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from test_browse_page import on_dialog
from test_ui_accessibility import nameless
from ui_driving import CTRL, back_to, press, press_in, settled, when_dialog_opens

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.card_info_dialog import CardInfoDialog
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.theme import Theme

SHIFT = Qt.KeyboardModifier.ShiftModifier
INFO = (Qt.Key.Key_I, CTRL | SHIFT)
HEARD = Qt.ItemDataRole.AccessibleTextRole


def studied(services: Services, answers: int) -> int:
    """The first card, answered ``answers`` times Good (each as it came due)."""
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    for _ in range(answers):
        shown = services.study.card(card.card_id)
        services.study.answer(card.card_id, Rating.GOOD, 7000, shown_state=shown.state)
    return card.card_id


def fits_across(dialog: QWidget) -> bool:
    """Nothing of the dialog but its table needs more width than it has."""
    assert isinstance(dialog, CardInfoDialog)
    return dialog.details.sizeHint().width() <= dialog.width() or dialog.details.wordWrap()


@pytest.mark.parametrize(
    ("theme", "scale", "width"),
    [(Theme.LIGHT, 100, 1100), (Theme.DARK, 100, 1100), (Theme.LIGHT, 200, 640)],
)
def test_card_info_from_browse_by_keyboard_with_its_history_heard_and_copied(
    qtbot, make_window, services: Services, screenshot, theme: Theme, scale: int, width: int
) -> None:
    card = studied(services, 3)
    window = make_window(services)
    tasks = TaskRunner()
    page = add_browse_place(window, services, tasks)
    window.apply_preferences(AppPreferences(theme=theme, text_scale=scale))
    window.resize(width, 700)
    press(qtbot, Qt.Key.Key_3, CTRL)
    press(qtbot, Qt.Key.Key_Return)  # every card
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    press(qtbot, Qt.Key.Key_Home)
    while page.model.card_id(page.table.current_row()) != card:
        press(qtbot, Qt.Key.Key_Down)
    seen: list[tuple[str, ...]] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, CardInfoDialog)
        assert dialog.windowTitle() == "Card info" and nameless(dialog) == []
        assert dialog.details.hasFocus()  # read first, then Tab to the history
        said = dialog.details.text()
        for caption in ("Deck:", "Added:", "Due:", "Stability:", "Difficulty:", "Lapses:"):
            assert f"<b>{caption}</b>" in said
        assert f"<b>Card id:</b> {card}" in said
        assert dialog.facts.text() == (
            "Alpha is linked to factor A. How sure: Scientific consensus (most researchers agree)."
        )
        while not dialog.table.hasFocus():
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        model = dialog.table.model()
        assert model.rowCount() == 3
        press_in(qtbot, dialog, Qt.Key.Key_Down)
        current = dialog.table.currentIndex()
        seen.append((str(current.row()), model.index(current.row(), 0).data(HEARD)))
        press_in(qtbot, dialog, Qt.Key.Key_C, CTRL)
        seen.append(tuple(QGuiApplication.clipboard().text().splitlines()))
        assert fits_across(dialog)
        screenshot(settled(dialog), f"card-info-browse-{theme}-{scale}")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, look)
    press(qtbot, *INFO)
    back_to(qtbot, window)
    assert len(seen) == 2, "Card info did not open"
    row, heard = seen[0]
    assert row == "1"  # Down went to the second newest answer
    assert heard.endswith(  # the time before it is the machine's local time
        ": learn, rated Good, due again in 2 days, stability 2.3 days, difficulty 12 %,"
        " answered in 7.0 seconds."
    )
    lines = seen[1]
    assert lines[0] == "When\tKind\tRating\tInterval\tStability\tDifficulty\tTime"
    assert len(lines) == 4 and all("\tLearn\tGood\t" in line for line in lines[2:])
    assert page.table.hasFocus()  # back where it was
    assert page.bulk.info_action in page.menu.actions()  # the Browse menu and the table's
    # Gone once closed: kept as the window's child, it outlived its Python side, and a later
    # relayout asked its history model for rows it no longer had.
    qtbot.waitUntil(lambda: not window.findChildren(CardInfoDialog))
    tasks.wait()


def test_card_info_in_study_keeps_the_answer_hidden_and_the_session_where_it_was(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    press(qtbot, Qt.Key.Key_Return)  # study the deck
    assert window.current_place() == "study"
    session = window.study.session
    assert session is not None and session.card is not None
    card, progress = session.card.card_id, session.progress()
    focused = QApplication.focusWidget()
    heard: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, CardInfoDialog)
        heard.append(dialog.details.text())
        heard.append(dialog.facts.text())
        assert dialog.heading.text() == "No reviews yet." and dialog.heading.isVisible()
        assert not dialog.table.isVisible() and not dialog.copy_button.isVisible()
        screenshot(settled(dialog), "card-info-study-question")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    assert when_dialog_opens(qtbot, look) is not None
    press(qtbot, *INFO)
    back_to(qtbot, window)
    assert heard, "Card info did not open"
    assert window.study_actions.info.text() == "Card &info…"  # in View, beside Why now?
    assert "New card: not studied yet" in heard[0]
    assert heard[1].startswith("This card teaches 1 fact: shown here once its answer is shown")
    assert "Alpha" not in heard[1]
    assert "Factor A" not in window.study.browser.toPlainText()  # the answer still hidden
    assert not session.revealed and session.card.card_id == card
    assert session.progress() == progress
    assert QApplication.focusWidget() is focused  # Show answer: Space goes on as before
    screenshot(window, "card-info-study-after")

    press(qtbot, Qt.Key.Key_Space)
    assert session.revealed
    shown: list[str] = []

    def facts(dialog: QWidget) -> None:
        assert isinstance(dialog, CardInfoDialog)
        shown.append(dialog.facts.text())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, facts)
    press(qtbot, *INFO)
    back_to(qtbot, window)
    assert shown and shown[0].startswith("Alpha is linked to factor A.")
    press(qtbot, Qt.Key.Key_3)  # Good: the session goes on
    assert session.answered == 1


def test_card_info_on_a_card_deleted_meanwhile_says_so(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    session = window.study.session
    assert session is not None and session.card is not None
    services.notes.delete([session.card.card_id])
    told: list[str] = []

    def read(box: QWidget) -> None:
        told.append(box.text())  # type: ignore[attr-defined]
        press_in(qtbot, box, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, read)
    press(qtbot, *INFO)
    back_to(qtbot, window)
    assert told == ["That card was deleted meanwhile."]


def test_a_deck_name_without_spaces_wraps_in_card_info_and_copies_whole(
    qtbot, services: Services, screenshot
) -> None:
    name = "Fibromyalgia" * 8  # 96 letters, no space: wider than the dialog
    info = replace(services.card_info.card_info(studied(services, 1)), deck_name=name)
    dialog = CardInfoDialog(info, None, answer_shown=True)
    qtbot.addWidget(dialog)
    dialog.resize(600, 500)
    dialog.show()
    settled(dialog)
    screenshot(dialog, "card-info-long-deck")
    # The details no wider than the part of them in sight, which never scrolls sideways.
    about = dialog.details.parentWidget()
    assert about.width() <= about.parentWidget().width()
    dialog.details.setFocus()
    press_in(qtbot, dialog.details, Qt.Key.Key_A, CTRL)
    press_in(qtbot, dialog.details, Qt.Key.Key_C, CTRL)
    assert f"Deck: {name}" in QGuiApplication.clipboard().text().splitlines()


def test_the_history_gets_more_room_from_the_keyboard_at_large_text(
    qtbot, make_window, services: Services, screenshot
) -> None:
    info = services.card_info.card_info(studied(services, 12))
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    try:
        dialog = CardInfoDialog(info, window, answer_shown=True)
        dialog.resize(800, 450)  # three quarters of a 600-pixel-high screen
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        rows_before = dialog.table.rowAt(dialog.table.viewport().height() - 1)
        while not dialog.divider.handle(1).hasFocus():  # after the details, before the table
            assert not dialog.table.hasFocus(), "Tab never reached the divider"
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        handle = dialog.divider.handle(1)
        assert handle.accessibleName() == "Divider above the review history"
        screenshot(settled(dialog), "card-info-divider-focused-200")
        press_in(qtbot, handle, Qt.Key.Key_PageUp)
        press_in(qtbot, handle, Qt.Key.Key_PageUp)
        settled(dialog)
        rows_after = dialog.table.rowAt(dialog.table.viewport().height() - 1)
        screenshot(dialog, "card-info-divider-moved-200")
        assert rows_after > rows_before >= 0  # more rows of the history in sight
        press_in(qtbot, handle, Qt.Key.Key_Tab)
        assert dialog.table.hasFocus()
        dialog.close()
    finally:
        window.apply_preferences(AppPreferences())


def test_ctrl_shift_i_in_study_opens_card_info_in_the_app_with_its_import_command(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> None:
    """Found driving the real window: File ▸ Import… has Ctrl+Shift+I too, and Qt found the
    two ambiguous and ran neither, so Card info never opened from Study."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    press(qtbot, Qt.Key.Key_Return)  # study the deck
    assert window.current_place() == "study"
    seen: list[str] = []

    def look(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look)
    press(qtbot, *INFO)
    qtbot.waitUntil(lambda: bool(seen))
    back_to(qtbot, window)
    tasks.wait()
    assert seen == ["Card info"]
