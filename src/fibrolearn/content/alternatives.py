"""The alternatives a note's answer lists ("dog; hound"), any one of them right when typed.

Quizlet accepts one of the answers a card lists; so does a quiz on a deck's notes, under a
careful rule, because a wrong answer counted right teaches the wrong thing, while a right one
counted wrong costs the learner a tap on "I was right". An answer lists alternatives when:

- its parts are apart by semicolons, else by slashes, else by commas ("dog; hound",
  "dog / hound", "dog/hound", "dog, hound"), two to four of them;
- each part is one to three words of letters only (a hyphen or apostrophe inside a word is
  fine), of at least three letters each, and no sentence word ("not", "yes", "and");
- apart by commas, each part is one word in lower case: a comma inside one answer mostly
  joins a name's parts ("Paris, France", "Smith, John") or a phrase's ("slow, deep breaths");
- the answer has no digit: "1,000", "1/2", "24/7" and "5; 10" are numbers and amounts;
- its question does not ask for several things ("Name two...", "both", "list", a number),
  where "serotonin, noradrenaline" is a list to give whole, not a choice of one.

A part twice ("dog; Dog") lists nothing to choose from. Whoever shows the right answer shows
it whole.
"""

from __future__ import annotations

import functools
import re

from fibrolearn.content.grading import normalize

_SEPARATORS = (re.compile(r"\s*;\s*"), re.compile(r"\s*/\s*"), re.compile(r"\s*,\s+"))
_COMMA = _SEPARATORS[-1]
_PART = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*(?: [^\W\d_]+(?:['’-][^\W\d_]+)*){0,2}")
_FEWEST_LETTERS = 3
_MOST_PARTS = 4
# Words of a sentence, not of a name for a thing: "yes, always" is no choice of two.
_SENTENCE = re.compile(
    r"\b(?:and|but|nor|not|yes|the|its|his|her|him|she|they|them|you|are|was|were|has|had"
    r"|all|any|none|some|also|too|then|than|very|only|just|always|never|however)\b"
)
# A question asking for several answers at once: "Name two...", "both", "List the...".
_SEVERAL = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|both|list|name|several|all)\b|[0-9]"
)


@functools.lru_cache(maxsize=4096)
def listed_alternatives(answer: str, prompt: str) -> tuple[str, ...]:
    """The alternatives ``answer`` lists as the answer to ``prompt``, or () when it lists none."""
    if any(char.isdigit() for char in answer) or _SEVERAL.search(normalize(prompt)):
        return ()
    for separator in _SEPARATORS:
        parts = [part.strip() for part in separator.split(answer.strip())]
        if len(parts) > 1:
            return _alternatives(parts, comma=separator is _COMMA)
    return ()


def _alternatives(parts: list[str], *, comma: bool) -> tuple[str, ...]:
    said = [normalize(part) for part in parts]
    if not 2 <= len(parts) <= _MOST_PARTS or len(set(said)) < len(said):
        return ()
    for part, words in zip(parts, said, strict=True):
        if (
            not _PART.fullmatch(part)
            or _SENTENCE.search(words)
            or any(sum(map(str.isalpha, word)) < _FEWEST_LETTERS for word in part.split())
        ):
            return ()
        if comma and (" " in part or part != part.lower()):
            return ()
    return tuple(parts)
