"""Browse's Change deck, Forget and Set due date, by keyboard: dialog, change, undo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from test_browse_page import Host, focus_table, on_dialog, search
from test_ui_accessibility import nameless
from ui_driving import CTRL, back_to, press, press_in

from driver_faults import disk_full, failing_writes, faulty_connections
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.services.container import Services
from fibrolearn.ui.browse_bulk import DueDialog, ForgetDialog
from own_cards import TAG, new_deck, own_cards
from studying import answer

SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def host(qtbot, services: Services) -> Iterator[Host]:
    made = Host(qtbot, services)
    yield made
    made.tasks.wait()


def test_ctrl_d_moves_the_selected_notes_to_a_subdeck_and_ctrl_z_moves_them_back(
    qtbot, services: Services, host: Host, screenshot
) -> None:
    home = new_deck(services, "Mine")
    new_deck(services, "Mine::Sleep")
    own_cards(services, home, 2)
    search(qtbot, host, f"tag:{TAG}")
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_Down, SHIFT)  # two cards
    seen: list[tuple[str, str, list[str]]] = []

    def choose(dialog: QWidget) -> None:
        box = dialog.findChild(QComboBox)
        assert box is not None and box.hasFocus()
        assert nameless(dialog) == []
        seen.append((box.accessibleName(), box.currentText(), box.accessibleDescription()))
        screenshot(dialog, "browse-change-deck")
        press_in(qtbot, box, Qt.Key.Key_Down)  # Mine → Mine::Sleep
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    on_dialog(qtbot, choose)
    press(qtbot, Qt.Key.Key_D, CTRL)
    back_to(qtbot, host.window)
    host.finish(qtbot)
    assert seen == [("Deck", "Mine", "Move the notes of 2 cards, with all their cards, to:")]
    assert host.page.status.text() == "Moved 1 note (2 cards) to Mine::Sleep."
    assert host.cells("Deck") == ["Mine::Sleep", "Mine::Sleep", "Mine", "Mine"]
    assert len(host.page.selected_card_ids()) == 2  # the selection kept
    assert host.page.table.hasFocus()
    screenshot(host.window, "browse-changed-deck")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.page.status.text() == "Moved 1 note (2 cards) back to their decks."
    assert host.cells("Deck") == ["Mine"] * 4


def test_ctrl_d_on_a_deck_file_s_cards_says_why_nothing_moved(
    qtbot, services: Services, host: Host
) -> None:
    new_deck(services, "Mine")
    search(qtbot, host, "")
    focus_table(qtbot, host)

    def choose(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Up)  # from the current card's Small deck to Mine
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    on_dialog(qtbot, choose)
    press(qtbot, Qt.Key.Key_D, CTRL)
    back_to(qtbot, host.window)
    host.finish(qtbot)
    assert host.page.status.text().startswith("Nothing was moved: some cards come from Small deck")
    assert services.notes.undo_label is None


def test_change_deck_is_in_the_browse_menu_with_ctrl_d(host: Host) -> None:
    assert host.page.bulk.change_deck_action in host.page.menu.actions()
    assert host.page.bulk.change_deck_action.shortcut().toString() == "Ctrl+D"


def test_ctrl_alt_n_forgets_the_studied_card_after_asking_and_ctrl_z_restores(
    qtbot, services: Services, host: Host, screenshot
) -> None:
    answer(services, 1)  # one studied card
    search(qtbot, host, "")
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)
    seen: list[tuple[bool, bool, str]] = []

    def confirm(dialog: QWidget) -> None:
        assert isinstance(dialog, ForgetDialog)
        assert nameless(dialog) == []
        seen.append(
            (
                dialog.keep_position.hasFocus(),
                dialog.reset_counts.isChecked(),
                dialog.accessibleDescription(),
            )
        )
        screenshot(dialog, "browse-forget")
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        press_in(qtbot, dialog, Qt.Key.Key_Space)  # reset the counts too
        assert dialog.reset_counts.isChecked()
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    on_dialog(qtbot, confirm)
    press(qtbot, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.AltModifier)
    back_to(qtbot, host.window)
    host.finish(qtbot)
    assert seen[0][:2] == (True, False)
    assert seen[0][2].startswith("Make 5 cards new again?")
    assert host.page.status.text() == "Forgot 1 card: new again, their review history kept."
    assert host.cells("Reviews") == ["0"] * 5
    assert len(host.page.selected_card_ids()) == 5
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.page.status.text() == "Undid Forget on 1 card: what they remembered is back."
    assert sorted(host.cells("Reviews")) == ["0", "0", "0", "0", "1"]
    qtbot.waitUntil(lambda: not host.window.findChildren(ForgetDialog))  # not kept, once read


def test_ctrl_shift_d_says_a_mistake_in_the_dialog_then_sets_the_due_date(
    qtbot, services: Services, host: Host, screenshot
) -> None:
    answer(services, 1)  # one studied card
    search(qtbot, host, "-is:new")
    focus_table(qtbot, host)
    seen: list[str] = []

    def type_days(dialog: QWidget) -> None:
        assert isinstance(dialog, DueDialog)
        assert nameless(dialog) == []
        assert dialog.text.hasFocus()
        qtbot.keyClicks(dialog.text, "7-1")
        press_in(qtbot, dialog.text, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.text.hasFocus()  # stays open, the text selected
        seen.append(dialog.problem.text())
        screenshot(dialog, "browse-set-due-mistake")
        qtbot.keyClicks(dialog.text, "3!")
        press_in(qtbot, dialog.text, Qt.Key.Key_Return)

    on_dialog(qtbot, type_days)
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    back_to(qtbot, host.window)
    host.finish(qtbot)
    assert seen == ["The range 7-1 ends before it starts: write 1-7."]
    assert host.page.status.text() == "Set the due date of 1 card."
    assert host.cells("Interval") == ["3d"]
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.page.status.text() == "Undid Set due date on 1 card: their due dates are back."


def test_a_full_disk_while_moving_leaves_every_note_and_card_where_it_was(
    qtbot, services: Services, host: Host
) -> None:
    """The notes are written first, then the cards: a refused card write must undo both."""
    home = new_deck(services, "Mine")
    new_deck(services, "Other")
    own_cards(services, home, 2)
    search(qtbot, host, f"tag:{TAG}")
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)

    def choose(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Down)  # Mine → Other
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    with faulty_connections(services.database.engine, failing_writes(("UPDATE CARDS",), disk_full)):
        on_dialog(qtbot, choose)
        press(qtbot, Qt.Key.Key_D, CTRL)
        back_to(qtbot, host.window)
        host.finish(qtbot)
    assert host.page.status.text() == StorageProblem(StorageProblemKind.DISK_FULL, "").message
    search(qtbot, host, f"tag:{TAG}")
    assert host.cells("Deck") == ["Mine"] * 4
    assert services.notes.undo_label == "add note"
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)
    on_dialog(qtbot, choose)
    press(qtbot, Qt.Key.Key_D, CTRL)  # with room again, it moves
    back_to(qtbot, host.window)
    host.finish(qtbot)
    assert host.cells("Deck") == ["Other"] * 4
