"""Quiz questions from a deck's notes, for decks without a knowledge model.

A note is asked the way its cards ask it: a basic note front to back, a reversed one both
ways, a cloze note one deletion at a time. Each way (a question side and its answer, as plain
text) gives a multiple-choice, a typed-answer and a true/false question, and four to six ways
of one sort a matching question.

Every question has exactly one right answer, proved from the deck's texts as they read
(:func:`~fibrolearn.content.quiz_selection.reads_as`: normalized words, or an emoji side's
symbols, asked as a choice but never typed): two texts are *linked* when some note asks one
with the other as its answer, either way round. A way whose question side is linked to more
than one text (two notes with one front and different backs) is never asked; wrong options are
other notes' answers of the same sort (backs, fronts or cloze terms) not linked to the
question and not reading as the right answer; :func:`_check` re-derives each finished
question's answer from its texts before it is handed out. A typed answer may be any one of the
alternatives its answer lists (:mod:`fibrolearn.content.alternatives`).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from fibrolearn.content.alternatives import listed_alternatives
from fibrolearn.content.cloze import cloze_numbers, cloze_terms, malformed_fragments
from fibrolearn.content.grading import grade_typed, normalize
from fibrolearn.content.quiz_model import MATCH_SIZES, TRUE_FALSE_OPTIONS, cloze_prompt
from fibrolearn.content.quiz_proof import UnprovenQuestionError, check_options
from fibrolearn.content.quiz_selection import asks, pick, place, reads_as, select, unique
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.html_text import SOUND_REFERENCE, html_to_text, shows_nothing
from fibrolearn.domain.quiz import NOTE_KINDS, QuizKind, QuizQuestion
from fibrolearn.domain.quiz_notes import QuizNote

MATCHING_PROMPT = "Match each question with its answer."
# Characters: a longer answer is no option to read among four, and is not asked at all.
OPTION_MAX = 120
# A longer question side is not asked: it would not fit beside its answers at large text.
PROMPT_MAX = 600
# A longer answer is asked as a choice only: few would type it word for word.
TYPED_MAX = 40

_MAX_WRONG = 3
_MATCH_TRIES = 4
_MAX_ROUNDS = 8
# Of a large deck, a round asks this many ways per question wanted (at least _FEWEST_ASKED),
# each with wrong options from _OTHERS_TRIED other answers: not every way, nor every answer,
# so a deck of 20,000 notes starts its quiz at once.
_WAYS_PER_QUESTION = 4
_FEWEST_ASKED = 40
_OTHERS_TRIED = 30


@dataclass(frozen=True, slots=True)
class _Way:
    """One way a note is asked: its question side and answer, as plain text.

    ``sort`` tells whose answers may be its wrong options: "back", "front" or "term".
    """

    note: str
    prompt: str
    answer: str
    sort: str
    extra: str = ""
    said: tuple[str, str] = ("", "")  # prompt and answer as they read (reads_as)


def true_false_note_prompt(prompt: str, answer: str) -> str:
    """The statement of a true/false question on a note."""
    return f"True or false: “{answer}” is the answer to “{prompt}”"


def plain_side(value: str, html: bool) -> str:
    """A side as plain text, sounds left out: "" when it shows only pictures or sounds."""
    text = SOUND_REFERENCE.sub(" ", html_to_text(value) if html else value)
    lines = (" ".join(line.split()) for line in text.splitlines())
    text = "\n".join(line for line in lines if line)
    return "" if shows_nothing(text) else text


class NoteLinks:
    """The ways a deck's notes are asked, and which texts each asks with which."""

    def __init__(self, notes: Iterable[QuizNote]) -> None:
        ways = [way for note in notes for way in _ways(note)]
        self._partners: dict[str, set[str]] = {}
        for way in ways:
            prompt, answer = way.said
            self._partners.setdefault(prompt, set()).add(answer)
            self._partners.setdefault(answer, set()).add(prompt)
        # Asked only with one answer: a question side linked to two texts has two.
        self.ways = [w for w in ways if len(self._partners[w.said[0]]) == 1]

    def linked(self, one: str, other: str) -> bool:
        """Whether some note asks one of these texts with the other as its answer."""
        return reads_as(other) in self.partners(reads_as(one))

    def partners(self, said: str) -> set[str]:
        """The texts some note asks with ``said``, either way round (all as they read)."""
        return self._partners.get(said, set())

    def usable_notes(self) -> int:
        """How many notes give at least one question."""
        return len({way.note for way in self.ways})


def generate_note_quiz(
    notes: Sequence[QuizNote],
    *,
    seed: int,
    count: int,
    kinds: Collection[QuizKind] | None = None,
) -> list[QuizQuestion]:
    """A quiz of up to ``count`` questions on ``notes``; the same arguments give the same quiz.

    A note is asked once a quiz (a matching question may pair it again); a deck too small for
    ``count`` gives a shorter quiz, and none without a usable note.
    """
    links = NoteLinks(notes)
    if count <= 0 or not links.ways:
        return []
    rng = random.Random(seed)
    wanted = frozenset(NOTE_KINDS if kinds is None else kinds)
    pool: list[QuizQuestion] = []
    for _ in range(_MAX_ROUNDS):
        asked = len({asks(q) for q in pool})
        asking = max(_FEWEST_ASKED, _WAYS_PER_QUESTION * count)
        ways = rng.sample(links.ways, min(asking, len(links.ways)))
        pool = unique([*pool, *_round(links, ways, rng, wanted)])
        now_asked = len({asks(q) for q in pool})
        if now_asked >= count or now_asked == asked:
            break
    return select(pool, count, rng, topics=_topics)


def _ways(note: QuizNote) -> list[_Way]:
    """The ways a note is asked, each side plain, short enough, and not blank."""
    if note.kind is NoteKind.CLOZE:
        text = plain_side(note.text, note.html)
        if malformed_fragments(text):  # braces left in the question: it asks nothing
            return []
        extra = plain_side(note.extra, note.html)
        made = []
        for number in cloze_numbers(text):
            terms = {normalize(term): term for term in cloze_terms(text, number)}
            if len(terms) == 1:  # one answer box: one term hidden (or the same one twice)
                made.append(_Way(note.key, cloze_prompt(text, number), *terms.values(), "term"))
        return [fitting for way in made if (fitting := _fitting(way, extra))]
    front, back = plain_side(note.front, note.html), plain_side(note.back, note.html)
    ways = [_Way(note.key, front, back, "back")]
    if note.kind is NoteKind.REVERSED:
        ways.append(_Way(note.key, back, front, "front"))
    return [fitting for way in ways if (fitting := _fitting(way, ""))]


def _fitting(way: _Way, extra: str) -> _Way | None:
    """``way`` with its answer on one line, or None when a side is blank or too long."""
    answer = " ".join(way.answer.split())
    prompt, right = reads_as(way.prompt), reads_as(answer)
    if not prompt or not right or prompt == right:
        return None
    if len(way.prompt) > PROMPT_MAX or len(answer) > OPTION_MAX:
        return None
    return _Way(way.note, way.prompt, answer, way.sort, extra, (prompt, right))


def _round(
    links: NoteLinks, ways: Sequence[_Way], rng: random.Random, kinds: frozenset[QuizKind]
) -> list[QuizQuestion]:
    """Questions of ``ways``, their wrong options from the whole deck's.

    One of each kind per way (true/false: a true and a false one), and matchings.
    """
    sorts: dict[str, list[_Way]] = {}
    for way in links.ways:
        sorts.setdefault(way.sort, []).append(way)
    made: list[QuizQuestion | None] = []
    for way in ways:
        if QuizKind.CHOICE in kinds:
            made.append(_choice(links, way, sorts[way.sort], rng))
        if QuizKind.TYPED_RECALL in kinds:
            made.append(_typed(way))
        if QuizKind.TRUE_FALSE in kinds:
            made.extend(_true_false(links, way, sorts[way.sort], rng))
    if QuizKind.MATCHING in kinds:
        asked: dict[str, list[_Way]] = {}
        for way in ways:
            asked.setdefault(way.sort, []).append(way)
        for of_sort in asked.values():
            wanted = max(1, len(of_sort) // 5)
            matchings = (_matching(links, of_sort, rng) for _ in range(wanted * _MATCH_TRIES))
            made.extend([m for m in matchings if m is not None][:wanted])
    questions = [question for question in made if question is not None]
    for question in questions:
        _check(question, links)
    return questions


def _wrong_answers(
    links: NoteLinks, way: _Way, sort: Sequence[_Way], rng: random.Random
) -> list[str]:
    """Some answers of other notes of the sort that do not answer ``way``'s question."""
    return [
        other.answer
        for other in rng.sample(sort, min(_OTHERS_TRIED, len(sort)))
        if other.note != way.note and other.said[1] not in links.partners(way.said[0])
    ]


def _choice(
    links: NoteLinks, way: _Way, sort: Sequence[_Way], rng: random.Random
) -> QuizQuestion | None:
    wrong = pick(rng, _wrong_answers(links, way, sort, rng), _MAX_WRONG, taken=[way.answer])
    if len(wrong) < 2:
        return None
    options, correct = place(rng, way.answer, wrong)
    return _question(QuizKind.CHOICE, way.prompt, options, correct, way)


def _typed(way: _Way) -> QuizQuestion | None:
    if len(way.answer) > TYPED_MAX or not normalize(way.answer):  # an emoji is not typed
        return None
    return QuizQuestion(
        kind=QuizKind.TYPED_RECALL,
        prompt=way.prompt,
        options=(),
        correct=0,  # unused: typed answers are graded against ``accepted``
        accepted=(way.answer, *listed_alternatives(way.answer, way.prompt)),
        explanation=way.extra,
        fact_keys=(way.note,),
    )


def _true_false(
    links: NoteLinks, way: _Way, sort: Sequence[_Way], rng: random.Random
) -> list[QuizQuestion]:
    """A true and a false statement of ``way``; the quiz picks one, keeping about half true."""
    wrong = pick(rng, _wrong_answers(links, way, sort, rng), 1, taken=[way.answer])
    return [
        _question(
            QuizKind.TRUE_FALSE,
            true_false_note_prompt(way.prompt, shown),
            TRUE_FALSE_OPTIONS,
            0 if links.linked(way.prompt, shown) else 1,
            way,
        )
        for shown in [way.answer, *wrong]
    ]


def _matching(links: NoteLinks, ways: Sequence[_Way], rng: random.Random) -> QuizQuestion | None:
    """Pair 4-6 questions with their answers so that each fits its own answer only."""
    size = rng.randint(*MATCH_SIZES)
    chosen: list[_Way] = []
    for way in rng.sample(list(ways), len(ways)):
        if len(way.prompt) > OPTION_MAX or any(
            way.note == other.note
            or other.said[1] in links.partners(way.said[0])
            or way.said[1] in links.partners(other.said[0])
            or way.said[1] == other.said[1]
            for other in chosen
        ):
            continue
        chosen.append(way)
        if len(chosen) == size:
            break
    if len(chosen) < MATCH_SIZES[0]:
        return None
    answers = [way.answer for way in chosen]
    options = rng.sample(answers, len(answers))
    return QuizQuestion(
        kind=QuizKind.MATCHING,
        prompt=MATCHING_PROMPT,
        options=tuple(options),
        correct=tuple(options.index(answer) for answer in answers),
        items=tuple(way.prompt for way in chosen),
        fact_keys=tuple(way.note for way in chosen),
    )


def _question(
    kind: QuizKind, prompt: str, options: Sequence[str], correct: int, way: _Way
) -> QuizQuestion:
    return QuizQuestion(
        kind=kind,
        prompt=prompt,
        options=tuple(options),
        correct=correct,
        explanation=way.extra,
        fact_keys=(way.note,),
    )


def _topics(question: QuizQuestion) -> list[tuple[str, ...]]:
    """A note is asked once a quiz; matching questions share no note with each other."""
    topic = "matched" if question.kind is QuizKind.MATCHING else "note"
    return [(topic, key) for key in question.fact_keys]


def _check(question: QuizQuestion, links: NoteLinks) -> None:
    """Prove from the notes that ``question`` has exactly one right answer.

    Raises:
        UnprovenQuestionError: If it does not; that is a bug in this module.
    """
    check_options(question)
    options, correct = question.options, question.correct
    if question.kind is QuizKind.TYPED_RECALL:
        right = [a for a in question.accepted if grade_typed(a, question.accepted)]
        proved = bool(right) and right == list(question.accepted)
    elif question.kind is QuizKind.MATCHING:
        fits = [
            [i for i, o in enumerate(options) if links.linked(item, o)] for item in question.items
        ]
        proved = isinstance(correct, tuple) and fits == [[answer] for answer in correct]
    elif question.kind is QuizKind.TRUE_FALSE:
        proved = options == TRUE_FALSE_OPTIONS and correct in (0, 1)
    else:
        right = [i for i, o in enumerate(options) if links.linked(question.prompt, o)]
        proved = right == [correct]
    if not proved:
        raise UnprovenQuestionError(f"not exactly one right answer: {question}")
