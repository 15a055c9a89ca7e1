"""What the mastery map and its table say about a factor, in words.

Numbers as percentages, "Not started" for a factor none of whose cards is studied yet (its
0 % would tell a new learner nothing but "you failed"), "All suspended" for one whose cards
are all out of study (a dash would say nothing of why), the lines a node shows and the
sentence a screen reader hears.
"""

from __future__ import annotations

from fibrolearn.domain.statistics import FactorMastery
from fibrolearn.domain.words import counted

NOT_STARTED = "Not started"
ALL_SUSPENDED = "All suspended"
NO_FLASHCARDS = "No flashcards"


def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash when unknown."""
    return "–" if value is None else f"{round(value * 100)} %"


def not_started(factor: FactorMastery) -> bool:
    """Whether the factor has cards and none of them has been studied yet.

    Its predicted recall would read 0 %, which tells a new learner nothing but "you failed".
    """
    return factor.cards > 0 and not factor.studied


def has_recall(factor: FactorMastery) -> bool:
    """Whether the factor has a predicted recall to show: cards in study, some studied."""
    return factor.cards > 0 and not not_started(factor)


def without_cards(factor: FactorMastery) -> str:
    """Why a factor no card in study teaches has no recall: its cards suspended, or none."""
    return ALL_SUSPENDED if factor.suspended else NO_FLASHCARDS


def recall(factor: FactorMastery, value: float | None) -> str:
    """One of the factor's predicted recalls as a percentage, "Not started", or why none."""
    if not factor.cards:
        return without_cards(factor)
    return NOT_STARTED if not_started(factor) else percent(value)


def cards_studied(factor: FactorMastery) -> str:
    """How many of its cards are studied: "3 of 5", and how many are suspended beside."""
    studied = f"{factor.studied} of {factor.cards}"
    return f"{studied}, {factor.suspended} suspended" if factor.suspended else studied


def node_lines(factor: FactorMastery) -> tuple[str, str, str]:
    """The three lines of numbers a node shows under its name."""
    quiz = (
        f"Quiz: {percent(factor.quiz_accuracy)} of {factor.quiz_total}"
        if factor.quiz_total
        else "Quiz: none recently"
    )
    if not factor.cards:
        out = f"{counted(factor.suspended, 'card')} out of study" if factor.suspended else ""
        return (without_cards(factor), out or "teach it yet", quiz)
    if not_started(factor):
        return (NOT_STARTED, f"{counted(factor.cards, 'card')} to learn", quiz)
    return (
        f"Recall now: {percent(factor.recall_now)}",
        f"In 30 days: {percent(factor.recall_30d)}",
        quiz,
    )


def spoken(factor: FactorMastery) -> str:
    """A factor's numbers as a sentence, for screen readers."""
    if not factor.cards and factor.suspended:
        text = f"{factor.name}: {counted(factor.suspended, 'card')}, all suspended"
    elif not factor.cards:
        text = f"{factor.name}: no flashcards teach it yet"
    elif not_started(factor):
        text = (
            f"{factor.name}: not started, none of its {counted(factor.cards, 'card')} studied yet"
        )
    else:
        text = (
            f"{factor.name}: predicted recall now {percent(factor.recall_now)}, in 30 days "
            f"{percent(factor.recall_30d)}; {factor.studied} of {factor.cards} cards studied"
        )
        if factor.suspended:
            text += f", {factor.suspended} more suspended"
    if factor.quiz_total:
        text += f"; quiz accuracy {percent(factor.quiz_accuracy)} of {factor.quiz_total} answers"
    return text + "."


def nothing_to_study(factor_name: str, suspended: int) -> str:
    """Why "Study this factor" opens no session: no flashcard of it can be studied.

    Said instead of opening Study on "Nothing due right now. Come back later", which coming
    back would never change.
    """
    if suspended:
        return (
            f"Every flashcard of “{factor_name}” is suspended, so there is nothing to study. "
            "To study them again, unsuspend them in Browse (Suspend / unsuspend, Ctrl+J)."
        )
    return f"No flashcard teaches “{factor_name}”, so there is nothing to study."
