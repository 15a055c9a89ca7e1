"""Quiz questions generated from a deck's knowledge model (never listed by hand).

Every question must have exactly one right answer. That is proved from the model, on the
texts the learner sees: a factor name is *linked* to a finding when some factor of that name
claims some fact with that finding, where a factor claims a fact if it is the fact's factor or
one of its ``related`` factors; an *umbrella* factor (the subject as a whole) claims every
fact. Texts are compared after :func:`normalize`, so two options that read the same count as
the same. Wrong options are drawn only from what is provably not linked, and :func:`_check`
re-derives the answer of each finished question from its texts before it is handed out; a
question that cannot be made valid is not made at all.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TypeVar

from fibrolearn.content.cloze import Deletion, cloze_numbers, cloze_terms, segments
from fibrolearn.content.grading import grade_typed, normalize
from fibrolearn.content.quiz_selection import asks, select, unique
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import DeckDocument, Fact, Factor, NoteSpec
from fibrolearn.domain.quiz import QuizKind, QuizQuestion

TRUE_FALSE_OPTIONS = ("True", "False")
MATCHING_PROMPT = "Match each finding with the factor it is linked to."
BLANK = "_____"

_MAX_WRONG = 3  # wrong options next to the right one
_MATCH_SIZES = (4, 6)  # fewest and most findings in a matching question
_INSIDERS = 3  # findings of the factor in a "not linked" question
_MATCH_TRIES = 4  # random attempts per matching question wanted
_MAX_ROUNDS = 8  # rounds of fresh variants while the pool is smaller than asked

_T = TypeVar("_T")


def _which_factor_prompt(finding: str) -> str:
    """The prompt of a which-factor question."""
    return f"Which factor is this finding linked to? “{finding}”"


def _detail_prompt(factor_name: str) -> str:
    """The prompt of a detail question."""
    return f"Which of these findings is linked to {factor_name}?"


def _true_false_prompt(finding: str, factor_name: str) -> str:
    """The statement of a true/false question."""
    return f"True or false: {finding} — linked to {factor_name}."


def _not_linked_prompt(factor_name: str) -> str:
    """The prompt of a not-linked question."""
    return f"Which of these is NOT linked to {factor_name}?"


class _UnprovenQuestionError(RuntimeError):
    """A generated question failed its validity proof: a bug in this module, never bad data."""


class _Model:
    """A deck's knowledge as the learner sees it: factor names and findings."""

    def __init__(self, doc: DeckDocument) -> None:
        self.doc = doc
        self.factors = tuple(f for f in doc.factors if normalize(f.name))
        usable = {f.key for f in self.factors}
        # Facts without a finding, or of an unknown factor, cannot be offered as options.
        self.facts = tuple(f for f in doc.facts if normalize(f.finding) and f.factor in usable)
        self._umbrellas = {normalize(f.name) for f in self.factors if f.umbrella}
        # Each term of a synonym group -> its whole group, as typed-recall answers.
        self.synonyms = {normalize(term): group for group in doc.meta.synonyms for term in group}
        # Each typed-recall prompt -> its note: two blanks of one sentence give each other away.
        self.sentence_of = {
            _typed_prompt(note, number): note.key
            for note in doc.notes
            if note.kind is NoteKind.CLOZE
            for number in cloze_numbers(note.text)
        }
        self._linked: dict[str, set[str]] = {}
        for fact in self.facts:
            for key in (fact.factor, *fact.related):
                if key in usable:
                    name = normalize(doc.factor_by_key[key].name)
                    self._linked.setdefault(name, set()).add(normalize(fact.finding))

    def linked(self, factor_name: str, finding: str) -> bool:
        """Whether a factor of this name claims a fact with this finding."""
        name = normalize(factor_name)
        return name in self._umbrellas or normalize(finding) in self._linked.get(name, ())

    def about_the_whole(self, fact: Fact) -> bool:
        """Whether the fact's own factor is an umbrella, which no question names as its answer.

        Never offered as a wrong answer, an umbrella would give itself away as the right one.
        """
        return normalize(self.name(fact)) in self._umbrellas  # by name, as a reader sees it

    def name(self, fact: Fact) -> str:
        """The name of the fact's own factor."""
        return self.doc.factor_by_key[fact.factor].name

    def true_names(self, fact: Fact, among: Sequence[Factor]) -> list[str]:
        """Names among ``among`` that a true statement about the fact may state.

        Its own factor's; for a fact about the whole, which no statement may name, those of
        the factors it is related to (so that such statements are not always false).
        """
        if not self.about_the_whole(fact):
            return [self.name(fact)]
        return [
            f.name
            for f in among
            if f.key in fact.related and normalize(f.name) not in self._umbrellas
        ]

    def stated(self, question: QuizQuestion) -> str | None:
        """The factor name a true/false question states, or None if it names none."""
        finding = self.doc.fact_by_key[question.fact_keys[0]].finding
        names = (f.name for f in self.factors)
        return next((n for n in names if question.prompt == _true_false_prompt(finding, n)), None)


def question_bank(doc: DeckDocument, *, seed: int) -> list[QuizQuestion]:
    """A deterministic set of questions covering the whole deck.

    With two or more factors every fact with a finding is asked; every cloze card is asked as
    typed recall; every kind of question the model allows is present. The same seed gives the
    same questions.
    """
    model = _Model(doc)
    return unique(_round(model, random.Random(seed), frozenset(QuizKind), None))


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
    the quiz (see :func:`_topics`): a quiz on a small part of a deck is shorter than
    ``count`` rather than repetitive. True/false answers are about half true.
    """
    if count <= 0:
        return []
    model = _Model(doc)
    rng = random.Random(seed)
    wanted = frozenset(QuizKind if kinds is None else kinds)
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
    return select(pool, count, rng, topics=lambda question: _topics(question, model))


def _round(
    model: _Model, rng: random.Random, kinds: frozenset[QuizKind], about: frozenset[str] | None
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
        _check(question, model)
    return questions


def _which_factor(
    model: _Model, fact: Fact, chosen: Sequence[Factor], rng: random.Random
) -> QuizQuestion | None:
    """Wrong options from the whole deck, but at least one from the ``chosen`` factors.

    Otherwise, in a quiz on a few factors, the one chosen factor among the options would give
    itself away as the answer.
    """
    if model.about_the_whole(fact):
        return None
    right = model.name(fact)
    inside = _pick(rng, _unlinked_names(model, fact, chosen), 1, taken=[right])
    if not inside:
        return None
    outside = _unlinked_names(model, fact, model.factors)
    wrong = [*inside, *_pick(rng, outside, _MAX_WRONG - 1, taken=[right, *inside])]
    options, correct = _place(rng, right, wrong)
    prompt = _which_factor_prompt(fact.finding)
    return _question(QuizKind.WHICH_FACTOR, prompt, options, correct, [fact])


def _detail(model: _Model, fact: Fact, rng: random.Random) -> QuizQuestion | None:
    name = model.name(fact)
    unlinked = [
        other.finding
        for other in model.facts
        if other.factor != fact.factor and not model.linked(name, other.finding)
    ]
    wrong = _pick(rng, unlinked, _MAX_WRONG, taken=[fact.finding])
    if not wrong:
        return None
    options, correct = _place(rng, fact.finding, wrong)
    return _question(QuizKind.DETAIL, _detail_prompt(name), options, correct, [fact])


def _true_false(
    model: _Model, fact: Fact, rivals: Sequence[Factor], rng: random.Random
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
    stated = [name for names in ways for name in _pick(rng, names, 1, taken=[])]
    return [_statement(model, fact, name) for name in stated]


def _statement(model: _Model, fact: Fact, stated: str) -> QuizQuestion:
    correct = 0 if model.linked(stated, fact.finding) else 1
    prompt = _true_false_prompt(fact.finding, stated)
    return _question(QuizKind.TRUE_FALSE, prompt, TRUE_FALSE_OPTIONS, correct, [fact])


def _not_linked(model: _Model, factor: Factor, rng: random.Random) -> QuizQuestion | None:
    own = [f for f in model.facts if f.factor == factor.key]
    insiders = _pick(rng, own, _INSIDERS, taken=[], text=_finding)
    unlinked = [f for f in model.facts if not model.linked(factor.name, f.finding)]
    outsider = _pick(rng, unlinked, 1, taken=[], text=_finding)
    if len(insiders) < 2 or not outsider:
        return None
    shown, correct = _place(rng, outsider[0], insiders)
    return _question(
        QuizKind.NOT_LINKED,
        _not_linked_prompt(factor.name),
        [fact.finding for fact in shown],
        correct,
        shown,
        factor_keys=(factor.key,),
    )


def _matchings(
    model: _Model, facts: Sequence[Fact], rng: random.Random
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


def _matching(model: _Model, facts: Sequence[Fact], rng: random.Random) -> QuizQuestion | None:
    """Pair 4-6 findings with their factors so that each finding is linked to its own only."""
    size = rng.randint(*_MATCH_SIZES)
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
    if len(chosen) < _MATCH_SIZES[0]:
        return None
    names = [model.name(fact) for fact in chosen]
    options = rng.sample(names, len(names))
    correct = tuple(options.index(name) for name in names)
    items = [fact.finding for fact in chosen]
    return _question(QuizKind.MATCHING, MATCHING_PROMPT, options, correct, chosen, items=items)


def _typed_recalls(model: _Model, about: frozenset[str] | None) -> Iterable[QuizQuestion | None]:
    for note in model.doc.notes:
        if note.kind is not NoteKind.CLOZE:
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
        prompt=_typed_prompt(note, number),
        options=(),
        correct=0,  # unused: typed answers are graded against ``accepted``
        accepted=accepted,
        explanation=explanation or note.extra,
        evidence=evidence,
        fact_keys=tuple(f.key for f in facts),
        factor_keys=tuple(dict.fromkeys(f.factor for f in facts)),
    )


def _typed_prompt(note: NoteSpec, number: int) -> str:
    """The prompt of cloze card ``number`` of ``note``, as plain text."""
    return "".join(_as_plain_text(part, number) for part in segments(note.text))


def _as_plain_text(part: str | Deletion, number: int) -> str:
    """A piece of a typed-recall prompt: card ``number``'s deletions become blanks (or hints)."""
    if isinstance(part, str):
        return part
    if part.number != number:
        return part.term
    return f"[{part.hint}]" if part.hint else BLANK


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


def _pick(
    rng: random.Random,
    candidates: Sequence[_T],
    k: int,
    taken: Sequence[str],
    text: Callable[[_T], str] = str,
) -> list[_T]:
    """Up to ``k`` random candidates whose texts differ from each other's and from ``taken``."""
    seen = {normalize(shown) for shown in taken}
    picked: list[_T] = []
    for candidate in rng.sample(list(candidates), len(candidates)):
        if len(picked) == k:
            break
        if normalize(text(candidate)) not in seen:
            seen.add(normalize(text(candidate)))
            picked.append(candidate)
    return picked


def _finding(fact: Fact) -> str:
    return fact.finding


def _unlinked_names(model: _Model, fact: Fact, factors: Sequence[Factor]) -> list[str]:
    """Names of ``factors`` that do not claim the fact: wrong answers or false statements."""
    return [f.name for f in factors if not model.linked(f.name, fact.finding)]


def _topics(question: QuizQuestion, model: _Model) -> list[tuple[str, ...]]:
    """What a question asks or gives away besides its own text; a quiz shares none of them.

    A finding is asked by one which-factor, detail, true/false or typed-recall question at
    most (asked one way, it gives the other ways away); a link (finding and factor, as the
    learner reads them) is asked once, whichever way round; a factor has one not-linked
    question; a cloze note gives one blank (its other blanks would show the answer).
    """
    if question.kind is QuizKind.TYPED_RECALL:
        sentence = model.sentence_of.get(question.prompt, question.prompt)
        findings = (model.doc.fact_by_key[key].finding for key in question.fact_keys)
        return [("sentence", sentence), *(("finding", normalize(f)) for f in findings)]
    options, correct = question.options, question.correct
    if isinstance(correct, tuple):  # matching
        pairs = zip(question.items, correct, strict=True)
        return [_link(item, options[answer]) for item, answer in pairs]
    if question.kind is QuizKind.NOT_LINKED:
        name = model.doc.factor_by_key[question.factor_keys[0]].name
        # It shows the other options as linked, so those links count as asked too.
        return [("not-linked", normalize(name)), *(_link(o, name) for o in options)]
    finding = model.doc.fact_by_key[question.fact_keys[0]].finding
    if question.kind is QuizKind.WHICH_FACTOR:
        name = options[correct]
    elif question.kind is QuizKind.DETAIL:
        name = model.doc.factor_by_key[question.factor_keys[0]].name
    else:
        name = model.stated(question) or ""
    return [("finding", normalize(finding)), _link(finding, name)]


def _link(finding: str, factor_name: str) -> tuple[str, ...]:
    return ("link", normalize(finding), normalize(factor_name))


def _place(rng: random.Random, right: _T, wrong: Sequence[_T]) -> tuple[list[_T], int]:
    """The options in random order, and where the right one ended up."""
    options = [right, *wrong]
    rng.shuffle(options)
    return options, options.index(right)


def _check(question: QuizQuestion, model: _Model) -> None:
    """Prove from the model that ``question`` has exactly one right answer.

    Raises:
        _UnprovenQuestionError: If it does not; that is a bug in this module.
    """
    options = question.options
    _require(
        all(normalize(o) for o in options) and len({normalize(o) for o in options}) == len(options),
        question,
        "options are blank or read the same",
    )
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
        _require(question.prompt == _which_factor_prompt(fact.finding), question, "wrong prompt")
        right = [i for i, o in enumerate(options) if model.linked(o, fact.finding)]
    elif question.kind is QuizKind.TRUE_FALSE:
        _require(options == TRUE_FALSE_OPTIONS, question, "not true/false")
        stated = model.stated(question)
        _require(stated is not None, question, "the statement names no factor")
        right = [0 if model.linked(stated or "", fact.finding) else 1]
    else:
        name = doc.factor_by_key[question.factor_keys[0]].name
        if question.kind is QuizKind.DETAIL:
            _require(question.prompt == _detail_prompt(name), question, "wrong prompt")
            right = [i for i, o in enumerate(options) if model.linked(name, o)]
        else:
            _require(question.prompt == _not_linked_prompt(name), question, "wrong prompt")
            _require(len(options) >= 3, question, "too few options")
            right = [i for i, o in enumerate(options) if not model.linked(name, o)]
    _require(right == [correct], question, f"right answers {right}, marked {correct}")


def _check_matching(question: QuizQuestion, model: _Model) -> None:
    items, options, correct = question.items, question.options, question.correct
    low, high = _MATCH_SIZES
    _require(low <= len(items) <= high and len(options) == len(items), question, "bad size")
    if not isinstance(correct, tuple):
        raise _UnprovenQuestionError(f"matching needs one index per item: {question}")
    _require(sorted(correct) == list(range(len(options))), question, "not a one-to-one pairing")
    for item, answer in zip(items, correct, strict=True):
        right = [i for i, o in enumerate(options) if model.linked(o, item)]
        _require(right == [answer], question, f"item {item!r} fits options {right}")


def _require(condition: bool, question: QuizQuestion, reason: str) -> None:
    if not condition:
        raise _UnprovenQuestionError(f"{reason}: {question}")
