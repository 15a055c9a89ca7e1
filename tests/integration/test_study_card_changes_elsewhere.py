"""The card on the study screen deleted, answered or edited elsewhere (Browse) meanwhile."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.due_dates import DueDays
from fibrolearn.domain.enums import NoteKind, Rating, Undone
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.study import SessionProgress, SessionSummary, StudyCard
from fibrolearn.services.card_resets import ForgetChoices
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession
from fibrolearn.services.study_steps import StepHistory
from fibrolearn.storage.models import CardRecord, ReviewRecord


@dataclass
class View:
    shown: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    card: StudyCard | None = None
    counts: list[int] = field(default_factory=list)  # cards left, as each progress showed

    def show_question(self, card: StudyCard, progress: SessionProgress) -> None:
        self.shown.append(f"question {card.card_id}")
        self.card = card
        self.counts.append(progress.counts.total)

    def show_progress(self, progress: SessionProgress) -> None:
        self.shown.append("progress")
        self.counts.append(progress.counts.total)

    def show_answer(self, card: StudyCard) -> None:
        self.shown.append(f"answer {card.card_id}")

    def show_paused(self, progress: SessionProgress) -> None:
        self.shown.append("paused")

    def show_finished(self, summary: SessionSummary, goal: SessionGoal | None) -> None:
        self.shown.append("finished")

    def show_notice(self, text: str) -> None:
        self.notices.append(text)


def studying(services: Services, clock: FixedClock, view: View, **kwargs) -> StudySession:
    deck = services.decks.list_decks()[0].deck_id
    session = StudySession(services.study, services.card_edits, clock, view, deck, **kwargs)
    session.start()
    return session


def revealed(
    services: Services, clock: FixedClock, view: View | None = None
) -> tuple[View, StudySession]:
    """A session with its first card turned over (on a new ``View`` unless given one)."""
    view = view if view is not None else View()
    session = studying(services, clock, view)
    session.reveal()
    return view, session


def schedule_of(services: Services, card_id: int) -> tuple:
    with services.database.read() as session:
        card = session.get(CardRecord, card_id)
        assert card is not None
        return card.state, card.stability, card.due, card.last_review


def reviews_of(services: Services, card_id: int) -> int:
    with services.database.read() as session:
        query = select(func.count()).where(ReviewRecord.card_id == card_id)
        return session.scalar(query) or 0


def test_a_card_deleted_while_shown_is_not_answered_and_the_next_one_comes(
    services: Services, clock: FixedClock
) -> None:
    view, session = revealed(services, clock)
    gone = session.card.card_id
    services.notes.delete([gone])
    session.rate(Rating.GOOD)
    assert view.notices == [
        "The card on screen was deleted in the meantime, so that answer was not kept. "
        "Here is the next card."
    ]
    assert view.card is not None and view.card.card_id != gone
    assert session.answered == 0 and not session.revealed


def test_coming_back_to_study_moves_on_from_a_deleted_card(
    services: Services, clock: FixedClock
) -> None:
    view = View()
    session = studying(services, clock, view)
    gone = session.card.card_id
    services.notes.delete([gone])
    assert session.recheck()
    assert view.notices == [
        "The card on screen was deleted in the meantime, so here is the next card."
    ]
    assert view.card.card_id != gone
    assert not session.recheck()  # nothing changed since


def assert_moved_on_from(
    suspended: int, notice: str, view, session: StudySession, services: Services
) -> None:
    """The session said ``notice`` and shows the next card; an answer goes to that one."""
    assert view.notices == [notice]
    assert view.card.card_id != suspended and not session.revealed
    session.reveal()
    session.rate(Rating.GOOD)
    assert reviews_of(services, suspended) == 0  # the answer went to the card shown


def test_coming_back_to_study_moves_on_from_a_card_suspended_meanwhile(
    services: Services, clock: FixedClock
) -> None:
    view, session = revealed(services, clock)
    suspended = session.card.card_id
    services.notes.toggle_suspended([suspended])  # Browse's Ctrl+J on the card
    assert session.recheck()
    assert_moved_on_from(
        suspended,
        "The card on screen was suspended or set aside in the meantime, so here is the next card.",
        view,
        session,
        services,
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda services, card: services.notes.delete([card]),
        # Suspended in Browse, then the app closed there (found in a hunt).
        lambda services, card: services.notes.toggle_suspended([card]),
    ],
    ids=["deleted", "suspended"],
)
def test_a_saved_place_on_a_card_changed_since_resumes_on_the_next_one(
    services: Services, clock: FixedClock, change
) -> None:
    view = View()
    session = studying(services, clock, view)
    changed = session.card.card_id  # its place is saved: a restart would show it
    change(services, changed)
    again = View()
    deck = services.decks.list_decks()[0].deck_id
    StudySession(services.study, services.card_edits, clock, again, deck).start(
        services.study.saved_position()
    )
    assert again.card is not None and again.card.card_id != changed


def test_a_card_answered_elsewhere_is_not_answered_twice(
    services: Services, clock: FixedClock
) -> None:
    view, session = revealed(services, clock)
    card = session.card
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    session.rate(Rating.AGAIN)
    assert reviews_of(services, card.card_id) == 1  # only the answer given elsewhere
    assert "answered or rescheduled elsewhere" in view.notices[0]


def test_an_edited_card_is_shown_as_it_now_reads_on_the_same_side(
    services: Services, clock: FixedClock
) -> None:
    view, session = revealed(services, clock)
    card = session.card
    note = services.notes.note_of_card(card.card_id)
    old = note.draft
    if old.kind is NoteKind.CLOZE:
        draft = replace(old, text=old.text + " Edited.")
    else:
        draft = replace(old, front=old.front + " (edited)", back=old.back + " (edited)")
    services.notes.edit(note.note_id, draft)
    assert session.recheck()
    assert view.shown[-2:] == [f"question {card.card_id}", f"answer {card.card_id}"]
    assert "edited" in view.card.question_html.lower() + view.card.answer_html.lower()
    assert view.notices == []


def test_new_times_of_the_ratings_are_shown_on_the_card_on_screen(
    services: Services, clock: FixedClock
) -> None:
    view, session = revealed(services, clock)
    card = session.card
    assert card.intervals[Rating.GOOD] == timedelta(minutes=10)
    options = services.decks.options(card.deck_id)  # Deck options, saved over the card
    steps = (timedelta(minutes=2), timedelta(minutes=30))
    services.decks.set_options(card.deck_id, options._replace(learning_steps=steps))
    assert not session.recheck()  # the same card, on the same side
    assert view.shown[-2:] == [f"answer {card.card_id}", f"answer {card.card_id}"]
    assert session.card.intervals[Rating.GOOD] == timedelta(minutes=30)
    assert view.notices == []
    assert not session.recheck()
    assert view.shown[-1] == f"answer {card.card_id}" and len(view.shown) == 3


def test_undoing_an_answer_whose_card_was_deleted_says_the_card_is_gone(
    services: Services, clock: FixedClock
) -> None:
    _view, session = revealed(services, clock)
    answered = session.card.card_id
    session.rate(Rating.GOOD)
    services.notes.delete([answered])
    with pytest.raises(ValueError, match="the card of that step no longer exists"):
        session.undo()


@pytest.mark.parametrize(
    ("step", "undone"),
    [
        (lambda session: session.rate(Rating.GOOD), Undone.ANSWER),
        (StudySession.bury_card, Undone.BURY),
    ],
    ids=["answer", "bury"],
)
def test_a_step_taken_back_on_a_card_suspended_since_does_not_study_it(
    services: Services, clock: FixedClock, step, undone: Undone
) -> None:
    """Found in an undo hunt: the card came back on screen, suspended, and was answered."""
    view, session = revealed(services, clock)
    suspended = session.card.card_id
    step(session)
    services.notes.toggle_suspended([suspended])  # Browse's Ctrl+J, meanwhile
    assert session.undo() is undone
    assert reviews_of(services, suspended) == 0
    assert_moved_on_from(
        suspended,
        "That card is suspended or set aside (in Browse, say), so here is the next card.",
        view,
        session,
        services,
    )


def test_the_steps_of_a_gentle_session_remember_its_goal(
    services: Services, clock: FixedClock
) -> None:
    history = StepHistory()
    goal = SessionGoal(cards=3)
    session = studying(services, clock, View(), goal=goal, history=history)
    session.reveal()
    session.rate(Rating.GOOD)
    assert history.newest_shape().goal == goal  # Ctrl+Z from Decks restarts it as gentle


def test_a_gentle_session_reopened_by_undo_goes_on_from_the_answers_it_kept(
    services: Services, clock: FixedClock
) -> None:
    history = StepHistory()
    session = studying(services, clock, View(), goal=SessionGoal(cards=3), history=history)
    for _ in range(3):
        session.reveal()
        session.rate(Rating.GOOD)
    session.stop()  # finished; back to the deck list, then Ctrl+Z reopens it as it was
    shape = history.newest_shape()
    view = View()
    again = studying(services, clock, view, goal=shape.goal, reopened=shape, history=history)
    assert view.shown == ["finished"]  # its three answers are still in the log
    assert again.undo() is not None
    assert again.answered == 2 and again.progress().number == 3  # "Card 3 of 3"
    again.reveal()
    again.rate(Rating.GOOD)
    assert view.shown[-1] == "finished"
    assert again.summary().reviewed == 3


def test_coming_back_shows_the_counts_left_as_they_now_are(
    services: Services, clock: FixedClock
) -> None:
    view, session = revealed(services, clock)
    shown = session.card.card_id
    every = services.browse.card_ids(CardQuery(services.browse.parse("")), 0, 100)
    services.notes.toggle_suspended([c for c in every if c != shown][:2])  # in Browse
    assert view.counts == [5]
    session.refresh()
    assert view.shown[-1] == "progress" and view.counts == [5, 3]
    assert session.revealed and session.card.card_id == shown  # the card stays as it was


def test_a_session_over_for_want_of_cards_goes_on_with_cards_added_since(
    services: Services, clock: FixedClock
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    every = services.browse.card_ids(CardQuery(services.browse.parse("")), 0, 100)
    services.notes.toggle_suspended(every)
    view = View()
    session = studying(services, clock, view)
    assert view.shown == ["finished"]
    session.refresh()  # nothing came: the summary, read again
    assert view.shown == ["finished", "finished"]
    services.notes.add(deck, NoteDraft(NoteKind.BASIC, "Added in Browse?", "Yes"))
    session.refresh()
    assert view.card is not None and "Added in Browse" in view.card.question_html
    assert view.shown[-1] == f"question {view.card.card_id}"


def test_a_session_over_for_its_goal_stays_over(services: Services, clock: FixedClock) -> None:
    view = View()
    session = studying(services, clock, view, goal=SessionGoal(cards=1))
    session.reveal()
    session.rate(Rating.GOOD)
    assert view.shown[-1] == "finished"
    session.refresh()
    assert view.shown[-1] == "finished" and session.card is None


def test_coming_back_to_a_session_over_for_want_of_cards_adds_no_study_time(
    services: Services, clock: FixedClock
) -> None:
    """Found in review: each visit to a finished session counted the time since the last
    one (up to a minute a visit) as study, using up a timed goal before a card came."""
    every = services.browse.card_ids(CardQuery(services.browse.parse("")), 0, 100)
    services.notes.toggle_suspended(every)
    view = View()
    session = studying(services, clock, view, goal=SessionGoal(minutes=5))
    assert view.shown == ["finished"]
    for _ in range(5):  # away in Browse and back, a few times
        clock.advance(timedelta(minutes=2))
        session.refresh()
    assert session.study_seconds() == 0
    services.notes.toggle_suspended(every[:1])  # unsuspended in Browse
    clock.advance(timedelta(minutes=2))
    session.refresh()
    assert view.card is not None and session.study_seconds() == 0
    assert session.progress().minutes_left == 5


@pytest.mark.parametrize(
    "change",
    [
        lambda services, card: services.notes.forget([card], ForgetChoices()),
        lambda services, card: services.notes.set_due([card], DueDays(5, 5)),
    ],
    ids=["forget", "set due date"],
)
def test_undoing_an_answer_waits_for_a_newer_forget_or_due_date_to_be_undone_first(
    services: Services, clock: FixedClock, change
) -> None:
    """Undo took the card back to before the answer, silently wiping the newer Forget."""
    _view, session = revealed(services, clock)
    answered = session.card.card_id
    session.rate(Rating.GOOD)
    change(services, answered)
    changed = schedule_of(services, answered)
    with pytest.raises(ValueError, match="Undo that change in Browse first"):
        session.undo()
    assert schedule_of(services, answered) == changed
    assert reviews_of(services, answered) == 1
    services.notes.undo()  # Browse's Ctrl+Z: the newest change goes first
    assert session.undo() is Undone.ANSWER
    assert reviews_of(services, answered) == 0


@pytest.mark.parametrize(
    "change",
    [
        lambda services, cards: services.notes.forget(cards, ForgetChoices()),
        lambda services, cards: services.notes.set_due(cards, DueDays(0, 0)),
    ],
    ids=["forget", "set due date"],
)
def test_undoing_a_forget_or_due_date_keeps_a_card_studied_since(
    services: Services, clock: FixedClock, change
) -> None:
    """Browse's undo put back the state from before the Forget, wiping the answer since."""
    _view, session = revealed(services, clock)
    first = session.card.card_id
    session.rate(Rating.GOOD)
    second = session.card.card_id
    session.reveal()
    session.rate(Rating.GOOD)
    clock.advance(timedelta(minutes=1))
    answered = schedule_of(services, first)
    change(services, [first, second])
    clock.advance(timedelta(minutes=1))
    services.study.answer(second, Rating.EASY, 1000, shown_state=services.study.card(second).state)
    studied = schedule_of(services, second)

    report = services.notes.undo()

    assert report is not None and report.message.endswith(
        "1 card studied since stayed as studied, so no answer is lost."
    )
    assert schedule_of(services, second) == studied
    assert schedule_of(services, first) == answered  # put back
