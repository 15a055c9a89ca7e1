"""Browse keeps the keyboard's place through a change, as a screen reader user needs it.

After a delete or an undo the cursor is on a card at once (Enter, Del and Ctrl+J act on it);
the focus never wanders off the control in use while a change runs; the progress bar, a new
sort and the note dialog at 200 % text all make sense without sight of the whole screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fitting import fits_screen
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetricsF, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid
from test_browse_page import Host, focus_table, in_next_menu, on_dialog, search
from ui_driving import CTRL, back_to, press, press_in

from fibrolearn.domain.browse import DeckChoice, NoteDraft
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.browse_editor import NoteEditorDialog
from fibrolearn.ui.browse_jobs import CANCELLING, ChangeJob
from fibrolearn.ui.browse_model import COLUMNS
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.tasks import TaskRunner

# The small deck's rows, in the table's order: card ids 1 to 5 of notes 1, 2, 2, 3, 3.


@pytest.fixture
def host(qtbot, services: Services) -> Iterator[Host]:
    made = Host(qtbot, services)
    yield made
    made.tasks.wait()


def cursor(host: Host) -> tuple[int, int | None, list[int]]:
    """The current row, its card, and the selected cards (none counted for the current row)."""
    table = host.page.table
    selected = host.page.selected_card_ids() if table.selectionModel().hasSelection() else []
    return table.current_row(), host.page.model.card_id(table.current_row()), selected


def on_row(qtbot, host: Host, row: int) -> None:
    """The cursor on ``row`` of every card, by keyboard, with the table focused."""
    search(qtbot, host, "")  # every card, the first one current
    focus_table(qtbot, host)
    for _ in range(row):
        press(qtbot, Qt.Key.Key_Down)


def change(qtbot, host: Host, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    press(qtbot, key, modifier)
    host.finish(qtbot)


def current_row_on_screen(host: Host) -> bool:
    table = host.page.table
    cell = table.visualRect(table.currentIndex())
    return cell.isValid() and table.viewport().rect().contains(cell.center())


# ------------------------------------------------------------ the cursor's place
def test_after_a_delete_the_cursor_is_on_the_card_that_took_the_row(qtbot, host: Host) -> None:
    on_row(qtbot, host, 0)

    change(qtbot, host, Qt.Key.Key_Delete)  # note 1, card 1

    assert host.page.status.text() == "Deleted 1 note (1 card)."
    assert cursor(host) == (0, 2, [2])
    assert current_row_on_screen(host)
    change(qtbot, host, Qt.Key.Key_J, CTRL)  # acts on that card at once, which stays current
    assert host.page.status.text() == "Suspended 1 card."
    assert cursor(host) == (0, 2, [2])
    edited: list[str] = []
    on_dialog(qtbot, lambda dialog: edited.append(dialog.windowTitle()))
    press(qtbot, Qt.Key.Key_Return)
    back_to(qtbot, host.window)
    assert edited == ["Edit note"]


def test_after_deleting_the_last_rows_the_cursor_is_on_the_new_last_row(qtbot, host: Host) -> None:
    on_row(qtbot, host, 4)

    change(qtbot, host, Qt.Key.Key_Delete)  # note 3: its cards in rows 3 and 4

    assert host.page.count.text() == "3 cards"
    assert cursor(host) == (2, 3, [3])
    assert current_row_on_screen(host)


def test_an_undo_puts_the_cursor_on_the_cards_it_brings_back(qtbot, host: Host) -> None:
    on_row(qtbot, host, 1)
    change(qtbot, host, Qt.Key.Key_Delete)  # note 2: cards 2 and 3
    assert cursor(host) == (1, 4, [4])
    press(qtbot, Qt.Key.Key_Down)

    change(qtbot, host, Qt.Key.Key_Z, CTRL)

    assert host.page.status.text() == "Brought back 1 note (2 cards)."
    assert cursor(host) == (1, 2, [2])  # the card deleted, not its note's other card
    change(qtbot, host, Qt.Key.Key_Delete)  # and Del deletes it again
    assert host.page.count.text() == "3 cards"


def test_undoing_the_older_of_two_deletes_finds_its_cards_too(qtbot, host: Host) -> None:
    on_row(qtbot, host, 0)
    change(qtbot, host, Qt.Key.Key_Delete)  # card 1
    change(qtbot, host, Qt.Key.Key_Delete)  # cards 2 and 3

    change(qtbot, host, Qt.Key.Key_Z, CTRL)
    assert cursor(host) == (0, 2, [2])
    change(qtbot, host, Qt.Key.Key_Z, CTRL)
    assert cursor(host) == (0, 1, [1])


def sorted_by(host: Host, title: str) -> None:
    """Sort as a click on the column's header does."""
    column = next(i for i, c in enumerate(COLUMNS) if c.title == title)
    host.page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)


def test_a_card_an_edit_moves_in_the_sort_keeps_the_cursor(qtbot, host: Host) -> None:
    """Found in a bug hunt: sorted by question, an edit that moved the card to another row
    left the cursor in the old row, on another card, which the next Del would delete."""
    sorted_by(host, "Question")
    on_row(qtbot, host, 4)
    assert cursor(host) == (4, 1, [1])  # "What is alpha linked to?", the last

    def edit(dialog: QWidget) -> None:
        dialog.focusWidget().selectAll()
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Aardvarks first")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    on_dialog(qtbot, edit)
    press(qtbot, Qt.Key.Key_Return)
    back_to(qtbot, host.window)

    assert host.page.status.text() == "Saved the note."
    assert host.cells("Question")[0] == "Aardvarks first"
    assert cursor(host) == (0, 1, [1])  # followed to its new row
    assert current_row_on_screen(host)


def test_cards_a_change_moves_in_the_sort_stay_selected(
    qtbot, host: Host, clock: FixedClock
) -> None:
    sorted_by(host, "Modified")
    on_row(qtbot, host, 0)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # rows 0 and 1
    _, card, chosen = cursor(host)
    assert (card, chosen) == (2, [1, 2])
    clock.advance(timedelta(minutes=1))  # the notes tagged are the last modified

    def tag(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="moved")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    on_dialog(qtbot, tag)
    change(qtbot, host, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    back_to(qtbot, host.window)

    assert cursor(host) == (3, 2, [1, 2])  # after card 1; note n2's other card is tagged too
    assert host.cells("Tags") == ["", "", "moved", "moved", "moved"]


def test_a_delete_of_rows_above_and_below_the_cursor_keeps_the_cursor_in_its_row(
    qtbot, host: Host
) -> None:
    """Rows selected below the cursor do not move it down (they counted as rows above)."""
    on_row(qtbot, host, 3)  # card 4 of note 3
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # and card 5
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Up, CTRL)  # the cursor alone, up to card 1
    press(qtbot, Qt.Key.Key_Space, CTRL)  # card 1 selected too
    assert host.page.selected_card_ids() == [1, 4, 5]

    change(qtbot, host, Qt.Key.Key_Delete)  # notes 1 and 3

    assert cursor(host) == (0, 2, [2])


def test_a_note_added_after_a_delete_is_not_taken_for_one_an_undo_brought_back(
    qtbot, host: Host, services: Services
) -> None:
    """SQLite gives a new card the id of the newest card deleted: it is no undone card."""
    on_row(qtbot, host, 3)
    change(qtbot, host, Qt.Key.Key_Delete)  # note 3: cards 4 and 5, the newest
    assert cursor(host) == (2, 3, [3])

    place = host.page.table.place()
    host.page._add(place, 1, NoteDraft(NoteKind.BASIC, front="New", back="card"))

    assert cursor(host) == (2, 3, [3])  # where the learner was, not on the new card 4


# ------------------------------------------------------------ focus and input
Moves = list[QWidget | None]


@pytest.fixture
def focus_moves() -> Iterator[Moves]:
    """Where the focus goes, once started (None: to no widget, as when a window closes)."""
    moves: Moves = []
    app = QApplication.instance()

    def moved(_old: QWidget | None, new: QWidget | None) -> None:
        moves.append(new)

    app.focusChanged.connect(moved)
    yield moves
    app.focusChanged.disconnect(moved)


def test_the_focus_stays_on_the_table_through_a_change_and_its_undo(
    qtbot, host: Host, focus_moves: Moves
) -> None:
    on_row(qtbot, host, 1)
    focus_moves.clear()

    change(qtbot, host, Qt.Key.Key_J, CTRL)
    change(qtbot, host, Qt.Key.Key_Z, CTRL)
    change(qtbot, host, Qt.Key.Key_Delete)

    assert focus_moves == []
    assert QApplication.focusWidget() is host.page.table


def test_the_focus_stays_on_the_button_that_made_a_change(
    qtbot, host: Host, focus_moves: Moves
) -> None:
    on_row(qtbot, host, 1)
    buttons = {b.accessibleName(): b for b in host.page.buttons.findChildren(QPushButton)}
    buttons["Suspend / unsuspend"].setFocus()
    focus_moves.clear()

    change(qtbot, host, Qt.Key.Key_Space)
    assert host.page.status.text() == "Suspended 1 card."
    change(qtbot, host, Qt.Key.Key_Space)  # again at once: the button is still there

    assert host.page.status.text() == "Unsuspended 1 card."
    assert focus_moves == []


HeldChange = Callable[[], None]


@pytest.fixture
def held_suspend(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldChange]:
    """Suspending waits until the returned function is called (or 30 s), like a long change."""
    go_on = threading.Event()
    suspend = services.notes.toggle_suspended

    def held(card_ids, progress=None):
        go_on.wait(30)
        return suspend(card_ids, progress)

    monkeypatch.setattr(services.notes, "toggle_suspended", held)
    yield go_on.set
    go_on.set()


def test_keys_pressed_while_a_change_runs_do_nothing(
    qtbot, host: Host, held_suspend: HeldChange
) -> None:
    on_row(qtbot, host, 1)
    press(qtbot, Qt.Key.Key_J, CTRL)
    assert host.page.job is not None

    for key, modifier in ((Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Z, CTRL)):
        press(qtbot, key, modifier)
    qtbot.mouseClick(host.page.search_button, Qt.MouseButton.LeftButton)
    held_suspend()
    host.finish(qtbot)

    assert host.window_undos == 0  # Ctrl+Z reached neither the window nor the page
    assert host.page.status.text() == "Suspended 1 card."
    assert cursor(host) == (1, 2, [2])
    assert QApplication.focusWidget() is host.page.table


def test_a_long_change_takes_the_focus_to_its_progress_window_and_back(
    qtbot, host: Host, held_suspend: HeldChange, focus_moves: Moves, screenshot
) -> None:
    on_row(qtbot, host, 1)
    focus_moves.clear()
    press(qtbot, Qt.Key.Key_J, CTRL)
    dialog = host.page.job.dialog
    qtbot.waitUntil(dialog.isVisible)
    cancel = dialog.findChild(QPushButton)
    qtbot.waitUntil(cancel.hasFocus)
    screenshot(dialog, "browse-focus-long-change")

    held_suspend()
    host.finish(qtbot)
    back_to(qtbot, host.window)  # as the window manager does when the dialog closes

    assert [widget for widget in focus_moves if widget is not None] == [cancel, host.page.table]


def test_cancelling_a_long_change_keeps_its_window_until_it_has_stopped_and_says_so(
    qtbot, host: Host, held_suspend: HeldChange
) -> None:
    """Found in a bug hunt: Qt's progress window hid itself at once on Cancel; the page took
    no keys, and nothing was said, until the rollback ended."""
    on_row(qtbot, host, 1)
    press(qtbot, Qt.Key.Key_J, CTRL)
    job = host.page.job
    assert job is not None
    qtbot.waitUntil(job.dialog.isVisible)
    cancel = job.dialog.findChild(QPushButton)
    qtbot.waitUntil(cancel.hasFocus)

    qtbot.keyClick(cancel, Qt.Key.Key_Space)

    assert job.dialog.isVisible() and job.dialog.labelText() == CANCELLING
    assert job._announcer.last == CANCELLING
    held_suspend()
    host.finish(qtbot)
    assert host.page.status.text() == "Cancelled. Nothing was changed."
    qtbot.waitUntil(lambda: not isValid(job.dialog))  # gone once the change has stopped


def test_a_changes_progress_bar_is_named_after_the_change(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    tasks = TaskRunner()
    go_on = threading.Event()
    title = "Deleting “Spare deck”…"  # as the deck list's Delete names it
    ended: list[object] = []
    job = ChangeJob(tasks, parent, title, lambda _p: go_on.wait(30), ended.append)

    name = job.dialog.findChild(QProgressBar).accessibleName()
    go_on.set()
    qtbot.waitUntil(lambda: ended != [])

    assert name == "Deleting “Spare deck”: progress"


# ------------------------------------------------------------ sort and the dialog
def test_a_sort_chosen_from_the_menu_is_announced(qtbot, host: Host) -> None:
    focus_table(qtbot, host)
    in_next_menu(qtbot, Qt.Key.Key_O, Qt.Key.Key_R)  # Sort by ▸ Reviews
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, host.window)
    assert host.page.table.announcer.last == "Sorted by Reviews, ascending."

    in_next_menu(qtbot, Qt.Key.Key_O, Qt.Key.Key_V)  # Sort by ▸ Reversed
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, host.window)
    assert host.page.table.announcer.last == "Sorted by Reviews, descending."


def drawn_width(caption: QLabel) -> float:
    """The caption's text as Qt draws it: the underlined letter apart from the rest."""
    shown = caption.text().replace("&", "", 1)
    at = caption.text().index("&")
    metrics = QFontMetricsF(caption.font())
    parts = (shown[:at], shown[at], shown[at + 1 :])
    return sum(metrics.horizontalAdvance(part) for part in parts)


@pytest.mark.parametrize(("purpose", "keys"), [("add", "Ctrl+N"), ("edit", "Return")])
def test_the_note_dialog_fits_the_screen_at_200_percent_text(
    qtbot, make_window, services: Services, screenshot, purpose: str, keys: str
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    page = add_browse_place(window, services, tasks)
    window.apply_preferences(AppPreferences(text_scale=200))
    press(qtbot, Qt.Key.Key_3, CTRL)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    seen: dict[str, object] = {}

    def look(dialog: QWidget) -> None:
        buttons = dialog.findChild(QDialogButtonBox).buttons()
        captions = [c for c in dialog.findChildren(QLabel) if c.buddy() and c.isVisible()]
        seen["fits"] = fits_screen(dialog)
        seen["buttons whole"] = all(
            dialog.rect().contains(QRect(b.mapTo(dialog, QPoint(0, 0)), b.size())) for b in buttons
        )
        seen["captions cut"] = [c.text() for c in captions if c.width() < drawn_width(c)]
        screenshot(dialog, f"browse-note-dialog-200-{purpose}")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, look)
    sequence = QKeySequence(keys)[0]
    press(qtbot, sequence.key(), sequence.keyboardModifiers())
    back_to(qtbot, window)
    window.apply_preferences(AppPreferences())  # the tests after this one get the usual size
    tasks.wait()

    assert seen == {"fits": True, "buttons whole": True, "captions cut": []}


def test_a_long_deck_name_does_not_widen_the_note_dialog_past_the_screen(qtbot) -> None:
    name = "Causes of fibromyalgia, " * 8 + "and what the studies say about them"
    dialog = NoteEditorDialog(lambda *_: None, decks=[DeckChoice(1, name)])
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()

    assert fits_screen(dialog)
    assert dialog.deck.width() >= dialog.deck.minimumSizeHint().width()  # not squeezed: shrunk
