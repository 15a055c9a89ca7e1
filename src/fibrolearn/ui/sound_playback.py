"""Playing card sounds in Study: each side's as it is shown, if the preferences ask, and on R.

R is Anki's replay key, and FibroLearn's read aloud: on a side with sounds it replays them
(what a learner coming from Anki presses, and a language card's sound is its voice, where
read aloud would spell out a file name), on any other side it reads the side aloud. The card
action and its menu item are named for what R does on the side shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fibrolearn.services.safe_html import media_files

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from fibrolearn.ui.sound_player import SoundPlayer

_REPLAY = ("&Replay sounds", "Play this side's sounds again (R)")
_HELD = "Press R to hear this card."


class SoundPlayback:
    """What Study plays of a card's sounds, and what it says when it cannot.

    Args:
        player: Plays the files (tests put a fake one in its place).
        media_dir: The collection's media folder, where the sounds are.
        tell: Says a sentence in the status bar and to screen readers.
        replay_action: The card action R triggers, named "Replay sounds" on a side with sounds.

    Attributes:
        autoplay: Play each side's sounds as it is shown (the preference "Play sounds
            automatically").
    """

    def __init__(
        self,
        player: SoundPlayer,
        media_dir: Path,
        tell: Callable[[str], None],
        replay_action: QAction,
    ) -> None:
        self.autoplay = True
        self.player = player
        self._media_dir = media_dir
        self._tell = tell
        self._action = replay_action
        self._read_words = (replay_action.text(), replay_action.toolTip())
        self._on_side: tuple[str, ...] = ()  # what R plays on the side shown
        self._said_why_silent = False
        self._holding = False  # sides shown now play nothing (see held)
        self._held = False  # a side shown while holding had sounds to play
        player.trouble.connect(tell)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Play nothing of the sides shown meanwhile; afterwards, say that R plays them.

        For the card of a session resumed as the app starts: its sounds played at once, and
        a learner opening the app at night was startled.
        """
        self._holding, self._held = True, False
        try:
            yield
        finally:
            self._holding = False
        if self._held and self._on_side:  # still on the card (not paused)
            self._tell(_HELD)

    def side_shown(self, on_side: tuple[str, ...], new: tuple[str, ...]) -> bool:
        """A side is shown: what played stops; ``new`` plays if the preferences ask.

        ``on_side`` is what R replays there. Returns whether a sound is playing now, or held
        back (see :meth:`held`): the side is not read aloud in its place. Without the
        multimedia module, why is said once.
        """
        self.stop()
        self._on_side = on_side
        self.name_action(shown=True)
        if not (self.autoplay and new):
            return False
        if self._holding:
            self._held = True
            return True
        problem = self.player.problem()
        if problem is None:
            return self._play(new)
        if not self._said_why_silent:
            self._said_why_silent = True
            self._tell(f"This card's sounds are not played. {problem}")
        return False

    def replay(self) -> bool:
        """Play the sounds of the side shown again (R); False when it has none."""
        if not self._on_side:
            return False
        problem = self.player.problem()
        if problem is None:
            self._play(self._on_side)
        else:
            self._tell(problem)
        return True

    def stop(self) -> None:
        """Stop playing (the side it was of is gone)."""
        self.player.stop()

    def side_gone(self) -> None:
        """Stop playing; no side is on screen (paused, the summary), so R reads no sounds."""
        self.stop()
        self._on_side = ()
        self.name_action(shown=True)

    def name_action(self, shown: bool) -> None:
        """Name R's action for what it does on the side shown; elsewhere it reads aloud.

        Study hidden (another place shown), the menu's greyed item does not speak of sounds.
        """
        text, tip = _REPLAY if shown and self._on_side else self._read_words
        self._action.setText(text)
        self._action.setToolTip(tip)

    def _play(self, names: tuple[str, ...]) -> bool:
        found, missing = media_files(self._media_dir, names)
        if missing:
            listed = ", ".join(f"“{name}”" for name in missing)
            sounds = "sound" if len(missing) == 1 else "sounds"
            self._tell(f"The {sounds} {listed} cannot be played: not in the media folder.")
        if found:
            self.player.play(found)
        return bool(found)
