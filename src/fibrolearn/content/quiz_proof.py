"""The proof that a generated quiz question has exactly one right answer, from the model.

A question that fails it is a bug in the generator, never bad data: the generator drops the
question rather than hand it out.
"""

from __future__ import annotations

from fibrolearn.content.grading import grade_typed
from fibrolearn.content.quiz_model import (
    MATCH_SIZES,
    TRUE_FALSE_OPTIONS,
    QuizModel,
    detail_prompt,
    not_linked_prompt,
    which_factor_prompt,
)
from fibrolearn.content.quiz_selection import reads_as
from fibrolearn.domain.quiz import QuizKind, QuizQuestion


class UnprovenQuestionError(RuntimeError):
    """A generated question failed its validity proof: a bug in this module, never bad data."""


def check(question: QuizQuestion, model: QuizModel) -> None:
    """Prove from the model that ``question`` has exactly one right answer.

    Raises:
        UnprovenQuestionError: If it does not; that is a bug in this module.
    """
    check_options(question)
    options = question.options
    doc = model.doc
    if question.kind is QuizKind.TYPED_RECALL:
        accepted = question.accepted
        _require(bool(accepted), question, "nothing is accepted")
        _require(all(grade_typed(a, accepted) for a in accepted), question, "answer not gradable")
        _require("{{" not in question.prompt, question, "cloze syntax left in the prompt")
        return
    if question.kind is QuizKind.MATCHING:
        _check_matching(question, model)
        return
    correct = question.correct
    _require(isinstance(correct, int) and 0 <= correct < len(options), question, "bad index")
    fact = doc.fact_by_key[question.fact_keys[0]]
    if question.kind is QuizKind.WHICH_FACTOR:
        _require(question.prompt == which_factor_prompt(fact.finding), question, "wrong prompt")
        right = [i for i, o in enumerate(options) if model.linked(o, fact.finding)]
    elif question.kind is QuizKind.TRUE_FALSE:
        _require(options == TRUE_FALSE_OPTIONS, question, "not true/false")
        stated = model.stated(question)
        _require(stated is not None, question, "the statement names no factor")
        right = [0 if model.linked(stated or "", fact.finding) else 1]
    else:
        name = doc.factor_by_key[question.factor_keys[0]].name
        if question.kind is QuizKind.DETAIL:
            _require(question.prompt == detail_prompt(name), question, "wrong prompt")
            right = [i for i, o in enumerate(options) if model.linked(name, o)]
        else:
            _require(question.prompt == not_linked_prompt(name), question, "wrong prompt")
            _require(len(options) >= 3, question, "too few options")
            right = [i for i, o in enumerate(options) if not model.linked(name, o)]
    _require(right == [correct], question, f"right answers {right}, marked {correct}")


def check_options(question: QuizQuestion) -> None:
    """Prove that no option of ``question`` is blank, nor reads the same as another.

    Raises:
        UnprovenQuestionError: If one is; that is a bug in the generator.
    """
    options = question.options
    _require(
        all(reads_as(o) for o in options) and len({reads_as(o) for o in options}) == len(options),
        question,
        "options are blank or read the same",
    )


def _check_matching(question: QuizQuestion, model: QuizModel) -> None:
    items, options, correct = question.items, question.options, question.correct
    low, high = MATCH_SIZES
    _require(low <= len(items) <= high and len(options) == len(items), question, "bad size")
    if not isinstance(correct, tuple):
        raise UnprovenQuestionError(f"matching needs one index per item: {question}")
    _require(sorted(correct) == list(range(len(options))), question, "not a one-to-one pairing")
    for item, answer in zip(items, correct, strict=True):
        right = [i for i, o in enumerate(options) if model.linked(o, item)]
        _require(right == [answer], question, f"item {item!r} fits options {right}")


def _require(condition: bool, question: QuizQuestion, reason: str) -> None:
    if not condition:
        raise UnprovenQuestionError(f"{reason}: {question}")
