"""Hearing card sides in Study: each side as the preferences ask, and any side on R.

A side with sounds plays them (:mod:`fibrolearn.ui.sound_playback`); one without is read aloud.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fibrolearn.ui.read_aloud import ReadAloud
    from fibrolearn.ui.sound_playback import SoundPlayback


class CardReading:
    """What Study reads aloud, through the speech helper the whole window shares, or plays.

    Attributes:
        every_side: Read each side as it is shown (the preference "Read cards aloud").
        sounds: Plays the card's sounds.
    """

    def __init__(
        self,
        read_aloud: ReadAloud,
        say_in_passing: Callable[[str], None],
        sounds: SoundPlayback,
    ) -> None:
        self.every_side = False
        self.sounds = sounds
        self._read_aloud = read_aloud
        self._say_in_passing = say_in_passing
        self._said_why_silent = False  # why cards are not read aloud, said once

    def side_shown(self, text: str, on_side: tuple[str, ...], new: tuple[str, ...]) -> None:
        """Play a side's ``new`` sounds, else read it if the preferences ask; say why not once.

        Turned on before, Read aloud was silent on every card with no word of why until the
        learner thought to open Preferences. Turned off, what R read of the side before stops:
        a long answer went on being read over the next card. ``on_side``: the sounds R
        replays on this side.
        """
        playing = self.sounds.side_shown(on_side, new)  # what played of the card before stops
        if playing or not self.every_side:
            self._read_aloud.stop()
            return
        problem = self._read_aloud.say(text)
        if problem and not self._said_why_silent:
            self._said_why_silent = True
            self._say_in_passing(f"Cards are not read aloud. {problem}")

    def read(self, text: str) -> str | None:
        """Replay the side's sounds, or read ``text`` now (R); why it cannot be, if it cannot."""
        if self.sounds.replay():
            self._read_aloud.stop()
            return None
        return self._read_aloud.say(text)

    def stop(self) -> None:
        """Stop what is being read or played (the card it was of goes, or comes back)."""
        self._read_aloud.stop()
        self.sounds.stop()

    def side_gone(self) -> None:
        """Stop reading and playing: no side is on screen any more (paused, the summary)."""
        self._read_aloud.stop()
        self.sounds.side_gone()
