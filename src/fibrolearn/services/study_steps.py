"""What the learner did while studying, kept so Ctrl+Z can take it back, newest first.

Shared by every study session of one window (see :class:`StepHistory`), and by the window
itself when a deck is deleted (its steps are forgotten).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from fibrolearn.domain.enums import Undone
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.study import ChangedSinceError, StudySet
from fibrolearn.storage.notes import NoteBefore

if TYPE_CHECKING:
    from fibrolearn.services.card_edits import CardEditService
    from fibrolearn.services.session_answers import AnswersMark
    from fibrolearn.services.study import StudyService


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


class StepHistory:
    """What the learner did while studying since the app started, newest last.

    Shared by every session of one window, so Ctrl+Z after leaving Study (or in another
    deck) takes back the step that really was the last, not an older answer from the log.
    It is not kept across a restart: a step done before it could not be told apart.
    """

    def __init__(self) -> None:
        self._steps: list[Step] = []

    def newest_deck(self) -> int | None:
        """The deck of the step Ctrl+Z would take back, if any."""
        return self._steps[-1].deck_id if self._steps else None

    def newest_shape(self) -> SessionShape:
        """What the session the newest step was done in was (an ordinary one: all None)."""
        return self._steps[-1].shape if self._steps else SessionShape()

    def push(self, step: Step) -> None:
        """Remember a step."""
        self._steps.append(step)

    def newest(self, deck_id: int) -> Step | None:
        """The newest step, when it was done in ``deck_id``."""
        return self._steps[-1] if self.newest_deck() == deck_id else None

    def forget_deck(self, deck_id: int) -> None:
        """Forget every step in a deck that was deleted: its cards' ids may be given again."""
        self._steps = [step for step in self._steps if step.deck_id != deck_id]

    def card_ids(self) -> set[int]:
        """The cards of every step remembered."""
        return {step.card_id for step in self._steps}

    def forget_cards(self, card_ids: Collection[int]) -> None:
        """Forget every step on cards that were deleted: their ids may be given again.

        (SQLite gives a new card the highest id freed: an undo of a suspend on a deleted
        card unsuspended the card added after it.)
        """
        gone = set(card_ids)
        self._steps = [step for step in self._steps if step.card_id not in gone]

    def take_back_newest(self, deck_id: int, take_back: Callable[[Step], None]) -> Undone | None:
        """Take back the newest step, when it was done in ``deck_id``, with ``take_back``.

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
            take_back(step)
        except ChangedSinceError:
            raise
        except LookupError:  # deleted in Browse since
            self.drop(step)
            raise ValueError("the card of that step no longer exists") from None
        except ValueError:  # NoteError: the note changed since the edit
            self.drop(step)
            raise
        self.drop(step)
        return step.kind

    def drop(self, step: Step) -> None:
        """Forget ``step``, the newest, once it is taken back (or never can be)."""
        assert self._steps and self._steps[-1] is step, "only the newest step is taken back"
        self._steps.pop()


def take_back(
    step: Step, study: StudyService, card_edits: CardEditService, mark: AnswersMark
) -> None:
    """Put the collection back as it was before ``step``; the session then shows its card.

    An answer taken back moves the session's ``mark`` with it (see
    :meth:`~fibrolearn.services.session_answers.AnswersMark.once_taken_back`).

    Raises:
        LookupError: The step's card was deleted since.
        ChangedSinceError: The card's schedule changed after that answer (Forget).
        ValueError: The step can no longer be taken back: the card has history newer than
            that answer (an import), or the note changed since the edit.
    """
    if step.kind is Undone.ANSWER:
        assert step.review_id is not None
        after = mark.once_taken_back(step.review_id)
        if study.take_back(step.review_id) is None:
            study.card(step.card_id)  # LookupError when deleted since
            raise ValueError("the card has history newer than that answer")
        mark.after = after
    elif step.kind is Undone.SUSPEND:
        card_edits.unsuspend(step.card_id)
    elif step.kind is Undone.BURY:
        card_edits.unbury(step.card_id)
    else:
        assert step.edit is not None
        card_edits.revert_edit(step.edit)
