"""Choosing a quiz's questions from a pool: varied, and never asking the same thing twice."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable

from fibrolearn.domain.quiz import QuizKind, QuizQuestion


def unique(questions: Iterable[QuizQuestion]) -> list[QuizQuestion]:
    """Drop exact repeats: same kind, prompt, options and items, in any order."""
    kept: dict[tuple[object, ...], QuizQuestion] = {}
    for q in questions:
        key = (q.kind, q.prompt, frozenset(q.options), frozenset(q.items))
        kept.setdefault(key, q)
    return list(kept.values())


def select(pool: list[QuizQuestion], count: int, rng: random.Random) -> list[QuizQuestion]:
    """Up to ``count`` questions: new prompts first, then kinds in turn, then least-asked facts.

    A prompt comes back only when no question with a new prompt is left, and then only asking
    something else (a detail question's prompt names a factor, its answer one of its findings).
    """
    spread = _Spread()
    left = rng.sample(pool, len(pool))
    chosen: list[QuizQuestion] = []
    while len(chosen) < count and left:
        fresh = [i for i, q in enumerate(left) if q.prompt not in spread.prompts]
        candidates = fresh or range(len(left))
        least = min(spread.kinds[left[i].kind] for i in candidates)
        rarest = [i for i in candidates if spread.kinds[left[i].kind] == least]
        question = left.pop(min(rarest, key=lambda i: spread.cost(left[i], i)))
        spread.add(question)
        chosen.append(question)
        left = [q for q in left if asks(q) != asks(question)]
    return chosen


def asks(question: QuizQuestion) -> tuple[object, ...]:
    """What a question asks, whatever its wrong options: its prompt and its right answer."""
    correct = question.correct
    if question.kind is QuizKind.MATCHING:
        return (question.kind, frozenset(question.items))
    if isinstance(correct, int) and question.kind is not QuizKind.TYPED_RECALL:
        return (question.kind, question.prompt, question.options[correct])
    return (question.kind, question.prompt)


class _Spread:
    """What a quiz has asked so far, to rank the questions it could ask next."""

    def __init__(self) -> None:
        self.prompts: set[str] = set()
        self.kinds: Counter[QuizKind] = Counter()
        self.facts: Counter[str] = Counter()
        self.factors: Counter[str] = Counter()

    def cost(self, question: QuizQuestion, index: int) -> tuple[int, ...]:
        """How much ``question`` repeats facts and factors; ``index`` (random) breaks ties."""
        return (
            max((self.facts[key] for key in question.fact_keys), default=0),
            max((self.factors[key] for key in question.factor_keys), default=0),
            index,
        )

    def add(self, question: QuizQuestion) -> None:
        """Count ``question`` as asked."""
        self.prompts.add(question.prompt)
        self.kinds[question.kind] += 1
        self.facts.update(question.fact_keys)
        self.factors.update(question.factor_keys)
