"""Deck options and backlog spreading from the deck list, by keyboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from collection_driving import routed_notice
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox
from sqlalchemy import text
from ui_driving import ALT, CTRL, back_to, press, press_in, settled, when_dialog_opens

from deckdata import small_deck_text
from driver_faults import disk_full, failing_writes, faulty_connections
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.services.container import Services
from fibrolearn.storage.plain_reads import db_time
from fibrolearn.ui import deck_list
from studying import answer, learn_every_new_card

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def retype(qtbot, dialog, text: str) -> None:
    press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
    press_in(qtbot, dialog, Qt.Key.Key_unknown, text=text)


def test_deck_options_explain_retention_and_save(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    deck = services.decks.list_decks()[0].deck_id
    seen: dict[str, str] = {}

    def edit(dialog) -> None:
        retype(qtbot, dialog, "7")  # new cards a day
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "95")  # desired retention
        seen["workload"] = dialog.workload.text()
        for _ in range(3):  # learning steps, relearning steps, then the rollover hour
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "5")
        screenshot(settled(dialog), "ui-deck-options")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert seen["workload"].startswith("At 95 %, you should still remember about 95 of every 100")
    assert "times as many reviews as at 90 %" in seen["workload"]
    options = services.decks.options(deck)
    assert (options.new_per_day, options.desired_retention) == (7, 0.95)
    assert services.decks.day_rollover_hour() == 5
    assert window.deck_list.table.item(0, 1).text() == "5"  # only 5 cards exist


def test_bad_learning_steps_are_explained(qtbot, make_window, services: Services) -> None:
    window = make_window(services)
    errors: list[str] = []

    def edit(dialog) -> None:
        for _ in range(3):
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "1m ten")
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        errors.append(dialog.error.text())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert errors == [
        "Learning steps: “ten” is not a step: write a whole number and a unit, like 10m or 1d."
    ]


def test_steps_of_years_are_refused_and_nothing_is_saved(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    deck = services.decks.list_decks()[0].deck_id
    before = services.decks.options(deck)
    seen: list[str] = []

    def edit(dialog) -> None:
        for _ in range(3):
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "1m 10m 99999d")
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        seen.append(dialog.error.text() if dialog.error.isVisible() else "")
        seen.append(dialog.findChild(QLabel, "stepsHint").text())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert seen[0] == ("Learning steps: “99999d” is too long: a step can be at most 365 days.")
    assert seen[1].endswith("each from 1 minute to 365 days.")
    assert services.decks.options(deck) == before


def test_options_a_full_disk_refuses_half_way_are_not_saved_at_all(
    qtbot, make_window, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: the deck's options and the hour a day starts were saved one after
    the other, so a disk that filled between the two kept the first and refused the second."""
    window = make_window(services)
    notice = routed_notice(window, monkeypatch)
    deck = services.decks.list_decks()[0].deck_id
    before = (services.decks.options(deck), services.decks.day_rollover_hour())
    told: list[str] = []
    # The rollover hour is a collection setting, written after the deck's own options.
    settings_refused = failing_writes(("INSERT INTO SETTINGS", "UPDATE SETTINGS"), disk_full)

    def edit(dialog) -> None:
        retype(qtbot, dialog, "7")  # new cards a day
        for _ in range(5):  # to the rollover hour
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "5")
        with faulty_connections(services.database.engine, settings_refused):
            press_in(qtbot, dialog, Qt.Key.Key_Return)  # Save
        assert notice.box is not None and dialog.isVisible()  # kept open, to save again
        told.append(notice.box.text())
        notice.box.button(QMessageBox.StandardButton.Ok).click()
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert told and told[0].startswith("Your disk is full, so your last action was not saved.")
    assert (services.decks.options(deck), services.decks.day_rollover_hour()) == before


def test_an_error_about_the_steps_goes_once_they_are_right(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    seen: list[str | None] = []

    def error_shown(dialog) -> str | None:
        return dialog.error.text() if dialog.error.isVisible() else None

    def edit(dialog) -> None:
        for _ in range(3):
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "1m ten")
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        seen.append(error_shown(dialog))
        retype(qtbot, dialog, "x")  # still wrong: the error says what is wrong now
        seen.append(error_shown(dialog))
        retype(qtbot, dialog, "10m")
        seen.append(error_shown(dialog))
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    unit = "write a whole number and a unit, like 10m or 1d."
    assert seen == [
        f"Learning steps: “ten” is not a step: {unit}",
        f"Learning steps: “x” is not a step: {unit}",
        None,
    ]


def test_spreading_a_backlog_from_the_deck_list(
    qtbot, make_window, services: Services, clock: FixedClock, monkeypatch, screenshot
) -> None:
    monkeypatch.setattr(deck_list, "BACKLOG_OFFER_AT", 3)  # the small deck has 5 cards
    learn_every_new_card(services, clock, Rating.EASY)
    clock.advance(timedelta(days=90))
    window = make_window(services)
    page = window.deck_list
    assert (
        page.spread_button.isVisible()
        and "5 reviews have been waiting" in page.backlog_label.text()
    )
    press(qtbot, Qt.Key.Key_Tab)
    assert window.focusWidget() is page.spread_button

    def spread_over_two_days(dialog) -> None:
        retype(qtbot, dialog, "2")
        assert "about 3 a day" in dialog.sentence.text()
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, spread_over_two_days)
    press(qtbot, Qt.Key.Key_Space)
    back_to(qtbot, window)
    assert "spread over 2 days: about 3 a day" in page.backlog_label.text()
    assert page.table.item(0, 3).text() == "3"
    assert page.stop_spreading_button.isVisible() and not page.spread_button.isVisible()
    screenshot(settled(window), "ui-backlog-spread")

    answer(services, 3)  # today's share, then the rest the next day: the plan is done
    window.refresh_decks_if_shown()
    assert page.backlog_label.text() == "Spreading is nearly done: 2 older reviews left."
    clock.advance(timedelta(days=1))
    answer(services, 2)
    clock.advance(timedelta(days=3650))  # away again: the new backlog is offered like the first
    window.refresh_decks_if_shown()
    assert page.spread_button.isVisible() and not page.stop_spreading_button.isVisible()
    assert "5 reviews have been waiting since before today" in page.backlog_label.text()


def test_spreading_again_during_a_plan_counts_every_review_waiting(
    qtbot, make_window, services: Services, clock: FixedClock
) -> None:
    """Tools ▸ Spread waiting reviews… in the middle of a plan offers all that wait, not only
    what is left of the plan: a new plan takes them all."""
    learn_every_new_card(services, clock, Rating.EASY)
    clock.advance(timedelta(days=90))
    deck = services.decks.list_decks()[0].deck_id
    services.gentle.spread_backlog(deck, 2)  # 5 reviews: 3 today, 2 tomorrow
    answer(services, 3)
    clock.advance(timedelta(days=5))  # away: the 2 left wait, and the 3 answered came due
    with services.database.write() as session:  # meanwhile (a short interval, say)
        session.execute(
            text("UPDATE cards SET due = :due WHERE last_review IS NOT NULL AND due > :due"),
            {"due": db_time(clock.now() - timedelta(days=2))},
        )
    assert services.decks.deck_list().backlogs[deck].waiting == 2  # what is left of the plan
    window = make_window(services)
    said: list[str] = []

    def read(dialog) -> None:
        said.append(dialog.sentence.text())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, read)
    window.deck_actions.spread_backlog(deck)
    back_to(qtbot, window)
    assert said and said[0].startswith("5 reviews have been waiting since before today.")


def test_the_spread_dialog_says_when_the_daily_share_finishes_early(qtbot) -> None:
    """Rounded up, 30 reviews over 7 days are 5 a day: done in 6, as the deck list then says."""
    from fibrolearn.ui.backlog_dialog import BacklogDialog

    dialog = BacklogDialog(30, 200)
    qtbot.addWidget(dialog)
    assert "Over 7 days that is about 5 a day (all done in 6 days), the" in dialog.sentence.text()
    dialog.days.setValue(10)
    assert "Over 10 days that is about 3 a day, the" in dialog.sentence.text()


def test_the_spread_dialog_counts_in_words_and_says_when_the_daily_limit_holds_it_back(
    qtbot,
) -> None:
    """Found in a bug hunt: "1 reviews have been waiting", "3000 reviews ... about 429 a
    day", and 3,000 reviews spread over 7 days came at the deck's 200 a day, done in 15 days,
    with no word of it when the days were chosen."""
    from fibrolearn.ui.backlog_dialog import BacklogDialog

    one = BacklogDialog(1, 200)
    qtbot.addWidget(one)
    assert one.sentence.text().startswith("1 review has been waiting since before today.")
    many = BacklogDialog(3000, 200)
    qtbot.addWidget(many)
    assert many.sentence.text().startswith(
        "3,000 reviews have been waiting since before today. Over 7 days that is about 429 a "
        "day, the"
    )
    assert many.sentence.text().endswith(
        " This deck lets 200 reviews a day come at most, so it takes 15 days at least (reviews "
        "a day: Tools ▸ Deck options)."
    )
    assert many.days.accessibleDescription() == many.sentence.text()
    many.days.setValue(30)  # 100 a day: within the limit
    assert "at most" not in many.sentence.text()
    none = BacklogDialog(30, 0)
    qtbot.addWidget(none)
    assert none.sentence.text().endswith(" This deck lets no reviews come at all (reviews a day: "
                                         "Tools ▸ Deck options).")  # fmt: skip


def test_the_spread_dialogs_daily_share_is_told_with_the_days_as_they_change(qtbot) -> None:
    """A screen reader heard only "10 days" as the arrows changed the days: the daily share
    beside it changed unheard. It is the days' description, as retention's workload is."""
    from fibrolearn.ui.backlog_dialog import BacklogDialog

    dialog = BacklogDialog(30, 200)
    qtbot.addWidget(dialog)
    assert dialog.days.accessibleDescription() == dialog.sentence.text()
    qtbot.keyClick(dialog.days, Qt.Key.Key_Up)
    assert "Over 8 days that is about 4 a day" in dialog.days.accessibleDescription()


@pytest.mark.parametrize("retention", [0.8, 0.97])
def test_workload_sentence_reads_plainly(retention: float) -> None:
    from fibrolearn.domain.study import WorkloadEstimate
    from fibrolearn.ui.deck_options import workload_sentence

    factor = 3.3 if retention < 0.9 else 0.22
    text = workload_sentence(WorkloadEstimate(retention, 40, 6.4, 1 / factor), 20, 200)
    percent = round(retention * 100)
    assert text.startswith(
        f"At {percent} %, you should still remember about {percent} of every 100"
    )
    compared = {
        0.8: "Cards come back less often: about 3.3 times fewer reviews than at 90 %.",
        0.97: "Cards come back more often: about 4.5 times as many reviews as at 90 %.",
    }
    assert compared[retention] in text
    assert text.endswith(
        "For the 40 cards you have learnt in this deck, expect about 6 reviews a day, "
        "plus up to 20 new cards."
    )


def test_options_saved_over_the_answer_side_show_its_new_times(
    qtbot, make_window, services: Services, clock: FixedClock
) -> None:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)
    good = window.study.rating_buttons[Rating.GOOD]
    assert good.text().splitlines()[1].split()[0] == "10m"

    def edit(dialog) -> None:
        for _ in range(3):  # to the learning steps
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "2m 30m")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert window.study.session.revealed  # the same card, on the same side
    assert good.text().splitlines()[1].split()[0] == "30m"  # as Good now schedules it
    press(qtbot, Qt.Key.Key_3)
    with services.database.read() as session:
        due = session.execute(text("SELECT after_due FROM reviews")).scalar_one()
    assert due == db_time(clock.now() + timedelta(minutes=30))


def test_deck_options_from_study_are_those_of_the_deck_studied(
    qtbot, make_window, services: Services, tmp_path
) -> None:
    other = tmp_path / "other.toml"
    other.write_text(
        small_deck_text().replace('id = "small"', 'id = "other"').replace("Small", "Other"),
        encoding="utf-8",
    )
    services.decks.load_deck_files([other])
    window = make_window(services)
    studied, selected = (
        next(d for d in services.decks.list_decks() if d.name == name)
        for name in ("Small deck", "Other deck")
    )
    window.deck_list.select_deck(selected.deck_id)
    window.start_study(studied.deck_id)  # as a resumed session, or one begun in Progress
    titles: list[str] = []

    def look(dialog) -> None:
        titles.append(dialog.windowTitle())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert titles == ["Options: Small deck"]
    window.show_place("decks")  # there, the deck selected

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert titles[1] == "Options: Other deck"


def test_spreading_from_study_shows_the_counts_left_at_once(
    qtbot, make_window, services: Services, clock: FixedClock
) -> None:
    learn_every_new_card(services, clock, Rating.EASY)
    clock.advance(timedelta(days=90))
    window = make_window(services)
    window.start_study(services.decks.list_decks()[0].deck_id)
    study = window.study
    assert study.counts.text().endswith("Due 5")

    def spread_over_two_days(dialog) -> None:
        retype(qtbot, dialog, "2")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, spread_over_two_days)
    window.deck_actions.spread_backlog()  # Tools ▸ Spread waiting reviews…, over the card
    back_to(qtbot, window)
    assert study.counts.text().endswith("Due 3")  # today's share; it said 5 until the next card
    assert "Card 1 ·" in study.progress_label.text()


def test_reviews_held_back_by_the_daily_limit_are_not_called_nothing_due(
    qtbot, make_window, services: Services, clock: FixedClock, screenshot
) -> None:
    """With reviews a day set to 0, Study said 'Nothing due right now. Come back later' over
    five due reviews: coming back later would never have shown them."""
    learn_every_new_card(services, clock, Rating.EASY)
    clock.advance(timedelta(days=60))
    window = make_window(services)

    def no_reviews_a_day(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_M, ALT)  # "Maximum reviews a day"
        retype(qtbot, dialog, "0")
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, no_reviews_a_day)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert window.deck_list.table.item(0, 3).text() == "0"  # none due within the limit
    press(qtbot, Qt.Key.Key_Return)
    screenshot(settled(window), "ui-reviews-held-by-the-limit")

    assert window.study.summary_label.text() == (
        "<h2>Nothing left for today</h2><p>5 due reviews wait for another day, as your daily "
        "limits allow no more today (reviews a day: Tools ▸ Deck options).</p>"
    )


def test_deck_options_say_what_daily_limits_of_0_do(
    qtbot, make_window, services: Services, clock: FixedClock, screenshot
) -> None:
    """A limit of 0 reviews a day was taken without a word, and the sentence still promised
    reviews 'plus new cards' with no new cards a day."""
    learn_every_new_card(services, clock, Rating.EASY)
    window = make_window(services)
    seen: list[object] = []

    def limits_of_0(dialog) -> None:
        retype(qtbot, dialog, "0")  # new cards a day
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        retype(qtbot, dialog, "0")  # maximum reviews a day
        seen.append(dialog.workload.text())
        seen.append(dialog.reviews_per_day.accessibleDescription() == dialog.workload.text())
        screenshot(settled(dialog), "ui-deck-options-limits-of-0")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, limits_of_0)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert seen[0].endswith(
        "For the 5 cards you have learnt in this deck, expect about 1 review a day, and no new "
        "cards. With Maximum reviews a day at 0, no card comes back for review: reviews pile up "
        "until you raise it."
    )
    assert seen[1] is True


def test_a_screen_reader_hears_how_to_write_steps_in_the_steps_fields(
    qtbot, make_window, services: Services
) -> None:
    """How steps are written (1m 10m; m minutes, h hours, d days) was only shown under the
    form: a screen reader in the field heard "Learning steps, 1m 10m" and no units."""
    window = make_window(services)
    heard: dict[str, str] = {}

    def listen(dialog) -> None:
        for _ in range(3):  # to the learning steps, then the relearning steps
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        for _ in range(2):
            field = dialog.focusWidget()
            heard[field.accessibleName()] = field.accessibleDescription()
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, listen)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert list(heard) == ["Learning steps", "Relearning steps"]
    for description in heard.values():
        assert "like “1m 10m” (m minutes, h hours, d days)" in description
        assert "from 1 minute to 365 days" in description


def press_enter(qtbot, dialog) -> None:
    press_in(qtbot, dialog, Qt.Key.Key_Return)


def click_save(_qtbot, dialog) -> None:
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    save.setFocus()  # as a click does before Save acts: the box loses the focus
    save.click()


@pytest.mark.parametrize("try_to_save", [press_enter, click_save], ids=["enter", "click"])
def test_a_retention_out_of_range_is_refused_not_put_back_silently(
    qtbot, make_window, services: Services, try_to_save
) -> None:
    """ "65 %" typed for the retention, then Enter: the box put 90 % back and the dialog
    closed, saved, without a word of the 65 the learner had seen typed. Once Enter was
    refused, a click on Save still did it: it takes the focus from the box first."""
    window = make_window(services)
    deck = services.decks.list_decks()[0].deck_id
    seen: list[object] = []

    def edit(dialog) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_R, ALT)  # "Desired &retention"
        retype(qtbot, dialog, "65")
        try_to_save(qtbot, dialog)
        seen.extend([dialog.isVisible(), dialog.error.text(), dialog.retention.text()])
        seen.append(dialog.focusWidget() is dialog.retention)
        retype(qtbot, dialog, "75")  # within range: the error goes, and Enter saves
        seen.append(dialog.error.isVisible())
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert seen == [True, "Desired retention: choose from 70 % to 99 %.", "65 %", True, False]
    assert services.decks.options(deck).desired_retention == 0.75


def test_deck_options_save_by_its_alt_letter_as_the_note_editor_does(
    qtbot, make_window, services: Services
) -> None:
    """Found on a tour: the note editor's Save has Alt+S, Deck options' Save had no letter."""
    make_window(services)
    deck = services.decks.list_decks()[0].deck_id

    def edit(dialog) -> None:
        retype(qtbot, dialog, "7")  # new cards a day
        press_in(qtbot, dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    qtbot.waitUntil(lambda: services.decks.options(deck).new_per_day == 7)
