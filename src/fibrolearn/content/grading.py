"""Lenient grading of typed answers."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from fibrolearn.content.english_words import is_english_word

_WORD = re.compile(r"[^\W_]+")  # letters and digits; everything else separates words
_ARTICLES = frozenset({"the", "a", "an"})
_NUMBER = re.compile(r"[0-9]+")
# Spaces between words go when comparing ("substance P", "substanceP"), but not inside a
# number, where they stand for a point, comma or dash: "1.5" is not "15", nor "2-4" "24".
# Only a group of three digits joins its number, as thousands do ("1,000", "10 000").
_SPACE_THAT_GOES = re.compile(r"(?<![0-9]) | (?![0-9])| (?=[0-9]{3}(?![0-9]))")
_EXACT_BELOW = 4  # answers this short must be exact: one typo changes the word
_TWO_TYPOS_FROM = 9
# Prefixes that make a word's opposite, or another thing, without changing its first letter
# ("hyperalgesia", "hypoalgesia"). A typed word nearer the other prefix's word is that word,
# not a typo. Pairs whose first letters differ (afferent, efferent) need no entry: a typo is
# never forgiven in a word's first letter.
_LOOK_ALIKE_PREFIXES = (
    ("hyper", "hypo"),
    ("inter", "intra"),
    ("macro", "micro"),
    ("endo", "exo"),
)
# Letters NFKD does not take apart, as a learner without them on the keyboard types them.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d"})
# British spellings written the American way, so either is the answer ("fibre", "fiber").
# Only endings and first letters, where a typo is never forgiven; British spellings inside a
# word (anaemia, diarrhoea) are a letter away and forgiven like a typo.
_AMERICAN_SPELLING = (
    (re.compile(r"(?<=[a-z]{2})our(?=(s|ed|ing|ful|ite|ites)?\b)"), "or"),  # tumour, colours
    (re.compile(r"(?<=[bt])re(?=s?\b)"), "er"),  # fibre, fibres, centre
    (re.compile(r"(?<=[a-z]{2})([iy])s(e|ed|es|ing|ation|ations)\b"), r"\1z\2"),  # sensitise
    (re.compile(r"\boe(?=[a-z])"), "e"),  # oedema, oestrogen
    (re.compile(r"\bae(?=[a-z])"), "e"),  # aetiology
)
# A typed word English knows, this long and of the right word's length (letters changed, none
# missing or extra), is that word, not a typo: "infections" for "injections". Shorter words
# and letters dropped or doubled are typos far more often ("glad" for "gland").
_ANOTHER_WORD_FROM = 6
# Number words, each at its value (from one string: a list literal takes a line per word).
_UNITS = (  # noqa: SIM905
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905 (20-90)
# A number under a hundred in words, as normalize leaves it ("forty-nine" as "forty nine").
_NUMBER_IN_WORDS = re.compile(
    rf"\b(?:({'|'.join(_TENS)})(?: ({'|'.join(_UNITS[1:10])}))?|({'|'.join(_UNITS)}))\b"
)
# An abbreviation: at most this many letters, at least two and half of them capitals.
_ABBREVIATION_UP_TO = 6
# A word that makes an amount approximate ("about half", "roughly 49%"): the card's amount
# with it is still the card's amount. Not "over" or "under", which make it another.
_ROUGHLY = re.compile(
    r"^(?:about|around|roughly|approximately|approx|circa|nearly|almost|some) "
    rf"(?=[0-9]|(?:half|third|quarter|{'|'.join(_TENS)}|{'|'.join(_UNITS)})\b)"
)
# "percent" after a number: it goes, as normalize drops the "%" sign ("49 percent" is "49%").
_PERCENT = re.compile(rf"\b([0-9]+|{'|'.join(_TENS)}|{'|'.join(_UNITS)}) per ?cent\b")
# The "s" of a possessive, which normalize leaves as a word of its own ("parkinson s disease"):
# an eponym is also written without it ("Parkinson disease", "Sjogren syndrome").
_POSSESSIVE_S = re.compile(r"(?<=[^\W\d_]) s\b")


@functools.lru_cache(maxsize=4096)  # quiz generation compares the same few texts many times
def normalize(text: str) -> str:
    """Reduce text to what grading compares: words of letters and digits, space-separated.

    Case, accents, punctuation, repeated spaces and a leading "the", "a" or "an" are dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = unicodedata.normalize("NFC", _without_accents(decomposed)).casefold()
    words = _words(bare.translate(_PLAIN_LETTERS))
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _without_accents(decomposed: str) -> str:
    """Latin, Greek and Cyrillic letters without their accents; other scripts keep their marks.

    A keyboard without "ö" types "o"; but a Japanese voicing mark (が, not か), a Devanagari
    virama or a Thai tone mark makes another word.
    """
    kept: list[str] = []
    optional = False  # the accents of the letter before
    for char in decomposed:
        if not unicodedata.combining(char):
            optional = char < "\u0530" or "\u1e00" <= char < "\u2000"
        elif optional:
            continue
        kept.append(char)
    return "".join(kept)


def _words(text: str) -> list[str]:
    """The words of ``text``: letters and digits, with the marks written on them."""
    if text.isascii():
        return _WORD.findall(text)
    words: list[str] = []
    word = ""
    for char in text:
        if char.isalnum() or (word and unicodedata.category(char).startswith("M")):
            word += char
        elif word:
            words.append(word)
            word = ""
    return [*words, word] if word else words


def grade_typed(answer: str, accepted: Sequence[str]) -> bool:
    """Whether a typed ``answer`` matches one of the ``accepted`` answers.

    Besides what :func:`normalize` ignores, spaces between words do not matter ("substance P",
    "substance-P", "substanceP"; inside a number they do: "1.5" is not "15"), numbers under a
    hundred may be written in words or digits ("three", "3"), "percent" is the "%" sign, a
    possessive's "s" may be left out ("Parkinson disease"), an amount may be said to be
    approximate ("about half" for "half"), and small typos are forgiven:
    one wrong, missing, extra or swapped character for accepted answers of 4-8 characters,
    two from 9 characters. Shorter answers, the digits of an answer and the first letter of
    each word must be exact, typos are forgiven only when the words typed pair up with the
    answer's, and a word nearer its look-alike with another prefix ("hypo-" for "hyper-") is
    that other word. Nor is a typo forgiven in an abbreviation ("SNRIs", not "SSRIs"), or
    where the word typed is another English word of six letters or more with letters changed
    ("glutamine" for "glutamate", "injections" for "infections"). British spellings are the
    American ones ("fibre", "sensitisation"). An empty answer is never right.
    """
    return matched_answer(answer, accepted) is not None


def matched_answer(answer: str, accepted: Sequence[str]) -> str | None:
    """The accepted answer ``answer`` is right for (see grade_typed): one it spells, if any.

    An answer spelled as one accepted answer ("vicious circle") is that one, even when it is
    also a typo away from another ("vicious cycle").
    """
    given = _comparable(answer)
    if not given:
        return None
    spelled = next((option for option in accepted if _spells(given, option)), None)
    if spelled is not None:
        return spelled
    return next((option for option in accepted if _close_enough(given, option)), None)


def spelled_as_accepted(answer: str, accepted: Sequence[str]) -> bool:
    """Whether ``answer`` is one of the ``accepted`` answers with no typo forgiven."""
    given = _comparable(answer)
    return bool(given) and any(_spells(given, option) for option in accepted)


@functools.lru_cache(maxsize=4096)
def _comparable(text: str) -> str:
    """``text`` normalized, in American spelling, an amount without "about" or "percent"."""
    words = _PERCENT.sub(r"\1", _ROUGHLY.sub("", normalize(text)))
    for pattern, american in _AMERICAN_SPELLING:
        words = pattern.sub(american, words)
    return words


def _spells(given: str, option: str) -> bool:
    """Whether ``given`` (comparable) is ``option``, its numbers in words or digits alike.

    A possessive's "s" may be left out: "Parkinson disease" spells "Parkinson's disease".
    """
    wanted = _comparable(option)
    if not wanted:
        return False
    return any(
        _squashed(read(given)) == _squashed(read(wanted))
        for read in (str, _in_digits, _without_possessives)
    )


def _without_possessives(words: str) -> str:
    """``words`` (comparable) without the "s" of a possessive."""
    return _POSSESSIVE_S.sub("", words)


def _in_digits(words: str) -> str:
    """``words`` with the numbers under a hundred written in words in digits ("three" → "3")."""
    return _NUMBER_IN_WORDS.sub(_number, words)


def _number(found: re.Match[str]) -> str:
    tens, unit, alone = found.groups()
    if alone is not None:
        return str(_UNITS.index(alone))
    return str(20 + 10 * _TENS.index(tens) + (_UNITS.index(unit) if unit else 0))


def _squashed(words: str) -> str:
    return _SPACE_THAT_GOES.sub("", words)


def _close_enough(given: str, option: str) -> bool:
    """Whether ``given`` (comparable) is the accepted ``option``, but for a few typos.

    Possessives are left out of both, so that a typo is forgiven with one left out too.
    """
    given, wanted = _without_possessives(given), _without_possessives(_comparable(option))
    typed, right = _squashed(given), _squashed(wanted)
    if not right:
        return False
    if typed == right:
        return True
    # A typo in a number changes the meaning ("1990", "1991"), so digits never get leeway;
    # nor do first letters, where opposites differ ("ascending", "descending"). Words run
    # together ("painascending") hide where a word starts, so they get no leeway at all.
    typed_words, right_words = given.split(), wanted.split()
    if (
        _NUMBER.findall(typed) != _NUMBER.findall(right)
        or len(typed_words) != len(right_words)
        or any(t[0] != r[0] for t, r in zip(typed_words, right_words, strict=True))
        or any(_another_word(t, r, option) for t, r in zip(typed_words, right_words, strict=True))
    ):
        return False
    allowed = _allowed_typos(len(right))
    distance = _typo_distance(typed, right, allowed) if allowed else allowed + 1
    if distance > allowed:
        return False
    # Nearer the look-alike than the right word: the learner wrote the other word. (As near
    # both is a typo of either, and the learner is given the benefit of the doubt.)
    return all(
        _typo_distance(typed, _squashed(look_alike), distance - 1) >= distance
        for look_alike in _look_alikes(wanted)
    )


def _another_word(typed: str, right: str, option: str) -> bool:
    """Whether the ``typed`` word is another word than the ``right`` one, not a typo of it.

    An abbreviation with a letter changed, dropped or added is another ("SSRIs" for "SNRIs"),
    but not in the singular or with two letters swapped ("SNRI", "PSTD"). A long English word
    with the right one's letters changed is that word (see ``_ANOTHER_WORD_FROM``).
    """
    if typed == right:
        return False
    if right in _abbreviations(option):
        singular = right in (typed + "s", typed + "es") or typed in (right + "s", right + "es")
        return not (singular or sorted(typed) == sorted(right))
    return len(typed) == len(right) >= _ANOTHER_WORD_FROM and is_english_word(typed)


@functools.lru_cache(maxsize=4096)
def _abbreviations(option: str) -> frozenset[str]:
    """The abbreviations among the words of ``option``: "PTSD", "SNRIs", "IgG", "IL".

    Not a name with two capitals ("McGill"), nor a word written in capitals ("ALLODYNIA").
    """
    return frozenset(_comparable(word) for word in _WORD.findall(option) if _is_abbreviation(word))


def _is_abbreviation(word: str) -> bool:
    capitals = sum(c.isupper() for c in word)
    return capitals >= 2 and 2 * capitals >= len(word) and len(word) <= _ABBREVIATION_UP_TO


def _look_alikes(wanted: str) -> list[str]:
    """``wanted`` with one word's prefix swapped for its look-alike ("hyper-" → "hypo-")."""
    words = wanted.split()
    swapped = []
    for index, word in enumerate(words):
        for first, second in _LOOK_ALIKE_PREFIXES:
            for prefix, other in ((first, second), (second, first)):
                if word.startswith(prefix):
                    changed = [*words[:index], other + word[len(prefix) :], *words[index + 1 :]]
                    swapped.append(" ".join(changed))
    return swapped


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
