from __future__ import annotations

import pytest

from fibrolearn.content.grading import (
    grade_typed,
    matched_answer,
    normalize,
    spelled_as_accepted,
)


@pytest.mark.parametrize(
    ("answer", "accepted"),
    [
        ("serotonin", "serotonin"),
        ("SEROTONIN", "serotonin"),
        ("  serotonin.  ", "serotonin"),
        ("substance-P", "substance P"),
        ("substanceP", "substance P"),
        ("substance    p", "substance P"),
        ("the hypothalamus", "hypothalamus"),
        ("hypothalamus", "The hypothalamus"),
        ("an immune response", "immune response"),
        ("Sjogren's", "Sjögren’s"),
        ("Sjogren syndrome", "Sjögren’s syndrome"),  # an eponym without its possessive
        ("Parkinson disease", "Parkinson's disease"),
        ("Raynaud phenomenon", "Raynaud's phenomenon"),
        ("Parkinsen disease", "Parkinson's disease"),  # and a typo besides
        ("cafe", "café"),
        ("microglia!", "“microglia”"),
        ("serotnin", "serotonin"),  # 9 letters: one missing
        ("seortonin", "serotonin"),  # a swap counts once
        ("serotinen", "serotonin"),  # 9+ letters: two typos
        ("sertnin", "serotonin"),
        ("cortizol", "cortisol"),  # 8 letters: one typo
        ("gult", "glut"),  # 4 letters: a swap
        ("35 °C", "35 °C"),
        ("35 C", "35 °C"),
        ("1.5", "1,5"),  # a decimal point or comma
        ("2-4", "2–4"),
        ("1000", "1,000"),  # thousands written with or without their separator
        ("10,000", "10 000"),
        ("COVID19", "COVID-19"),
        ("three", "3"),  # a number in words or in digits
        ("3", "three"),
        ("forty-nine percent", "49 percent"),
        ("forty nine", "49%"),
        ("49 percent", "49%"),  # "percent" is the sign, spelled either way
        ("49 per cent", "49%"),
        ("49%", "49 percent"),
        ("forty-nine per cent", "49%"),
        ("21 days", "twenty-one days"),
        ("Ten", "10"),
        ("about half", "half"),  # an amount said to be approximate is still that amount
        ("roughly 49%", "49%"),
        ("approximately forty-nine percent", "49 percent"),
        ("around 3", "three"),
        ("eigth", "eight"),  # a number word's typo is still forgiven
        ("hyperalgesai", "hyperalgesia"),  # a typo, not the look-alike "hypoalgesia"
        ("descneding", "descending"),
        ("pain descnding", "pain descending"),
        ("hypralgesia", "hypoalgesia"),  # as near "hyperalgesia": a typo of either
        ("antbodies", "antibodies"),  # prefixes that only look alike are no rivals
        ("antebodies", "antibodies"),
        ("hypethalamus", "hypothalamus"),
        ("Orsted", "Ørsted"),  # letters NFKD keeps whole, as typed without them
        ("Lodz center", "Łódź center"),
        ("Orstd", "Ørsted"),
        # British spelling, and other forms of the same word
        ("small fibre neuropathy", "small fiber neuropathy"),
        ("central sensitisation", "central sensitization"),
        ("oedema", "edema"),
        ("anaemia", "anemia"),
        ("tumour", "tumor"),
        ("nerve fibre", "nerve fibres"),
        ("cognitive behavioral therapy", "Cognitive Behavioural Therapy"),
        ("grey matter", "gray matter"),
        ("ageing", "aging"),
        ("diarrhoea", "diarrhea"),
        ("adrenal gland", "adrenal glands"),
        ("noradrenalin", "noradrenaline"),
        ("IL6", "IL-6"),  # abbreviations are exact, but not their punctuation or case...
        ("SNRI", "SNRIs"),  # ... nor singular and plural...
        ("PSTD", "PTSD"),  # ... nor two letters swapped
        # A typo that happens to spell a short word, or drops a letter, is still a typo
        ("pituitary glad", "pituitary gland"),
        ("seep architecture", "sleep architecture"),
        ("chronic pin loop", "chronic pain loop"),
        ("dirt", "diet"),
        ("staellite glia", "satellite glia"),
        # Names and words in capitals are no abbreviations
        ("McGil", "McGill"),
        ("alodynia", "ALLODYNIA"),
    ],
)
def test_accepted(answer: str, accepted: str) -> None:
    assert grade_typed(answer, [accepted])


@pytest.mark.parametrize(
    ("answer", "accepted"),
    [
        ("", "serotonin"),
        ("   ", "serotonin"),
        ("!!", "serotonin"),
        ("dopamine", "serotonin"),
        ("srtnin", "serotonin"),  # 9 letters: three missing is too many
        ("cotrizol", "cortisol"),  # 8 letters: two typos is too many
        ("gat", "gas"),  # under 4 letters: exact only
        ("gass", "gas"),
        ("1991", "1990"),  # digits are never forgiven
        ("36 °C", "35 °C"),
        ("15", "1.5"),  # numbers run together are another number
        ("1.5", "15"),
        ("24", "2–4"),
        ("2 4 hours", "24 hours"),
        ("1,50", "150"),
        ("twelve", "2"),
        ("forty", "49"),
        ("one", "11"),
        ("twenty nine", "20 9"),
        ("over half", "half"),  # more than the amount is another amount
        ("59 percent", "49%"),
        ("percent", "49%"),
        ("about sleep", "sleep"),  # only an amount may be approximate
        ("the", "a"),
        # Another word, not a typo: opposites that differ in the first letter...
        ("ascending", "descending"),
        ("afferent", "efferent"),
        ("pain ascending", "pain descending"),  # in any word
        ("painascending", "pain descending"),  # words run together get no leeway
        ("centraldensitization", "central sensitization"),
        # ... or only in a prefix
        ("hypoalgesia", "hyperalgesia"),
        ("hyperalgesia", "hypoalgesia"),
        ("intracellular", "intercellular"),
        ("microglia", "macroglia"),
        # Another English word of six letters or more, letters changed: not a typo
        ("glutamine", "glutamate"),
        ("injections", "infections"),
        ("retire", "rewire"),
        ("priced", "primed"),
        # An abbreviation with one letter changed is another abbreviation
        ("SSRIs", "SNRIs"),
        ("PTSS", "PTSD"),
        ("COMP", "COMT"),
        ("PTD", "PTSD"),
        ("HP axis", "HPA axis"),
    ],
)
def test_rejected(answer: str, accepted: str) -> None:
    assert not grade_typed(answer, [accepted])


def test_any_accepted_answer_will_do() -> None:
    assert grade_typed("SNRI", ["serotonin-norepinephrine reuptake inhibitor", "SNRI"])
    assert not grade_typed("pregabalin", ["serotonin-norepinephrine reuptake inhibitor", "SNRI"])


def test_nothing_accepted_means_nothing_is_right() -> None:
    assert not grade_typed("anything", [])
    assert not grade_typed("anything", ["", "..."])


def test_normalize() -> None:
    assert normalize("  The Gut–Brain  axis! ") == "gut brain axis"
    assert normalize("Ærø Café") == "aero cafe"  # as typed without those letters
    assert normalize("a") == "a"  # a lone article is the answer, not a prefix


def test_only_latin_greek_and_cyrillic_accents_may_be_left_out() -> None:
    """Found when decks on any subject became quizzable: "かき" was right for "がき" (another
    word), as were "क" for "कि" and "ไม" for "ไม้": every script's marks were dropped."""
    assert grade_typed("Sjogren", ["Sjögren"]) and grade_typed("привет", ["привёт"])
    assert grade_typed("がき", ["がき"]) and not grade_typed("かき", ["がき"])
    assert not grade_typed("क", ["कि"]) and not grade_typed("कष", ["क्ष"])
    assert not grade_typed("ไม", ["ไม้"])
    assert normalize("がっこう　です") == "がっこう です"


def test_spelled_as_accepted_tells_a_forgiven_typo_from_an_exact_answer() -> None:
    accepted = ["serotonin", "5-HT"]
    assert spelled_as_accepted("The Serotonin.", accepted)
    assert spelled_as_accepted("5 HT", accepted)
    assert not spelled_as_accepted("serotnin", accepted)
    assert grade_typed("serotnin", accepted)
    assert not spelled_as_accepted("", accepted)


def test_matched_answer_names_the_accepted_answer_meant() -> None:
    accepted = ["serotonin", "5-hydroxytryptamine"]
    assert matched_answer("5-hydroxytriptamine", accepted) == "5-hydroxytryptamine"
    assert matched_answer("serotnin", accepted) == "serotonin"
    assert matched_answer("dopamine", accepted) is None


def test_an_answer_spelled_as_one_accepted_answer_is_that_one_not_a_typo_of_another() -> None:
    accepted = ["vicious cycle", "vicious circle"]
    assert matched_answer("Vicious circle", accepted) == "vicious circle"
    assert spelled_as_accepted("Vicious circle", accepted)


def test_british_spelling_is_spelled_right_not_forgiven() -> None:
    assert spelled_as_accepted("small fibre neuropathy", ["small fiber neuropathy"])
    assert not spelled_as_accepted("small fibres neuropathy", ["small fiber neuropathy"])


def test_a_percentage_written_in_words_is_spelled_right_not_forgiven() -> None:
    assert spelled_as_accepted("49 per cent", ["49%"])


def test_an_eponym_without_its_possessive_is_spelled_right_not_forgiven() -> None:
    assert spelled_as_accepted("Parkinson disease", ["Parkinson's disease"])
    assert spelled_as_accepted("Parkinsons disease", ["Parkinson's disease"])
    assert not spelled_as_accepted("Parkinsen disease", ["Parkinson's disease"])
