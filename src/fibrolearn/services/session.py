"""A study session as a toolkit-free controller driving a passive view.

The Qt study screen implements :class:`StudyView`; tests can drive the same controller with a
plain object. The controller owns the flow (question, answer, rating, undo, finish); the view
only displays what it is told and reports key presses.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.study import QueueCounts, SessionSummary, StudyCard, StudyPosition
from fibrolearn.services.study import StudyService


class StudyView(Protocol):
    """What a study screen must be able to show."""

    def show_question(self, card: StudyCard, counts: QueueCounts) -> None:
        """Show the question side."""

    def show_answer(self, card: StudyCard) -> None:
        """Reveal the answer side and the rating buttons."""

    def show_finished(self, summary: SessionSummary) -> None:
        """Nothing left today: show the summary."""


class StudySession:
    """One sitting of study in one deck."""

    def __init__(self, study: StudyService, clock: Clock, view: StudyView, deck_id: int) -> None:
        self._study = study
        self._clock = clock
        self._view = view
        self.deck_id = deck_id
        self.started_at: datetime = clock.now()
        self.card: StudyCard | None = None
        self.revealed = False
        self._shown_at = time.monotonic()

    def start(self, resume: StudyPosition | None = None) -> None:
        """Show the first card, or the card an interrupted session left on screen."""
        if resume and resume.deck_id == self.deck_id and resume.card_id is not None:
            card = self._study.card(resume.card_id)
            if card.state.reps == resume.reps:
                self._show(card)
                if resume.revealed:
                    self.reveal()
                return
        self._study.save_position(StudyPosition(self.deck_id))
        self._advance()

    def reveal(self) -> None:
        """Turn the card over."""
        if self.card is None or self.revealed:
            return
        self.revealed = True
        self._view.show_answer(self.card)
        self._study.save_position(
            StudyPosition(self.deck_id, self.card.card_id, self.card.state.reps, revealed=True)
        )

    def rate(self, rating: Rating) -> None:
        """Record the rating of the revealed card and move on."""
        if self.card is None or not self.revealed:
            return
        elapsed_ms = int((time.monotonic() - self._shown_at) * 1000)
        self._study.answer(self.card.card_id, rating, elapsed_ms, shown_state=self.card.state)
        self._advance()

    def undo(self) -> bool:
        """Take back the last answer and show that card again; False if nothing to undo."""
        card_id = self._study.undo()
        if card_id is None:
            return False
        self._show(self._study.card(card_id))
        return True

    def stop(self) -> None:
        """Leave the session; nothing is left to resume."""
        self._study.save_position(None)

    def summary(self) -> SessionSummary:
        """What this session achieved so far."""
        return self._study.session_summary(self.deck_id, self.started_at)

    def _advance(self) -> None:
        card = self._study.next_card(self.deck_id)
        if card is None:
            self.card = None
            self._study.save_position(None)
            self._view.show_finished(self.summary())
        else:
            self._show(card)

    def _show(self, card: StudyCard) -> None:
        self.card = card
        self.revealed = False
        self._shown_at = time.monotonic()
        self._view.show_question(card, self._study.queue_counts(self.deck_id))
