"""A deck's knowledge as quiz questions read it: which factor names are linked to which findings.

Shared by the generator (:mod:`fibrolearn.content.quiz`) and the proof that each generated
question has exactly one right answer (:mod:`fibrolearn.content.quiz_proof`): both compare
the texts the learner sees, after :func:`~fibrolearn.content.grading.normalize`.
"""

from __future__ import annotations

from collections.abc import Sequence

from fibrolearn.content.cloze import Deletion, cloze_numbers, segments
from fibrolearn.content.grading import normalize
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import DeckDocument, Fact, Factor, NoteSpec
from fibrolearn.domain.quiz import BLANK, QuizKind, QuizQuestion, hinted_blank

TRUE_FALSE_OPTIONS = ("True", "False")
MATCH_SIZES = (4, 6)  # fewest and most findings in a matching question


def which_factor_prompt(finding: str) -> str:
    """The prompt of a which-factor question."""
    return f"Which factor is this finding linked to? “{finding}”"


def detail_prompt(factor_name: str) -> str:
    """The prompt of a detail question.

    A factor's name is a title ("Gut-brain axis and microbiome"): quoted, its capital reads
    right mid-sentence, as the finding's quotes do in :func:`which_factor_prompt`.
    """
    return f"Which of these findings is linked to “{factor_name}”?"


def true_false_prompt(finding: str, factor_name: str) -> str:
    """The statement of a true/false question."""
    return f"True or false: “{finding}” is linked to “{factor_name}”."


def not_linked_prompt(factor_name: str) -> str:
    """The prompt of a not-linked question."""
    return f"Which of these is NOT linked to “{factor_name}”?"


def typed_prompt(note: NoteSpec, number: int) -> str:
    """The prompt of cloze card ``number`` of ``note``, as plain text."""
    return cloze_prompt(note.text, number)


def cloze_prompt(text: str, number: int) -> str:
    """Cloze ``text`` as card ``number`` asks it, in plain text: its deletions blanks (or hints)."""
    return "".join(_as_plain_text(part, number) for part in segments(text))


def _as_plain_text(part: str | Deletion, number: int) -> str:
    """A piece of a typed-recall prompt: card ``number``'s deletions become blanks (or hints)."""
    if isinstance(part, str):
        return part
    if part.number != number:
        return part.term
    return hinted_blank(part.hint) if part.hint else BLANK


class QuizModel:
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
            typed_prompt(note, number): note.key
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
        return next((n for n in names if question.prompt == true_false_prompt(finding, n)), None)

    def topics(self, question: QuizQuestion) -> list[tuple[str, ...]]:
        """What a question asks or gives away besides its own text; a quiz shares none of them.

        A finding is asked by one which-factor, detail, true/false or typed-recall question at
        most (asked one way, it gives the other ways away); a link (finding and factor, as the
        learner reads them) is asked once, whichever way round; a factor has one not-linked
        question; a cloze note gives one blank (its other blanks would show the answer).
        """
        if question.kind is QuizKind.TYPED_RECALL:
            sentence = self.sentence_of.get(question.prompt, question.prompt)
            findings = (self.doc.fact_by_key[key].finding for key in question.fact_keys)
            return [("sentence", sentence), *(("finding", normalize(f)) for f in findings)]
        options, correct = question.options, question.correct
        if isinstance(correct, tuple):  # matching
            pairs = zip(question.items, correct, strict=True)
            return [_link(item, options[answer]) for item, answer in pairs]
        if question.kind is QuizKind.NOT_LINKED:
            name = self.doc.factor_by_key[question.factor_keys[0]].name
            # It shows the other options as linked, so those links count as asked too.
            return [("not-linked", normalize(name)), *(_link(o, name) for o in options)]
        finding = self.doc.fact_by_key[question.fact_keys[0]].finding
        if question.kind is QuizKind.WHICH_FACTOR:
            name = options[correct]
        elif question.kind is QuizKind.DETAIL:
            name = self.doc.factor_by_key[question.factor_keys[0]].name
        else:
            name = self.stated(question) or ""
        return [("finding", normalize(finding)), _link(finding, name)]


def _link(finding: str, factor_name: str) -> tuple[str, ...]:
    return ("link", normalize(finding), normalize(factor_name))
