"""Custom study by keyboard: Ctrl+Shift+S on the deck list, a choice, Enter; Browse's Study
selected cards; what a choice that finds nothing, a bad search and a read-only collection say."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collection_driving import full_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QSpinBox
from ui_driving import CTRL, back_to, press, press_in, settled, when_dialog_opens

from fibrolearn import cli
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.custom_study import CustomChoice
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.custom_study_dialog import CustomStudyDialog
from fibrolearn.ui.main_window import MainWindow

SHIFT_CTRL = Qt.KeyboardModifier.ShiftModifier | CTRL


def forget_one(services: Services, clock: FixedClock) -> int:
    """Learn the small deck's first card, then forget it today; its id."""
    deck = services.decks.list_decks()[0].deck_id
    card = services.study.next_card(deck)
    assert card is not None
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    clock.advance(timedelta(days=10))
    again = next(c for c in iter(lambda: services.study.next_card(deck), None))
    assert again.card_id == card.card_id
    services.study.answer(card.card_id, Rating.AGAIN, 1000, shown_state=again.state)
    return card.card_id


def open_custom_study(qtbot, window: MainWindow, keys) -> list:
    """Ctrl+Shift+S with the deck list in focus; ``keys`` act in the dialog once it is up."""
    opened = when_dialog_opens(qtbot, keys)
    press(qtbot, Qt.Key.Key_S, SHIFT_CTRL)
    qtbot.waitUntil(lambda: bool(opened))
    return opened


def test_by_keyboard_forgotten_cards_are_studied_and_esc_goes_back(
    qtbot, make_window, services: Services, clock: FixedClock, screenshot
) -> None:
    forgotten = forget_one(services, clock)
    window = make_window(services)
    window.show_place("decks")
    window.deck_list.focus_table()
    said: list[str] = []

    def choose_forgotten(dialog) -> None:
        assert isinstance(dialog, CustomStudyDialog)
        assert QApplication.focusWidget() is dialog._radio(CustomChoice.MORE_NEW)
        press_in(qtbot, dialog, Qt.Key.Key_Down)  # Review more today
        press_in(qtbot, dialog, Qt.Key.Key_Down)  # Review cards forgotten
        assert dialog.choice() is CustomChoice.FORGOTTEN
        press_in(qtbot, dialog, Qt.Key.Key_Tab)  # its number of days, the only box on
        assert QApplication.focusWidget() is dialog.box(CustomChoice.FORGOTTEN)
        said.append(dialog.box(CustomChoice.FORGOTTEN).accessibleName())
        screenshot(settled(dialog), "custom-study-dialog")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    open_custom_study(qtbot, window, choose_forgotten)
    back_to(qtbot, window)
    assert said == ["Days to look back"]
    study = window.study
    assert window.current_place() == "study"
    session = study.session
    assert session is not None and session.focus is not None
    assert session.focus.card_ids == (forgotten,)
    assert session.focus.label == "Forgotten today"
    assert session.card is not None and session.card.card_id == forgotten
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    assert study.session is not None and study.session.card is None  # the set is done
    # Not "All done for today": the deck's usual session may still be waiting.
    assert study.summary_label.text().startswith("<h2>That set is done</h2>")
    press(qtbot, Qt.Key.Key_Z, CTRL)  # undo, as in any session: the card and its set are back
    session = study.session
    assert session is not None and session.card is not None
    assert session.card.card_id == forgotten and session.focus is not None
    assert "Forgotten today" in window.study.title.text()
    screenshot(settled(window), "custom-study-undone")
    press(qtbot, Qt.Key.Key_Escape)
    assert window.current_place() == "decks"


def test_more_new_cards_today_shows_in_the_deck_list_at_once(
    qtbot, make_window, services: Services
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    services.decks.set_options(deck, services.decks.options(deck)._replace(new_per_day=1))
    window = make_window(services)
    window.show_place("decks")
    window.deck_list.focus_table()
    assert services.decks.list_decks()[0].new == 1

    def two_more(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        box = dialog.box(CustomChoice.MORE_NEW)
        assert QApplication.focusWidget() is box and isinstance(box, QSpinBox)
        box.selectAll()
        press_in(qtbot, dialog, Qt.Key.Key_2, text="2")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    open_custom_study(qtbot, window, two_more)
    back_to(qtbot, window)
    shown = window.deck_list.table.item(0, 1).text()
    assert shown == "3"
    assert "2 more new cards today" in window.statusBar().currentMessage()
    assert window.current_place() == "decks"


def test_a_choice_finding_nothing_and_a_bad_search_are_said_in_the_dialog(
    qtbot, services: Services
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    dialog = CustomStudyDialog(services.custom_study, deck, "Small deck")
    qtbot.addWidget(dialog)
    dialog.choose(CustomChoice.MORE_REVIEWS, 5)  # no review is due at all
    dialog.accept()
    assert dialog.problem.text().startswith("Nothing to add: every review of “Small deck”")
    assert services.decks.list_decks()[0].due == 0
    dialog.choose(CustomChoice.AHEAD, 30)
    dialog.accept()
    assert dialog.isVisible() is False or dialog.result() == 0
    assert dialog.found is None
    assert "No review of this deck falls due" in dialog.problem.text()
    dialog.choose(CustomChoice.SEARCH, "dek:small")
    dialog.accept()
    assert dialog.problem.text().startswith("Cannot search: unknown search field")
    dialog.choose(CustomChoice.SEARCH, "alpha")
    dialog.accept()
    assert dialog.found is not None and dialog.found.to_study >= 1


def test_a_read_only_collection_offers_the_sets_but_not_the_raises(
    qtbot, services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)
    read_only = cli.open_services(paths)
    deck = read_only.decks.list_decks()[0].deck_id
    dialog = CustomStudyDialog(read_only.custom_study, deck, "Small deck", read_only=True)
    qtbot.addWidget(dialog)
    radios = {button.accessibleName(): button for button in dialog.findChildren(QRadioButton)}
    assert not radios["Study more new cards today"].isEnabled()
    assert not radios["Review more today"].isEnabled()
    assert "read-only" in radios["Review more today"].accessibleDescription()
    assert dialog.choice() is CustomChoice.FORGOTTEN
    assert any("cannot be raised" in label.text() for label in dialog.findChildren(QLabel))
    read_only.close()


def test_browse_studies_the_selected_cards(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    press(qtbot, Qt.Key.Key_3, CTRL)  # Browse
    browse = window.places["browse"].widget
    browse.table.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    chosen = browse.selected_card_ids()
    press(qtbot, Qt.Key.Key_S, SHIFT_CTRL)
    assert window.current_place() == "study"
    session = window.study.session
    assert session is not None and session.focus is not None
    assert sorted(session.focus.card_ids) == sorted(chosen)
    assert session.focus.label == "Chosen in Browse"
    assert session.card is not None
    tasks.wait()
