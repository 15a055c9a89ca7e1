"""Anki's reference to a sound file in a field: ``[sound:name.mp3]``.

Its own module, as small as can be: the study screen's card sanitizer needs it on the way to
the first window, where the rest of the importers must not load.
"""

from __future__ import annotations

import re

SOUND_REFERENCE = re.compile(r"\[sound:(?P<name>[^\]]+)\]")
