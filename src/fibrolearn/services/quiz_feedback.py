"""Grading a quiz answer, and the feedback on it: the right answer and the learner's in words."""

from __future__ import annotations

from fibrolearn.content.alternatives import listed_alternatives
from fibrolearn.content.grading import grade_typed, matched_answer, spelled_as_accepted
from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_session import AnswerFeedback, Response, response_problem

NO_ANSWER = "no answer"


def grade(question: QuizQuestion, response: Response) -> bool:
    """Whether ``response`` answers ``question`` rightly; None (no answer) never does.

    Raises:
        ValueError: If the response has the wrong shape for the question's kind.
    """
    problem = response_problem(question, response)
    if problem is not None:
        raise ValueError(problem)
    if response is None:
        return False
    if isinstance(response, str):
        return grade_typed(response, question.accepted)
    return response == question.correct


def feedback(
    question: QuizQuestion, response: Response, correct: bool, *, cards_brought_forward: int = 0
) -> AnswerFeedback:
    """The right answer and the learner's, in words, with the explanation and evidence.

    A typed answer counted right shows the accepted answer it was taken for, so a forgiven
    typo is shown its spelling; one of the alternatives an answer lists shows them all.
    """
    meant = matched_answer(response, question.accepted) if isinstance(response, str) else None
    whole = question.accepted[0] if meant is not None and _listed(question) else ""
    return AnswerFeedback(
        correct=correct,
        right_answer=meant or _describe(question, question.correct, right=True),
        given=NO_ANSWER if response is None else _describe(question, response, right=False),
        explanation=question.explanation,
        evidence=question.evidence,
        cards_brought_forward=cards_brought_forward,
        typo_forgiven=meant is not None and not spelled_as_accepted(response, [meant]),
        whole_answer=whole if whole != meant else "",
    )


def _describe(question: QuizQuestion, response: Response, *, right: bool) -> str:
    if question.kind is QuizKind.TYPED_RECALL:
        if not right:
            return str(response)
        first, *others = question.accepted  # the others would have counted too: say so
        if not others or _listed(question):
            return first
        return f"{first} (also right: {', '.join(others)})"
    if question.kind is QuizKind.MATCHING and isinstance(response, tuple):
        return "; ".join(
            f"{item} → {question.options[index]}"
            for item, index in zip(question.items, response, strict=True)
        )
    if isinstance(response, int):
        return question.options[response]
    return str(response)


def _listed(question: QuizQuestion) -> bool:
    """Whether a typed question accepts its answer or any one alternative its answer lists."""
    first, *others = question.accepted or ("",)
    return bool(others) and tuple(others) == listed_alternatives(first, question.prompt)
