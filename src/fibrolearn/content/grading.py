"""Lenient grading of typed answers."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

_WORD = re.compile(r"[^\W_]+")  # letters and digits; everything else separates words
_ARTICLES = frozenset({"the", "a", "an"})
_DIGITS = re.compile(r"[0-9]")
_EXACT_BELOW = 4  # answers this short must be exact: one typo changes the word
_TWO_TYPOS_FROM = 9


@functools.lru_cache(maxsize=4096)  # quiz generation compares the same few texts many times
def normalize(text: str) -> str:
    """Reduce text to what grading compares: words of letters and digits, space-separated.

    Case, accents, punctuation, repeated spaces and a leading "the", "a" or "an" are dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = _WORD.findall(bare)
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def grade_typed(answer: str, accepted: Sequence[str]) -> bool:
    """Whether a typed ``answer`` matches one of the ``accepted`` answers.

    Besides what :func:`normalize` ignores, spaces between words do not matter ("substance P",
    "substance-P", "substanceP") and small typos are forgiven: one wrong, missing, extra or
    swapped character for accepted answers of 4-8 characters, two from 9 characters. Shorter
    answers and the digits of an answer must be exact. An empty answer is never right.
    """
    given = normalize(answer).replace(" ", "")
    if not given:
        return False
    for option in accepted:
        wanted = normalize(option).replace(" ", "")
        if wanted and _close_enough(given, wanted):
            return True
    return False


def _close_enough(given: str, wanted: str) -> bool:
    if given == wanted:
        return True
    # A typo in a number changes the meaning ("1990", "1991"), so digits never get leeway.
    if _DIGITS.findall(given) != _DIGITS.findall(wanted):
        return False
    allowed = _allowed_typos(len(wanted))
    return allowed > 0 and _typo_distance(given, wanted, allowed) <= allowed


def _allowed_typos(length: int) -> int:
    if length < _EXACT_BELOW:
        return 0
    return 1 if length < _TWO_TYPOS_FROM else 2


def _typo_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), or ``limit + 1`` if larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
