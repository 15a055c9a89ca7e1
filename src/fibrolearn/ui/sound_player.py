"""Play a card's sound files one after another with Qt's multimedia module, where it is there.

QtMultimedia ships in PySide6-Addons, the optional extra that also brings read aloud
(``pip install fibrolearn[speech]``), so it is imported only when a card has sounds to play.
Without it, without a sound output, or when a file cannot be played (a damaged file), the
player says so in a sentence: never an exception.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

NO_MODULE = (
    "Playing sounds needs Qt's multimedia module, which is not installed. Install it with "
    "“pip install fibrolearn[speech]” (on Linux also the libpulse0 package), then restart "
    "FibroLearn."
)

NO_DEVICE = (
    "No sound output was found on this computer. Connect speakers or headphones, or turn "
    "sound on in the system's settings."
)


class SoundPlayer(QObject):
    """Plays files in order, each after the one before has ended; :meth:`stop` ends them all.

    Signals:
        trouble: A sentence saying that a file could not be played, and why.
    """

    trouble = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._module: Any = None
        self._player: Any = None
        self._problem: str | None = None
        self._started = False
        self._waiting: list[Path] = []
        self._playing: Path | None = None

    def problem(self) -> str | None:
        """Why sounds cannot be played here, or None.

        Without a sound output, Qt "played" each file to nothing: silence, with no word of why.
        """
        self._start()
        if self._problem is None and not self._module.QMediaDevices.audioOutputs():
            return NO_DEVICE
        return self._problem

    def play(self, files: Sequence[Path]) -> str | None:
        """Play ``files`` in order, after stopping what plays; returns a problem or None."""
        problem = self.problem()
        if problem is None:
            self.stop()
            self._waiting = list(files)
            self._play_next()
        return problem

    def stop(self) -> None:
        """Stop playing, and play nothing of what was waiting."""
        self._waiting.clear()
        self._playing = None
        if self._player is not None:
            self._player.stop()

    @property
    def playing(self) -> Path | None:
        """The file being played now, if one is."""
        return self._playing

    def _play_next(self) -> None:
        self._playing = self._waiting.pop(0) if self._waiting else None
        if self._playing is not None:
            self._player.setSource(QUrl.fromLocalFile(str(self._playing)))
            self._player.play()

    def _status_changed(self, status: object) -> None:
        if status == self._module.QMediaPlayer.MediaStatus.EndOfMedia:
            self._play_next()

    def _failed(self, _error: object, reason: str) -> None:
        """A file could not be played: say which and why, and go on with the next."""
        if self._playing is None:  # stopped meanwhile
            return
        why = f" ({reason.rstrip('.')})" if reason else ""
        self.trouble.emit(f"The sound “{self._playing.name}” could not be played{why}.")
        self._play_next()

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        try:
            module = importlib.import_module("PySide6.QtMultimedia")
        except ImportError:  # no PySide6-Addons, or its system libraries are missing
            self._problem = NO_MODULE
            return
        self._module = module
        self._player = module.QMediaPlayer(self)
        self._player.setAudioOutput(module.QAudioOutput(self._player))
        self._player.mediaStatusChanged.connect(self._status_changed)
        self._player.errorOccurred.connect(self._failed)
