"""The study screen's card actions by keyboard: edit, suspend, bury, undo, why now, two buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from collection_driving import bare_window
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select
from ui_driving import CTRL, back_to, close_discarding, press, press_in, settled, when_dialog_opens

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.study import StudySet
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.models import CardRecord
from fibrolearn.ui import study_page
from fibrolearn.ui.app_preferences import AppPreferences, save_preferences
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.note_editor import FieldsEditorDialog

ANKI_PACKAGE = Path(__file__).parents[1] / "data" / "interop" / "small-latest.apkg"


def start(qtbot, make_window, services: Services) -> MainWindow:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_place() == "study"
    return window


def new_left(services: Services) -> int:
    return services.decks.list_decks()[0].new


def test_edit_the_card_with_e_and_take_the_edit_back(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = start(qtbot, make_window, services)

    def edit(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Alpha is linked to what?")
        screenshot(settled(dialog), "ui-edit-card")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    assert when_dialog_opens(qtbot, edit) is not None
    press(qtbot, Qt.Key.Key_E)
    back_to(qtbot, window)
    assert "Alpha is linked to what?" in window.study.browser.toPlainText()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert "What is alpha linked to?" in window.study.browser.toPlainText()
    assert window.statusBar().currentMessage() == "Edit taken back."
    qtbot.waitUntil(lambda: not window.findChildren(FieldsEditorDialog))  # not kept, once read


def test_tags_edited_with_e_are_saved_and_taken_back(
    qtbot, make_window, services: Services, screenshot
) -> None:
    """Found in a bug hunt: E's editor had no tags, so tagging a card while studying meant
    leaving Study for Browse."""
    window = start(qtbot, make_window, services)
    session = window.study.session
    assert session is not None and session.card is not None
    card_id = session.card.card_id
    before = services.card_edits.note(card_id).tags

    def tag(dialog) -> None:
        assert dialog.tags.text() == before
        dialog.tags.setFocus()
        press_in(qtbot, dialog, Qt.Key.Key_End)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text=" hard-one  Hard-One")
        screenshot(settled(dialog), "ui-edit-card-tags")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    assert when_dialog_opens(qtbot, tag) is not None
    press(qtbot, Qt.Key.Key_E)
    back_to(qtbot, window)
    assert services.card_edits.note(card_id).tags == f"{before} hard-one".strip()
    assert window.statusBar().currentMessage().startswith("Card saved.")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert services.card_edits.note(card_id).tags == before
    assert window.statusBar().currentMessage() == "Edit taken back."


def test_an_edit_changed_since_elsewhere_is_not_taken_back_and_the_reason_stays(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = start(qtbot, make_window, services)
    card_id = window.study.session.card.card_id

    def edit(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Alpha is linked to what?")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_E)
    back_to(qtbot, window)
    services.notes.add_tags([card_id], ["later"])  # e.g. in Browse, meanwhile
    press(qtbot, Qt.Key.Key_Z, CTRL)

    assert "Alpha is linked to what?" in window.study.browser.toPlainText()
    assert window.statusBar().currentMessage() == (
        "Could not undo: The note has changed since that edit, so it cannot be taken back; "
        "edit the note instead."
    )
    screenshot(window, "ui-undo-refused")


def test_an_invalid_edit_is_explained_in_the_dialog(qtbot, make_window, services: Services) -> None:
    window = start(qtbot, make_window, services)
    problems: list[str] = []

    def clear_front(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_Delete)
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        problems.append(dialog.error.text())
        assert dialog.isVisible(), "an invalid edit must keep the dialog open"
        close_discarding(qtbot, dialog)

    when_dialog_opens(qtbot, clear_front)
    press(qtbot, Qt.Key.Key_E)
    back_to(qtbot, window)
    assert problems == ["The front (the question) is empty."]
    assert "What is alpha linked to?" in window.study.browser.toPlainText()


def test_a_deletion_added_with_e_makes_its_card_and_undo_removes_it(
    qtbot, make_window, services: Services
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    while services.card_edits.note(services.study.next_card(deck).card_id).kind != "cloze":
        services.card_edits.suspend(services.study.next_card(deck).card_id)
    cards_before = new_left(services)
    window = start(qtbot, make_window, services)

    def add_deletion(dialog) -> None:
        text = dialog.editors["text"]
        text.moveCursor(text.textCursor().MoveOperation.End)
        press_in(qtbot, text, Qt.Key.Key_unknown, text=" Also {{c7::gamma}}.")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    when_dialog_opens(qtbot, add_deletion)
    press(qtbot, Qt.Key.Key_E)
    back_to(qtbot, window)
    assert window.statusBar().currentMessage() == (
        "Card saved. It made a new card. Ctrl+Z takes the edit back."
    )
    assert new_left(services) == cards_before + 1
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert new_left(services) == cards_before
    assert "gamma" not in window.study.browser.toPlainText()


def test_suspend_and_bury_by_key_and_undo_each(qtbot, make_window, services: Services) -> None:
    window = start(qtbot, make_window, services)
    first = window.study.browser.toPlainText()
    press(qtbot, Qt.Key.Key_S)
    assert window.study.browser.toPlainText() != first
    assert new_left(services) == 4
    assert "suspended" in window.study.announcer.last
    second = window.study.browser.toPlainText()
    press(qtbot, Qt.Key.Key_B)
    assert new_left(services) == 3
    assert "buried until tomorrow" in window.statusBar().currentMessage()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.study.browser.toPlainText() == second and new_left(services) == 4
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.study.browser.toPlainText() == first and new_left(services) == 5


def test_why_now_and_the_announced_answer(qtbot, make_window, services: Services) -> None:
    window = start(qtbot, make_window, services)
    study = window.study
    press(qtbot, Qt.Key.Key_W)
    assert study.why_label.isVisible()
    assert study.why_label.text().startswith("A new card")
    assert study.announcer.last == study.why_label.text()
    press(qtbot, Qt.Key.Key_Space)
    assert study.announcer.last.startswith("Answer: Factor A.")
    assert "Alpha explained." in study.announcer.last
    assert "Scientific consensus" in study.browser.accessibleDescription()
    press(qtbot, Qt.Key.Key_W)
    assert not study.why_label.isVisible()


def test_two_button_mode_from_preferences(
    qtbot, make_window, services: Services, clock: FixedClock, screenshot
) -> None:
    window = make_window(services)

    def tick_two_buttons(dialog) -> None:
        for _ in range(3):  # theme, text size, reduce motion, then the two-button box
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.two_buttons
        press_in(qtbot, dialog, Qt.Key.Key_Space)
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, tick_two_buttons)
    press(qtbot, Qt.Key.Key_Comma, CTRL)
    back_to(qtbot, window)
    assert window.preferences.two_buttons
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)
    study = window.study
    visible = [r for r, b in study.rating_buttons.items() if b.isVisible()]
    assert visible == [Rating.AGAIN, Rating.GOOD]
    assert study.rating_buttons[Rating.GOOD].text().endswith("(2)")
    screenshot(settled(window), "ui-two-buttons")
    first = study.session.card
    press(qtbot, Qt.Key.Key_2)  # 2 is Good when only two buttons show
    rated = services.study.card(first.card_id).state
    assert rated.reps == 1 and rated.due - clock.now() == first.intervals[Rating.GOOD]


def test_two_buttons_turned_on_over_a_shown_answer_change_the_buttons_without_a_word(
    qtbot, make_window, services: Services
) -> None:
    """Found in a bug hunt: ticking the box in Preferences with an answer shown said the whole
    answer again (and read it aloud), over the Preferences window."""
    window = start(qtbot, make_window, services)
    press(qtbot, Qt.Key.Key_Space)
    study = window.study
    study.announcer.last = ""

    study.set_two_buttons(True)

    assert study.announcer.last == ""
    visible = [r for r, b in study.rating_buttons.items() if b.isVisible()]
    assert visible == [Rating.AGAIN, Rating.GOOD]
    assert study.rating_buttons[Rating.GOOD].text().endswith("(2)")


def test_read_aloud_says_clearly_when_it_cannot_speak(
    qtbot, make_window, services: Services, monkeypatch
) -> None:
    window = start(qtbot, make_window, services)
    shown: list[str] = []
    monkeypatch.setattr(study_page, "tell", lambda _parent, _icon, _title, text: shown.append(text))
    monkeypatch.setattr(window.read_aloud, "problem", lambda: "No text-to-speech voice.")
    press(qtbot, Qt.Key.Key_R)
    assert shown == ["No text-to-speech voice."]


def reviews(services: Services) -> int:
    return services.stats.summary()["reviews"]["total"]


def test_undo_after_leaving_study_takes_back_the_last_step_not_an_older_answer(
    qtbot, make_window, services: Services
) -> None:
    window = start(qtbot, make_window, services)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)  # answer the first card
    suspended = window.study.browser.toPlainText()
    press(qtbot, Qt.Key.Key_S)  # then suspend the second
    assert new_left(services) == 3 and reviews(services) == 1
    press(qtbot, Qt.Key.Key_Escape)  # back to the decks: the session ends
    assert window.current_place() == "decks"

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.current_place() == "study"
    assert window.study.browser.toPlainText() == suspended  # the suspend, not the answer
    assert new_left(services) == 4 and reviews(services) == 1
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert reviews(services) == 0
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Nothing to undo."


def test_an_answer_taken_back_on_a_card_suspended_since_says_so_and_shows_the_next(
    qtbot, make_window, services: Services
) -> None:
    window = start(qtbot, make_window, services)
    answered = window.study.session.card.card_id
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    services.notes.toggle_suspended([answered])  # Browse's Ctrl+J, meanwhile
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert reviews(services) == 0
    assert window.study.session.card.card_id != answered
    assert window.statusBar().currentMessage() == (
        "Answer taken back. That card is suspended or set aside (in Browse, say), so here is "
        "the next card."
    )


def test_steps_from_before_a_restart_are_not_undone(qtbot, make_window, services: Services) -> None:
    window = start(qtbot, make_window, services)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_S)
    window.collection_opened(services)  # what a restart (or a restore) gives the window
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Nothing to undo."
    assert reviews(services) == 1 and new_left(services) == 3


def test_card_actions_in_the_menus_never_act_on_a_hidden_study_card(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    window.add_place("browse", "&Browse", QWidget(), "Ctrl+3")  # a place to go to
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    assert study.card_actions.suspend.isEnabled() and study.card_actions.bury.isEnabled()
    press(qtbot, Qt.Key.Key_3, CTRL)  # another place, with the study card behind it
    assert window.current_place() == "browse"
    for action in study.card_actions.all:
        assert not action.isEnabled(), action.text()
    study.card_actions.suspend.trigger()  # what Edit > Suspend card did from Browse
    assert new_left(services) == 5
    press(qtbot, Qt.Key.Key_2, CTRL)  # back to Study: the card's actions work again
    assert study.card_actions.suspend.isEnabled()


def test_a_step_whose_card_was_deleted_since_is_refused_and_the_next_one_undone(
    qtbot, make_window, services: Services
) -> None:
    window = start(qtbot, make_window, services)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_3)  # answer the first card
    suspended = window.study.session.card.card_id
    press(qtbot, Qt.Key.Key_S)
    press(qtbot, Qt.Key.Key_Escape)
    services.notes.delete([suspended])  # as Browse would

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == (
        "Could not undo: The card of that step no longer exists."
    )
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the answer before it
    assert reviews(services) == 0


def test_the_study_screen_is_built_after_the_collection_opens_with_the_saved_preferences(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> None:
    paths.config_dir.mkdir(parents=True)
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    save_preferences(settings, AppPreferences(two_buttons=True, read_aloud=True))
    window = bare_window(qtbot, paths, clock)
    try:
        # The menus list the card actions, which wait for a card, before the screen exists.
        menus = [action.menu() for action in window.menuBar().actions()]
        listed = {item for menu in menus for item in menu.actions()}
        assert set(window.study_actions.all) <= listed
        assert not any(action.isEnabled() for action in window.study_actions.all)
        assert not window.places["study"].built

        window.collection_opened(services)  # to the deck list: nothing to resume
        assert not window.places["study"].built  # not in the same turn as the opening
        qtbot.waitUntil(lambda: window.places["study"].built)  # but on one of its own
        study = window.study
        assert window.pages.indexOf(study) >= 0 and window.current_place() == "decks"
        assert study.two_buttons and study.card_reading.every_side
    finally:
        window.apply_preferences(AppPreferences())  # the tests after this one get the defaults


def test_pictures_on_a_card_are_named_to_screen_readers(
    qtbot, make_window, services: Services
) -> None:
    """Plain text has a blank object character for a picture: a question with one was said
    "Which organ? " and a character screen readers skip or spell out, and an imported card
    whose answer is only a picture was said "Answer: ." The picture's alt text, where the
    card has one, says what it shows."""
    services.importer.run(ANKI_PACKAGE, ImportOptions())
    deck_id = next(d.deck_id for d in services.decks.list_decks() if d.name == "Fibro::Basics")
    picture_only = '<img src="heart.png">'  # the package's second note's back
    with services.database.read() as session:
        cards = session.scalars(select(CardRecord.id).where(CardRecord.deck_id == deck_id))
        card_id = next(
            c for c in cards if services.card_edits.note(c).fields.get("Back") == picture_only
        )
    note = services.card_edits.note(card_id)
    question = 'Which organ? <img src="heart.png" alt="a red heart">'
    services.card_edits.update_note(note.note_id, {**note.fields, "Front": question})
    window = make_window(services)
    window.start_study(deck_id, focus=StudySet(deck_id, (card_id,), "the picture card"))
    study = window.study
    assert study.announcer.last.endswith("Question: Which organ? (picture: a red heart)")
    assert study.browser.accessibleDescription() == "Which organ? (picture: a red heart)"
    press(qtbot, Qt.Key.Key_Space)
    assert study.announcer.last.startswith("Answer: (picture).")
    assert "\ufffc" not in study.browser.accessibleDescription()


@pytest.mark.parametrize("change", ["text size", "two buttons"])
def test_a_preference_changed_away_from_study_leaves_the_focus_where_the_learner_is(
    qtbot, make_window, services: Services, change: str
) -> None:
    """Found in a bug hunt: with an answer shown in Study, Ctrl+1 then Ctrl++ on the deck list
    put the focus on Study's hidden Good button, and the next Space rated the card unseen."""
    window = start(qtbot, make_window, services)
    press(qtbot, Qt.Key.Key_Space)  # the answer, with the rating buttons
    card = window.study.session.card
    press(qtbot, Qt.Key.Key_1, CTRL)  # the deck list; the session waits in Study
    table = window.deck_list.table
    assert QApplication.focusWidget() is table

    if change == "text size":
        press(qtbot, Qt.Key.Key_Plus, CTRL)
    else:
        window.apply_preferences(window.preferences._replace(two_buttons=True))

    assert QApplication.focusWidget() is table
    press(qtbot, Qt.Key.Key_Space)
    assert window.study.session.card == card and window.study.session.revealed  # not rated
    assert services.study.card(card.card_id).state.reps == 0
    window.apply_preferences(AppPreferences())  # the tests after this one get the defaults
