"""Reading a collection that cannot be written: cards are gone past unanswered, each once."""

from __future__ import annotations

from datetime import timedelta

from test_study_gentle import RecordingView, deck_id

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.study import StudySet
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession


def reading(
    services: Services,
    clock: FixedClock,
    view: RecordingView,
    *,
    goal: SessionGoal | None = None,
    focus: StudySet | None = None,
) -> StudySession:
    sitting = StudySession(
        services.study,
        services.card_edits,
        clock,
        view,
        deck_id(services),
        goal=goal,
        focus=focus,
        reading=True,
    )
    sitting.start()
    return sitting


def gone_past(sitting: StudySession, view: RecordingView, most: int = 50) -> list[int]:
    """The cards ``sitting`` shows, each read to its answer and gone past, till it ends.

    Each is numbered in turn, of a total that stays as it was at the first.
    """
    shown: list[int] = []
    assert view.progress is not None
    total = view.progress.total
    while sitting.card is not None and len(shown) < most:
        shown.append(sitting.card.card_id)
        assert (view.progress.number, view.progress.total) == (len(shown), total)
        sitting.reveal()
        sitting.pass_card()
    return shown


def newest_answer(services: Services) -> int:
    return services.study.newest_answer_id()


def test_reading_goes_past_each_of_today_s_cards_once_within_the_limits(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    for _ in range(3):  # three of the small deck's five cards learnt: reviews in 10 days
        card = services.study.next_card(deck)
        assert card is not None
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    clock.advance(timedelta(days=10))
    services.decks.set_options(deck, DeckOptions(new_per_day=1, reviews_per_day=2))
    due = services.study.queue_counts(deck)
    assert (due.review, due.new) == (2, 1)
    logged = newest_answer(services)

    view = RecordingView()
    sitting = reading(services, clock, view)
    assert view.progress is not None and view.progress.total == 3
    shown = gone_past(sitting, view)

    # Each card once, and no more new cards or reviews than studying would bring: passing
    # one is not answering it, but it takes its place in today's limits.
    assert len(shown) == len(set(shown)) == 3
    states = [services.study.card(card).state.state for card in shown]
    assert states == [CardState.REVIEW, CardState.REVIEW, CardState.NEW]
    assert view.shown[-1] == "finished"
    assert view.finished is not None
    assert (view.finished.read_unsaved, view.finished.reviewed) == (3, 0)
    assert newest_answer(services) == logged  # nothing was written
    assert services.study.queue_counts(deck) == due  # they stay due


def test_reading_holds_back_a_passed_card_s_new_siblings_as_an_answer_does(
    services: Services, clock: FixedClock
) -> None:
    """Found in a review: the second card of a note came straight after its first (the
    small deck's notes have 1, 2 and 2 cards), where studying keeps it for another day."""
    view = RecordingView()
    sitting = reading(services, clock, view)
    shown: list[int] = []
    while sitting.card is not None and len(shown) < 10:
        shown.append(sitting.card.card_id)
        sitting.reveal()
        sitting.pass_card()
        assert view.progress is not None
        if sitting.card is not None:  # what is left holds no sibling of a card passed
            assert view.progress.total == len(shown) + view.progress.counts.total

    notes = [services.card_edits.note(card).note_id for card in shown]
    assert len(notes) == len(set(notes)) == 3  # one card of each note, as studying gives
    assert view.finished is not None and view.finished.read_unsaved == 3


def test_reading_a_focused_set_goes_past_each_of_its_cards_once(
    services: Services, clock: FixedClock
) -> None:
    cards = services.focus.factor_cards(deck_id(services), "a")
    assert len(cards.card_ids) > 2
    view = RecordingView()
    shown = gone_past(reading(services, clock, view, focus=cards), view)
    assert sorted(shown) == sorted(cards.card_ids)
    assert view.finished is not None and view.finished.read_unsaved == len(cards.card_ids)


def test_a_gentle_goal_counts_the_cards_read(services: Services, clock: FixedClock) -> None:
    view = RecordingView()
    sitting = reading(services, clock, view, goal=SessionGoal(cards=3))
    assert view.progress is not None and view.progress.total == 3
    assert len(gone_past(sitting, view)) == 3
    assert view.finished is not None and view.finished.read_unsaved == 3


def test_a_session_that_saves_answers_goes_past_no_card(
    services: Services, clock: FixedClock
) -> None:
    view = RecordingView()
    sitting = StudySession(services.study, services.card_edits, clock, view, deck_id(services))
    sitting.start()
    card = sitting.card
    sitting.reveal()
    sitting.pass_card()  # not reading: only an answer moves on
    assert sitting.card == card
    sitting.rate(Rating.GOOD)
    assert sitting.card != card and sitting.summary().read_unsaved == 0
