"""Where the learner looks, long work says which phase it is in and how far it has got."""

from __future__ import annotations

import time
from collections.abc import Callable

from fibrolearn.domain.progress_words import phase_words

# How long a phase goes on before a screen reader hears it: a small job's phases, said as
# they began, came as a burst of five announcements ahead of its outcome.
SAID_AFTER_S = 1.0


class PhaseNotice:
    """Words each phase ``TaskRunner.run_phased`` reports after a lead: "Loading x.toml: …".

    ``say(text, heard)`` shows the text; ``heard`` is True once in a phase that has gone on
    for :data:`SAID_AFTER_S`, when a screen reader should say it too: said at every percent,
    it would say nothing else, and said at each quick phase, it hid the outcome behind them.
    """

    def __init__(
        self,
        lead: str,
        say: Callable[[str, bool], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lead = lead
        self._say = say
        self._clock = clock
        self._what: str | None = None
        self._began = 0.0
        self._heard = False

    def __call__(self, what: str, done: int, total: int) -> None:
        """Show how far the phase ``what`` has got."""
        now = self._clock()
        if what != self._what:
            self._what, self._began, self._heard = what, now, False
        heard = not self._heard and now - self._began >= SAID_AFTER_S
        self._heard = self._heard or heard
        words = phase_words(what, done, total)
        self._say(f"{self._lead}: {words[:1].lower()}{words[1:]}", heard)
