"""A study session as a toolkit-free controller driving a passive view.

The Qt study screen implements :class:`~fibrolearn.services.study_view.StudyView`; tests can
drive the same controller with a plain object. The controller owns the flow (question, answer,
rating, pause, undo, redo, finish); the view only displays what it is told and reports keys.
How long the sitting has run is :class:`~fibrolearn.services.sitting_time.SittingTime`'s job,
which answers are the session's :class:`~fibrolearn.services.session_answers.AnswersMark`'s,
keeping its place :func:`~fibrolearn.services.session_place.keep_place`'s.

Where the session stands is saved after every step (where the disk lets it), so closing the app
(or a crash) and opening it again resumes on the same card, side, count and study time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.decks import QueueCounts
from fibrolearn.domain.enums import Rating, Undone
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.notes import EditableNote
from fibrolearn.domain.study import (
    NONE_PASSED,
    RecallInsight,
    SessionProgress,
    SessionSummary,
    StudyCard,
    StudyPosition,
    StudySet,
)
from fibrolearn.services.card_edits import CardEditService
from fibrolearn.services.session_answers import AnswersMark
from fibrolearn.services.session_place import keep_place
from fibrolearn.services.sitting_time import SittingTime
from fibrolearn.services.study import StaleAnswerError, StudyService
from fibrolearn.services.study_steps import SessionShape, Step, StepHistory, StepTools
from fibrolearn.services.study_view import StudyView
from fibrolearn.storage.notes import NoteBefore

T = TypeVar("T")
_GONE = "The card on screen was deleted in the meantime,"
_CHANGED = "The card on screen was answered or rescheduled elsewhere in the meantime,"
_SET_ASIDE = "The card on screen was suspended or set aside in the meantime,"
_OUT_OF_STUDY = "That card is suspended or set aside (in Browse, say),"


class _UnreadError(Exception):
    """The card to show could not be read; the session has stopped on its view."""


class StudySession:
    """One sitting of study in one deck.

    Optionally a gentle one with a small goal, or a focused one on a set of its cards (the
    cards of missed quiz questions, one factor of the mastery map).
    """

    def __init__(
        self,
        study: StudyService,
        card_edits: CardEditService,
        clock: Clock,
        view: StudyView,
        deck_id: int,
        *,
        goal: SessionGoal | None = None,
        focus: StudySet | None = None,
        reopened: SessionShape | None = None,
        history: StepHistory | None = None,
        reading: bool = False,
    ) -> None:
        self._study = study
        self._card_edits = card_edits
        self._view = view
        self.deck_id = deck_id
        self.goal = goal
        self.focus = focus
        reopened = reopened or SessionShape()  # Ctrl+Z reopens a session as it was
        self.started_at: datetime = reopened.started_at or clock.now()
        self._mark = AnswersMark(study, reopened.answers_after)
        self._reopened = reopened.answers_after is not None
        self.card: StudyCard | None = None
        self.revealed = False
        self.paused = False
        self.stuck = False  # a card to show could not be read; try_again() reads again
        self.answered = 0
        # On a collection that cannot be written, cards are read and gone past (pass_card).
        self.reading = reading
        self._passed = NONE_PASSED
        self._history = history if history is not None else StepHistory()
        self._tools = StepTools(study, card_edits, self._mark)
        self._time = SittingTime(clock)

    # ------------------------------------------------------------------ flow
    def start(self, resume: StudyPosition | None = None) -> None:
        """Show the first card, or carry on exactly where an interrupted session stood."""
        with contextlib.suppress(_UnreadError):  # the view says so, and offers to try again
            self._read(lambda: self._start(resume))

    def _start(self, resume: StudyPosition | None) -> None:
        mark = self._mark.read()  # now: the answers from here on are the session's
        if self._reopened and resume is None:
            # Its answers still in the log count, as its summary counts them: begun at 0,
            # a gentle session of 3 cards reopened to take back its third answer said
            # "Card 1 of 3", and asked for three more.
            read = self._study.session_summary(self.deck_id, mark, deck_left=False)
            self.answered = read.reviewed
        if resume is not None and resume.deck_id == self.deck_id:
            self.goal = resume.goal
            self.focus = resume.focus
            same_sitting = resume.same_sitting(self._study.day_start())
            if same_sitting:
                self.answered = resume.answered
                self.started_at = resume.started_at or self.started_at
                self._mark.carry_on(resume)
                self._time.carry_on_from(resume.study_seconds, resume.card_seconds)
            card = self._card_if_any(resume.card_id)
            if card is not None:
                # Suspended since (in Browse, before the app closed): not studied any more.
                if card.state.reps == resume.reps and self._in_study(card.card_id):
                    self._show(card)
                    if resume.revealed:
                        self.reveal()
                    if resume.paused:
                        self.pause()
                    return
                if same_sitting:
                    # Answers are not followed by a save (one write per answer is enough), so
                    # a changed count of answers on the saved card means it was answered.
                    self.answered += max(0, card.state.reps - resume.reps)
        self.save()
        self._advance()

    def reveal(self) -> None:
        """Turn the card over."""
        if self.card is None or self.revealed or self.paused:
            return
        self.revealed = True
        self._view.show_answer(self.card)
        self.save()

    def rate(self, rating: Rating) -> None:
        """Record the rating of the revealed card and move on."""
        if self.card is None or not self.revealed or self.paused:
            return
        card_id = self.card.card_id
        answer_ms = self._time.answer_ms()
        try:
            receipt = self._study.answer(card_id, rating, answer_ms, shown_state=self.card.state)
        except LookupError:
            self._move_on(f"{_GONE} so that answer was not kept. Here is the next card.")
            return
        except StaleAnswerError:
            self._move_on(f"{_CHANGED} so that answer was not kept. Here is the next card.")
            return
        self.answered += 1
        self._remember(Undone.ANSWER, card_id, review=receipt.review_id)
        self._advance(save=False)

    def pass_card(self) -> None:
        """Go on past the revealed card unanswered; it stays due. Only when :attr:`reading`."""
        if not self.reading or self.card is None or not self.revealed or self.paused:
            return
        self._passed = self._passed.adding(self.card)
        self._advance(save=False)

    def pause(self) -> None:
        """Stop the clock and hide the card; the place is saved, also across a restart."""
        if self.card is None or self.paused:
            return
        self._time.pause()
        self.paused = True
        self.save()
        self._view.show_paused(self.progress())

    def resume(self) -> None:
        """Carry on after a pause, on the same card and side (as it now reads)."""
        if not self.paused or self.card is None:
            return
        self.paused = False
        self._time.carry_on()
        if self.recheck():
            return
        self.save()
        self._view.show_question(self.card, self.progress())
        if self.revealed:
            self._view.show_answer(self.card)

    def recheck(self) -> bool:
        """After another place may have changed the card on screen, show it as it is now.

        Deleted, answered or rescheduled elsewhere, or suspended, since: the next card
        comes and the view says why. Edited: shown again as it now reads, on the same side.
        Returns whether anything had changed. New times for the ratings alone (the deck's
        options or the schedule's parameters changed) are shown on the answer side's
        buttons, and do not count as a change: the card is the same.
        """
        if self.card is None or self.paused:
            return False
        try:
            return self._recheck(self.card)
        except _UnreadError:
            return True  # the view says so, and offers to try again

    def refresh(self) -> None:
        """Coming back to study, or after a dialog over it: show the session as it now stands.

        The card on screen as it now is (see :meth:`recheck`), and the counts of what is
        left (Spread moved reviews, Browse added cards). A session over for want of cards
        goes on with any that came since, or shows its summary read anew; one over for its
        goal shows that summary again.
        """
        if self.stuck or self.paused:
            return  # the view offers to try again, or to carry on, which reads it all
        if self.card is None:
            self._advance()
        elif not self.recheck():
            with contextlib.suppress(_UnreadError):  # the view says so, and offers to try again
                self._view.show_progress(self._read(self.progress))

    def _recheck(self, shown: StudyCard) -> bool:
        fresh = self._card_if_any(shown.card_id)
        if fresh is None:
            self._move_on(f"{_GONE} so here is the next card.")
        elif fresh.state != shown.state:
            self._move_on(f"{_CHANGED} so here is the next card.")
        elif not self._in_study(shown.card_id):
            self._move_on(f"{_SET_ASIDE} so here is the next card.")
        elif fresh != replace(shown, intervals=fresh.intervals):
            self._redisplay(shown.card_id)
        else:
            if fresh.intervals != shown.intervals:
                self._requote(fresh)
            return False
        return True

    def _requote(self, card: StudyCard) -> None:
        """The same card, whose ratings now give other times: shown on the buttons.

        Left as they were, the buttons said "Good 10m" while the answer was scheduled with
        the deck's new steps or retention. The card's time on screen runs on.
        """
        self.card = card
        if self.revealed:
            self._view.show_answer(card)

    def try_again(self) -> None:
        """Read the next card again, after it could not be read (the disk is back, say).

        Acts whenever no card is on screen.
        """
        if self.card is None:
            self._advance()

    def _stop_unread(self, problem: StorageProblem) -> None:
        """The card to show could not be read: the card on screen (answered, say) goes.

        Left there, it would be answered again, each key meeting the same failure. The clock
        stops until a card is shown. The place is saved without a card, so that a restart
        reads the next one (when the disk lets it be saved).
        """
        self._time.stop()
        self.card = None
        self.revealed = False
        self.stuck = True
        # Not past another program's lock: waiting out its timeout again would hold the
        # window twice as long. A disk gone or full refuses it at once.
        if problem.kind is not StorageProblemKind.BUSY:
            self.save()
        self._view.show_stuck(problem)

    def covered(self) -> contextlib.AbstractContextManager[None]:
        """For a dialog over the card (Card info, the note editor): its clock stops meanwhile."""
        return self._time.held()

    def stop(self) -> None:
        """Leave the session; nothing is left to resume."""
        keep_place(self._study, None)

    # --------------------------------------------------------- card actions
    def suspend_card(self) -> bool:
        """Take the card on screen out of study (undoable) and show the next one."""
        return self._set_aside(Undone.SUSPEND, self._card_edits.suspend)

    def bury_card(self) -> bool:
        """Hide the card on screen until tomorrow (undoable) and show the next one."""
        return self._set_aside(Undone.BURY, self._card_edits.bury_until_tomorrow)

    def _set_aside(self, kind: Undone, set_aside: Callable[[int], object]) -> bool:
        """Set the card on screen aside (suspended, buried), then show the next one."""
        if self.card is None or self.paused or self.recheck():
            return False
        set_aside(self.card.card_id)
        self._remember(kind, self.card.card_id)
        self._advance()
        return True

    def note(self) -> EditableNote | None:
        """The note of the card on screen, to edit."""
        return None if self.card is None else self._card_edits.note(self.card.card_id)

    def edit_note(self, note_id: int, fields: dict[str, str], tags: str | None = None) -> int:
        """Save edited fields (and tags, unless None) of the card's note; show the card anew.

        Returns how many cards the edit added or brought back (one per new cloze number).

        Raises:
            ValueError: The edit is not valid; nothing was saved.
        """
        if self.card is None:
            return 0
        before = self._card_edits.update_note(note_id, fields, tags)
        self._remember(Undone.EDIT, self.card.card_id, edit=before)
        with contextlib.suppress(_UnreadError):  # saved; the view says why it is not shown
            self._redisplay(self.card.card_id)
        return len(before.added_cards) + len(before.revived_cards)

    def why_now(self) -> RecallInsight | None:
        """When the card on screen was last seen and how likely it is recalled now."""
        return None if self.card is None else self._study.recall_insight(self.card.card_id)

    def undo(self) -> Undone | None:
        """Take back the newest step done while studying, if it was done in this deck.

        Returns and raises as :meth:`~fibrolearn.services.study_steps.StepHistory.take_back_newest`
        does: what was taken back, or None; ValueError for a step that no longer can be.
        """
        return self._history.take_back_newest(self.deck_id, self._tools, self._show_after)

    def redo(self) -> Undone | None:
        """Do again the newest step taken back here (as ``StepHistory.do_again_newest``)."""
        return self._history.do_again_newest(self.deck_id, self._tools, self._show_after)

    def _show_after(self, step: Step, undone: bool) -> None:
        """Show the card a step taken back (``undone``) or done again leaves on screen."""
        if step.kind is Undone.ANSWER:
            if undone:
                self.answered = max(0, self.answered - 1)
            elif self._mark.counts(step.review_id):  # a redo of this session's answer
                self.answered += 1
        with contextlib.suppress(_UnreadError):  # done; the view says why it is not shown
            if step.kind is Undone.EDIT:
                self._redisplay(step.card_id)  # the same card: its time runs on
            elif undone:
                self._time.card_done()  # the card on screen goes back; its time counts apart
                self._show_again(step.card_id)
            elif self.card is None or self.card.card_id == step.card_id:
                self._advance()  # answered or set aside again: the next card comes

    def _remember(
        self, kind: Undone, card: int, *, review: int | None = None, edit: NoteBefore | None = None
    ) -> None:
        shape = SessionShape(self.goal, self.focus, self.started_at, self._mark.after)
        self._history.push(Step(kind, self.deck_id, card, review, edit, shape))

    # -------------------------------------------------------------- progress
    def study_seconds(self) -> float:
        """Study time in this sitting so far: pauses excluded, each card a minute at most."""
        return self._time.total()

    def progress(self, counts: QueueCounts | None = None) -> SessionProgress:
        """Which card of how many, and for a timed goal, the minutes left."""
        counts = counts or self._counts()
        return SessionProgress.after(self._done(), counts, self.goal, self.study_seconds())

    def summary(self) -> SessionSummary:
        """What this session achieved so far (of the deck too, unless it is a focused one)."""
        summary = self._study.session_summary(
            self.deck_id, self._mark.read(), deck_left=self.focus is None
        )
        return replace(summary, read_unsaved=len(self._passed), goal_met=self._goal_reached())

    def save(self) -> None:
        """Record where the session stands, so a restart resumes exactly here (if it can)."""
        card = self.card
        keep_place(
            self._study,
            StudyPosition(
                deck_id=self.deck_id,
                card_id=None if card is None else card.card_id,
                reps=0 if card is None else card.state.reps,
                revealed=self.revealed,
                answered=self.answered,
                goal=self.goal,
                study_seconds=self._time.before_card,
                card_seconds=self._time.card_seconds(),
                paused=self.paused,
                started_at=self.started_at,
                focus=self.focus,
                answers_after=self._mark.after,
            ),
        )

    # --------------------------------------------------------------- helpers
    def _card_if_any(self, card_id: int | None) -> StudyCard | None:
        """The card ready to show, or None when there is none (deleted since, say)."""
        if card_id is None:
            return None
        try:
            return self._read(lambda: self._study.card(card_id))
        except LookupError:
            return None

    def _in_study(self, card_id: int) -> bool:
        """Whether the card may still be studied (_UnreadError when that cannot be read)."""
        return self._read(lambda: self._study.in_study(card_id))

    def _move_on(self, notice: str) -> None:
        """The card on screen cannot be studied as shown: say why and show the next."""
        self._view.show_notice(notice)
        self._advance()

    def _counts(self) -> QueueCounts:
        """What is left: of today's queue, or of the focused set."""
        if self.focus is None:
            return self._study.queue_counts(self.deck_id, self._passed)
        return self._study.set_counts(self.focus, self._mark.read(), self._passed)

    def _done(self) -> int:
        """The cards this session went through: answered, or gone past unanswered."""
        return self.answered + len(self._passed)

    def _goal_reached(self) -> bool:
        return self.goal is not None and self.goal.reached(self._done(), self.study_seconds())

    def _advance(self, *, save: bool = True) -> None:
        self._time.card_done()
        with contextlib.suppress(_UnreadError):  # the view says so, and offers to try again
            self._read(lambda: self._show_next(save=save))

    def _show_next(self, *, save: bool) -> None:
        card, counts = (None, None) if self._goal_reached() else self._next_and_counts()
        if card is None:
            self.card = None
            # No card on screen: its clock stops until one is shown (coming back to the
            # summary, again and again, is no study time).
            self._time.stop()
            keep_place(self._study, None)
            self._view.show_finished(self.summary(), self.goal)
            self.stuck = False
        else:
            self._show(card, save=save, counts=counts)

    def _next_and_counts(self) -> tuple[StudyCard | None, QueueCounts]:
        if self.focus is None:
            return self._study.next_card_and_counts(self.deck_id, self._passed)
        return self._study.next_in_set_and_counts(self.focus, self._mark.read(), self._passed)

    def _read(self, read: Callable[[], T]) -> T:
        """``read()``; a failure of the disk or the collection stops the session (_UnreadError).

        For what shows a card (the saves on the way too): what is already saved stays so.
        """
        try:
            return read()
        except _UnreadError:
            raise  # stopped already, deeper down
        except Exception as error:
            problem = self._study.storage_problem(error)
            if problem is None:
                raise  # the code's own: the window's hook says so
            self._stop_unread(problem)
            raise _UnreadError from error

    def _show(
        self, card: StudyCard, *, save: bool = True, counts: QueueCounts | None = None
    ) -> None:
        self.card = card
        self.stuck = False  # a card on screen: study goes on (after an undo, say)
        self.revealed = False
        self.paused = False
        self._time.card_shown(card.card_id)
        if save:
            self.save()
        self._view.show_question(card, self.progress(counts))

    def _redisplay(self, card_id: int) -> None:
        """Show a card again after its note changed, on the side it was on."""
        revealed = self.revealed
        if self._show_again(card_id) and revealed:
            self.reveal()

    def _show_again(self, card_id: int) -> bool:
        """Show this card (a step taken back, an edit); _UnreadError if it cannot be read.

        Not one suspended or set aside since (in Browse): the next card comes, as it says,
        and False is returned.
        """
        if not self._in_study(card_id):
            self._move_on(f"{_OUT_OF_STUDY} so here is the next card.")
            return False
        self._read(lambda: self._show(self._study.card(card_id)))
        return True
