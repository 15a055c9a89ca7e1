"""Values the study use cases exchange with the UI."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from fibrolearn.domain.decks import QueueCounts
from fibrolearn.domain.enums import CardState, Certainty, Rating
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.sounds import CardSounds

# The longest time one answer is recorded as taking, as Anki's default "maximum answer
# seconds": a learner who steps away from a card for 40 minutes did not study for 40.
MAX_ANSWER_MS = 60_000


class ChangedSinceError(ValueError):
    """A study step that cannot be taken back yet: a newer change (in Browse) is on its card.

    The step is kept: once that change is undone, Ctrl+Z takes the step back.
    """


@dataclass(frozen=True, slots=True)
class MemoryState:
    """Everything the scheduler knows about one card.

    Attributes:
        state: NEW, LEARNING, REVIEW or RELEARNING.
        step: Index into the (re)learning steps while learning; None in REVIEW.
        stability: FSRS stability in days (None while NEW).
        difficulty: FSRS difficulty, 1-10 (None while NEW).
        due: When the card is next due (UTC).
        last_review: When it was last answered (None while NEW).
        reps: How many times it was answered.
        lapses: How many times a REVIEW card was forgotten.
    """

    state: CardState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @classmethod
    def new(cls, due: datetime) -> MemoryState:
        """The state of a card never studied."""
        return cls(CardState.NEW, None, None, None, due)


@dataclass(frozen=True, slots=True)
class FactNote:
    """What the answer side shows about a fact a card teaches."""

    key: str
    claim: str
    certainty: Certainty  # as the source states it
    evidence_certainty: Certainty | None  # the literature's verdict, where it differs
    explanation: str
    evidence: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StudyCard:
    """A card ready to show.

    Attributes:
        card_id: Database id.
        deck_id: Its deck.
        question_html: The question side, as HTML built from escaped text.
        answer_html: The answer side.
        state: Its memory state before answering.
        facts: The facts it teaches, for the answer side.
        intervals: The interval each rating would give, for the button labels.
        sounds: The sounds each side plays.
    """

    card_id: int
    deck_id: int
    question_html: str
    answer_html: str
    state: MemoryState
    facts: tuple[FactNote, ...]
    intervals: dict[Rating, timedelta]
    sounds: CardSounds


@dataclass(frozen=True, slots=True)
class AnswerReceipt:
    """Proof that an answer was saved."""

    review_id: int
    card_id: int
    rating: Rating
    new_state: MemoryState


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a study session achieved."""

    reviewed: int
    again: int
    seconds: float
    new_waiting: int = 0  # new cards the deck still holds for the coming days
    new_room: int = 0  # new cards today's limits still allow: those waiting wait for another reason
    new_held_by_energy: bool = False  # today's energy check-in, not the options, holds them
    reviews_held: int = 0  # reviews due today that today's limits keep for another day
    read_unsaved: int = 0  # cards gone past unanswered, the collection being read-only
    learning_back_in: timedelta | None = None  # until a card being learnt is due again today
    deck_cards: int | None = None  # the deck's cards (None: a focused session's summary)
    deck_suspended: int = 0  # how many of them are suspended
    goal_met: bool = False  # a gentle session's goal was reached (not its cards run out)


@dataclass(frozen=True, slots=True)
class PassedCards:
    """Cards a session went past unanswered, as it does on a collection that cannot be written.

    They stay due, so the queue and its counts leave them out by id; as answers would, the new
    and review cards among them count against today's limits, and the new ones hold back
    their notes' other new cards, so that going past cards brings no more than studying would.

    Attributes:
        card_ids: The cards.
        new_in: The deck of each new card among them: it counts against the limits of that
            deck and every deck above it, as an answer does.
        reviews_in: The deck of each review card among them.
    """

    card_ids: tuple[int, ...] = ()
    new_in: tuple[int, ...] = ()
    reviews_in: tuple[int, ...] = ()

    @property
    def new(self) -> int:
        """How many new cards were passed."""
        return len(self.new_in)

    @property
    def reviews(self) -> int:
        """How many review cards were passed."""
        return len(self.reviews_in)

    def adding(self, card: StudyCard) -> PassedCards:
        """These and ``card``."""
        state, deck = card.state.state, (card.deck_id,)
        return PassedCards(
            (*self.card_ids, card.card_id),
            (*self.new_in, *deck) if state is CardState.NEW else self.new_in,
            (*self.reviews_in, *deck) if state is CardState.REVIEW else self.reviews_in,
        )

    def __len__(self) -> int:
        return len(self.card_ids)


NONE_PASSED = PassedCards()


@dataclass(frozen=True, slots=True)
class StudySet:
    """Flashcards chosen for focused study (missed quiz facts, or one factor of the map).

    Attributes:
        deck_id: Their deck.
        card_ids: The cards, in deck order.
        label: What they are, for the study screen's title ("Missed in your quiz").
    """

    deck_id: int
    card_ids: tuple[int, ...]
    label: str


@dataclass(frozen=True, slots=True)
class StudyPosition:
    """Where a study session stood, saved so a restart resumes there.

    Attributes:
        deck_id: The deck being studied.
        card_id: The card on screen, if any.
        reps: That card's answer count when shown; if it changed, the card was answered.
        revealed: Whether its answer was showing.
        answered: Answers given in the session so far.
        goal: The gentle-session goal, if this is a gentle session.
        study_seconds: Study time so far, not counting pauses nor the card on screen.
        card_seconds: Time spent so far on the card on screen (also not counting pauses).
        paused: Whether the learner paused the session.
        started_at: When the session began (a session left on an earlier day is not
            carried on).
        focus: The cards of a focused session, if it studies only those.
        answers_after: The newest answer in the log when the session began: the session's
            answers are those after it (its summary counts them; a focused session asks each
            review card once). None in positions saved before it was kept.
    """

    deck_id: int
    card_id: int | None = None
    reps: int = 0
    revealed: bool = False
    answered: int = 0
    goal: SessionGoal | None = None
    study_seconds: float = 0.0
    card_seconds: float = 0.0
    paused: bool = False
    started_at: datetime | None = None
    focus: StudySet | None = None
    answers_after: int | None = None

    def same_sitting(self, day_start: datetime) -> bool:
        """Whether the session goes on as it was, or starts a new sitting on its card.

        A session left on an earlier study day (before ``day_start``, today's) ended with that
        day: its card comes back, but today's count, time and summary start from now. A paused
        one goes on whenever the learner comes back, as the pause promises, and so does one
        saved before sessions kept their start; so does a focused one, whose cards answered
        yesterday are not asked again.
        """
        if self.paused or self.started_at is None or self.focus is not None:
            return True
        return self.started_at >= day_start

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict for the settings table."""
        value = asdict(self)
        value["goal"] = None if self.goal is None else asdict(self.goal)
        value["started_at"] = None if self.started_at is None else self.started_at.isoformat()
        return value

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> StudyPosition:
        """The inverse of :meth:`to_dict`; positions saved by older versions lack new keys."""
        goal, started, focus = value.get("goal"), value.get("started_at"), value.get("focus")
        return cls(
            **{
                **value,
                "goal": SessionGoal(**goal) if goal else None,
                "started_at": datetime.fromisoformat(started) if started else None,
                "focus": (
                    StudySet(focus["deck_id"], tuple(focus["card_ids"]), focus["label"])
                    if focus
                    else None
                ),
            }
        )


@dataclass(frozen=True, slots=True)
class SessionProgress:
    """How far a study session has come, for the progress line and bar.

    Attributes:
        number: The number of the card on screen in this session (1 for the first).
        total: How many cards the session holds as far as is known now (answers given plus
            what is left, or the goal's number of cards).
        counts: What is left today in the deck (not shown in gentle sessions).
        goal: The gentle-session goal, if any.
        minutes_left: For a timed goal, study minutes left.
    """

    number: int
    total: int
    counts: QueueCounts
    goal: SessionGoal | None = None
    minutes_left: float | None = None

    @classmethod
    def after(
        cls, done: int, counts: QueueCounts, goal: SessionGoal | None, seconds: float
    ) -> SessionProgress:
        """The progress of a session ``done`` cards and ``seconds`` of study in.

        ``counts``: what is left. A goal of cards is the total throughout: what is left
        grows as cards come back, the goal does not.
        """
        number = done + 1
        total = goal.cards if goal is not None and goal.cards is not None else done + counts.total
        minutes_left = None
        if goal is not None and goal.minutes is not None:
            minutes_left = max(0.0, goal.minutes - seconds / 60)
        return cls(
            number=number,
            total=max(total, number),
            counts=counts,
            goal=goal,
            minutes_left=minutes_left,
        )

    @property
    def gentle(self) -> bool:
        """Whether this is a gentle session (no counters of what is waiting)."""
        return self.goal is not None


@dataclass(frozen=True, slots=True)
class RecallInsight:
    """Why a card is shown now: when it was last seen and how likely it is recalled.

    Attributes:
        state: Its memory state.
        as_of: The moment the prediction is for.
        last_seen: When it was last answered (None for a new card).
        due: When it fell due.
        recall_now: Predicted probability of recalling it now (None for a new card).
        reps: Answers so far.
        lapses: Times it was forgotten after being learnt.
    """

    state: CardState
    as_of: datetime
    last_seen: datetime | None
    due: datetime
    recall_now: float | None
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True)
class WorkloadEstimate:
    """What a desired retention means for daily work in one deck.

    Attributes:
        retention: The desired retention the estimate is for.
        known_cards: Cards past the learning stage, whose reviews are estimated.
        reviews_per_day: Average reviews a day those cards need at this retention.
        relative_load: Reviews per card compared with 90 % retention (2.0: twice as many).
    """

    retention: float
    known_cards: int
    reviews_per_day: float
    relative_load: float
