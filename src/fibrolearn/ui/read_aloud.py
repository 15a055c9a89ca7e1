"""Read card text aloud with Qt's text-to-speech, where the platform has a voice.

QtTextToSpeech ships in PySide6-Addons, an optional extra (``pip install fibrolearn[speech]``),
so it is imported only when the learner asks for speech. Every way it can be missing gets a
sentence saying what to install.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QObject

_NO_MODULE = (
    "Read aloud needs Qt's speech module, which is not installed. Install it with "
    "“pip install fibrolearn[speech]” (on Linux also the libpulse0 package), then restart "
    "FibroLearn."
)
_NO_VOICE = (
    "No text-to-speech voice was found on this computer. On Linux, install speech-dispatcher "
    "and a voice such as espeak-ng; on Windows and macOS, add a voice in the system settings."
)


class ReadAloud(QObject):
    """Speaks text with the first working engine, or explains why it cannot.

    Args:
        parent: Owner of the speech engine.
        engine: A specific Qt speech engine (tests use Qt's "mock" engine); None picks the
            platform's default.
    """

    def __init__(self, parent: QObject | None = None, engine: str | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._speech: Any = None
        self._problem: str | None = None
        self._started = False

    def problem(self) -> str | None:
        """Why speech cannot work here, or None when a voice is ready."""
        self._start()
        if self._problem is None and not self._speech.availableVoices():
            return _NO_VOICE
        return self._problem

    def say(self, text: str) -> str | None:
        """Speak ``text`` (interrupting anything still being read); returns a problem or None."""
        problem = self.problem()
        if problem is None:
            self._speech.stop()
            self._speech.say(text)
        return problem

    def stop(self) -> None:
        """Stop speaking."""
        if self._speech is not None:
            self._speech.stop()

    @property
    def speaking(self) -> bool:
        """Whether the engine is reading right now."""
        if self._speech is None:
            return False
        module = importlib.import_module("PySide6.QtTextToSpeech")
        return self._speech.state() == module.QTextToSpeech.State.Speaking

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        try:
            module = importlib.import_module("PySide6.QtTextToSpeech")
        except ImportError:  # no PySide6-Addons, or its system libraries are missing
            self._problem = _NO_MODULE
            return
        speech_class = module.QTextToSpeech
        if self._engine_name is None:
            self._speech = speech_class(self)
        else:
            self._speech = speech_class(self._engine_name, self)
        if self._speech.state() == speech_class.State.Error:
            self._problem = _NO_VOICE
