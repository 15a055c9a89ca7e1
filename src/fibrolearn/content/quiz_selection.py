"""Choosing a quiz's questions from a pool: varied, and never asking the same thing twice."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from fibrolearn.content.grading import normalize
from fibrolearn.domain.quiz import QuizKind, QuizQuestion

T = TypeVar("T")
Topics = Callable[[QuizQuestion], Iterable[Hashable]]


def reads_as(text: str) -> str:
    """What a question or option reads as, to tell options apart and link texts.

    Its words, as grading compares them; or, of a text without letters or digits, its symbols:
    an emoji side ("🐶", "❤️" as "❤") can be told from another, and asked as a choice, though
    it cannot be typed.
    """
    words = normalize(text)
    if words:
        return words
    return "".join(char for char in text if unicodedata.category(char).startswith("S"))


def unique(questions: Iterable[QuizQuestion]) -> list[QuizQuestion]:
    """Drop exact repeats: same kind, prompt, options and items, in any order."""
    kept: dict[tuple[object, ...], QuizQuestion] = {}
    for q in questions:
        key = (q.kind, q.prompt, frozenset(q.options), frozenset(q.items))
        kept.setdefault(key, q)
    return list(kept.values())


def select(
    pool: list[QuizQuestion], count: int, rng: random.Random, topics: Topics = lambda _: ()
) -> list[QuizQuestion]:
    """Up to ``count`` questions: unasked facts first, then new prompts, then kinds in turn.

    A question sharing a topic with a chosen one is never chosen: what it asks (see
    :func:`asks`) is always one of its topics, ``topics`` gives the others. Nor is a
    true/false question whose answer is already the more frequent one: half of them are true
    (one more of either when their number is odd), so neither answer is a safe guess.
    """
    spread = _Spread()
    left = [(q, frozenset([asks(q), *topics(q)])) for q in rng.sample(pool, len(pool))]
    chosen: list[QuizQuestion] = []
    while len(chosen) < count:
        allowed = [i for i, (q, _) in enumerate(left) if not spread.tips_the_balance(q)]
        if not allowed:
            break
        best = min(allowed, key=lambda i: spread.cost(left[i][0], i))
        question, covered = left.pop(best)
        spread.add(question)
        chosen.append(question)
        left = [(q, its) for q, its in left if covered.isdisjoint(its)]
    return chosen


def asks(question: QuizQuestion) -> tuple[object, ...]:
    """What a question asks, whatever its wrong options: its prompt and its right answer."""
    correct = question.correct
    if question.kind is QuizKind.MATCHING:
        return (question.kind, frozenset(question.items))
    if isinstance(correct, int) and question.kind is not QuizKind.TYPED_RECALL:
        return (question.kind, question.prompt, question.options[correct])
    return (question.kind, question.prompt)


def pick(
    rng: random.Random,
    candidates: Sequence[T],
    k: int,
    taken: Sequence[str],
    text: Callable[[T], str] = str,
) -> list[T]:
    """Up to ``k`` random candidates whose texts differ from each other's and from ``taken``."""
    seen = {reads_as(shown) for shown in taken}
    picked: list[T] = []
    for candidate in rng.sample(list(candidates), len(candidates)):
        if len(picked) == k:
            break
        if reads_as(text(candidate)) not in seen:
            seen.add(reads_as(text(candidate)))
            picked.append(candidate)
    return picked


def place(rng: random.Random, right: T, wrong: Sequence[T]) -> tuple[list[T], int]:
    """The options in random order, and where the right one ended up."""
    options = [right, *wrong]
    rng.shuffle(options)
    return options, options.index(right)


class _Spread:
    """What a quiz has asked so far, to rank the questions it could ask next."""

    def __init__(self) -> None:
        self.prompts: set[str] = set()
        self.kinds: Counter[QuizKind] = Counter()
        self.facts: Counter[str] = Counter()
        self.factors: Counter[str] = Counter()
        self.answers: Counter[int] = Counter()  # true/false answers: 0 true, 1 false

    def cost(self, question: QuizQuestion, index: int) -> tuple[int, ...]:
        """How much ``question`` repeats the quiz so far; ``index`` (random) breaks ties."""
        return (
            max((self.facts[key] for key in question.fact_keys), default=0),
            question.prompt in self.prompts,
            self.kinds[question.kind],
            max((self.factors[key] for key in question.factor_keys), default=0),
            index,
        )

    def add(self, question: QuizQuestion) -> None:
        """Count ``question`` as asked."""
        self.prompts.add(question.prompt)
        self.kinds[question.kind] += 1
        self.facts.update(question.fact_keys)
        self.factors.update(question.factor_keys)
        if question.kind is QuizKind.TRUE_FALSE:
            self.answers[question.correct] += 1  # type: ignore[index]

    def tips_the_balance(self, question: QuizQuestion) -> bool:
        """Whether a true/false question's answer is already the more frequent one."""
        if question.kind is not QuizKind.TRUE_FALSE or not isinstance(question.correct, int):
            return False
        return self.answers[question.correct] > self.answers[1 - question.correct]
