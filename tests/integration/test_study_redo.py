"""Redo in Study: a step taken back by Ctrl+Z is done again exactly by Ctrl+Shift+Z."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from test_study_gentle import RecordingView, deck_id

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating, Undone
from fibrolearn.domain.study import ChangedSinceError
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession
from fibrolearn.services.study_steps import StepHistory
from fibrolearn.storage.card_edits import set_buried_until, set_suspended
from stored_rows import state


def sitting(services: Services, clock: FixedClock, history: StepHistory | None = None):
    view, deck = RecordingView(), deck_id(services)
    session = StudySession(services.study, services.card_edits, clock, view, deck, history=history)
    session.start()
    assert session.card is not None
    return session


def answer(session: StudySession, clock: FixedClock, rating: Rating = Rating.GOOD) -> int:
    """Answer the card on screen after 7 seconds; its id."""
    assert session.card is not None
    card = session.card.card_id
    clock.advance(timedelta(seconds=7))
    session.reveal()
    session.rate(rating)
    return card


def test_a_redone_answer_is_the_same_answer_at_its_first_time_not_a_new_one(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    session = sitting(services, clock)
    answer(session, clock, Rating.GOOD)
    answered = answer(session, clock, Rating.HARD)
    after = state(paths.collection)
    summary = session.summary()
    assert session.undo() is Undone.ANSWER
    assert session.card is not None and session.card.card_id == answered
    clock.advance(timedelta(hours=3))  # a redo at a new "now" would schedule otherwise

    assert session.redo() is Undone.ANSWER

    assert state(paths.collection) == after  # the log row, its id and the card, as they were
    assert session.answered == 2
    # All but when the learning cards come back, which is counted from now.
    assert replace(session.summary(), learning_back_in=None) == replace(
        summary, learning_back_in=None
    )
    assert session.card is not None and session.card.state.reps > 0  # answered: moved on
    assert session.undo() is Undone.ANSWER  # and back again
    assert session.redo() is Undone.ANSWER
    assert state(paths.collection) == after


@pytest.mark.parametrize("kind", [Undone.SUSPEND, Undone.BURY, Undone.EDIT])
def test_suspend_bury_and_edit_are_redone_exactly(
    services: Services, paths: AppPaths, clock: FixedClock, kind: Undone
) -> None:
    session = sitting(services, clock)
    assert session.card is not None
    card = session.card.card_id
    if kind is Undone.EDIT:
        note = session.note()
        assert note is not None
        clock.advance(timedelta(minutes=1))
        session.edit_note(note.note_id, {"back": "Factor A, edited"}, "edited mine")
    else:
        assert (session.suspend_card if kind is Undone.SUSPEND else session.bury_card)()
    after = state(paths.collection)
    assert session.undo() is kind
    clock.advance(timedelta(minutes=5))

    assert session.redo() is kind

    assert state(paths.collection) == after
    assert session.card is not None
    assert (session.card.card_id == card) is (kind is Undone.EDIT)  # set aside: the next


def test_steps_undone_are_redone_newest_undone_first_and_a_new_step_clears_them(
    services: Services, clock: FixedClock
) -> None:
    session = sitting(services, clock)
    answer(session, clock)
    assert session.suspend_card()
    session.undo()
    session.undo()
    assert session.redo() is Undone.ANSWER
    assert session.redo() is Undone.SUSPEND
    assert session.redo() is None  # nothing more
    session.undo()
    answer(session, clock)  # a new step
    assert session.redo() is None


def test_a_redo_over_a_card_answered_elsewhere_since_refuses_and_is_kept(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    session = sitting(services, clock)
    answered = answer(session, clock)
    after = state(paths.collection)
    session.undo()
    elsewhere = services.study.answer(  # another window on the collection, say
        answered, Rating.EASY, 1000, shown_state=services.study.card(answered).state
    )
    changed = state(paths.collection)

    with pytest.raises(ChangedSinceError, match="answered or rescheduled since"):
        session.redo()

    assert state(paths.collection) == changed
    services.study.take_back(elsewhere.review_id)  # that answer taken back there
    assert session.redo() is Undone.ANSWER  # the step was kept
    assert state(paths.collection) == after


def test_redo_goes_with_the_history_to_a_session_opened_again(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    history = StepHistory()
    session = sitting(services, clock, history)
    answer(session, clock)
    after = state(paths.collection)
    session.undo()
    assert history.newest_undone() is not None
    again = sitting(services, clock, history)  # left and came back
    assert again.redo() is Undone.ANSWER
    assert state(paths.collection) == after


def test_a_step_on_a_card_deleted_since_cannot_be_redone(
    services: Services, clock: FixedClock
) -> None:
    history = StepHistory()
    session = sitting(services, clock, history)
    card = answer(session, clock)
    session.undo()
    services.notes.delete([card])
    with pytest.raises(ValueError, match="no longer exists"):
        session.redo()
    assert history.newest_undone() is None


def test_a_redo_in_a_later_session_of_the_deck_counts_there_and_keeps_its_mark(
    services: Services, clock: FixedClock
) -> None:
    """Found in review: the redo put back the first session's mark, so the second one's
    summary counted the first one's answers as its own."""
    history = StepHistory()
    first = sitting(services, clock, history)
    for _ in range(3):
        answer(first, clock)
    assert first.undo() is Undone.ANSWER
    first.stop()
    clock.advance(timedelta(minutes=10))
    second = sitting(services, clock, history)  # Study on the same deck from the deck list
    assert second.summary().reviewed == 0

    assert second.redo() is Undone.ANSWER

    assert (second.answered, second.summary().reviewed) == (1, 1)


def test_undo_and_redo_of_an_earlier_session_s_answer_leave_the_count_as_it_was(
    services: Services, clock: FixedClock
) -> None:
    history = StepHistory()
    first = sitting(services, clock, history)
    answer(first, clock)
    answer(first, clock)
    first.stop()
    second = sitting(services, clock, history)  # the same deck again
    assert second.undo() is Undone.ANSWER  # the first session's answer
    assert second.redo() is Undone.ANSWER
    assert (second.answered, second.summary().reviewed) == (0, 0)


def test_a_bury_whose_card_was_shown_again_before_the_undo_is_not_redone(
    services: Services, clock: FixedClock
) -> None:
    """Found in review: an Anki import's schedule clears a bury; redoing it then failed an
    assertion, which reached the window as an error."""
    session = sitting(services, clock)
    assert session.card is not None
    card = session.card.card_id
    assert session.bury_card()
    services.card_edits.unbury(card)  # as an import's schedule writes buried_until = NULL
    assert session.undo() is Undone.BURY

    with pytest.raises(ValueError, match="shown again since it was set aside"):
        session.redo()
    assert session.redo() is None  # dropped: nothing left to redo


@pytest.mark.parametrize("kind", [Undone.SUSPEND, Undone.BURY])
def test_a_set_aside_redone_over_a_card_suspended_in_browse_since_refuses_and_is_kept(
    services: Services, paths: AppPaths, clock: FixedClock, kind: Undone
) -> None:
    """Found in review: the redo suspended (or buried) the card over Browse's suspend; Browse's
    Ctrl+Z then put it back into study, though the redo, newer, had taken it out."""
    session = sitting(services, clock)
    assert session.card is not None
    card = session.card.card_id
    assert (session.suspend_card if kind is Undone.SUSPEND else session.bury_card)()
    after = state(paths.collection)
    assert session.undo() is kind
    services.notes.toggle_suspended([card])  # Browse's Ctrl+J, meanwhile
    suspended = state(paths.collection)

    with pytest.raises(ChangedSinceError, match="suspended since that"):
        session.redo()

    assert state(paths.collection) == suspended
    services.notes.undo()  # that suspend undone in Browse
    assert session.redo() is kind  # the step was kept
    assert state(paths.collection) == after


def test_a_suspend_taken_back_once_the_card_is_back_in_study_is_dropped_not_kept(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Found in review: kept, the step stopped every older one being undone, and its message
    sent the learner to Browse, which could hold no such change (an import put the card
    back). Nothing is written, and the next Ctrl+Z goes further back."""
    session = sitting(services, clock)
    answered = answer(session, clock)
    assert session.card is not None
    card = session.card.card_id
    assert session.suspend_card()
    with services.database.write() as rows:  # as an import's newer copy of the card writes
        set_suspended(rows, card, False)
    restored = state(paths.collection)

    with pytest.raises(ValueError, match="already back in study") as refused:
        session.undo()

    assert not isinstance(refused.value, ChangedSinceError)
    assert state(paths.collection) == restored
    assert session.undo() is Undone.ANSWER  # the answer before it, taken back
    assert session.card is not None and session.card.card_id == answered


def test_a_bury_redone_over_a_card_an_import_buried_since_refuses(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    session = sitting(services, clock)
    assert session.card is not None
    card = session.card.card_id
    assert session.bury_card()
    assert session.undo() is Undone.BURY
    with services.database.write() as rows:  # as an import's schedule writes buried_until
        set_buried_until(rows, card, clock.now() + timedelta(days=3))
    imported = state(paths.collection)

    with pytest.raises(ChangedSinceError, match="buried by an import since that bury"):
        session.redo()

    assert state(paths.collection) == imported
