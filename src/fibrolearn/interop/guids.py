"""Note guids: Anki's identity of a note, which a re-import matches on."""

from __future__ import annotations

import hashlib
import string

# Anki writes guids as a 64-bit number in this base-91 alphabet; FibroLearn does the same.
_ALPHABET = string.ascii_letters + string.digits + "!#$%&()*+,-./:;<=>?@[]^_`{|}~"


def derived_guid(deck_key: str, note_key: str) -> str:
    """A stable guid for a note that has none (notes from deck files and CSV files).

    Derived from the note's deck and key, so every export of the same note carries the same
    guid and an import of that export finds the note again.
    """
    digest = hashlib.sha256(f"fibrolearn\x1f{deck_key}\x1f{note_key}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    characters = []
    while number:
        number, remainder = divmod(number, len(_ALPHABET))
        characters.append(_ALPHABET[remainder])
    return "".join(reversed(characters)) or _ALPHABET[0]
