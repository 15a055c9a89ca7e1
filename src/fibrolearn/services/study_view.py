"""What a study screen must show, so a :class:`StudySession` can drive any of them.

The Qt study screen implements it; tests drive the same session with a plain object.
"""

from __future__ import annotations

from typing import Protocol

from fibrolearn.domain.faults import StorageProblem
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.study import SessionProgress, SessionSummary, StudyCard


class StudyView(Protocol):
    """What a study screen must be able to show."""

    def show_question(self, card: StudyCard, progress: SessionProgress) -> None:
        """Show the question side."""

    def show_progress(self, progress: SessionProgress) -> None:
        """The counts of what is left changed elsewhere: show them, the card as it was."""

    def show_answer(self, card: StudyCard) -> None:
        """Reveal the answer side and the rating buttons."""

    def show_paused(self, progress: SessionProgress) -> None:
        """The learner paused: hide the card, say how to carry on."""

    def show_finished(self, summary: SessionSummary, goal: SessionGoal | None) -> None:
        """The session is over (goal reached or nothing left): show the summary."""

    def show_notice(self, text: str) -> None:
        """Say something in passing, e.g. why another card than expected is shown."""

    def show_stuck(self, problem: StorageProblem) -> None:
        """The card to show could not be read (``problem`` says why): offer to try again."""
