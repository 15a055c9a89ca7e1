"""Edit, suspend, bury and "why now?" on a real collection, and undo of each in a session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_study_gentle import RecordingView, deck_id

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating, Undone
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession


def first_card(services: Services):
    card = services.study.next_card(deck_id(services))
    assert card is not None
    return card


def test_bury_hides_a_card_until_the_next_study_day(services: Services, clock: FixedClock) -> None:
    deck = deck_id(services)
    card = first_card(services)
    until = services.card_edits.bury_until_tomorrow(card.card_id)
    assert until > clock.now()
    assert services.study.queue_counts(deck).new == 4
    assert services.decks.list_decks()[0].new == 4
    assert first_card(services).card_id != card.card_id
    clock.set(until)
    assert services.study.queue_counts(deck).new == 5
    assert first_card(services).card_id == card.card_id


def test_suspend_and_unsuspend(services: Services) -> None:
    deck = deck_id(services)
    card = first_card(services)
    services.card_edits.suspend(card.card_id)
    assert services.study.queue_counts(deck).new == 4
    services.card_edits.unsuspend(card.card_id)
    assert services.study.queue_counts(deck).new == 5


def test_editing_a_note_changes_its_cards(services: Services) -> None:
    card = first_card(services)
    note = services.card_edits.note(card.card_id)
    assert note.fields["front"] == "What is alpha linked to?"
    before = services.card_edits.update_note(note.note_id, {"front": "Alpha goes with?"})
    assert before.fields["front"] == "What is alpha linked to?"
    assert before.added_cards == ()
    assert "Alpha goes with?" in services.study.card(card.card_id).question_html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"front": "  "}, r"the front \(the question\) is empty"),
        ({"text": "x"}, "no field 'text'"),
    ],
)
def test_invalid_edits_say_what_is_wrong_and_write_nothing(
    services: Services, fields: dict[str, str], message: str
) -> None:
    card = first_card(services)
    note = services.card_edits.note(card.card_id)
    with pytest.raises(ValueError, match=message):
        services.card_edits.update_note(note.note_id, fields)
    assert services.card_edits.note(card.card_id) == note


def test_a_cloze_edit_must_keep_the_deletions_its_cards_ask_about(services: Services) -> None:
    deck = deck_id(services)
    services.card_edits.suspend(first_card(services).card_id)
    cloze = None
    while cloze is None:
        card = first_card(services)
        if services.card_edits.note(card.card_id).kind == "cloze":
            cloze = card
        else:
            services.card_edits.suspend(card.card_id)
    note = services.card_edits.note(cloze.card_id)
    with pytest.raises(ValueError, match=r"no longer has a \{\{c2::…\}\} deletion"):
        services.card_edits.update_note(note.note_id, {"text": "{{c1::Alpha}} only."})
    with pytest.raises(ValueError, match="is not a cloze deletion"):
        services.card_edits.update_note(
            note.note_id, {"text": "{{c1::Alpha}} and {{c2::beta}} and {{c3:x}}"}
        )
    services.card_edits.update_note(note.note_id, {"text": "{{c1::Alpha}} then {{c2::beta}}."})
    assert "then" in services.study.card(cloze.card_id).question_html
    assert services.study.queue_counts(deck).new >= 1


def test_why_now_reports_last_seen_and_falling_recall(
    services: Services, clock: FixedClock
) -> None:
    card = first_card(services)
    fresh = services.study.recall_insight(card.card_id)
    assert (fresh.state, fresh.last_seen, fresh.recall_now) == (CardState.NEW, None, None)
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    answered_at = clock.now()
    clock.advance(timedelta(days=4))
    soon = services.study.recall_insight(card.card_id)
    clock.advance(timedelta(days=30))
    later = services.study.recall_insight(card.card_id)
    assert soon.last_seen == later.last_seen == answered_at
    assert soon.recall_now is not None and later.recall_now is not None
    assert 0 < later.recall_now < soon.recall_now < 1


def test_workload_grows_with_desired_retention(services: Services) -> None:
    deck = deck_id(services)
    empty = services.decks.workload(deck, 0.9)
    assert (empty.known_cards, empty.reviews_per_day) == (0, 0)
    assert empty.relative_load == pytest.approx(1, abs=0.001)
    for _ in range(3):
        card = first_card(services)
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    low, mid, high = (services.decks.workload(deck, r) for r in (0.8, 0.9, 0.95))
    assert low.known_cards == mid.known_cards == high.known_cards == 3
    assert 0 < low.reviews_per_day < mid.reviews_per_day < high.reviews_per_day
    assert high.relative_load > 2 > 1 > low.relative_load
    with pytest.raises(ValueError, match="retention"):
        services.decks.workload(deck, 0.5)


def test_day_rollover_is_validated(services: Services) -> None:
    services.decks.set_day_rollover_hour(6)
    assert services.decks.day_rollover_hour() == 6
    with pytest.raises(ValueError, match="hour 0 to 23"):
        services.decks.set_day_rollover_hour(24)


def test_session_undo_takes_back_suspend_bury_edit_and_answers_in_order(
    services: Services, clock: FixedClock
) -> None:
    view = RecordingView()
    sitting = StudySession(services.study, services.card_edits, clock, view, deck_id(services))
    sitting.start()
    assert sitting.card is not None
    first = sitting.card.card_id
    note = sitting.note()
    assert note is not None
    sitting.edit_note(note.note_id, {"back": "Factor A, edited"})
    sitting.reveal()
    sitting.rate(Rating.GOOD)
    assert sitting.card is not None
    second = sitting.card.card_id
    assert sitting.suspend_card()
    assert sitting.card is not None
    third = sitting.card.card_id
    assert sitting.bury_card()
    assert services.study.queue_counts(deck_id(services)).new == 2  # 5 less three

    assert sitting.undo() is Undone.BURY and sitting.card.card_id == third
    assert sitting.undo() is Undone.SUSPEND and sitting.card.card_id == second
    assert sitting.undo() is Undone.ANSWER and sitting.card.card_id == first
    assert sitting.answered == 0
    assert sitting.undo() is Undone.EDIT
    assert services.card_edits.note(first).fields["back"] == "Factor A"
    assert sitting.undo() is None
    assert services.study.queue_counts(deck_id(services)).new == 5


def test_a_new_cloze_number_written_while_studying_gets_its_card_until_undone(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    while services.card_edits.note(first_card(services).card_id).kind != "cloze":
        services.card_edits.suspend(first_card(services).card_id)
    new_before = services.study.queue_counts(deck).new
    sitting = StudySession(services.study, services.card_edits, clock, RecordingView(), deck)
    sitting.start()
    note = sitting.note()
    assert note is not None and sitting.card is not None
    text = note.fields["text"].rstrip(".") + " and {{c9::gamma}}."

    added = sitting.edit_note(note.note_id, {"text": text})

    assert added == 1
    assert services.study.queue_counts(deck).new == new_before + 1
    assert "gamma" in sitting.card.question_html  # the card on screen reads as edited
    assert sitting.undo() is Undone.EDIT
    assert services.study.queue_counts(deck).new == new_before
    assert services.card_edits.note(sitting.card.card_id).fields["text"] == note.fields["text"]
