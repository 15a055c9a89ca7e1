"""What the learner did while studying, kept so Ctrl+Z can take it back, newest first.

What Ctrl+Z took back is kept too, so Ctrl+Shift+Z can do it again exactly, until a new
step is taken: an answer is logged again as it was (see
:mod:`~fibrolearn.storage.answer_redo`), a bury hides the card until the same moment, an
edit is saved again at its own time.

Shared by every study session of one window (see :class:`StepHistory`), and by the window
itself when a deck is deleted (its steps are forgotten).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from fibrolearn.domain.enums import Undone
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.study import ChangedSinceError, StudySet
from fibrolearn.storage.notes import NoteBefore

if TYPE_CHECKING:
    from fibrolearn.services.card_edits import AsideUndone, CardEditService
    from fibrolearn.services.note_reversals import EditUndone
    from fibrolearn.services.session_answers import AnswersMark
    from fibrolearn.services.study import StudyService
    from fibrolearn.storage.answer_redo import LoggedAnswer


@dataclass(frozen=True, slots=True)
class SessionShape:
    """What a session was, beyond its deck, so Ctrl+Z can reopen it as it was.

    Attributes:
        goal: A gentle session's goal (taking a step back keeps it gentle).
        focus: A focused session's cards (it keeps to those).
        started_at: When it began.
        answers_after: The newest answer logged when it began: a focused session asks each
            review card once after it, and its summary counts the answers after it.
    """

    goal: SessionGoal | None = None
    focus: StudySet | None = None
    started_at: datetime | None = None
    answers_after: int | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """One thing the learner did while studying, enough to take it back."""

    kind: Undone
    deck_id: int
    card_id: int
    review_id: int | None = None  # for an answer: the answer logged
    edit: NoteBefore | None = None  # for an edit: what it replaced
    shape: SessionShape = SessionShape()  # the session it was done in


@dataclass(frozen=True, slots=True)
class Undid:
    """A step taken back, with what it takes to do it again exactly.

    Attributes:
        step: The step.
        answer: An answer's logged row and the card's state after it.
        edit: An edit's text, and the note as the undo left it.
        aside: A suspend's or bury's card as the step left it, and as the undo did (a bury
            shown again since, by another change, has nothing to redo).
        mark: The session's answer mark before an answer was taken back.
        mark_left: The mark as taking it back left it: a session holding that mark still is
            the one the answer was taken back in, whose mark a redo puts back.
    """

    step: Step
    answer: LoggedAnswer | None = None
    edit: EditUndone | None = None
    aside: AsideUndone | None = None
    mark: int | None = None
    mark_left: int | None = None


@dataclass(frozen=True, slots=True)
class StepTools:
    """What a session takes its steps back, and does them again, with."""

    study: StudyService
    card_edits: CardEditService
    mark: AnswersMark  # an answer taken back (or given again) moves it


# Shows what a step taken back (True) or done again (False) leaves on screen.
Shown = Callable[[Step, bool], None]


class StepHistory:
    """What the learner did while studying since the app started, newest last.

    Shared by every session of one window, so Ctrl+Z after leaving Study (or in another
    deck) takes back the step that really was the last, not an older answer from the log.
    It is not kept across a restart: a step done before it could not be told apart.
    """

    def __init__(self) -> None:
        self._steps: list[Step] = []
        self._undone: list[Undid] = []  # to redo, newest last

    def newest_deck(self) -> int | None:
        """The deck of the step Ctrl+Z would take back, if any."""
        return self._steps[-1].deck_id if self._steps else None

    def newest_shape(self) -> SessionShape:
        """What the session the newest step was done in was (an ordinary one: all None)."""
        return self._steps[-1].shape if self._steps else SessionShape()

    def push(self, step: Step) -> None:
        """Remember a new step; what there was to redo goes, as in every editor."""
        self._steps.append(step)
        self._undone.clear()

    def newest_undone(self) -> Step | None:
        """The step Ctrl+Shift+Z would do again, if any."""
        return self._undone[-1].step if self._undone else None

    def newest_undone_shape(self) -> SessionShape:
        """What the session the step to redo was done in was (an ordinary one: all None)."""
        return self._undone[-1].step.shape if self._undone else SessionShape()

    def newest(self, deck_id: int) -> Step | None:
        """The newest step, when it was done in ``deck_id``."""
        return self._steps[-1] if self.newest_deck() == deck_id else None

    def forget_deck(self, deck_id: int) -> None:
        """Forget every step in a deck that was deleted: its cards' ids may be given again."""
        self._steps = [step for step in self._steps if step.deck_id != deck_id]
        self._undone = [undid for undid in self._undone if undid.step.deck_id != deck_id]

    def card_ids(self) -> set[int]:
        """The cards of every step remembered."""
        return {step.card_id for step in self._steps} | {u.step.card_id for u in self._undone}

    def forget_cards(self, card_ids: Collection[int]) -> None:
        """Forget every step on cards that were deleted: their ids may be given again.

        (SQLite gives a new card the highest id freed: an undo of a suspend on a deleted
        card unsuspended the card added after it.)
        """
        gone = set(card_ids)
        self._steps = [step for step in self._steps if step.card_id not in gone]
        self._undone = [undid for undid in self._undone if undid.step.card_id not in gone]

    def take_back_newest(self, deck_id: int, tools: StepTools, shown: Shown) -> Undone | None:
        """Take back the newest step, when it was done in ``deck_id``, and show what it left.

        Returns what was taken back, or None when there was nothing to undo there.

        Raises:
            ChangedSinceError: A newer change on the step's card (Browse's Forget) must be
                undone first; the step is kept, to take back after it, as one history would.
            ValueError: The step can no longer be taken back (its card or note is gone or has
                changed since); it is dropped, so the next undo goes further back. A failure
                to write (a full disk) keeps the step, to try again.
        """
        step = self.newest(deck_id)
        if step is None:
            return None
        try:
            undid = take_back(step, tools)
        except ChangedSinceError:
            raise
        except LookupError:  # deleted in Browse since
            self.drop(step)
            raise ValueError("the card of that step no longer exists") from None
        except ValueError:  # NoteError: the note changed since the edit
            self.drop(step)
            raise
        self.drop(step)
        self._undone.append(undid)
        shown(step, True)
        return step.kind

    def do_again_newest(self, deck_id: int, tools: StepTools, shown: Shown) -> Undone | None:
        """Do again the newest step taken back, when it was done in ``deck_id``.

        Returns what was done again, or None when there was nothing to redo there.

        Raises:
            ValueError: The step cannot be done again now (its card or note changed since):
                nothing is written, and the step is kept, to redo once that change is
                undone. A step whose card was deleted since, or a bury whose card was
                shown again before the undo, is dropped.
        """
        undid = self._undone[-1] if self._undone else None
        if undid is None or undid.step.deck_id != deck_id:
            return None
        try:
            step = do_again(undid, tools)
        except LookupError:  # deleted in Browse since
            self._undone.pop()
            raise ValueError("the card of that step no longer exists") from None
        except _NothingToRedoError:
            self._undone.pop()
            raise
        self._undone.pop()
        self._steps.append(step)
        shown(step, False)
        return step.kind

    def drop(self, step: Step) -> None:
        """Forget ``step``, the newest, once it is taken back (or never can be)."""
        assert self._steps and self._steps[-1] is step, "only the newest step is taken back"
        self._steps.pop()


def take_back(step: Step, tools: StepTools) -> Undid:
    """Put the collection back as it was before ``step``; the session then shows its card.

    An answer taken back moves the session's mark with it (see
    :meth:`~fibrolearn.services.session_answers.AnswersMark.once_taken_back`).

    Raises:
        LookupError: The step's card was deleted since.
        ChangedSinceError: The card's schedule changed after that answer (Forget).
        ValueError: The step can no longer be taken back: the card has history newer than
            that answer (an import), the note changed since the edit, or a suspended card
            was put back into study since (in Browse or by an import).
    """
    if step.kind is Undone.ANSWER:
        assert step.review_id is not None
        before, after = tools.mark.after, tools.mark.once_taken_back(step.review_id)
        answer = tools.study.take_back(step.review_id)
        if answer is None:
            tools.study.card(step.card_id)  # LookupError when deleted since
            raise ValueError("the card has history newer than that answer")
        tools.mark.after = after
        return Undid(step, answer=answer, mark=before, mark_left=after)
    if step.kind is Undone.SUSPEND:
        return Undid(step, aside=tools.card_edits.unsuspend(step.card_id))
    if step.kind is Undone.BURY:
        return Undid(step, aside=tools.card_edits.unbury(step.card_id))
    assert step.edit is not None
    return Undid(step, edit=tools.card_edits.revert_edit(step.edit))


def do_again(undid: Undid, tools: StepTools) -> Step:
    """Do a step taken back again, exactly; the step, to take back again.

    Raises:
        LookupError: The step's card was deleted since.
        ValueError: Its card or note changed since the step was taken back (a
            ChangedSinceError for a card suspended in Browse since).
    """
    step = undid.step
    if undid.answer is not None:
        review_id = tools.study.give_again(undid.answer)
        if tools.mark.after == undid.mark_left:  # not a later session's mark: that one stays
            tools.mark.after = undid.mark
        return replace(step, review_id=review_id)
    if undid.edit is not None:
        return replace(step, edit=tools.card_edits.redo_edit(undid.edit))
    assert undid.aside is not None, "a suspend or a bury"
    if step.kind is Undone.BURY and undid.aside.done.buried_until is None:
        # An import's schedule showed it again before the undo.
        raise _NothingToRedoError("that card was shown again since it was set aside")
    tools.card_edits.set_aside_again(step.card_id, undid.aside)
    return step


class _NothingToRedoError(ValueError):
    """A step taken back that no redo can bring back: it is dropped."""
