"""Quizzes on a deck's notes: one right answer, plain text, deterministic, and small decks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fibrolearn.content.grading import normalize
from fibrolearn.content.note_quiz import NoteLinks, generate_note_quiz
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.quiz import BLANK, QuizKind, QuizQuestion
from fibrolearn.domain.quiz_notes import QuizNote

WORDS = {"perro": "dog", "gato": "cat", "casa": "house", "rojo": "red", "agua": "water"}
NOTES = (
    *(QuizNote(f"w{i}", NoteKind.BASIC, front=f, back=b) for i, (f, b) in enumerate(WORDS.items())),
    QuizNote("r", NoteKind.REVERSED, front="libro", back="book"),
    QuizNote("c", NoteKind.CLOZE, text="{{c1::Madrid}} is the capital of {{c2::Spain}}."),
    QuizNote(
        "h", NoteKind.BASIC, front="<b>sol</b>&nbsp;[sound:sol.mp3]", back="<i>sun</i>", html=True
    ),
)


def pairs_of(notes: tuple[QuizNote, ...]) -> set[frozenset[str]]:
    """Every question-and-answer pair the notes make, either way round (independently)."""
    made = set()
    for note in notes:
        if note.kind is NoteKind.CLOZE:
            made |= {frozenset({normalize(note.text), t}) for t in ("madrid", "spain")}
        else:
            made.add(frozenset({normalize(note.front), normalize(note.back)}))
    return made


def right_options(question: QuizQuestion) -> list[int]:
    """The options the deck makes right, re-derived from the notes' own pairs."""
    asked = normalize(question.prompt)
    pairs = {frozenset({normalize(f), normalize(b)}) for f, b in WORDS.items()}
    pairs |= {frozenset({"libro", "book"}), frozenset({"sol", "sun"})}
    return [i for i, o in enumerate(question.options) if frozenset({asked, normalize(o)}) in pairs]


@settings(max_examples=60, deadline=None, database=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_question_has_one_right_answer_and_no_options_alike(seed: int) -> None:
    questions = generate_note_quiz(NOTES, seed=seed, count=20)
    assert questions == generate_note_quiz(NOTES, seed=seed, count=20)  # deterministic
    assert len(questions) >= 5
    for q in questions:
        assert len({normalize(o) for o in q.options}) == len(q.options)
        assert not any("<" in text or "[sound" in text for text in (q.prompt, *q.options, *q.items))
        if q.kind is QuizKind.CHOICE and BLANK not in q.prompt:
            assert right_options(q) == [q.correct]
        if q.kind is QuizKind.MATCHING:
            for item, answer in zip(q.items, q.correct, strict=True):
                assert frozenset({normalize(item), normalize(q.options[answer])}) in (
                    pairs_of(NOTES) | {frozenset({"sol", "sun"})}
                )
    assert len(
        {key for q in questions if q.kind is not QuizKind.MATCHING for key in q.fact_keys}
    ) == len(
        [q for q in questions if q.kind is not QuizKind.MATCHING]
    )  # a note is asked once a quiz


def test_html_is_plain_text_and_sounds_and_pictures_are_left_out() -> None:
    links = NoteLinks(
        [*NOTES, QuizNote("p", NoteKind.BASIC, front="<img src=x.png>", back="x", html=True)]
    )
    assert links.linked("sol", "sun")
    assert links.usable_notes() == len(NOTES)  # the picture-only front asks nothing
    typed = generate_note_quiz(NOTES, seed=1, count=50, kinds={QuizKind.TYPED_RECALL})
    assert ("sol", ("sun",)) in {(q.prompt, q.accepted) for q in typed}


def test_a_front_with_two_backs_is_never_asked_and_alike_answers_are_not_options() -> None:
    notes = (
        *NOTES,
        QuizNote("x", NoteKind.BASIC, front="Perro!", back="hound"),
        QuizNote("y", NoteKind.BASIC, front="can", back="Dog"),
    )
    questions = generate_note_quiz(notes, seed=5, count=50)
    assert not any(normalize(q.prompt) == "perro" for q in questions)
    for q in questions:
        if q.kind is QuizKind.CHOICE and normalize(q.prompt) == "can":
            assert [normalize(o) for o in q.options].count("dog") == 1


def test_long_answers_are_chosen_not_typed_and_too_long_ones_are_left_out() -> None:
    long_answer = "a fairly long answer nobody would type out word for word, really"
    notes = (*NOTES, QuizNote("l", NoteKind.BASIC, front="long", back=long_answer))
    notes += (QuizNote("t", NoteKind.BASIC, front="too long", back="word " * 40),)
    questions = generate_note_quiz(notes, seed=2, count=50)
    asked = {(q.kind, q.prompt) for q in questions}
    assert (QuizKind.TYPED_RECALL, "long") not in asked
    assert not any(q.prompt == "too long" for q in questions)
    assert NoteLinks(notes).usable_notes() == len(NOTES) + 1


def test_a_small_deck_gives_a_short_quiz_and_an_empty_one_none() -> None:
    assert NoteLinks(NOTES[:3]).usable_notes() == 3
    assert len(generate_note_quiz(NOTES[:3], seed=1, count=10)) <= 3
    assert generate_note_quiz((), seed=1, count=10) == []
    blank = QuizNote("b", NoteKind.BASIC, front="\u200b", back="x")
    assert NoteLinks([blank]).usable_notes() == 0


EMOJI = {"dog": "🐶", "cat": "🐱", "mouse": "🐭", "horse": "🐴", "love": "❤️"}


def test_an_emoji_side_is_asked_as_a_choice_but_never_typed() -> None:
    notes = [
        QuizNote(f"e{i}", NoteKind.REVERSED, front=word, back=emoji)
        for i, (word, emoji) in enumerate(EMOJI.items())
    ]
    assert NoteLinks(notes).usable_notes() == len(EMOJI)
    questions = [q for seed in range(8) for q in generate_note_quiz(notes, seed=seed, count=10)]
    choices = [q for q in questions if q.kind is QuizKind.CHOICE]
    assert any(q.options[q.correct] in EMOJI.values() for q in choices)  # emoji options
    assert any(q.prompt in EMOJI.values() for q in choices)  # and emoji questions
    for q in choices:
        asked = EMOJI.get(q.prompt) or next(w for w, e in EMOJI.items() if e == q.prompt)
        assert q.options[q.correct] == asked and len(set(q.options)) == len(q.options)
    typed = [q for q in questions if q.kind is QuizKind.TYPED_RECALL]
    assert typed and all(q.accepted[0] in EMOJI for q in typed)  # the words, not the emoji


def test_an_emoji_with_or_without_its_variation_selector_is_one_answer() -> None:
    notes = [
        QuizNote("a", NoteKind.BASIC, front="love", back="❤️"),
        QuizNote("b", NoteKind.BASIC, front="heart", back="❤"),
        *(
            QuizNote(f"e{i}", NoteKind.BASIC, front=w, back=e)
            for i, (w, e) in enumerate(EMOJI.items())
            if w != "love"
        ),
    ]
    for q in generate_note_quiz(notes, seed=3, count=10, kinds=[QuizKind.CHOICE]):
        assert not {"❤️", "❤"} <= set(q.options)  # never both: they read the same
