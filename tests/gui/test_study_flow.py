"""Drive the real main window with the keyboard, as a learner would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, text
from ui_driving import CTRL, back_to, press, press_in, when_dialog_opens

from deckdata import SMALL_NOTES, small_deck_text
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection
from fibrolearn.storage.models import ReviewRecord
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.tasks import TaskRunner
from schema_changes import change_definition


def reviews_total(services: Services) -> int:
    return services.stats.summary()["decks"][0]["reviews_total"]


def test_study_flow_space_rate_undo(qtbot, make_window, services: Services, screenshot) -> None:
    window: MainWindow = make_window(services)
    assert window.pages.currentWidget() is window.deck_list
    table = window.deck_list.table
    assert [table.item(0, c).text() for c in range(4)] == ["Small deck", "5", "0", "0"]
    assert QApplication.focusWidget() is table
    screenshot(window, "01-deck-list")

    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    assert window.pages.currentWidget() is study
    assert "What is alpha linked to?" in study.browser.toPlainText()
    assert study.show_button.isVisible() and not study.answer_bar.isVisible()
    assert "New 5" in study.counts.text()
    screenshot(window, "02-question")

    press(qtbot, Qt.Key.Key_Space)
    assert study.answer_bar.isVisible()
    text = study.browser.toPlainText()
    assert "Factor A" in text and "Alpha explained." in text and "Only small studies." in text
    labels = [b.text().splitlines()[1].split()[0] for b in study.rating_buttons.values()]
    assert labels[:3] == ["1m", "6m", "10m"]
    assert labels[3] in {"7d", "8d", "9d"}  # FSRS gives 8 days; fuzz spreads it by a day
    screenshot(window, "03-answer")

    press(qtbot, Qt.Key.Key_3)
    assert reviews_total(services) == 1
    assert "beta" in study.browser.toPlainText()  # the next new card, question side
    assert "New 4" in study.counts.text() and "Learning 1" in study.counts.text()

    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert reviews_total(services) == 0
    assert "What is alpha linked to?" in study.browser.toPlainText()
    assert not study.answer_bar.isVisible()


def test_session_ends_with_summary_and_returns_to_decks(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    # Easy: every card graduates, and the session ends after one card of each of the three
    # notes (their other cards wait for another day: they would give the answers away).
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_4)
    study = window.study
    assert study.stack.currentIndex() == 1
    assert "You answered 3 cards" in study.summary_label.text()
    assert "remembered 100 %" in study.summary_label.text()
    screenshot(window, "04-summary")
    press(qtbot, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.deck_list
    assert window.deck_list.table.item(0, 1).text() == "0"


def test_a_finished_session_goes_on_with_a_card_added_in_browse(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    add_browse_place(window, services, tasks)
    press(qtbot, Qt.Key.Key_Return)
    for _ in range(3):  # Easy: the session ends, as above
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_4)
    study = window.study
    assert "You answered 3 cards" in study.summary_label.text()
    press(qtbot, Qt.Key.Key_3, CTRL)  # Browse

    def add(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Which hormone has a daily rhythm?")
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Cortisol")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_Escape)  # Add waits for the next note

    when_dialog_opens(qtbot, add)
    press(qtbot, Qt.Key.Key_N, CTRL)
    back_to(qtbot, window)
    press(qtbot, Qt.Key.Key_2, CTRL)  # back to Study: it said "All done for today"
    assert study.stack.currentIndex() == 0
    assert "Which hormone has a daily rhythm?" in study.browser.toPlainText()
    assert study.counts.text().startswith("New 1")
    screenshot(window, "study-goes-on-after-browse-added")
    tasks.wait()


def test_a_deck_changed_under_the_note_editor_leaves_its_card_on_screen(
    qtbot, make_window, services: Services
) -> None:
    """Found in review: a deck file loaded while the card's note was open in the editor (E)
    moved the session on beneath it, and the edit's undo step went to another card."""
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    shown = study.session.card.card_id
    seen: list[int] = []

    def meanwhile(dialog) -> None:
        services.notes.toggle_suspended([shown])  # as a deck file's load may take it out
        window.deck_changed()  # the load's end, while the editor is open
        seen.append(study.session.card.card_id)
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, meanwhile)
    press(qtbot, Qt.Key.Key_E)
    back_to(qtbot, window)
    assert seen == [shown]


def test_restart_resumes_on_the_revealed_card(
    qtbot, make_window, services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_Space)  # second card revealed, then the app closes
    shown = window.study.browser.toPlainText()
    window.close()  # closes the services too

    reopened = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        again = make_window(reopened)
        assert again.pages.currentWidget() is again.study
        assert again.study.answer_bar.isVisible()
        assert again.study.browser.toPlainText() == shown
        assert reopened.stats.summary()["decks"][0]["reviews_total"] == 1
    finally:
        again.close()


def test_window_geometry_is_remembered(qtbot, make_window, services: Services) -> None:
    window = make_window(services)
    window.resize(777, 555)
    window.close()
    services_again = services  # the window closed them; a new window only needs geometry
    reopened = MainWindow(window._settings, FixedClock(services_again.study._clock.now()), "x")
    qtbot.addWidget(reopened)
    assert (reopened.width(), reopened.height()) == (777, 555)


def test_real_start_opens_the_collection_in_the_background(
    qtbot, paths: AppPaths, tmp_path: Path
) -> None:
    from fibrolearn.cli import open_services
    from fibrolearn.ui.app import create_window
    from fibrolearn.ui.tasks import TaskRunner

    tasks = TaskRunner()
    window = create_window(paths, lambda: open_services(paths), tasks)
    qtbot.addWidget(window)
    assert window.pages.currentWidget() is window.loading
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.deck_list, timeout=30000)
    window.close()
    tasks.wait()


def test_what_a_newer_bundled_deck_changed_is_said_when_the_collection_opens(
    qtbot, make_window, services: Services, deck_file, screenshot
) -> None:
    renamed = SMALL_NOTES.replace('back = "Factor A"', 'back = "Factor A (renamed)"')
    deck_file.write_text(small_deck_text(version=2, notes=renamed), encoding="utf-8")
    services.decks.load_deck_files([deck_file])

    window = make_window(services)

    assert window.statusBar().currentMessage() == "“Small deck” is now version 2: 1 note changed."
    qtbot.wait(50)  # let the window lay out its status bar before the picture
    screenshot(window, "deck-update-message")


def test_a_search_text_repaired_to_update_a_deck_is_said_when_the_collection_opens(
    qtbot, make_window, services: Services, deck_file
) -> None:
    change_definition(services.database.path, "note_text_update", "NEW.fields", "NEW.fie1ds")
    renamed = SMALL_NOTES.replace('back = "Factor A"', 'back = "Factor A (renamed)"')
    deck_file.write_text(small_deck_text(version=2, notes=renamed), encoding="utf-8")
    services.decks.load_deck_files([deck_file])  # as opening the collection does

    window = make_window(services)

    assert window.statusBar().currentMessage() == (
        "Another program or a failing disk had changed how your collection keeps Browse's "
        "search text, so FibroLearn wrote it again for 3 notes before updating the decks. "
        "Nothing you made changed. “Small deck” is now version 2: 1 note changed."
    )


def test_a_damaged_list_of_loaded_deck_files_is_said_when_the_collection_opens(
    qtbot, make_window, services: Services, deck_file, screenshot
) -> None:
    decks = services.decks.list_decks()
    with services.database.write() as session:  # as a failing disk leaves it
        session.execute(text("REPLACE INTO settings (key, value) VALUES ('loaded_deck_files', 7)"))
    services.decks.load_at_opening([deck_file])  # as opening the collection does

    window = make_window(services)

    assert window.statusBar().currentMessage() == (
        "One of your collection's settings is damaged, so FibroLearn could not tell which of "
        "the decks it comes with you have, and did not look for newer versions of them. Your "
        "decks are as they were. Tools ▸ Check collection… names it, and its Repair button "
        "sets it back to its default; no card or review is touched. The next start then looks "
        "for newer versions again, and brings back any of those decks you had deleted."
    )
    assert services.decks.list_decks() == decks  # as they were, there to study
    qtbot.wait(50)  # let the window lay out its status bar before the picture
    screenshot(window, "deck-files-unread-message")


def last_rating(services: Services) -> Rating:
    with services.database.read() as session:
        newest = session.scalars(select(ReviewRecord).order_by(ReviewRecord.id.desc())).first()
    assert newest is not None
    return Rating(newest.rating)


def test_reading_keys_scroll_the_card_and_never_change_the_rating(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    window.resize(520, 380)  # the answer is longer than the card view
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)
    study = window.study
    good = study.rating_buttons[Rating.GOOD]
    bar = study.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert QApplication.focusWidget() is good and bar.value() == 0
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
        press(qtbot, key)
        assert QApplication.focusWidget() is good, key
    assert bar.value() > 0
    press(qtbot, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    press(qtbot, Qt.Key.Key_Home)
    assert bar.value() == 0
    press(qtbot, Qt.Key.Key_Space)
    assert last_rating(services) is Rating.GOOD

    press(qtbot, Qt.Key.Key_Space)  # the next card's answer; then read it on the card itself
    study.browser.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # Space on the card answers Good too, as F1 says
    assert reviews_total(services) == 2 and last_rating(services) is Rating.GOOD


@pytest.mark.parametrize(
    ("change", "said"),
    [
        # As Browse's Del does.
        (lambda services, card: services.notes.delete([card]), "deleted"),
        # As Browse's Ctrl+J does: the next rating was saved for it (found in a hunt).
        (lambda services, card: services.notes.toggle_suspended([card]), "suspended or set aside"),
    ],
    ids=["deleted", "suspended"],
)
def test_back_in_study_after_its_card_was_changed_elsewhere_shows_the_next_and_says_why(
    qtbot, make_window, services: Services, screenshot, change, said: str
) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)  # the answer side
    session = window.study.session
    assert session is not None and session.card is not None
    changed = session.card.card_id
    window.show_place("decks")
    change(services, changed)
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert session.card is not None and session.card.card_id != changed
    assert not session.revealed
    message = window.statusBar().currentMessage()
    assert message == f"The card on screen was {said} in the meantime, so here is the next card."
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)  # Good: answered, no error, and not for the changed card
    with services.database.read() as read:
        answered = read.scalars(select(ReviewRecord.card_id)).all()
    assert len(answered) == 1
    assert changed not in answered
    screenshot(window, f"study-card-{said.split(maxsplit=1)[0]}-elsewhere")


def test_screen_readers_hear_each_new_card_and_that_the_rating_was_saved(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    first = study.browser.toPlainText()
    # What is studied is said once, with the first card.
    assert study.announcer.last == f"Small deck. Card 1, 4 more after this. Question: {first}"
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    second = study.browser.toPlainText()
    said = study.announcer.last  # (still 4 after it: the first one comes back later today)
    assert said == f"Saved: Good. Card 2, 4 more after this. Question: {second}"
    assert study.progress_label.text() == "Card 2 · 4 more after this"


def test_the_windows_own_messages_are_said_as_well_as_shown(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Nothing to undo."
    assert window._announcer.last == "Nothing to undo."


def test_the_counts_take_one_line_when_the_header_has_room(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    window.resize(960, 720)
    press(qtbot, Qt.Key.Key_Return)
    QApplication.processEvents()
    study = window.study
    for label in (study.counts, study.progress_label):
        assert label.height() < 2 * label.fontMetrics().lineSpacing(), label.text()


def test_no_saved_rating_is_said_when_none_was_kept(qtbot, make_window, services: Services) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    press(qtbot, Qt.Key.Key_Space)  # the answer side
    press(qtbot, Qt.Key.Key_P)  # paused: a rating now keeps nothing
    press(qtbot, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_P)  # carry on
    assert reviews_total(services) == 0
    assert not study.announcer.last.startswith("Saved")
    session = study.session
    assert session is not None and session.card is not None
    services.notes.delete([session.card.card_id])  # as Browse would, meanwhile
    press(qtbot, Qt.Key.Key_3)
    assert study.announcer.last.startswith("Small deck. Card 1, ")  # not kept: no "Saved"


def test_folding_the_card_actions_leaves_the_focus_on_the_rating(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    window.resize(1000, 700)
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    study.tools.buttons[0].setFocus()  # Edit card, once
    study.show_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # the answer: focus on Good
    good = study.rating_buttons[Rating.GOOD]
    assert QApplication.focusWidget() is good
    window.apply_preferences(window.preferences._replace(text_scale=200))
    window.resize(100, 100)
    QApplication.processEvents()
    assert study.tools.folded
    assert QApplication.focusWidget() is good  # the next Space still rates


def test_enter_presses_the_focused_button_not_always_good(
    qtbot, make_window, services: Services
) -> None:
    window: MainWindow = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)
    study = window.study
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # from Good to Hard
    assert QApplication.focusWidget() is study.rating_buttons[Rating.HARD]
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)  # the next card's answer
    pause = next(b for b in study.tools.buttons if b.defaultAction() is study.card_actions.pause)
    for _ in range(8):  # on to the Pause button of the card actions
        if QApplication.focusWidget() is pause:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is pause
    press(qtbot, Qt.Key.Key_Return)
    assert study.session is not None and study.session.paused
    with services.database.read() as read:
        ratings = read.scalars(select(ReviewRecord.rating)).all()
    assert ratings == [Rating.HARD]  # and nothing for the card paused on
    press(qtbot, Qt.Key.Key_Return)  # Carry on, then Good as ever
    assert not study.session.paused
    press(qtbot, Qt.Key.Key_Return)
    with services.database.read() as read:
        assert read.scalars(select(ReviewRecord.rating)).all() == [Rating.HARD, Rating.GOOD]
