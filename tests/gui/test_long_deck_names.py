"""A deck name of 120 letters without a space, at 200 % text in a window 800 pixels wide.

Found in review: Qt never breaks a word, so such a name made Export over 2,000 pixels wide
(its list of decks sized to the name), and the delete question as wide as the name, cut off
at the screen's edge; the deck list and Browse cut it with "…" and no way to read it whole.
Where a name is cut, its tooltip holds it whole; everywhere else it wraps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget
from test_long_names_wrap import NAME, named_long
from ui_driving import press_in, when_dialog_opens

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.browse_bulk import DeckDialog
from fibrolearn.ui.browse_editor import NoteEditorDialog, note_editor_of_card
from fibrolearn.ui.browse_jobs import ChangeJob
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.export_dialog import ExportDialog
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.text_fit import screen_room

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
SOFT_HYPHEN = "\u00ad"


@pytest.fixture
def window(make_window, services: Services) -> MainWindow:
    """The main window, 800 pixels wide at 200 % text, on a deck named :data:`NAME`."""
    named_long(services)
    made = make_window(services)
    made.apply_preferences(AppPreferences(text_scale=200))
    made.resize(800, 720)
    return made


def fits_the_screen(widget: QWidget) -> bool:
    """Whether ``widget``'s window is, and may be made, no wider than the screen."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    room = screen_room(widget).width()
    top = widget.window()
    return top.width() <= room and top.minimumSizeHint().width() <= room


def whole(tip: str) -> bool:
    return NAME in tip.replace(SOFT_HYPHEN, "")


def test_the_deck_list_and_browse_cut_a_long_name_and_tip_it_whole(
    window: MainWindow, services: Services, tasks: TaskRunner, screenshot
) -> None:
    window.show_place("decks")
    assert fits_the_screen(window) and window.width() == 800
    cell = window.deck_list.table.item(0, 0)
    assert whole(cell.toolTip())
    screenshot(window, "long-name-deck-list-200")

    page = add_browse_place(window, services, tasks)
    window.show_place("browse")
    assert fits_the_screen(window) and window.width() == 800
    deck_column = next(
        column
        for column in range(page.model.columnCount())
        if page.model.headerData(column, Qt.Orientation.Horizontal) == "Deck"
    )
    tip = page.model.index(0, deck_column).data(Qt.ItemDataRole.ToolTipRole)
    assert whole(tip)
    screenshot(window, "long-name-browse-200")


def test_quiz_cuts_a_long_name_and_tips_it_whole(
    window: MainWindow, services: Services, tasks: TaskRunner, screenshot
) -> None:
    add_places(window, services, tasks)
    window.show_place("quiz")
    page = window.places["quiz"].widget
    assert fits_the_screen(window) and window.width() == 800
    _deck_box_cut_and_tipped(page.setup_view.deck)
    screenshot(window, "long-name-quiz-200")


def _deck_box_cut_and_tipped(box: QComboBox) -> None:
    assert NAME in box.currentText()  # as a screen reader reads the choice
    under = box.rect().center()
    QApplication.sendEvent(box, QHelpEvent(QEvent.Type.ToolTip, under, box.mapToGlobal(under)))
    assert whole(box.toolTip())  # shown on hovering
    assert whole(box.itemData(box.currentIndex(), Qt.ItemDataRole.ToolTipRole))


def _change_deck(window: MainWindow, services: Services, _tasks: TaskRunner) -> QWidget:
    decks = services.notes.decks()
    return DeckDialog(window, "Move the cards to:", decks, decks[0].deck_id)


def _add_note(window: MainWindow, services: Services, _tasks: TaskRunner) -> QWidget:
    return NoteEditorDialog(lambda *_: None, decks=services.notes.decks(), parent=window)


def _export(window: MainWindow, services: Services, tasks: TaskRunner) -> QWidget:
    dialog = ExportDialog(window, services, tasks)
    dialog.deck_box.setCurrentIndex(1)  # the deck, after All decks
    return dialog


def test_browse_s_note_editor_wraps_the_deck_name(
    qtbot, window: MainWindow, services: Services, screenshot
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    card = services.study.next_card(deck)
    assert card is not None
    dialog = note_editor_of_card(services.notes, card.card_id, [], lambda _error: None, window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert fits_the_screen(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert NAME in texts.replace(SOFT_HYPHEN, "")
    screenshot(dialog, "long-name-edit-note-200")


@pytest.mark.parametrize(
    ("make", "box_of"),
    [
        (_change_deck, lambda dialog: dialog.deck),
        (_add_note, lambda dialog: dialog.deck),
        (_export, lambda dialog: dialog.deck_box),
    ],
    ids=["change-deck", "add-note", "export"],
)
def test_a_list_of_decks_cuts_a_long_name_and_tips_it_whole(
    qtbot,
    window: MainWindow,
    services: Services,
    tasks: TaskRunner,
    screenshot,
    make: Callable[[MainWindow, Services, TaskRunner], QWidget],
    box_of: Callable[[QWidget], QComboBox],
    request: pytest.FixtureRequest,
) -> None:
    dialog = make(window, services, tasks)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert fits_the_screen(dialog)
    _deck_box_cut_and_tipped(box_of(dialog))
    screenshot(dialog, f"long-name-{request.node.callspec.id}-200")


@pytest.mark.parametrize(
    ("act", "title"),
    [
        (lambda window, deck: window.deck_actions.edit_deck_options(deck), f"Options: {NAME}"),
        (lambda window, deck: window.deck_actions.rename_deck(deck), "Rename deck"),
        (lambda window, deck: window.deck_actions.delete_deck(deck), "Delete deck"),
    ],
    ids=["options", "rename", "delete"],
)
def test_a_deck_s_dialogs_fit_the_screen_with_a_long_name(
    qtbot, window: MainWindow, services: Services, screenshot, act, title: str, request
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    window.show_place("decks")
    seen: list[bool] = []

    def look(dialog: QWidget) -> None:
        seen.append(fits_the_screen(dialog))
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        shown = " ".join(texts).replace(SOFT_HYPHEN, "")
        if title == "Delete deck":
            assert NAME in shown, "the question names the deck"
        screenshot(dialog, f"long-name-{request.node.callspec.id}-200")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    opened = when_dialog_opens(qtbot, look, title=title)
    act(window, deck)
    qtbot.waitUntil(lambda: bool(seen))
    assert opened and seen == [True]


def test_import_wraps_a_long_deck_name_and_tips_the_cut_cells(
    qtbot, window: MainWindow, services: Services, tasks: TaskRunner, screenshot
) -> None:
    dialog = ImportDialog(window, services, tasks, DATA / "small-latest.apkg")
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(dialog.import_button.isEnabled)
    dialog.deck_edit.setFocus()
    qtbot.keyClicks(dialog.deck_edit, NAME)
    qtbot.waitUntil(lambda: whole(dialog.summary.text()))
    assert fits_the_screen(dialog)
    assert dialog.summary.minimumSizeHint().width() <= dialog.width()  # wraps, not cut
    assert whole(dialog.cards_table.item(0, 0).toolTip())
    screenshot(dialog, "long-name-import-preview-200")
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.start_import()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2)
    assert fits_the_screen(dialog)
    screenshot(dialog, "long-name-import-report-200")


def test_a_rename_s_outcome_wraps_in_the_status_bar(
    qtbot, window: MainWindow, services: Services, screenshot
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    window.show_place("decks")
    new = f"B{NAME}"

    def type_new(dialog: QWidget) -> None:
        dialog.editor.setText(new)  # over the old name, selected
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, type_new, title="Rename deck")
    window.deck_actions.rename_deck(deck)
    qtbot.waitUntil(lambda: services.decks.name(deck) == new)

    assert window.statusBar().currentMessage() == f"Renamed “{NAME}” to “{new}”."
    label = window.statusBar().message
    assert label.minimumSizeHint().width() <= label.width(), "the message is cut off"
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert fits_the_screen(window)
    screenshot(window, "long-name-renamed-200")


def test_the_delete_s_progress_wraps_a_long_name(
    qtbot, window: MainWindow, tasks: TaskRunner, screenshot
) -> None:
    """Shown while a long delete runs: "Deleting “…”…" was one line as wide as the name."""
    go_on = threading.Event()
    job = ChangeJob(tasks, window, f"Deleting “{NAME}”…", lambda _progress: go_on.wait(10), print)
    try:
        job.dialog.show()  # as after half a second of work
        qtbot.waitExposed(job.dialog)
        assert fits_the_screen(job.dialog)
        screenshot(job.dialog, "long-name-deleting-200")
    finally:
        go_on.set()
        tasks.wait()
