"""The session summary says why new cards wait: the daily limit, or a card of their note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_driving import press

from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.gentle import Energy
from fibrolearn.services.container import Services


def summary_after_every_card(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    """Study the deck to its end, each card Easy; the summary's words."""
    press(qtbot, Qt.Key.Key_Return)
    study = window.study
    while study.session.card is not None:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_4)
    return study.summary_label.text()


def test_new_cards_held_back_by_their_notes_other_card_do_not_send_to_deck_options(
    qtbot, make_window, services: Services
) -> None:
    """Found in a bug hunt: the reversed card and the second cloze of notes studied today
    waited for tomorrow, as Anki's new siblings do, but the summary said "2 new cards wait
    for the coming days (how many a day: Tools ▸ Deck options)": raising the limit there
    brought neither."""
    summary = summary_after_every_card(qtbot, make_window(services))
    assert "2 new cards wait for tomorrow, as another card of the same note came up" in summary
    assert "Deck options" not in summary


def test_new_cards_held_back_by_the_daily_limit_say_where_it_is_set(
    qtbot, make_window, services: Services
) -> None:
    deck_id = services.decks.list_decks()[0].deck_id
    services.decks.set_options(deck_id, DeckOptions(new_per_day=1))
    summary = summary_after_every_card(qtbot, make_window(services))
    assert "4 new cards wait for the coming days (how many a day: Tools ▸ Deck options)" in summary


def test_new_cards_held_back_by_a_low_energy_check_in_say_so_not_deck_options(
    qtbot, make_window, services: Services
) -> None:
    """Found in a bug hunt: after a gentle session's "Low" check-in, a normal session ended on
    "N new cards wait for the coming days (how many a day: Tools ▸ Deck options)", and Deck
    options still showed 20: the check-in was what held them."""
    services.gentle.check_in(Energy.LOW)
    summary = summary_after_every_card(qtbot, make_window(services))
    assert "wait for another day, as today's energy check-in asked for fewer new cards" in summary
    assert "Deck options" not in summary
