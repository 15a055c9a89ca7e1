"""A quiz's questions from any deck: its knowledge model's facts, or else its notes.

A deck with a knowledge model is asked about its factors and facts
(:mod:`fibrolearn.content.quiz`); any other deck, an imported one or one the learner made, is
asked its notes' questions (:mod:`fibrolearn.content.note_quiz`). What a question asks about,
its ``fact_keys``, are then the keys of its notes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from fibrolearn.content.note_quiz import NoteLinks, generate_note_quiz
from fibrolearn.content.quiz import generate_quiz
from fibrolearn.domain.quiz import QuizQuestion
from fibrolearn.domain.quiz_notes import MIN_QUIZ_NOTES
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.services.quiz_notes import quiz_notes
from fibrolearn.storage import decks_repo, knowledge_repo, quiz_notes_repo
from fibrolearn.storage.db import DbSession


def sitting_questions(
    session: DbSession, setup: QuizSetup, factors: Sequence[str]
) -> list[QuizQuestion]:
    """The questions of a new quiz as ``setup`` asks, of ``factors`` (a knowledge deck's).

    Raises:
        ValueError: On factors the deck has not, or a choice the deck has no questions for.
        LookupError: For an unknown deck.
    """
    decks_repo.require_deck(session, setup.deck_id)
    if not quiz_notes_repo.has_knowledge(session, setup.deck_id):
        return _note_questions(session, setup)
    doc = knowledge_repo.deck_document(session, setup.deck_id)
    unknown = sorted(set(factors) - set(doc.factor_by_key))
    if unknown:
        raise ValueError(f"this deck has no factor {', '.join(unknown)}")
    questions = generate_quiz(
        doc,
        seed=setup.seed or 0,
        count=setup.length,
        kinds=setup.kinds or None,
        factors=factors or None,
    )
    if questions:
        return questions
    if not (setup.factors or setup.weakest or setup.kinds):
        raise ValueError(
            "this deck has too few facts for a quiz, even with every factor and kind chosen"
        )
    raise ValueError(
        "this deck has no questions for the chosen factors and kinds; choose more factors or kinds"
    )


def usable_notes(session: DbSession, deck_id: int) -> int:
    """How many of a deck's notes a quiz on its notes can ask about."""
    return NoteLinks(quiz_notes(session, deck_id)).usable_notes()


def too_few_notes(usable: int) -> str | None:
    """Why a deck with ``usable`` notes to ask about is too small for a quiz, or None."""
    if usable >= MIN_QUIZ_NOTES:
        return None
    have = "no note" if usable == 0 else "1 note" if usable == 1 else f"{usable} notes"
    return (
        f"this deck has {have} a quiz can ask about, and a quiz needs at least "
        f"{MIN_QUIZ_NOTES}: notes need a question and an answer in words or emoji, not too long, "
        "and not suspended"
    )


def cards_asked(session: DbSession, deck_id: int, keys: Collection[str]) -> list[int]:
    """The flashcards in use of what these questions' ``fact_keys`` name: facts, or notes."""
    if quiz_notes_repo.has_knowledge(session, deck_id):
        return knowledge_repo.cards_teaching(session, deck_id, fact_keys=keys)
    return quiz_notes_repo.cards_of_notes(session, deck_id, keys)


def _note_questions(session: DbSession, setup: QuizSetup) -> list[QuizQuestion]:
    if setup.factors or setup.weakest:
        raise ValueError("this deck has no knowledge model, so no factors to choose")
    notes = quiz_notes(session, setup.deck_id)
    problem = too_few_notes(NoteLinks(notes).usable_notes())
    if problem is not None:
        raise ValueError(problem)
    questions = generate_note_quiz(
        notes, seed=setup.seed or 0, count=setup.length, kinds=setup.kinds or None
    )
    if not questions:
        raise ValueError("this deck has no questions of the chosen kinds; choose more kinds")
    return questions
