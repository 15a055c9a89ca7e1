"""Low-energy days: the energy check-in, backlog spreading, and gentle sessions that resume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from driver_faults import disk_full, failing_writes, faulty_connections
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.gentle import BacklogStatus, Energy, SessionGoal
from fibrolearn.domain.study import SessionProgress, SessionSummary, StudyCard, StudySet
from fibrolearn.domain.words import backlog_plan_words
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession
from studying import answer


@dataclass
class RecordingView:
    """A plain stand-in for the study screen."""

    shown: list[str] = field(default_factory=list)
    progress: SessionProgress | None = None
    finished: SessionSummary | None = None

    def show_question(self, card: StudyCard, progress: SessionProgress) -> None:
        self.shown.append(f"question {card.card_id}")
        self.progress = progress

    def show_answer(self, card: StudyCard) -> None:
        self.shown.append(f"answer {card.card_id}")

    def show_paused(self, progress: SessionProgress) -> None:
        self.shown.append("paused")
        self.progress = progress

    def show_finished(self, summary: SessionSummary, goal: SessionGoal | None) -> None:
        self.shown.append("finished")
        self.finished = summary

    def show_notice(self, text: str) -> None:
        self.shown.append(f"notice: {text}")


def deck_id(services: Services) -> int:
    return services.decks.list_decks()[0].deck_id


def session(
    services: Services, clock: FixedClock, view: RecordingView, goal: SessionGoal | None = None
) -> StudySession:
    return StudySession(
        services.study, services.card_edits, clock, view, deck_id(services), goal=goal
    )


def test_energy_check_in_lowers_new_cards_for_that_study_day_only(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    services.decks.set_options(deck, DeckOptions(new_per_day=4))
    assert services.gentle.energy_today() is None
    services.gentle.check_in(Energy.SOME)
    assert services.gentle.energy_today() is Energy.SOME
    assert services.study.queue_counts(deck).new == 3  # half of 4, but never below a low day
    assert services.decks.list_decks()[0].new == 3
    services.gentle.check_in(Energy.LOW)  # a few new cards, never none (nothing else waits)
    assert services.study.queue_counts(deck).new == 3
    assert services.study.next_card(deck) is not None
    services.gentle.check_in(None)  # "rather not say", asked again the same day
    assert services.gentle.energy_today() is None
    assert services.study.queue_counts(deck).new == 4
    services.gentle.check_in(Energy.LOW)
    clock.advance(timedelta(days=1))  # a new study day asks again
    assert services.gentle.energy_today() is None
    assert services.study.queue_counts(deck).new == 4


@pytest.mark.parametrize("usual", [1, 2, 4, 5])
def test_some_energy_never_offers_fewer_new_cards_than_low_energy(
    services: Services, usual: int
) -> None:
    """Found in a bug hunt: with a deck of 4 new cards a day, "Some" energy offered 2 and
    "Low" 3, and with 1 a day "Some" offered none at all: more energy, less to study."""
    deck = deck_id(services)
    services.decks.set_options(deck, DeckOptions(new_per_day=usual))
    offered = {}
    for energy in Energy:
        services.gentle.check_in(energy)
        offered[energy] = services.study.queue_counts(deck).new
    assert 0 < offered[Energy.LOW] <= offered[Energy.SOME] <= offered[Energy.GOOD]


def test_an_energy_answer_already_noted_today_is_not_written_again(services: Services) -> None:
    """A gentle session's check-in is asked each time: "rather not say" with nothing noted,
    or the same answer again, needs no write (which a disk that filled would refuse)."""
    writes_refused = failing_writes(("INSERT", "UPDATE", "DELETE"), disk_full)
    with faulty_connections(services.database.engine, writes_refused):
        services.gentle.check_in(None)
    services.gentle.check_in(Energy.LOW)
    with faulty_connections(services.database.engine, writes_refused):
        services.gentle.check_in(Energy.LOW)
        with pytest.raises(Exception, match="disk is full"):
            services.gentle.check_in(Energy.GOOD)
    assert services.gentle.energy_today() is Energy.LOW


def learn_all_then_leave(services: Services, clock: FixedClock, days: int) -> list[int]:
    """Learn every card (Easy) on staggered days, then stay away for ``days``."""
    deck = deck_id(services)
    learnt = []
    for _ in range(5):
        card = services.study.next_card(deck)
        assert card is not None and card.card_id not in learnt
        services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
        learnt.append(card.card_id)
        clock.advance(timedelta(days=1))  # different last reviews, so different recall
    clock.advance(timedelta(days=days))
    return learnt


def test_a_backlog_spreads_over_days_most_at_risk_first(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    learnt = learn_all_then_leave(services, clock, days=120)
    waiting = services.decks.deck_list().backlogs[deck]
    assert waiting.waiting == len(learnt) == 5 and not waiting.planned
    status = services.gentle.spread_backlog(deck, days=3)
    assert (status.waiting, status.per_day, status.planned) == (5, 2, True)
    assert services.study.queue_counts(deck).review == 2

    insights = {cid: services.study.recall_insight(cid).recall_now for cid in learnt}
    first = services.study.next_card(deck)
    assert first is not None
    assert insights[first.card_id] == min(insights.values())  # the most likely forgotten
    services.study.answer(first.card_id, Rating.GOOD, 1000, shown_state=first.state)
    second = services.study.next_card(deck)
    assert second is not None
    services.study.answer(second.card_id, Rating.GOOD, 1000, shown_state=second.state)
    assert services.study.next_card(deck) is None  # today's share is done
    assert services.decks.deck_list().backlogs[deck].waiting == 3

    clock.advance(timedelta(days=1))
    assert services.study.queue_counts(deck).review == 2  # the next day's share
    services.gentle.stop_spreading(deck)
    assert services.study.queue_counts(deck).review == 3


def test_a_finished_plan_ends_and_a_later_backlog_is_counted_and_spread_again(
    services: Services, clock: FixedClock
) -> None:
    """Once its reviews are done a plan is over: the next long absence is a backlog of its own."""
    deck = deck_id(services)
    learnt = learn_all_then_leave(services, clock, days=120)
    services.gentle.spread_backlog(deck, days=2)  # 5 reviews, 3 a day
    answer(services, 3)
    clock.advance(timedelta(days=1))
    answer(services, 2)
    done = BacklogStatus(waiting=0, review_limit=DeckOptions().reviews_per_day)
    assert services.decks.deck_list().backlogs[deck] == done  # no plan left

    clock.advance(timedelta(days=3650))  # away again, long enough for every card to be due
    assert services.decks.deck_list().backlogs[deck] == done._replace(waiting=len(learnt))
    again = services.gentle.spread_backlog(deck, days=2)
    assert (again.waiting, again.per_day) == (5, 3)
    assert services.study.queue_counts(deck).review == 3
    services.gentle.stop_spreading(deck)  # "Offer all waiting reviews again" still works
    assert services.study.queue_counts(deck).review == 5


def test_reviews_a_spread_plan_keeps_for_its_days_are_not_called_held_by_the_limit(
    services: Services, clock: FixedClock
) -> None:
    """Found in a review: with 5 waiting reviews spread over 2 days, today's 3 done, the end
    of the session said "2 due reviews wait for another day, as your daily limits allow no
    more today (reviews a day: Tools ▸ Deck options)": the learner's own plan kept them, and
    raising the limit there changed nothing."""
    deck = deck_id(services)
    learn_all_then_leave(services, clock, days=120)
    services.gentle.spread_backlog(deck, days=2)  # 5 reviews, 3 a day
    answer(services, 3)
    assert services.study.session_summary(deck, 0).reviews_held == 0

    # What a limit of 0 holds back is still said: the plan's share for the day, its last 2.
    clock.advance(timedelta(days=1))
    services.decks.set_options(deck, services.decks.options(deck)._replace(reviews_per_day=0))
    assert services.study.session_summary(deck, 0).reviews_held == 2


def test_a_plan_past_its_days_keeps_its_pace_and_says_what_is_left(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    learn_all_then_leave(services, clock, days=120)
    services.gentle.spread_backlog(deck, days=3)  # 5 reviews, 2 a day
    answer(services, 2)
    clock.advance(timedelta(days=4))  # days without study: the 3 days planned are gone
    status = services.decks.deck_list().backlogs[deck]
    assert (status.waiting, status.planned, status.days_left) == (3, True, 2)
    assert services.study.queue_counts(deck).review == 2  # the same pace, not all at once
    assert backlog_plan_words(status) == (
        "3 older reviews are spread over 2 days: about 2 a day, the ones you are most likely "
        "to forget first."
    )
    answer(services, 2)
    status = services.decks.deck_list().backlogs[deck]
    assert backlog_plan_words(status) == "Spreading is nearly done: 1 older review left."
    clock.advance(timedelta(days=1))
    answer(services, 1)
    assert not services.decks.deck_list().backlogs[deck].planned


def test_the_deck_list_says_when_the_review_limit_holds_a_plan_back(
    services: Services, clock: FixedClock
) -> None:
    """Found in a review: 3,000 reviews spread over 7 days read "about 429 a day" in the deck
    list, under a 200-a-day review limit that let only 200 come (the spread dialog said so)."""
    deck = deck_id(services)
    learn_all_then_leave(services, clock, days=120)
    services.gentle.spread_backlog(deck, days=2)  # 5 reviews, 3 a day
    services.decks.set_options(deck, services.decks.options(deck)._replace(reviews_per_day=1))
    status = services.decks.deck_list().backlogs[deck]
    assert services.study.queue_counts(deck).review == 1  # what the limit lets come
    assert (status.pace, status.days_left) == (1, 5)
    assert backlog_plan_words(status) == (
        "5 older reviews are spread over 5 days: 1 a day, the most this deck lets come "
        "(reviews a day: Tools ▸ Deck options), the ones you are most likely to forget first."
    )
    services.decks.set_options(deck, services.decks.options(deck)._replace(reviews_per_day=0))
    status = services.decks.deck_list().backlogs[deck]
    assert backlog_plan_words(status) == (
        "5 older reviews are spread, but this deck lets no reviews come "
        "(reviews a day: Tools ▸ Deck options)."
    )
    services.decks.set_options(deck, services.decks.options(deck)._replace(reviews_per_day=200))
    status = services.decks.deck_list().backlogs[deck]
    assert backlog_plan_words(status).startswith("5 older reviews are spread over 2 days: about 3")


def test_an_old_finished_plan_never_comes_back_to_hide_a_new_backlog(
    services: Services, clock: FixedClock
) -> None:
    deck = deck_id(services)
    learnt = learn_all_then_leave(services, clock, days=120)
    services.gentle.spread_backlog(deck, days=2)
    first = services.study.next_card(deck)
    assert first is not None
    services.card_edits.suspend(first.card_id)  # "not this one", during the plan
    for _ in range(3):  # the plan's reviews are done
        clock.advance(timedelta(days=1))
        while (card := services.study.next_card(deck)) is not None:
            services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    clock.advance(timedelta(days=3650))  # away a long time: a new backlog
    services.card_edits.unsuspend(first.card_id)  # the old card is back in study

    status = services.decks.deck_list().backlogs[deck]
    assert not status.planned and status.waiting == len(learnt)  # offered as a new backlog


def test_spreading_needs_a_backlog_and_sensible_days(services: Services) -> None:
    with pytest.raises(ValueError, match="nothing to spread"):
        services.gentle.spread_backlog(deck_id(services), days=3)
    with pytest.raises(ValueError, match="2 to 30 days"):
        services.gentle.spread_backlog(deck_id(services), days=1)


def test_gentle_session_ends_at_its_goal(services: Services, clock: FixedClock) -> None:
    view = RecordingView()
    sitting = session(services, clock, view, SessionGoal(cards=3))
    sitting.start()
    assert view.progress is not None
    assert (view.progress.number, view.progress.total, view.progress.gentle) == (1, 3, True)
    for _ in range(3):
        sitting.reveal()
        sitting.rate(Rating.GOOD)
    assert view.shown[-1] == "finished"
    assert view.finished is not None and view.finished.reviewed == 3
    assert services.study.saved_position() is None


def answer_after(sitting: StudySession, clock: FixedClock, seconds: float) -> None:
    """Turn the card over and rate it Good ``seconds`` after it was shown."""
    sitting.reveal()
    clock.advance(timedelta(seconds=seconds))
    sitting.rate(Rating.GOOD)


def test_timed_session_ends_after_the_card_that_crosses_the_time(
    services: Services, clock: FixedClock
) -> None:
    view = RecordingView()
    sitting = session(services, clock, view, SessionGoal(minutes=5))
    sitting.start()
    answer_after(sitting, clock, 50)
    assert view.progress is not None
    assert view.progress.minutes_left == pytest.approx(5 - 50 / 60)
    sitting.pause()
    clock.advance(timedelta(hours=2))  # a long pause does not count
    sitting.resume()
    for _ in range(4):  # 250 seconds in all
        answer_after(sitting, clock, 50)
    assert view.shown[-1] != "finished"
    answer_after(sitting, clock, 51)
    assert view.shown[-1] == "finished"


def test_a_break_with_a_card_on_screen_counts_a_minute_of_a_timed_session(
    services: Services, clock: FixedClock
) -> None:
    """As Progress counts an answer: a learner who steps away for 40 minutes did not study."""
    view = RecordingView()
    sitting = session(services, clock, view, SessionGoal(minutes=5))
    sitting.start()
    sitting.reveal()
    clock.advance(timedelta(minutes=40))
    assert sitting.study_seconds() == pytest.approx(60)
    sitting.rate(Rating.GOOD)
    assert view.shown[-1] != "finished"
    assert view.progress is not None and view.progress.minutes_left == pytest.approx(4)
    sitting.reveal()
    clock.advance(timedelta(seconds=20))
    sitting.pause()  # the card's time so far is kept through a pause
    clock.advance(timedelta(minutes=30))
    sitting.resume()
    clock.advance(timedelta(seconds=10))
    assert sitting.study_seconds() == pytest.approx(90)


def test_a_card_brought_back_by_undo_starts_its_own_minute(
    services: Services, clock: FixedClock
) -> None:
    """Found in a bug hunt: the card on screen at Ctrl+Z lent its time to the card brought
    back, the two sharing one minute: 50 seconds on each counted 60, not 100."""
    view = RecordingView()
    sitting = session(services, clock, view, SessionGoal(minutes=5))
    sitting.start()
    answer_after(sitting, clock, 0)
    clock.advance(timedelta(seconds=50))  # on the next card
    assert sitting.undo() is not None
    clock.advance(timedelta(seconds=50))  # on the card brought back
    assert sitting.study_seconds() == pytest.approx(100)


def test_pause_resumes_on_the_same_card_and_side_after_a_restart(
    services: Services, clock: FixedClock
) -> None:
    view = RecordingView()
    sitting = session(services, clock, view, SessionGoal(cards=5))
    sitting.start()
    sitting.reveal()
    sitting.rate(Rating.GOOD)
    sitting.reveal()
    clock.advance(timedelta(seconds=40))
    sitting.pause()
    on_screen = sitting.card
    assert on_screen is not None and view.shown[-1] == "paused"

    later = RecordingView()  # the app restarts: a new session object resumes from the saved place
    clock.advance(timedelta(days=1))
    resumed = session(services, clock, later)
    resumed.start(services.study.saved_position())
    assert later.shown == [f"question {on_screen.card_id}", f"answer {on_screen.card_id}", "paused"]
    assert resumed.paused and resumed.goal == SessionGoal(cards=5)
    assert later.progress is not None and later.progress.number == 2
    assert resumed.study_seconds() == pytest.approx(40)
    resumed.resume()
    assert later.shown[-1] == f"answer {on_screen.card_id}"
    resumed.rate(Rating.GOOD)
    assert resumed.answered == 2


def test_a_session_left_open_overnight_starts_a_new_sitting_on_its_card(
    services: Services, clock: FixedClock
) -> None:
    view = RecordingView()
    sitting = session(services, clock, view)
    sitting.start()
    for _ in range(2):
        sitting.reveal()
        clock.advance(timedelta(seconds=30))
        sitting.rate(Rating.GOOD)
    sitting.reveal()
    on_screen = sitting.card
    assert on_screen is not None and sitting.answered == 2  # closed without pausing

    clock.advance(timedelta(days=1))  # the next study day
    later = RecordingView()
    resumed = session(services, clock, later)
    resumed.start(services.study.saved_position())
    assert later.shown == [f"question {on_screen.card_id}", f"answer {on_screen.card_id}"]
    assert later.progress is not None and later.progress.number == 1  # not "Card 3"
    assert resumed.answered == 0 and resumed.study_seconds() == 0
    assert resumed.started_at == clock.now()
    resumed.rate(Rating.GOOD)
    assert resumed.summary().reviewed == 1  # yesterday's two answers are not this sitting's


def test_an_answer_given_before_a_crash_still_counts_after_restart(
    services: Services, clock: FixedClock
) -> None:
    view = RecordingView()
    sitting = session(services, clock, view, SessionGoal(cards=3))
    sitting.start()
    sitting.reveal()
    sitting.rate(Rating.GOOD)  # no save follows an answer; the count is rebuilt on restart
    resumed = session(services, clock, RecordingView())
    resumed.start(services.study.saved_position())
    assert resumed.answered == 1 and resumed.goal == SessionGoal(cards=3)


def test_at_risk_order_differs_from_due_order(services: Services, clock: FixedClock) -> None:
    """A card due later can be the one more likely forgotten; the backlog takes that one first."""
    from fibrolearn.storage import study_queue
    from fibrolearn.storage.models import CardRecord
    from fibrolearn.storage.plain_reads import Backlog, backlog_rules

    now = clock.now()
    deck = deck_id(services)
    with services.database.write() as db:
        first, second = db.query(CardRecord).order_by(CardRecord.id).limit(2).all()
        for card, stability, seen_days_ago, due_days_ago in (
            (first, 100, 60, 30),
            (second, 2, 10, 5),
        ):
            card.state, card.stability, card.difficulty = 2, stability, 5.0
            card.last_review = now - timedelta(days=seen_days_ago)
            card.due = now - timedelta(days=due_days_ago)
        ids = (first.id, second.id)
    with services.database.read() as db:
        assert study_queue.next_review(db, deck, now, now) == ids[0]  # due first
        backlog = backlog_rules([Backlog(before=now, left=2)])
        assert study_queue.most_at_risk_review(db, deck, now, backlog, 0) == ids[1]  # 10/2 > 60/100
    recall = [services.study.recall_insight(i).recall_now for i in ids]
    assert recall[1] < recall[0]


def test_a_restart_counts_the_card_on_screen_a_minute_at_most_in_all(
    services: Services, clock: FixedClock
) -> None:
    """Its time before and after the restart is one card's: 40 + 40 seconds count 60."""
    sitting = session(services, clock, RecordingView(), SessionGoal(minutes=5))
    sitting.start()
    answer_after(sitting, clock, 50)
    clock.advance(timedelta(seconds=40))
    sitting.pause()

    resumed = session(services, clock, RecordingView())  # the app restarts
    resumed.start(services.study.saved_position())
    assert resumed.study_seconds() == pytest.approx(90)
    resumed.resume()
    answer_after(resumed, clock, 40)
    assert resumed.study_seconds() == pytest.approx(50 + 60)


def test_a_focused_session_s_end_says_nothing_of_what_the_deck_s_limits_keep(
    services: Services, clock: FixedClock
) -> None:
    """Found in a review: after Study this factor, the end said "N due reviews wait for
    another day, as your daily limits allow no more today" and how many new cards wait, of
    the deck's other cards, while the focused session had ignored those limits."""
    deck = deck_id(services)
    learnt = learn_all_then_leave(services, clock, days=120)
    services.decks.set_options(deck, services.decks.options(deck)._replace(reviews_per_day=1))
    assert services.study.session_summary(deck, 0).reviews_held == len(learnt) - 1
    view = RecordingView()
    chosen = StudySet(deck, (learnt[0],), "One card")
    sitting = StudySession(services.study, services.card_edits, clock, view, deck, focus=chosen)
    sitting.start()
    sitting.reveal()
    sitting.rate(Rating.GOOD)

    assert view.finished is not None and view.finished.reviewed == 1
    assert view.finished.reviews_held == 0
