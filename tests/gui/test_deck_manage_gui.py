"""Renaming and deleting a deck from the deck list, by keyboard, as a learner would."""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fitting import cut_off, fits_screen
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from shown_text import shown_as
from ui_driving import ALT, CTRL, back_to, laid_out, press, press_in, settled, when_dialog_opens

from driver_faults import disk_error
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import BackupService
from fibrolearn.services.container import Services
from fibrolearn.services.deck_manage import DeckDeletion, DeckManageService
from fibrolearn.services.interop import ColumnRole, CsvSettings, ImportOptions
from fibrolearn.storage.durable import UncertainCommitError
from fibrolearn.storage.migrate import open_collection
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.deck_name_dialog import DeckNameDialog
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner

OTHER_DECK = "#separator:tab\n#guid column:1\ng1\tOther front\tOther back\n"


@pytest.fixture
def two_decks(services: Services, tmp_path: Path) -> Services:
    """The small deck and an imported "Other" deck, listed before it."""
    other = tmp_path / "Other.txt"
    other.write_text(OTHER_DECK, encoding="utf-8")
    services.importer.run(other, ImportOptions())
    return services


@pytest.fixture
def window(make_window, two_decks: Services) -> Iterator[MainWindow]:
    shown = make_window(two_decks)
    yield shown
    shown.apply_preferences(AppPreferences())  # the tests after this one get the usual size


def listed(window: MainWindow) -> list[str]:
    table = window.deck_list.table
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def selected(window: MainWindow) -> str:
    table = window.deck_list.table
    return table.item(table.currentRow(), 0).text()


def select(qtbot, window: MainWindow, name: str) -> None:
    """Put the keyboard on the deck list, on deck ``name`` (with the arrow keys)."""
    window.show_place("decks")
    back_to(qtbot, window)
    window.deck_list.focus_table()
    press(qtbot, Qt.Key.Key_Home)
    while selected(window) != name:
        press(qtbot, Qt.Key.Key_Down)


def deck_id(services: Services, name: str) -> int:
    return next(deck.deck_id for deck in services.decks.list_decks() if deck.name == name)


def delete_by_keyboard(qtbot, window: MainWindow, name: str, seen: dict[str, object]) -> None:
    """Del on deck ``name``, read the question, then Alt+D to delete; waits for the delete."""

    def confirm(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.update(
            text=box.text(),
            details=box.informativeText(),
            default=box.defaultButton().text(),
        )
        press_in(qtbot, box, Qt.Key.Key_D, ALT)

    select(qtbot, window, name)
    opened = when_dialog_opens(qtbot, confirm, title="Delete deck")
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(opened))
    qtbot.waitUntil(lambda: window.deck_actions.job is None, timeout=10_000)
    back_to(qtbot, window)


# ------------------------------------------------------------------ renaming
def test_f2_renames_the_deck_and_a_taken_name_is_refused_inside_the_dialog(
    qtbot, window: MainWindow, two_decks: Services, screenshot
) -> None:
    select(qtbot, window, "Small deck")
    seen: dict[str, object] = {}

    def rename(dialog: QWidget) -> None:
        assert isinstance(dialog, DeckNameDialog)
        editor = dialog.editor
        seen.update(focus=QApplication.focusWidget() is editor, picked=editor.selectedText())
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text=" other ")  # Other's name
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        seen.update(still_open=dialog.isVisible(), refused=dialog.error.text())
        seen.update(shown=dialog.error.isVisible(), said=dialog._announcer.last)
        screenshot(settled(dialog), "deck-rename-refused")
        press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Causes of pain")
        seen.update(cleared=not dialog.error.isVisible())  # the refusal goes once it is right
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    opened = when_dialog_opens(qtbot, rename, title="Rename deck")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(opened))
    back_to(qtbot, window)

    refusal = "Another deck is already called “Other”: choose a name of its own."
    assert seen == {
        "focus": True,
        "picked": "Small deck",
        "still_open": True,
        "refused": refusal,
        "shown": True,
        "said": refusal,
        "cleared": True,
    }
    assert listed(window) == ["Causes of pain", "Other"]
    assert selected(window) == "Causes of pain"
    assert window.statusBar().currentMessage() == "Renamed “Small deck” to “Causes of pain”."
    assert QApplication.focusWidget() is window.deck_list.table
    screenshot(settled(window), "deck-renamed")


def test_a_rename_under_a_deck_not_there_says_it_made_that_deck(qtbot, window: MainWindow) -> None:
    """Found in a review: "Renamed “Small deck” to “Causes::Pain”." left the learner to find
    a deck "Causes" in the list that nothing had said was made; and "other::…" goes under
    "Other", spelled as it is."""
    select(qtbot, window, "Small deck")
    for new, said in (
        (
            "Causes::Pain",
            "Renamed “Small deck” to “Causes::Pain”, and made the deck “Causes” above it.",
        ),
        ("other::Pain", "Renamed “Causes::Pain” to “Other::Pain”."),
    ):

        def rename(dialog: QWidget, new: str = new) -> None:
            press_in(qtbot, dialog, Qt.Key.Key_unknown, text=new)
            press_in(qtbot, dialog, Qt.Key.Key_Return)

        opened = when_dialog_opens(qtbot, rename, title="Rename deck")
        press(qtbot, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda opened=opened: bool(opened))
        back_to(qtbot, window)
        assert window.statusBar().currentMessage() == said

    assert [label.strip() for label in listed(window)] == ["Causes", "▾ Other", "Pain"]


def test_a_rename_from_the_tools_menu_while_studying_shows_in_the_study_header(
    qtbot, window: MainWindow, two_decks: Services
) -> None:
    select(qtbot, window, "Small deck")
    press(qtbot, Qt.Key.Key_Return)  # study it
    assert window.current_place() == "study"

    def rename(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Pain")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    opened = when_dialog_opens(qtbot, rename, title="Rename deck")
    # Tools ▸ Rename deck… (the keys of an open menu reach the study page's shortcuts first
    # in a test, which a learner's do not: so the item is chosen, not typed)
    window.deck_list.rename_action.trigger()
    qtbot.waitUntil(lambda: bool(opened))
    back_to(qtbot, window)

    assert window.current_place() == "study" and window.study.session is not None
    assert window.study.title.text() == "<b>Pain</b>"


@pytest.mark.parametrize("scale", [100, 200])
def test_the_rename_dialog_shows_all_its_text_at_large_text(
    qtbot, window: MainWindow, scale: int, screenshot
) -> None:
    window.apply_preferences(AppPreferences(text_scale=scale))
    select(qtbot, window, "Small deck")
    seen: dict[str, object] = {}

    def look(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Backspace)  # an empty name: refused, said why
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        laid_out(qtbot)  # the dialog grows for the refusal over a few turns of the event loop
        seen.update(cut=cut_off(dialog), fits=fits_screen(dialog), error=dialog.error.isVisible())
        editor = dialog.editor  # not squeezed: its focus ring would cover the name
        seen.update(editor=editor.height() >= editor.sizeHint().height())
        screenshot(dialog, f"deck-rename-{scale}")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    opened = when_dialog_opens(qtbot, look, title="Rename deck")
    press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(opened))
    back_to(qtbot, window)
    assert seen == {"cut": [], "fits": True, "error": True, "editor": True}
    assert listed(window) == ["Other", "Small deck"]


# ------------------------------------------------------------------ deleting
def test_del_asks_first_with_cancel_the_default_then_deletes_and_selects_a_neighbour(
    qtbot, window: MainWindow, two_decks: Services, paths: AppPaths, screenshot
) -> None:
    select(qtbot, window, "Small deck")
    asked: dict[str, object] = {}

    def look_and_keep(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.update(text=box.text(), details=box.informativeText())
        asked.update(default=box.defaultButton().text(), cut=cut_off(settled(box)))
        screenshot(box, "deck-delete-question")
        press_in(qtbot, box, Qt.Key.Key_Return)  # Enter keeps the deck

    opened = when_dialog_opens(qtbot, look_and_keep, title="Delete deck")
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(opened))
    back_to(qtbot, window)
    assert asked == {
        "text": "Delete “Small deck”?",
        "details": "Its 5 cards will be removed; you have not studied them yet. Quiz results "
        "in this deck go with it. A backup is made first: restoring it from File ▸ Backups "
        "puts your whole collection back as it was just before. This deck came with "
        "FibroLearn: once deleted, it does not come back by itself, not even with a newer "
        "version of FibroLearn.",
        "default": "Cancel",
        "cut": [],
    }
    assert listed(window) == ["Other", "Small deck"]

    seen: dict[str, object] = {}
    delete_by_keyboard(qtbot, window, "Small deck", seen)

    assert listed(window) == ["Other"]
    assert selected(window) == "Other"
    assert QApplication.focusWidget() is window.deck_list.table
    assert window.statusBar().currentMessage() == (
        "Deleted “Small deck”: 5 cards. The backup made just before is in File ▸ Backups."
    )
    assert any(paths.backups_dir.glob("*-before-deck-delete.zip"))
    screenshot(settled(window), "deck-deleted")


def test_deleting_the_last_deck_leaves_the_focus_on_the_words_saying_how_to_add_one(
    qtbot, window: MainWindow, two_decks: Services
) -> None:
    """With no decks the table is hidden: focus was on nothing, so nothing was read aloud."""
    for name in ("Other", "Small deck"):
        delete_by_keyboard(qtbot, window, name, {})

    page = window.deck_list
    assert page.empty_label.isVisible()
    assert QApplication.focusWidget() is page.empty_label
    press(qtbot, Qt.Key.Key_Tab)  # and Tab keeps to the window, nothing left behind unseen
    assert QApplication.focusWidget() is not None


def test_an_empty_collection_opens_with_the_focus_on_how_to_add_a_deck(
    qtbot, make_window, paths: AppPaths, clock: FixedClock
) -> None:
    empty = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        window = make_window(empty)
        assert window.current_place() == "decks"
        assert QApplication.focusWidget() is window.deck_list.empty_label
        window.show_place("study")
        press(qtbot, Qt.Key.Key_1, CTRL)  # back to the decks
        assert QApplication.focusWidget() is window.deck_list.empty_label
    finally:
        empty.close()


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_G, CTRL),  # Go ▸ Gentle session…
        (Qt.Key.Key_O, CTRL | Qt.KeyboardModifier.ShiftModifier),  # Tools ▸ Deck options…
        (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),  # Tools ▸ Rename deck…
    ],
)
def test_a_deck_command_with_no_deck_says_to_add_one_first(
    qtbot, make_window, paths: AppPaths, clock: FixedClock, key: Qt.Key, modifier
) -> None:
    """Found in a bug hunt: on an empty collection the deck commands did nothing at all."""
    empty = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        window = make_window(empty)
        press(qtbot, key, modifier)
        assert window.statusBar().currentMessage() == (
            "There is no deck yet. Load a deck file (File ▸ Load deck file…) or import "
            "cards (File ▸ Import…) first."
        )
    finally:
        empty.close()


def test_a_deck_loaded_away_from_the_deck_list_is_no_deck_said_to_be_missing(
    qtbot, make_window, paths: AppPaths, clock: FixedClock, tmp_path: Path
) -> None:
    """Found in review: on an empty collection, a deck file loaded from Quiz left the deck
    list as it was read (empty, out of sight), and Tools ▸ Deck options… then said "There
    is no deck yet. Load a deck file… first" of the deck just loaded, as did Rename deck…"""
    from deckdata import small_deck_text
    from fibrolearn.ui import deck_file_load

    empty = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        window = make_window(empty)
        tasks = TaskRunner()
        add_places(window, empty, tasks)
        window.show_place("quiz")
        deck = tmp_path / "mine.toml"
        deck.write_text(small_deck_text())
        assert deck_file_load.load_deck_file(window, empty, deck, tasks)
        tasks.wait()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Loaded"))
        titles: list[str] = []

        def read_and_close(dialog) -> None:
            titles.append(dialog.windowTitle())
            dialog.reject()

        when_dialog_opens(qtbot, read_and_close)
        window.deck_actions.edit_deck_options()  # Tools ▸ Deck options…, from Quiz
        back_to(qtbot, window)
        assert titles == ["Options: Small deck"]
        renamed: list[str] = []
        when_dialog_opens(qtbot, lambda dialog: (renamed.append(dialog.name), dialog.reject()))
        window.deck_list.rename_action.trigger()  # Tools ▸ Rename deck…, from Quiz too
        back_to(qtbot, window)
        assert renamed == ["Small deck"]
    finally:
        empty.close()


def delete_then_keep(qtbot, window: MainWindow, name: str) -> list[QWidget]:
    """Del on deck ``name``; Esc keeps it once asked. The question, when it has come."""
    select(qtbot, window, name)
    opened = when_dialog_opens(
        qtbot, lambda box: press_in(qtbot, box, Qt.Key.Key_Escape), title="Delete deck"
    )
    press(qtbot, Qt.Key.Key_Delete)
    return opened


def test_what_a_delete_removes_is_counted_off_the_ui_thread(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    """Counting a deck's answers in a million-answer log would hold the window ~170 ms."""
    counted_on: list[bool] = []
    count = DeckManageService.deletion

    def watched(service: DeckManageService, deck_id: int) -> DeckDeletion:
        counted_on.append(threading.current_thread() is threading.main_thread())
        return count(service, deck_id)

    monkeypatch.setattr(DeckManageService, "deletion", watched)
    opened = delete_then_keep(qtbot, window, "Small deck")
    qtbot.waitUntil(lambda: bool(opened))
    assert counted_on == [False]
    back_to(qtbot, window)
    assert listed(window) == ["Other", "Small deck"]


def test_a_count_waiting_behind_other_work_says_what_is_happening(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    count = DeckManageService.deletion

    def slow(service: DeckManageService, deck_id: int) -> DeckDeletion:
        time.sleep(0.8)  # as behind an import on the worker
        return count(service, deck_id)

    monkeypatch.setattr(DeckManageService, "deletion", slow)
    opened = delete_then_keep(qtbot, window, "Small deck")
    qtbot.waitUntil(
        lambda: (
            window.statusBar().currentMessage()
            == "Counting what “Small deck” holds before deleting it…"
        )
    )
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    back_to(qtbot, window)


def test_a_delete_that_cannot_back_up_first_says_so_and_keeps_the_deck(
    qtbot, window: MainWindow, monkeypatch, screenshot
) -> None:
    def disk_full(_self: BackupService, _reason: BackupReason) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(BackupService, "backup", disk_full)
    told: list[str] = []

    def read_and_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        screenshot(box, "deck-not-deleted")
        press_in(qtbot, box, Qt.Key.Key_Return)

    select(qtbot, window, "Small deck")
    press(qtbot, Qt.Key.Key_Return)  # studying it, a card on screen
    studied = window.study.session
    assert studied is not None and studied.card is not None
    when_dialog_opens(qtbot, read_and_close, title="Deck not deleted")
    delete_by_keyboard(qtbot, window, "Small deck", {})
    qtbot.waitUntil(lambda: bool(told))
    assert window.study.session is studied  # nothing changed: the session goes on

    assert told == [  # said once: no "nothing changed" then "your last action was not saved"
        "Your disk is full, so “Small deck” was not deleted; nothing changed. Free some space, "
        "then try again; you can keep reading cards meanwhile."
    ]
    assert listed(window) == ["Other", "Small deck"]
    assert selected(window) == "Small deck"


def test_a_delete_whose_flush_failed_is_said_maybe_not_deleted(
    qtbot, window: MainWindow, monkeypatch, screenshot
) -> None:
    """SQLite may have written the deletion before its flush failed (see
    UncertainCommitError): it is not said that nothing changed, as a crash may delete it."""

    def flush_failed(*_args: object, **_kwargs: object) -> None:
        raise UncertainCommitError("the disk reported an error") from disk_error("FSYNC")

    monkeypatch.setattr(DeckManageService, "delete", flush_failed)
    told: list[tuple[str, str]] = []

    def read_and_close() -> None:
        """The box after the question, whatever its title (a wrong one must fail, not hang)."""
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.windowTitle() == "Delete deck":
            QTimer.singleShot(10, read_and_close)
            return
        told.append((box.windowTitle(), box.text()))
        screenshot(box, "deck-maybe-not-deleted")
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, read_and_close)
    delete_by_keyboard(qtbot, window, "Small deck", {})
    qtbot.waitUntil(lambda: bool(told))

    assert told == [
        (
            "Deck maybe not deleted",
            "FibroLearn could not reach its data folder (the disk reported an error), so “Small "
            "deck” may not have been deleted. Check that the disk is connected, then try again.",
        )
    ]
    assert listed(window) == ["Other", "Small deck"]  # as it is seen now


def test_deleting_the_deck_being_studied_ends_its_session_and_nothing_breaks_after(
    qtbot, window: MainWindow, two_decks: Services
) -> None:
    select(qtbot, window, "Small deck")
    press(qtbot, Qt.Key.Key_Return)  # study it
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)  # an answer Ctrl+Z could take back
    assert window.study.session is not None
    window.study.session.save()  # its place, as closing the app keeps it

    delete_by_keyboard(qtbot, window, "Small deck", {})

    assert window.study.session is None
    assert two_decks.study.saved_position() is None
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the answer was in the deleted deck
    assert window.statusBar().currentMessage() == "Nothing to undo."
    press(qtbot, Qt.Key.Key_2, CTRL)  # Study: the deck left
    assert window.current_place() == "study"
    assert window.study.title.text() == "<b>Other</b>"


def test_browse_changes_before_a_delete_cannot_be_undone_after_it(
    qtbot, window: MainWindow, two_decks: Services
) -> None:
    """As in Anki: a new deck or card may be given the deleted one's id, and an undo kept from
    before would change that one instead."""
    small = deck_id(two_decks, "Small deck")
    cards = [
        card
        for (card,) in two_decks.database.engine.connect().exec_driver_sql(
            "SELECT id FROM cards WHERE deck_id = ?", (small,)
        )
    ]
    two_decks.notes.toggle_suspended(cards[:1])
    assert two_decks.notes.undo_label is not None

    delete_by_keyboard(qtbot, window, "Small deck", {})

    assert two_decks.notes.undo_label is None


def test_a_quiz_in_the_deleted_deck_is_let_go(
    qtbot, window: MainWindow, two_decks: Services
) -> None:
    add_places(window, two_decks, TaskRunner(window))
    quiz = window.places["quiz"].widget
    sitting = two_decks.quiz.start(QuizSetup(deck_id(two_decks, "Small deck"), length=5, seed=1))
    two_decks.quiz.answer(sitting.session_id, 0, 0)  # a quiz with an answer is carried on
    quiz.attach(two_decks)  # as at a restart
    assert quiz.sitting is not None and quiz.sitting.session_id == sitting.session_id

    delete_by_keyboard(qtbot, window, "Small deck", {})

    assert quiz.sitting is None
    press(qtbot, Qt.Key.Key_4, CTRL)  # Quiz: its set-up, on the deck there is
    assert window.current_place() == "quiz"
    assert quiz.stack.currentWidget() is quiz.setup_view


def test_the_app_starts_again_on_the_decks_after_the_studied_deck_was_deleted(
    qtbot, make_window, window: MainWindow, two_decks: Services, paths: AppPaths, clock: FixedClock
) -> None:
    select(qtbot, window, "Small deck")
    press(qtbot, Qt.Key.Key_Return)
    delete_by_keyboard(qtbot, window, "Small deck", {})
    window.close()

    again = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        restarted = make_window(again)
        assert restarted.current_place() == "decks"
        assert listed(restarted) == ["Other"]
    finally:
        again.close()


@pytest.mark.parametrize("scale", [100, 200])
def test_the_delete_question_shows_all_its_text_at_large_text(
    qtbot, window: MainWindow, scale: int, screenshot
) -> None:
    window.apply_preferences(AppPreferences(text_scale=scale))
    select(qtbot, window, "Small deck")
    seen: dict[str, object] = {}

    def look(box: QWidget) -> None:
        settled(box)
        seen.update(cut=cut_off(box), fits=fits_screen(box))
        screenshot(box, f"deck-delete-question-{scale}")
        press_in(qtbot, box, Qt.Key.Key_Escape)

    opened = when_dialog_opens(qtbot, look, title="Delete deck")
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(opened))
    back_to(qtbot, window)
    assert seen == {"cut": [], "fits": True}


# ------------------------------------------------------------------ reaching the commands
def test_every_deck_command_is_reachable_by_keyboard_with_a_name(
    qtbot, window: MainWindow, screenshot
) -> None:
    page = window.deck_list
    select(qtbot, window, "Small deck")
    reached = []
    for _ in range(8):  # Tab from the table through the buttons
        press(qtbot, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        reached.append(widget.accessibleName())
        if widget is page.delete_button:
            break
    assert reached[-2:] == ["Rename", "Delete"]
    assert page.rename_button.accessibleDescription() == (
        "Give the selected deck another name (F2)"
    )

    menus: list[list[str]] = []

    def read_menu() -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:  # not open yet
            QTimer.singleShot(10, read_menu)
            return
        menus.append([a.text() for a in menu.actions() if a.isVisible()])
        screenshot(menu, "deck-list-menu")
        menu.close()

    page.focus_table()
    QTimer.singleShot(0, read_menu)
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, window)
    assert menus == [
        [
            "&Study",
            "Ge&ntle session…",
            "&Options…",
            "C&ustom study…",
            "",
            "&Rename deck…",
            "&Delete deck…",
        ]
    ]
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    keys = {a.text(): a.shortcut().toString() for a in tools.actions() if a.text()}
    assert keys["&Rename deck…"] == "F2" and keys["&Delete deck…"] == "Del"


def test_the_delete_question_names_an_imported_deck_as_written_with_no_link_to_follow(
    qtbot, make_window, services: Services, tmp_path: Path
) -> None:
    """Found in a bug hunt: the question read a deck's name as HTML.

    A deck named in an imported file ``<a href="https://…">Mine</a> <img src="…">`` was asked
    about as a link that one click opened in the browser, beside a picture read from anywhere
    on the disk.
    """
    name = f'<a href="https://example.org/">Mine</a> <img src="{tmp_path / "photo.png"}">'
    lines = tmp_path / "mine.csv"
    lines.write_text(f'"Front","Back","{name.replace(chr(34), 2 * chr(34))}"', encoding="utf-8")
    settings = CsvSettings(",", False, False, (ColumnRole.FRONT, ColumnRole.BACK, ColumnRole.DECK))
    services.importer.run(lines, ImportOptions(csv=settings))
    window = make_window(services)
    select(qtbot, window, name)
    shown: list[tuple[str, bool]] = []

    def look_and_keep(box: QWidget) -> None:
        for label in box.findChildren(QLabel):
            if label.text():
                html = shown_as(label.text(), label.textFormat()) != label.text()
                seen = shown_as(label.text(), label.textFormat())
                shown.append((seen.replace("\u00ad", ""), html))  # a long word's breaks unseen
        press_in(qtbot, box, Qt.Key.Key_Escape)

    opened = when_dialog_opens(qtbot, look_and_keep, title="Delete deck")
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(opened))
    back_to(qtbot, window)
    assert shown[0] == (f"Delete “{name}”?", False)
    assert not any(html for _, html in shown)
