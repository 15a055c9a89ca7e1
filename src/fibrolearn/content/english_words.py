"""Whether a word is English: tells a typo ("dopamin") from another word ("diet" for "dirt")."""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources


def is_english_word(word: str) -> bool:
    """Whether ``word`` (lower case, as grading normalizes it) is a known English word."""
    return f"\n{word}\n" in _word_lines()


@functools.cache
def _word_lines() -> str:
    """The English word list of pyspellchecker (~160,000 words from subtitles), one a line.

    The list is the library's own data file, the one its ``SpellChecker(language="en")`` loads.
    Kept as one string rather than a set: 1.5 MB instead of ~30 MB, read in ~90 ms the first
    time a typed answer is near the right one, and looked up in ~0.5 ms.
    """
    try:
        packed = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
        words = json.loads(gzip.decompress(packed))
    except (OSError, ValueError):  # the library moved or changed its file: no word is known
        return ""  # so typos are forgiven as before, rather than answers failing
    return "\n" + "\n".join(words) + "\n"
