"""How long a study sitting has run, counted as Progress counts study time.

A card counts up to MAX_ANSWER_MS and pauses not at all, so a long break with a card on
screen does not use up a timed gentle goal. Nor does a dialog over the card (Card info, the
note editor): reading it is not answering. Kept apart from the session's flow so that the
session only says what happened (a card shown, a pause, a stop) and this says what it costs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.study import MAX_ANSWER_MS


class SittingTime:
    """Study time of one sitting, and how long the card on screen has been answered."""

    def __init__(self, clock: Clock, monotonic: Callable[[], float] | None = None) -> None:
        self._clock = clock
        # Answer time: not moved by a change of the wall clock.
        self._monotonic = monotonic or time.monotonic
        self.before_card = 0.0  # seconds on the cards shown before the one on screen
        self._card_seconds = 0.0  # the card on screen, until its last pause
        self._running_since: datetime | None = clock.now()  # None while paused or stopped
        self._shown_at = self._monotonic()
        self._paused_at = 0.0
        self._held = False  # stopped while a dialog is over the card (see held)
        self._on_screen: int | None = None  # the card timed, until it is done with

    def carry_on_from(self, before_card: float, card_seconds: float) -> None:
        """Go on from a saved place: its earlier cards' time and its card's time so far."""
        self.before_card = before_card
        self._card_seconds = card_seconds  # until another card is shown

    def total(self) -> float:
        """Study time so far: pauses excluded, each card a minute at most."""
        return self.before_card + min(self.card_seconds(), MAX_ANSWER_MS / 1000)

    def card_seconds(self) -> float:
        """Time on the card on screen, pauses excluded (not yet capped)."""
        running = 0.0
        if self._running_since is not None:
            running = max(0.0, (self._clock.now() - self._running_since).total_seconds())
        return self._card_seconds + running

    def answer_ms(self) -> int:
        """Milliseconds since the card on screen was shown, pauses excluded."""
        return int((self._monotonic() - self._shown_at) * 1000)

    def pause(self) -> None:
        """Stop the clock with the card still on screen."""
        self._card_seconds = self.card_seconds()
        self._running_since = None
        self._paused_at = self._monotonic()

    def carry_on(self) -> None:
        """Start the clock again after a pause, on the same card."""
        self._running_since = self._clock.now()
        self._shown_at += self._monotonic() - self._paused_at  # a pause is not answering time

    @contextmanager
    def held(self) -> Iterator[None]:
        """While a dialog is over the card, its clock stops; it goes on after, on that card.

        Not if another card was shown meanwhile (its clock runs from there), nor if study
        stopped, nor if the clock was not running to begin with.
        """
        if self._running_since is None:
            yield
            return
        self.pause()
        self._held = True
        try:
            yield
        finally:
            if self._held:
                self._held = False
                self.carry_on()

    def card_done(self) -> None:
        """The card on screen is done with: its time counts, the next one's starts at 0."""
        self.before_card = self.total()
        self._card_seconds = 0.0
        self._on_screen = None
        if self._running_since is not None:
            self._running_since = self._clock.now()

    def stop(self) -> None:
        """No card is left on screen (it could not be read): count it and stop the clock."""
        self.card_done()
        self._running_since = None
        self._held = False

    def card_shown(self, card_id: int) -> None:
        """A card is on screen: the clock runs and its answer time starts.

        Not for the card on screen shown again as it now reads (edited, here or in Browse):
        its seconds so far still count, and under a dialog (the note editor, saving) its
        clock stays held until that closes.
        """
        if card_id == self._on_screen:
            if self._running_since is None and not self._held:  # shown again after a pause
                self.carry_on()
            return
        self._on_screen = card_id
        if self._running_since is None:
            self._running_since = self._clock.now()
        self._shown_at = self._monotonic()
        self._held = False
