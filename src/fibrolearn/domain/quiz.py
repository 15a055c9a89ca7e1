"""Quiz questions generated from a deck's knowledge model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# What stands for the term a typed-recall question asks for, in its prompt.
BLANK = "_____"
# A blank of a typed question with its hint after it, as "_____ (hint: many-sided)": a hint in
# the blank's place ("unknown and [many-sided]", as Anki shows one) reads as a finished
# sentence, on screen as to a screen reader.
_BLANK_AND_HINT = re.compile(re.escape(BLANK) + r"(?: \(hint: [^)]*\))?")


def hinted_blank(hint: str) -> str:
    """The blank of a typed question whose deleted term has a ``hint``."""
    return f"{BLANK} (hint: {hint})"


def filled_blank(prompt: str, answer: str) -> str:
    """``prompt`` with its blank, and the hint after it, replaced by ``answer``."""
    return _BLANK_AND_HINT.sub(lambda _blank: answer, prompt)


class QuizKind(StrEnum):
    """The kinds of generated question."""

    WHICH_FACTOR = "which-factor"  # which factor does this finding belong to
    DETAIL = "detail"  # which finding belongs to factor X
    TRUE_FALSE = "true-false"  # "finding F is linked to factor X": true or false
    MATCHING = "matching"  # pair 4-6 findings with their factors
    NOT_LINKED = "not-linked"  # which of these is NOT linked to factor X
    TYPED_RECALL = "typed-recall"  # type the term a cloze deletion hides, or a note's answer
    CHOICE = "choice"  # which of these answers a note's question (decks without a model)


# The kinds of question a deck's knowledge model gives, and those its notes give (a deck
# without a model), each in the order the set-up screen lists them.
KNOWLEDGE_KINDS = tuple(kind for kind in QuizKind if kind is not QuizKind.CHOICE)
NOTE_KINDS = (QuizKind.CHOICE, QuizKind.TYPED_RECALL, QuizKind.MATCHING, QuizKind.TRUE_FALSE)


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One generated question with its answer and feedback.

    Attributes:
        kind: The kind of question.
        prompt: The question text.
        options: The choices (empty for typed recall). For true/false: ("True", "False").
            For matching: the factor names the findings are matched to.
        correct: Index into ``options`` of the right answer (choice kinds); for matching, the
            tuple of right option indexes, one per item in ``items``.
        items: For matching, the findings to pair (in display order); otherwise empty.
        accepted: For typed recall, the accepted answers; otherwise empty.
        explanation: The explanation of the fact(s) asked, shown as feedback.
        evidence: The evidence note of the fact(s) asked, shown as feedback.
        fact_keys: The facts this question asks about.
        factor_keys: The factors this question is about (for per-factor scores).
    """

    kind: QuizKind
    prompt: str
    options: tuple[str, ...]
    correct: int | tuple[int, ...]
    items: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    explanation: str = ""
    evidence: str = ""
    fact_keys: tuple[str, ...] = ()
    factor_keys: tuple[str, ...] = ()


def question_problem(question: QuizQuestion) -> str | None:
    """What makes ``question`` one no generator makes (an answer no option is), or None."""
    if question.kind is QuizKind.TYPED_RECALL:
        return None if question.accepted else "a typed-recall question accepts no answer"
    correct = question.correct
    if question.kind is QuizKind.MATCHING:
        if not isinstance(correct, tuple) or len(correct) != len(question.items):
            return "a matching question has no right option for each of its items"
    elif isinstance(correct, tuple):
        return "a choice question has more than one right option"
    right = correct if isinstance(correct, tuple) else (correct,)
    if all(is_option(index, question) for index in right):
        return None
    return "a question's right answer names an option it does not have"


def is_option(value: object, question: QuizQuestion) -> bool:
    """Whether ``value`` is the index of one of ``question``'s options."""
    return type(value) is int and 0 <= value < len(question.options)


def spoken_prompt(prompt: str) -> str:
    """``prompt`` as a screen reader should say it: its blank as the word "blank".

    Screen readers skip underscores, or say "underline" five times.
    """
    return prompt.replace(BLANK, "blank")
