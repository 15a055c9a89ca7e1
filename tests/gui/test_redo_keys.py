"""Edit ▸ Redo (Ctrl+Shift+Z, Ctrl+Y) in the real window: in Study, in Browse's table, and never
instead of a text box's own redo of typing."""

from __future__ import annotations

from collection_driving import full_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu
from ui_driving import CTRL, press

from fibrolearn.domain.enums import Rating
from fibrolearn.services.card_resets import ForgetChoices
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow
from stored_rows import state

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def edit_items_as_opened(qtbot, window: MainWindow) -> dict[str, tuple[str, bool]]:
    """Edit ▸ Undo's and Redo's text and whether each can be chosen, as the open menu shows.

    The window is active again afterwards, as after Esc on the menu.
    """
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Edit"]
    assert isinstance(menu, QMenu)
    menu.popup(QPoint(0, 0))
    try:
        first, second = menu.actions()[:2]
        return {
            "undo": (first.text(), first.isEnabled()),
            "redo": (second.text(), second.isEnabled()),
        }
    finally:
        menu.close()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_study_redoes_an_answer_by_ctrl_shift_z_and_a_new_answer_clears_it(
    qtbot, paths, clock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    press(qtbot, Qt.Key.Key_Return)  # study the first deck
    assert window.current_place() == "study"
    assert edit_items_as_opened(qtbot, window)["redo"] == ("&Redo", False)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    answered = state(paths.collection)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert edit_items_as_opened(qtbot, window)["redo"] == ("&Redo answer", True)

    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)

    assert state(paths.collection) == answered
    said = window.statusBar().currentMessage()
    assert said.startswith("Redid: Answer.")
    assert window.study.announcer.last.startswith("Redid: Answer.")  # then the next card
    assert edit_items_as_opened(qtbot, window) == {
        "undo": ("&Undo answer", True),
        "redo": ("&Redo", False),
    }
    press(qtbot, Qt.Key.Key_Z, CTRL)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_1)  # a new answer: nothing left to redo
    assert edit_items_as_opened(qtbot, window)["redo"] == ("&Redo", False)
    press(qtbot, Qt.Key.Key_Y, CTRL)  # Ctrl+Y, as on Windows
    assert window.statusBar().currentMessage() == "Nothing to redo."
    tasks.wait()


def test_redo_from_the_deck_list_goes_back_to_the_deck_s_study(
    qtbot, paths, clock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    deck = services.decks.list_decks()[0]
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_S)  # suspend the card on screen
    press(qtbot, Qt.Key.Key_Z, CTRL)
    suspended = window.study.session.card.card_id
    press(qtbot, Qt.Key.Key_Escape)
    assert window.current_place() == "decks"
    assert edit_items_as_opened(qtbot, window)["redo"] == (
        f"&Redo suspend card in {deck.name}",
        True,
    )

    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)

    assert window.current_place() == "study"
    assert not services.study.in_study(suspended)
    assert window.statusBar().currentMessage().startswith("Redid: Suspend card.")
    tasks.wait()


def browse(qtbot, window: MainWindow):
    press(qtbot, Qt.Key.Key_3, CTRL)
    page = window.places["browse"].widget
    qtbot.waitUntil(lambda: page.job is None and page.model.rowCount() > 0)
    page.table.setFocus()
    page.table.selectRow(0)
    return page


def test_browse_redoes_its_change_from_the_table_saying_what_it_did(
    qtbot, paths, clock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    page = browse(qtbot, window)
    press(qtbot, Qt.Key.Key_J, CTRL)  # suspend the selected card
    qtbot.waitUntil(lambda: page.job is None)
    suspended = state(paths.collection)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: page.job is None)
    assert edit_items_as_opened(qtbot, window)["redo"] == ("&Redo suspend 1 card", True)
    assert page.redo_action.text() == "Red&o suspend 1 card"  # the Redo button hears it

    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)
    qtbot.waitUntil(lambda: page.job is None)

    assert state(paths.collection) == suspended
    assert page.status.text() == "Redid: Suspend 1 card."
    assert page._announcer.last == "Redid: Suspend 1 card."  # heard, not only shown
    assert page.redo_action.text() == "Red&o"
    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)
    assert page.status.text() == "Nothing to redo in Browse."
    assert page.table.hasFocus()
    tasks.wait()


def test_the_search_box_keeps_its_own_redo_of_typing(
    qtbot, paths, clock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    page = browse(qtbot, window)
    press(qtbot, Qt.Key.Key_J, CTRL)
    qtbot.waitUntil(lambda: page.job is None)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: page.job is None)
    before = state(paths.collection)
    page.search.setFocus()
    page.search.clear()
    qtbot.keyClicks(page.search, "fog")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert page.search.text() == ""

    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)

    assert page.search.text() == "fog"  # the typing came back, not the suspend
    assert page.job is None
    assert state(paths.collection) == before
    assert services.notes.redo_label == ("suspend 1 card", True)
    tasks.wait()


def test_a_change_that_cannot_be_redone_says_so_greyed(
    qtbot, paths, clock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    page = browse(qtbot, window)
    [card] = page.selected_card_ids()
    shown = services.study.card(card)
    services.study.answer(card, Rating.GOOD, 900, shown_state=shown.state)
    services.notes.forget([card], ForgetChoices())
    again = services.study.card(card)
    services.study.answer(card, Rating.GOOD, 900, shown_state=again.state)  # studied since
    press(qtbot, Qt.Key.Key_Z, CTRL)  # nothing is put back: the answer stays
    qtbot.waitUntil(lambda: page.job is None)

    assert edit_items_as_opened(qtbot, window)["redo"] == ("Can't redo forget 1 card", False)
    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)
    qtbot.waitUntil(lambda: page.job is None)
    assert page.status.text() == "Could not redo: Forget 1 card cannot be done again."
    tasks.wait()


def test_ctrl_shift_z_elsewhere_with_only_a_browse_redo_says_browse_redoes_it(
    qtbot, paths, clock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    services.notes.toggle_suspended([card.card_id])  # as Browse does
    services.notes.undo()
    assert window.current_place() == "decks"
    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)
    said = "Nothing to redo here. Browse's last change undone (suspend 1 card) is redone in Browse."
    assert window.statusBar().currentMessage() == said
    assert window._announcer.last == said
    tasks.wait()


def ctrl_j_in_browse(qtbot, window: MainWindow, card: int) -> None:
    """Go to Browse (Ctrl+3), select the card's row, (un)suspend it (Ctrl+J); back to Study."""
    page = browse(qtbot, window)
    page.table.selectRow(page.model.rows_of_cards([card])[card])
    press(qtbot, Qt.Key.Key_J, CTRL)
    qtbot.waitUntil(lambda: page.job is None)
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_place() == "study"


def suspended_in_study(qtbot, paths, clock, services: Services):
    """The window studying the first deck, its first card suspended by S; and that card."""
    window, tasks, keeper = full_window(qtbot, paths, clock, services)
    press(qtbot, Qt.Key.Key_Return)
    card = window.study.session.card.card_id
    press(qtbot, Qt.Key.Key_S)
    return window, tasks, keeper, card


def refused(qtbot, window: MainWindow, paths, modifier: Qt.KeyboardModifier) -> str:
    """Press Ctrl+Z (or Ctrl+Shift+Z): nothing may be written; what the status line says."""
    before = state(paths.collection)
    press(qtbot, Qt.Key.Key_Z, modifier)
    assert state(paths.collection) == before
    return window.statusBar().currentMessage()


def test_study_s_redo_of_a_suspend_refuses_over_browse_s_suspend_since_and_keeps_it(
    qtbot, paths, clock, services: Services
) -> None:
    """Found in review: Study's redo suspended the card over Browse's suspend, so Browse's
    Ctrl+Z then put it back into study, against the redo."""
    window, tasks, _keeper, card = suspended_in_study(qtbot, paths, clock, services)
    suspended_here = state(paths.collection)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the card is back on screen
    ctrl_j_in_browse(qtbot, window, card)

    said = refused(qtbot, window, paths, SHIFT_CTRL)

    assert said == (
        "Could not redo: The card was suspended since that suspend was taken back (in Browse "
        "or by an import). If in Browse, undo that change there first; then Ctrl+Shift+Z here "
        "suspends it again."
    )
    assert edit_items_as_opened(qtbot, window)["redo"] == ("&Redo suspend card", True)  # kept
    page = browse(qtbot, window)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # Browse's suspend undone
    qtbot.waitUntil(lambda: page.job is None)
    press(qtbot, Qt.Key.Key_2, CTRL)
    press(qtbot, Qt.Key.Key_Z, SHIFT_CTRL)
    assert state(paths.collection) == suspended_here
    assert window.statusBar().currentMessage().startswith("Redid: Suspend card.")
    tasks.wait()


def test_study_s_undo_of_a_suspend_once_browse_put_the_card_back_into_study_is_dropped(
    qtbot, paths, clock, services: Services
) -> None:
    """Nothing to take back: said, nothing written, and the step goes (kept, it stopped every
    older step being undone)."""
    window, tasks, _keeper, card = suspended_in_study(qtbot, paths, clock, services)
    ctrl_j_in_browse(qtbot, window, card)  # all selected suspended: Ctrl+J unsuspends

    said = refused(qtbot, window, paths, CTRL)

    assert said == (
        "Could not undo: The card was already back in study (put back in Browse or by an "
        "import) when that suspend was to be taken back, so there was nothing to take back."
    )
    assert edit_items_as_opened(qtbot, window)["undo"] == ("&Undo", False)  # dropped
    tasks.wait()
