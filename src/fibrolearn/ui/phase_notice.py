"""Where the learner looks, long work says which phase it is in and how far it has got."""

from __future__ import annotations

from collections.abc import Callable

from fibrolearn.domain.progress_words import phase_words


class PhaseNotice:
    """Words each phase ``TaskRunner.run_phased`` reports after a lead: "Loading x.toml: …".

    ``say(text, heard)`` shows the text; ``heard`` is True as a phase begins, when a screen
    reader should say it too: said at every percent, it would say nothing else.
    """

    def __init__(self, lead: str, say: Callable[[str, bool], None]) -> None:
        self._lead = lead
        self._say = say
        self._what: str | None = None

    def __call__(self, what: str, done: int, total: int) -> None:
        """Show how far the phase ``what`` has got."""
        words = phase_words(what, done, total)
        new = what != self._what
        self._what = what
        self._say(f"{self._lead}: {words[:1].lower()}{words[1:]}", new)
