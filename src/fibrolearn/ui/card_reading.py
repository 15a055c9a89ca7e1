"""Reading card sides aloud in Study: each side as the preferences ask, and any side on R."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fibrolearn.ui.read_aloud import ReadAloud


class CardReading:
    """What Study reads aloud, through the speech helper the whole window shares.

    Attributes:
        every_side: Read each side as it is shown (the preference "Read cards aloud").
    """

    def __init__(self, read_aloud: ReadAloud, say_in_passing: Callable[[str], None]) -> None:
        self.every_side = False
        self._read_aloud = read_aloud
        self._say_in_passing = say_in_passing
        self._said_why_silent = False  # why cards are not read aloud, said once

    def side_shown(self, text: str) -> None:
        """Read a side just shown if the preferences ask; the first time it cannot, say why.

        Turned on before, Read aloud was silent on every card with no word of why until the
        learner thought to open Preferences. Turned off, what R read of the side before stops:
        a long answer went on being read over the next card.
        """
        if not self.every_side:
            self.stop()
            return
        problem = self._read_aloud.say(text)
        if problem and not self._said_why_silent:
            self._said_why_silent = True
            self._say_in_passing(f"Cards are not read aloud. {problem}")

    def read(self, text: str) -> str | None:
        """Read ``text`` now (R); why it cannot be, if it cannot."""
        return self._read_aloud.say(text)

    def stop(self) -> None:
        """Stop what is being read (the card it was of is gone)."""
        self._read_aloud.stop()
