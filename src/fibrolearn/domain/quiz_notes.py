"""A deck without a knowledge model, as a quiz on its notes reads it."""

from __future__ import annotations

from dataclasses import dataclass

from fibrolearn.domain.enums import NoteKind

# Fewest usable notes a quiz on a deck's notes needs: one per question of the shortest quiz,
# which also gives a multiple-choice question its wrong options.
MIN_QUIZ_NOTES = 5


@dataclass(frozen=True, slots=True)
class QuizNote:
    """A note a quiz may ask about: none of its cards suspended, at least one in use.

    Attributes:
        key: The note's key in its deck.
        kind: Basic, reversed (asked both ways) or cloze.
        front: The question side of a basic or reversed note.
        back: Its answer side.
        text: A cloze note's text, deletions and all.
        extra: What a cloze note shows below its answer.
        html: Its fields are HTML (an imported Anki note type's), not plain text.
    """

    key: str
    kind: NoteKind
    front: str = ""
    back: str = ""
    text: str = ""
    extra: str = ""
    html: bool = False


@dataclass(frozen=True, slots=True)
class QuizDeck:
    """A deck offered on the quiz set-up screen.

    Attributes:
        deck_id: Its id.
        name: Its name.
        knowledge: It has a knowledge model: its questions are about its factors and facts.
            Otherwise they are its notes' questions and answers.
    """

    deck_id: int
    name: str
    knowledge: bool
