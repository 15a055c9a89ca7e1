"""A note's answer listing alternatives: any one is right typed, and only where it surely lists."""

from __future__ import annotations

import pytest

from fibrolearn.content.alternatives import listed_alternatives
from fibrolearn.content.grading import grade_typed
from fibrolearn.content.note_quiz import generate_note_quiz
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_notes import QuizNote
from fibrolearn.services.quiz_feedback import feedback, grade


@pytest.mark.parametrize(
    ("answer", "listed"),
    [
        ("dog; hound", ("dog", "hound")),
        ("dog;hound", ("dog", "hound")),
        ("dog / hound", ("dog", "hound")),
        ("dog/hound", ("dog", "hound")),
        ("dog, hound", ("dog", "hound")),
        ("dog, hound, canine", ("dog", "hound", "canine")),
        ("pain flare; flare-up", ("pain flare", "flare-up")),
        ("perro; can", ("perro", "can")),
        ("café; coffee", ("café", "coffee")),
    ],
)
def test_an_answer_listing_alternatives_lists_them(answer: str, listed: tuple[str, ...]) -> None:
    assert listed_alternatives(answer, "What is it?") == listed


@pytest.mark.parametrize(
    "answer",
    [
        "1,000",  # a number
        "10 000",
        "1/2",
        "24/7",
        "5; 10",
        "2 mg/kg",
        "mg/kg",  # a unit: too short to be words
        "km/h",
        "and/or",
        "he/she",
        "Paris, France",  # one name with a comma
        "Smith, John",
        "Washington, D.C.",
        "slow, deep breathing",  # one phrase with a comma
        "yes, always",
        "no, never",
        "however, rarely",
        "dog; Dog",  # the same twice
        "dog, hound; cat",  # mixed: not surely a list
        "dog; hound; cat; mouse; horse",  # too many to be alternatives
        "dog",
        "a dog",
        "the central nervous system; the spinal cord and brain",  # long parts
        "pain in the legs; aching",  # a short word in a part
        "犬; いぬ",  # one letter
        "",
        ";",
        " / ",
        "dog;",
    ],
)
def test_an_answer_that_may_be_one_lists_nothing(answer: str) -> None:
    assert listed_alternatives(answer, "What is it?") == ()


@pytest.mark.parametrize(
    "prompt",
    [
        "Name two neurotransmitters SNRIs raise",
        "Which three symptoms define it?",
        "Both of the drugs",
        "List the core symptoms",
        "The 2 receptors",
    ],
)
def test_a_question_asking_for_several_answers_wants_them_all(prompt: str) -> None:
    assert listed_alternatives("serotonin, noradrenaline", prompt) == ()
    assert listed_alternatives("serotonin, noradrenaline", "What do SNRIs raise?") != ()


def typed_question(answer: str) -> QuizQuestion:
    words = {"perro": answer, "gato": "cat", "casa": "house", "rojo": "red", "agua": "water"}
    notes = [
        QuizNote(f"w{i}", NoteKind.BASIC, front=f, back=b) for i, (f, b) in enumerate(words.items())
    ]
    questions = generate_note_quiz(notes, seed=1, count=5, kinds=[QuizKind.TYPED_RECALL])
    return next(q for q in questions if q.prompt == "perro")


def test_one_listed_alternative_typed_is_right_and_the_feedback_shows_them_all() -> None:
    question = typed_question("dog; hound")
    assert grade(question, "hound") and grade(question, "Dog") and grade(question, "dog; hound")
    assert not grade(question, "cat") and not grade(question, "dog hound cat")
    told = feedback(question, "hound", correct=True)
    assert (told.right_answer, told.whole_answer, told.typo_forgiven) == (
        "hound",
        "dog; hound",
        False,
    )
    told = feedback(question, "hund", correct=True)
    assert (told.right_answer, told.whole_answer, told.typo_forgiven) == (
        "hound",
        "dog; hound",
        True,
    )
    assert feedback(question, "dog; hound", correct=True).whole_answer == ""  # typed whole
    wrong = feedback(question, "cat", correct=False)
    assert wrong.right_answer == "dog; hound"  # whole, not "dog; hound (also right: dog, hound)"


def test_a_comma_in_one_answer_still_wants_it_whole() -> None:
    question = typed_question("Paris, France")
    assert grade(question, "Paris France") and not grade(question, "Paris")
    assert not grade_typed("1", ("1,000",))
