"""Values of a self-quiz sitting: its set-up, the feedback on each answer, and its results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fibrolearn.domain.quiz import QuizKind, QuizQuestion, is_option

MIN_QUESTIONS = 5
MAX_QUESTIONS = 50

# What a learner may answer: an option index, one option index per matching item, typed text,
# or None when the question was left unanswered (time ran out, or the quiz was ended early).
Response = int | tuple[int, ...] | str | None
# The longest time limit a quiz may have (the set-up screen offers up to this).
MAX_TIME_LIMIT_S = 120 * 60


class QuizMode(StrEnum):
    """When the learner sees whether an answer was right."""

    PRACTICE = "practice"  # after each question
    TEST = "test"  # at the end


@dataclass(frozen=True, slots=True)
class QuizSetup:
    """What the learner asked for on the set-up screen.

    Attributes:
        deck_id: The deck whose knowledge model the questions come from.
        factors: Factor keys to ask about; empty means every factor.
        weakest: Ask about the learner's weakest factors (chosen from the mastery data)
            instead of ``factors``.
        kinds: Question kinds to use; empty means every kind.
        length: How many questions (5-50).
        mode: Practice (feedback after each question) or test (feedback at the end).
        time_limit_s: Seconds for the whole quiz; None for no limit.
        seed: Seeds the question generator; None picks one from the clock.
    """

    deck_id: int
    factors: tuple[str, ...] = ()
    weakest: bool = False
    kinds: tuple[QuizKind, ...] = ()
    length: int = 10
    mode: QuizMode = QuizMode.PRACTICE
    time_limit_s: int | None = None
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class QuizSitting:
    """A started quiz.

    Attributes:
        session_id: Its stored id.
        deck_id: Its deck.
        mode: Practice or test.
        questions: The questions, in the order they are asked.
        factor_keys: The factors it asks about (the weakest ones when so chosen).
        started_at: When it started.
        time_limit_s: Seconds for the whole quiz, or None.
    """

    session_id: int
    deck_id: int
    mode: QuizMode
    questions: tuple[QuizQuestion, ...]
    factor_keys: tuple[str, ...]
    started_at: datetime
    time_limit_s: int | None = None


@dataclass(frozen=True, slots=True)
class QuizInProgress:
    """A quiz left running when the app closed, to carry on with.

    Attributes:
        sitting: The quiz.
        position: Its first unanswered question (0-based).
        seconds_left: Of its time limit, or None without one.
        asked_for: How many questions the learner asked for when starting it.
    """

    sitting: QuizSitting
    position: int
    seconds_left: float | None
    asked_for: int


@dataclass(frozen=True, slots=True)
class AnswerFeedback:
    """What a practice quiz shows after an answer (a test quiz shows it at the end).

    Attributes:
        correct: Whether the answer was right.
        right_answer: The right answer in words.
        given: The learner's answer in words ("no answer" when unanswered).
        explanation: The explanation of the fact(s) asked.
        evidence: Their evidence note.
        cards_brought_forward: Flashcards of the missed facts made due now (only when the
            collection setting asks for it).
        typo_forgiven: A typed answer counted right although not spelled as the right
            answer, which the feedback then shows.
        whole_answer: The whole right answer of a typed answer counted right for one of the
            alternatives it lists (``right_answer``: "hound" of "dog; hound"); else "".
    """

    correct: bool
    right_answer: str
    given: str
    explanation: str
    evidence: str
    cards_brought_forward: int = 0
    typo_forgiven: bool = False
    whole_answer: str = ""


@dataclass(frozen=True, slots=True)
class FactorScore:
    """Right answers about one factor in one quiz."""

    factor_key: str
    name: str
    correct: int
    total: int


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    """A question answered wrongly (or not at all), with what would have been right.

    ``response`` is the learner's answer (None when not answered), so a matching question's
    pairs can be shown one by one, as after answering it.
    """

    position: int
    question: QuizQuestion
    feedback: AnswerFeedback
    response: Response = None


@dataclass(frozen=True, slots=True)
class QuizResult:
    """A finished quiz.

    Attributes:
        session_id: Its stored id.
        deck_id: Its deck.
        mode: Practice or test.
        correct: Right answers.
        total: Questions asked.
        seconds: How long it took: from start to finish with a time limit, else the time
            spent answering.
        per_factor: Right answers per factor, in the deck's factor order, of the questions
            answered.
        missed: Every question answered wrongly.
        started_at: When it started.
        finished_at: When it finished (None if it was never finished).
        unanswered: Questions left without an answer (ended early, or out of time).
        time_up: Its time limit ended it.
    """

    session_id: int
    deck_id: int
    mode: QuizMode
    correct: int
    total: int
    seconds: float
    per_factor: tuple[FactorScore, ...]
    missed: tuple[MissedQuestion, ...]
    started_at: datetime
    finished_at: datetime | None
    unanswered: int = 0
    time_up: bool = False

    @property
    def score(self) -> float:
        """Share of questions answered rightly (0 for an empty quiz)."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class QuizHistoryEntry:
    """A row of the quiz history."""

    session_id: int
    deck_id: int
    deck_name: str
    mode: QuizMode
    started_at: datetime
    finished_at: datetime
    correct: int
    total: int

    @property
    def score(self) -> float:
        """Share of questions answered rightly."""
        return self.correct / self.total if self.total else 0.0


def response_problem(question: QuizQuestion, response: Response) -> str | None:
    """What makes ``response`` no answer to ``question`` (the wrong shape), or None.

    None (left unanswered) fits every question.
    """
    if response is None:
        return None
    if question.kind is QuizKind.TYPED_RECALL:
        return None if isinstance(response, str) else "a typed-recall question needs typed text"
    if question.kind is QuizKind.MATCHING:
        return _matching_problem(question, response)
    if isinstance(response, bool) or not isinstance(response, int):
        return "a choice question needs the index of an option"
    return None if is_option(response, question) else f"option {response + 1} does not exist"


def _matching_problem(question: QuizQuestion, response: Response) -> str | None:
    if not isinstance(response, tuple) or len(response) != len(question.items):
        return "a matching question needs one option for each of its items"
    if all(is_option(index, question) for index in response):
        return None
    return "a matching answer names an option that does not exist"
