"""Edit ▸ Undo names what Ctrl+Z would take back, wherever the learner is, and is greyed when
there is nothing; closed again, Ctrl+Z with nothing to undo still says so."""

from __future__ import annotations

from collection_driving import full_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from ui_driving import CTRL, press

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow


def edit_menu(window: MainWindow) -> QMenu:
    menus = [a.menu() for a in window.menuBar().actions() if a.text() == "&Edit"]
    assert len(menus) == 1
    return menus[0]


def undo_item_as_opened(window: MainWindow) -> tuple[str, bool]:
    """Edit ▸ Undo's text and whether it can be chosen, as the open menu shows it."""
    menu = edit_menu(window)
    menu.popup(QPoint(0, 0))
    try:
        undo = next(a for a in menu.actions() if a.text().startswith("&Undo"))
        return undo.text(), undo.isEnabled()
    finally:
        menu.close()


def undo_action(window: MainWindow) -> QAction:
    return next(a for a in edit_menu(window).actions() if a.text().startswith("&Undo"))


def test_edit_undo_names_the_step_and_is_greyed_with_nothing_to_undo(
    qtbot, paths, clock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    deck_id = services.decks.list_decks()[0].deck_id
    services.deck_manage.rename(deck_id, "Pain & sleep")
    window.refresh_decks_if_shown()
    assert undo_item_as_opened(window) == ("&Undo", False)
    # Closed, Ctrl+Z still answers: a screen reader hears there is nothing to take back.
    assert undo_action(window).isEnabled()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Nothing to undo."

    press(qtbot, Qt.Key.Key_Return)  # study the deck
    assert window.current_place() == "study"
    answered = window.study.session.card.card_id
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    assert undo_item_as_opened(window) == ("&Undo answer", True)
    press(qtbot, Qt.Key.Key_S)
    assert undo_item_as_opened(window) == ("&Undo suspend card", True)
    assert undo_action(window).text() == "&Undo"  # closed: as the shortcuts list shows it

    press(qtbot, Qt.Key.Key_Escape)  # to the decks: Ctrl+Z goes back to that deck's study
    assert window.current_place() == "decks"
    assert undo_item_as_opened(window) == ("&Undo suspend card in Pain && sleep", True)

    press(qtbot, Qt.Key.Key_3, CTRL)  # Browse undoes its own changes, not study's
    assert window.current_place() == "browse"
    assert undo_item_as_opened(window) == ("&Undo", False)
    services.notes.delete([answered])  # as Browse does
    assert undo_item_as_opened(window) == ("&Undo delete 1 note", True)

    window.collection_opened(services)  # as after a restart: nothing from before is undone
    assert undo_item_as_opened(window) == ("&Undo", False)
    tasks.wait()


def test_ctrl_z_elsewhere_with_only_a_browse_change_says_browse_takes_it_back(
    qtbot, paths, clock, services: Services
) -> None:
    """Found in an undo hunt: after deleting notes in Browse, Ctrl+Z on the deck list said
    only "Nothing to undo.", and the delete seemed final."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    card_id = services.study.next_card(services.decks.list_decks()[0].deck_id).card_id
    services.notes.delete([card_id])  # as Browse does
    assert window.current_place() == "decks"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    said = "Nothing to undo here. Browse's last change (delete 1 note) is undone in Browse."
    assert window.statusBar().currentMessage() == said
    assert window._announcer.last == said
    tasks.wait()


def card_ids(services: Services, search: str) -> list[int]:
    return services.browse.card_ids(CardQuery(services.browse.parse(search)), 0, 100)


def test_a_step_on_a_card_deleted_in_browse_never_acts_on_the_card_given_its_id(
    qtbot, paths, clock, services: Services
) -> None:
    """Found in an undo hunt: SQLite gives a new card the highest id freed. S on a card, its
    note deleted in Browse, a note added, then Ctrl+Z in Study unsuspended the new card."""
    deck_id = services.decks.list_decks()[0].deck_id
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Zebra?", "stripes"))
    zebra = max(card_ids(services, "zebra"))
    others = [card for card in card_ids(services, "") if card < zebra]
    services.notes.toggle_suspended(others)  # the zebra is the one card to study
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    press(qtbot, Qt.Key.Key_Return)  # study the deck
    assert window.study.session.card.card_id == zebra
    press(qtbot, Qt.Key.Key_S)  # suspended: a step Ctrl+Z would take back
    window.show_place("browse")
    browse = window.places["browse"].widget
    browse.search.setText("zebra")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: browse.model.rowCount() == 1)
    browse.table.setFocus()
    browse.table.selectRow(0)
    browse.delete_selected()
    qtbot.waitUntil(lambda: browse.job is None and browse.model.rowCount() == 0)
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Yak?", "hairy"))
    (yak,) = card_ids(services, "yak")
    assert yak == zebra  # the id given again
    services.notes.toggle_suspended([yak])  # suspended on purpose

    window.show_place("study")
    press(qtbot, Qt.Key.Key_Z, CTRL)

    assert not services.study.in_study(yak)  # still suspended
    tasks.wait()
