"""A deck name of 120 letters without a space wraps in Custom study and Card info.

Found at 200 % text: Qt never breaks a word, so the name made its label as wide as the whole
name, and both dialogs were cut off at both sides, every line with them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from test_custom_study_keys import open_custom_study
from ui_driving import press_in, settled

from fibrolearn.domain.custom_study import CustomChoice
from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.card_info_dialog import CardInfoDialog
from fibrolearn.ui.custom_study_dialog import CustomStudyDialog
from fibrolearn.ui.theme import Theme

NAME = "A" * 120


def named_long(services: Services) -> int:
    """The small deck, renamed to :data:`NAME`; its id."""
    deck = services.decks.list_decks()[0].deck_id
    services.deck_manage.rename(deck, NAME)
    return deck


def within(widget: QWidget, room: QWidget) -> bool:
    return settled(widget).width() <= room.width()


def test_custom_study_wraps_a_long_deck_name(
    qtbot, make_window, services: Services, screenshot
) -> None:
    named_long(services)
    window = make_window(services)
    window.apply_preferences(AppPreferences(theme=Theme.DARK, text_scale=200))
    window.show_place("decks")
    window.deck_list.focus_table()
    seen: list[bool] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, CustomStudyDialog)
        scroller = dialog.scroller
        assert scroller is not None
        seen.append(within(scroller.widget(), scroller.viewport()))
        dialog.choose(CustomChoice.MORE_NEW, 5)
        press_in(qtbot, dialog, Qt.Key.Key_Return)  # nothing waits: said with the name
        qtbot.waitUntil(dialog.problem.isVisible)
        assert dialog.problem.text().replace("\u00ad", "").count(NAME) == 1  # soft hyphens out
        seen.append(within(scroller.widget(), scroller.viewport()))
        screenshot(dialog, "custom-study-long-name")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    open_custom_study(qtbot, window, look)
    assert seen == [True, True]


def test_card_info_copies_a_long_deck_name_with_its_own_soft_hyphen(
    qtbot, make_window, services: Services
) -> None:
    """Found in review: the copy lost every soft hyphen, the name's own one too."""
    name = f"{NAME}\u00ad{NAME}"  # where the learner wants the name to break
    deck = services.decks.list_decks()[0].deck_id
    services.deck_manage.rename(deck, name)
    card = services.study.next_card(deck)
    assert card is not None
    dialog = CardInfoDialog(
        services.card_info.card_info(card.card_id), make_window(services), answer_shown=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.details.setFocus()
    press_in(qtbot, dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press_in(qtbot, dialog, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert f"Deck: {name}\n" in QApplication.clipboard().text()


def test_card_info_wraps_a_long_deck_name_and_copies_it_whole(
    qtbot, make_window, services: Services, screenshot
) -> None:
    deck = named_long(services)
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    card = services.study.next_card(deck)
    assert card is not None
    dialog = CardInfoDialog(services.card_info.card_info(card.card_id), window, answer_shown=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert within(dialog.details, dialog) and within(dialog.facts, dialog)
    screenshot(dialog, "card-info-long-name")
    dialog.details.setFocus()
    press_in(qtbot, dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press_in(qtbot, dialog, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert f"Deck: {NAME}\n" in QApplication.clipboard().text()
