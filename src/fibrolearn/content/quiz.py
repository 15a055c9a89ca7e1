"""Quiz questions generated from a deck's knowledge model (never listed by hand).

Every question must have exactly one right answer. That is proved from the model
(:class:`~fibrolearn.content.quiz_model.QuizModel`), on the texts the learner sees: a factor
name is *linked* to a finding when some factor of that name claims some fact with that
finding, where a factor claims a fact if it is the fact's factor or one of its ``related``
factors; an *umbrella* factor (the subject as a whole) claims every fact. Texts are compared
after :func:`normalize`, so two options that read the same count as the same. Wrong options
are drawn only from what is provably not linked, and
:func:`~fibrolearn.content.quiz_proof.check` re-derives the answer of each finished question
from its texts before it is handed out; a question that cannot be made valid is not made at
all.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from fibrolearn.content.cloze import cloze_numbers, cloze_terms, malformed_fragments
from fibrolearn.content.grading import normalize
from fibrolearn.content.quiz_model import (
    MATCH_SIZES,
    TRUE_FALSE_OPTIONS,
    QuizModel,
    detail_prompt,
    not_linked_prompt,
    true_false_prompt,
    typed_prompt,
    which_factor_prompt,
)
from fibrolearn.content.quiz_proof import check
from fibrolearn.content.quiz_selection import asks, pick, place, select, unique
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import DeckDocument, Fact, Factor, NoteSpec
from fibrolearn.domain.quiz import KNOWLEDGE_KINDS, QuizKind, QuizQuestion

MATCHING_PROMPT = "Match each finding with the factor it is linked to."

_MAX_WRONG = 3  # wrong options next to the right one
_INSIDERS = 3  # findings of the factor in a "not linked" question
_MATCH_TRIES = 4  # random attempts per matching question wanted
_MAX_ROUNDS = 8  # rounds of fresh variants while the pool is smaller than asked


def question_bank(doc: DeckDocument, *, seed: int) -> list[QuizQuestion]:
    """A deterministic set of questions covering the whole deck.

    With two or more factors every fact with a finding is asked; every cloze card is asked as
    typed recall; every kind of question the model allows is present. The same seed gives the
    same questions.
    """
    model = QuizModel(doc)
    return unique(_round(model, random.Random(seed), frozenset(KNOWLEDGE_KINDS), None))


def generate_quiz(
    doc: DeckDocument,
    *,
    seed: int,
    count: int,
    kinds: Collection[QuizKind] | None = None,
    factors: Collection[str] | None = None,
) -> list[QuizQuestion]:
    """A quiz of ``count`` questions, spread over facts and kinds.

    Args:
        doc: The deck.
        seed: Seeds the only source of randomness: the same arguments give the same quiz.
        count: How many questions; fewer only when the deck cannot give that many.
        kinds: Only these kinds (all when None).
        factors: Only questions about these factor keys (all when None).

    Facts do not repeat while the deck has unasked ones, prompts do not repeat while it has
    enough different ones, and nothing is asked twice or given away by another question of
    the quiz (see :meth:`QuizModel.topics`): a quiz on a small part of a deck is shorter than
    ``count`` rather than repetitive. True/false answers are about half true.
    """
    if count <= 0:
        return []
    model = QuizModel(doc)
    rng = random.Random(seed)
    wanted = frozenset(KNOWLEDGE_KINDS if kinds is None else kinds)
    about = None if factors is None else frozenset(factors)
    pool: list[QuizQuestion] = []
    for _ in range(_MAX_ROUNDS):
        asked = len({asks(q) for q in pool})
        pool = unique([*pool, *_round(model, rng, wanted, about)])
        # Enough different things to ask (variants with other wrong options do not count),
        # or a round found nothing new to ask.
        now_asked = len({asks(q) for q in pool})
        if now_asked >= count or now_asked == asked:
            break
    return select(pool, count, rng, topics=model.topics)


def asked_again(question: QuizQuestion, rng: random.Random) -> QuizQuestion:
    """``question`` to be asked again: its options, and a matching question's findings, shuffled.

    In their old order, a question missed once would be answered by where its right option
    was. True/false keeps True before False; typed recall has no options.
    """
    if question.kind in (QuizKind.TRUE_FALSE, QuizKind.TYPED_RECALL):
        return question
    order = rng.sample(range(len(question.options)), len(question.options))
    options = tuple(question.options[i] for i in order)
    if isinstance(question.correct, int):
        return replace(question, options=options, correct=order.index(question.correct))
    rows = rng.sample(range(len(question.items)), len(question.items))
    facts = question.fact_keys  # a matching question's, one per finding, in their order
    return replace(
        question,
        options=options,
        correct=tuple(order.index(question.correct[row]) for row in rows),
        items=tuple(question.items[row] for row in rows),
        fact_keys=tuple(facts[row] for row in rows) if len(facts) == len(rows) else facts,
    )


def _round(
    model: QuizModel, rng: random.Random, kinds: frozenset[QuizKind], about: frozenset[str] | None
) -> list[QuizQuestion]:
    """One round of candidate questions, each proved valid.

    That is one question of each choice kind per fact (true/false: a true and a false one;
    not-linked: one per factor), about one matching question per five facts, and every cloze
    card as typed recall.
    """
    facts = [f for f in model.facts if about is None or f.factor in about]
    factors = [f for f in model.factors if about is None or f.key in about]
    made: list[QuizQuestion | None] = []
    for fact in facts:
        if QuizKind.WHICH_FACTOR in kinds:
            made.append(_which_factor(model, fact, factors, rng))
        if QuizKind.DETAIL in kinds:
            made.append(_detail(model, fact, rng))
        if QuizKind.TRUE_FALSE in kinds:
            made.extend(_true_false(model, fact, factors, rng))
    if QuizKind.NOT_LINKED in kinds:
        made.extend(_not_linked(model, factor, rng) for factor in factors)
    if QuizKind.MATCHING in kinds:
        made.extend(_matchings(model, facts, rng))
    if QuizKind.TYPED_RECALL in kinds:
        made.extend(_typed_recalls(model, about))
    questions = [question for question in made if question is not None]
    for question in questions:
        check(question, model)
    return questions


def _which_factor(
    model: QuizModel, fact: Fact, chosen: Sequence[Factor], rng: random.Random
) -> QuizQuestion | None:
    """Wrong options from the whole deck, but at least one from the ``chosen`` factors.

    Otherwise, in a quiz on a few factors, the one chosen factor among the options would give
    itself away as the answer.
    """
    if model.about_the_whole(fact):
        return None
    right = model.name(fact)
    inside = pick(rng, _unlinked_names(model, fact, chosen), 1, taken=[right])
    if not inside:
        return None
    outside = _unlinked_names(model, fact, model.factors)
    wrong = [*inside, *pick(rng, outside, _MAX_WRONG - 1, taken=[right, *inside])]
    options, correct = place(rng, right, wrong)
    prompt = which_factor_prompt(fact.finding)
    return _question(QuizKind.WHICH_FACTOR, prompt, options, correct, [fact])


def _detail(model: QuizModel, fact: Fact, rng: random.Random) -> QuizQuestion | None:
    name = model.name(fact)
    unlinked = [
        other.finding
        for other in model.facts
        if other.factor != fact.factor and not model.linked(name, other.finding)
    ]
    wrong = pick(rng, unlinked, _MAX_WRONG, taken=[fact.finding])
    if not wrong:
        return None
    options, correct = place(rng, fact.finding, wrong)
    return _question(QuizKind.DETAIL, detail_prompt(name), options, correct, [fact])


def _true_false(
    model: QuizModel, fact: Fact, rivals: Sequence[Factor], rng: random.Random
) -> list[QuizQuestion]:
    """A true and a false statement about the fact, where it can be stated that way.

    The quiz picks one, keeping its answers about half true. Statements name only the
    ``rivals`` (the quiz's factors): another would be false for sure. A fact about the whole
    is stated only when it can be both true and false: always false, such statements would
    give their answer away.
    """
    if len({normalize(f.name) for f in rivals}) < 2:
        return []  # with one factor every statement would be true
    ways = [model.true_names(fact, rivals), _unlinked_names(model, fact, rivals)]
    if model.about_the_whole(fact) and not all(ways):
        return []
    stated = [name for names in ways for name in pick(rng, names, 1, taken=[])]
    return [_statement(model, fact, name) for name in stated]


def _statement(model: QuizModel, fact: Fact, stated: str) -> QuizQuestion:
    correct = 0 if model.linked(stated, fact.finding) else 1
    prompt = true_false_prompt(fact.finding, stated)
    return _question(QuizKind.TRUE_FALSE, prompt, TRUE_FALSE_OPTIONS, correct, [fact])


def _not_linked(model: QuizModel, factor: Factor, rng: random.Random) -> QuizQuestion | None:
    own = [f for f in model.facts if f.factor == factor.key]
    insiders = pick(rng, own, _INSIDERS, taken=[], text=_finding)
    unlinked = [f for f in model.facts if not model.linked(factor.name, f.finding)]
    outsider = pick(rng, unlinked, 1, taken=[], text=_finding)
    if len(insiders) < 2 or not outsider:
        return None
    shown, correct = place(rng, outsider[0], insiders)
    return _question(
        QuizKind.NOT_LINKED,
        not_linked_prompt(factor.name),
        [fact.finding for fact in shown],
        correct,
        shown,
        factor_keys=(factor.key,),
    )


def _matchings(
    model: QuizModel, facts: Sequence[Fact], rng: random.Random
) -> Iterable[QuizQuestion | None]:
    """About one matching question per five facts (at least one when the model allows it)."""
    wanted = max(1, len(facts) // 5)
    made = 0
    for _ in range(wanted * _MATCH_TRIES):
        if made == wanted:
            return
        question = _matching(model, facts, rng)
        made += question is not None
        yield question


def _matching(model: QuizModel, facts: Sequence[Fact], rng: random.Random) -> QuizQuestion | None:
    """Pair 4-6 findings with their factors so that each finding is linked to its own only."""
    size = rng.randint(*MATCH_SIZES)
    chosen: list[Fact] = []
    for fact in rng.sample(list(facts), len(facts)):
        name = model.name(fact)
        if any(
            model.linked(name, other.finding) or model.linked(model.name(other), fact.finding)
            for other in chosen
        ):
            continue
        chosen.append(fact)
        if len(chosen) == size:
            break
    if len(chosen) < MATCH_SIZES[0]:
        return None
    names = [model.name(fact) for fact in chosen]
    options = rng.sample(names, len(names))
    correct = tuple(options.index(name) for name in names)
    items = [fact.finding for fact in chosen]
    return _question(QuizKind.MATCHING, MATCHING_PROMPT, options, correct, chosen, items=items)


def _typed_recalls(model: QuizModel, about: frozenset[str] | None) -> Iterable[QuizQuestion | None]:
    for note in model.doc.notes:
        # A malformed deletion (kept as text from an Anki note, or a byte changed in the
        # collection) would be left in the prompt, braces and all: such a note asks nothing.
        if note.kind is not NoteKind.CLOZE or malformed_fragments(note.text):
            continue
        facts = [model.doc.fact_by_key[key] for key in note.facts if key in model.doc.fact_by_key]
        if about is not None and not (facts and all(f.factor in about for f in facts)):
            continue
        for number in cloze_numbers(note.text):
            yield _typed_recall(note, number, facts, model.synonyms)


def _typed_recall(
    note: NoteSpec, number: int, facts: Sequence[Fact], synonyms: dict[str, tuple[str, ...]]
) -> QuizQuestion | None:
    terms = cloze_terms(note.text, number)
    # One answer box: the card must hide one term (or the same term twice), and a gradable one.
    if len({normalize(term) for term in terms}) != 1 or not normalize(terms[0]):
        return None
    others = [
        t for t in synonyms.get(normalize(terms[0]), ()) if normalize(t) != normalize(terms[0])
    ]
    accepted = (terms[0], *others)
    explanation, evidence = _feedback(facts)
    return QuizQuestion(
        kind=QuizKind.TYPED_RECALL,
        prompt=typed_prompt(note, number),
        options=(),
        correct=0,  # unused: typed answers are graded against ``accepted``
        accepted=accepted,
        explanation=explanation or note.extra,
        evidence=evidence,
        fact_keys=tuple(f.key for f in facts),
        factor_keys=tuple(dict.fromkeys(f.factor for f in facts)),
    )


def _question(
    kind: QuizKind,
    prompt: str,
    options: Sequence[str],
    correct: int | tuple[int, ...],
    facts: Sequence[Fact],
    *,
    items: Sequence[str] = (),
    factor_keys: Sequence[str] | None = None,
) -> QuizQuestion:
    """A choice question asking about ``facts`` (and, by default, about their factors)."""
    explanation, evidence = _feedback(facts)
    if factor_keys is None:
        factor_keys = list(dict.fromkeys(f.factor for f in facts))
    return QuizQuestion(
        kind=kind,
        prompt=prompt,
        options=tuple(options),
        correct=correct,
        items=tuple(items),
        explanation=explanation,
        evidence=evidence,
        fact_keys=tuple(f.key for f in facts),
        factor_keys=tuple(factor_keys),
    )


def _feedback(facts: Sequence[Fact]) -> tuple[str, str]:
    """The explanations and evidence notes of the facts, each paragraph once."""
    explanation = "\n\n".join(dict.fromkeys(f.explanation for f in facts if f.explanation))
    evidence = "\n\n".join(dict.fromkeys(f.evidence for f in facts if f.evidence))
    return explanation, evidence


def _finding(fact: Fact) -> str:
    return fact.finding


def _unlinked_names(model: QuizModel, fact: Fact, factors: Sequence[Factor]) -> list[str]:
    """Names of ``factors`` that do not claim the fact: wrong answers or false statements."""
    return [f.name for f in factors if not model.linked(f.name, fact.finding)]
