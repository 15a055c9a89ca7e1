"""Values of the Progress place and of fitting FSRS to the learner's review log.

The Progress place shows today, activity by study day, the forecast, retention and mastery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Span(StrEnum):
    """How far back the activity charts look."""

    MONTH = "30 days"
    YEAR = "1 year"
    ALL = "all"

    @property
    def days(self) -> int | None:
        """Study days covered (None for all history)."""
        return {Span.MONTH: 30, Span.YEAR: 365, Span.ALL: None}[self]


class Horizon(StrEnum):
    """How far ahead the forecast of cards coming back looks."""

    MONTH = "30 days"
    QUARTER = "3 months"
    YEAR = "1 year"

    @property
    def days(self) -> int:
        """Study days covered, today first."""
        return {Horizon.MONTH: 30, Horizon.QUARTER: 91, Horizon.YEAR: 365}[self]

    @property
    def words(self) -> str:
        """After "in the next": "30 days", "3 months", "year"."""
        return "year" if self is Horizon.YEAR else self.value


@dataclass(frozen=True, slots=True)
class DayShift:
    """One segment of time with a single offset from UTC time to study date.

    From ``since`` on (UTC; None means from the beginning of time), a review's study date is the
    UTC date of its time plus ``seconds`` (the UTC offset minus the rollover hour).
    """

    since: datetime | None
    seconds: int


@dataclass(frozen=True, slots=True)
class Today:
    """The current study day.

    Attributes:
        day: Its study date.
        reviews: Answers given so far today.
        passed: Of those, answers not rated Again.
        seconds: Time spent answering.
        left: Cards still in today's queues, across decks (new within limits, learning, due).
    """

    day: date
    reviews: int
    passed: int
    seconds: float
    left: int


@dataclass(frozen=True, slots=True)
class DayActivity:
    """Answers logged on one study day (imported history included).

    Attributes:
        day: The study date.
        reviews: Answers.
        seconds: Time spent answering.
        review_cards: Answers to due cards in the review state, not those studied before
            their day (the base of true retention, as Anki's).
        review_passed: Of those, answers not rated Again.
    """

    day: date
    reviews: int
    seconds: float
    review_cards: int = 0
    review_passed: int = 0


# A share of reviews remembered tells something only from this many reviews on: 5 of 5 in an
# hour or a month says nothing of that hour or month. Fewer are drawn hatched, and said to be.
FEWEST_TO_TELL = 20


def too_few_to_tell(reviews: int) -> bool:
    """Whether a period's ``reviews`` are some, but too few for their share to mean much."""
    return 0 < reviews < FEWEST_TO_TELL


@dataclass(frozen=True, slots=True)
class MonthRetention:
    """True retention in one month: review-state answers not rated Again, of all of them."""

    month: date  # the first day of the month
    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        """Share passed, or None for a month without review-state answers."""
        return self.passed / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class ForecastDay:
    """Studied cards falling due on one study day (overdue cards count on the first day)."""

    day: date
    due: int


@dataclass(frozen=True, slots=True)
class StateCounts:
    """Active cards by state, and suspended cards, across the collection."""

    new: int = 0
    learning: int = 0
    review: int = 0
    relearning: int = 0
    suspended: int = 0

    @property
    def total(self) -> int:
        """Every card that is not retired."""
        return self.new + self.learning + self.review + self.relearning + self.suspended


@dataclass(frozen=True, slots=True)
class QuizPoint:
    """One finished quiz on the quiz-score chart."""

    session_id: int
    day: date  # the study day it was finished on (a quiz at 01:30 counts on the day before)
    correct: int
    total: int

    @property
    def score(self) -> float:
        """Share right."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class FactorMastery:
    """How well one factor of a deck is known.

    Predicted recall averages over the factor's active flashcards, counting cards not yet
    studied as 0 % (nothing learnt yet can be recalled), so a factor is only "mastered" once
    its cards have been learnt.

    Attributes:
        key: The factor's key.
        name: Its name.
        links: Keys of the factors it interacts with (the edges of the map).
        cards: Active flashcards teaching its facts.
        studied: Of those, cards studied at least once.
        recall_now: Predicted recall now, 0-1 (None when it has no cards).
        recall_30d: Predicted recall in 30 days without further study (None without cards).
        quiz_correct: Right quiz answers about it in the recent window.
        quiz_total: Quiz answers about it in that window.
        suspended: Suspended flashcards teaching its facts (not among ``cards``).
    """

    key: str
    name: str
    links: tuple[str, ...]
    cards: int
    studied: int
    recall_now: float | None
    recall_30d: float | None
    quiz_correct: int = 0
    quiz_total: int = 0
    suspended: int = 0

    @property
    def quiz_accuracy(self) -> float | None:
        """Share of recent quiz answers that were right, or None without any."""
        return self.quiz_correct / self.quiz_total if self.quiz_total else None

    @property
    def strength(self) -> float:
        """One number to rank factors from weakest: recall now and quiz accuracy, averaged."""
        known = [v for v in (self.recall_now, self.quiz_accuracy) if v is not None]
        return sum(known) / len(known) if known else 0.0


@dataclass(frozen=True, slots=True)
class MasteryMap:
    """The causal-factor network of one deck, with how well each factor is known."""

    deck_id: int
    deck_name: str
    factors: tuple[FactorMastery, ...]
    quiz_window_days: int


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the Progress place shows when it opens.

    Attributes:
        today: The current study day.
        activity: Each study day of the last year with answers (oldest first).
        retention: True retention per month over the last year (oldest first).
        forecast: Due cards per study day for the next 30 days (today first).
        states: Cards by state.
        quiz_scores: Finished quizzes, oldest first.
        maps: One mastery map per deck that has a knowledge model.
        total_reviews: Every answer in the log, imported history included.
        history_only_reviews: Answers about cards this collection does not have (imported
            from elsewhere, or kept from notes deleted since).
    """

    today: Today
    activity: tuple[DayActivity, ...]
    retention: tuple[MonthRetention, ...]
    forecast: tuple[ForecastDay, ...]
    states: StateCounts
    quiz_scores: tuple[QuizPoint, ...]
    maps: tuple[MasteryMap, ...]
    total_reviews: int
    history_only_reviews: int

    @property
    def nothing_yet(self) -> bool:
        """No answer yet, to a card or a quiz (one still running too): every figure is 0."""
        quizzed = any(f.quiz_total for mastery in self.maps for f in mastery.factors)
        return not (self.total_reviews or self.quiz_scores or quizzed)


@dataclass(frozen=True, slots=True)
class RevlogImport:
    """What importing a review-log file did.

    Attributes:
        rows: Data rows in the file.
        imported: Answers added to the log.
        duplicates: Rows already in the log (or repeated in the file), skipped.
        cards: Distinct cards the imported answers are about.
        shared_ids: Imported answers whose card id is also the id of a card in this collection;
            they are kept as history too, never attached to that card.
    """

    rows: int
    imported: int
    duplicates: int
    cards: int
    shared_ids: int = 0


@dataclass(frozen=True, slots=True)
class FitScore:
    """How well a parameter set predicts held-out answers; lower is better for both."""

    log_loss: float
    rmse: float


@dataclass(frozen=True, slots=True)
class FitReport:
    """A fit of FSRS parameters to the learner's log, scored on its newest answers.

    Attributes:
        reviews: Answers in the log.
        train_items: Answers (after a card's first day) the fit learnt from: the older part.
        test_items: Answers held out to score the parameter sets: the newest part.
        cutoff: Answers from this instant on were held out.
        default: Score of the default FSRS-6 parameters on the held-out answers.
        fitted: Score of the new fit on the same answers.
        parameters: The new fit's parameters (21 numbers).
        in_use: Score of an earlier fit in use on the same answers; None while the defaults
            are in use (their score is ``default``).
    """

    reviews: int
    train_items: int
    test_items: int
    cutoff: datetime
    default: FitScore
    fitted: FitScore
    parameters: tuple[float, ...]
    in_use: FitScore | None = None

    @property
    def improves(self) -> bool:
        """Whether the new fit predicts the held-out answers better than what is in use.

        Better is a lower log loss; in use is an earlier fit, or else the defaults.
        """
        baseline = self.default if self.in_use is None else self.in_use
        return self.fitted.log_loss < baseline.log_loss


@dataclass(frozen=True, slots=True)
class FitStatus:
    """Whether the log is long enough to fit, as the Optimize dialog says before a fit.

    Attributes:
        reviews: Answers in the log a fit learns from now (see ``revlog_repo.review_count``);
            counting them scans the whole log.
        minimum: Answers needed before a fit is offered.
    """

    reviews: int
    minimum: int

    @property
    def enough(self) -> bool:
        """Whether the log is long enough to fit."""
        return self.reviews >= self.minimum


@dataclass(frozen=True, slots=True)
class LastFit:
    """The last finished fit, applied or not: a fit that did not help was tried all the same.

    Attributes:
        reviews: Answers it learnt from.
        log_total: Every answer in the log then, Anki's previews and answers before a reset
            included (what Progress reads at a glance); None in a record kept before this was.
    """

    reviews: int
    log_total: int | None

    def outgrown_by(self, log_total: int) -> bool:
        """Whether a log of ``log_total`` answers (all of them) has doubled since this fit.

        Totals are compared, like with like: against the answers the fit learnt from, a log
        half previews had doubled at once. A record without the total falls back to those,
        so its suggestion may come back once too early.
        """
        then = self.reviews if self.log_total is None else self.log_total
        return log_total >= 2 * then


@dataclass(frozen=True, slots=True)
class WeakestAreas:
    """The factors a "my weakest areas" quiz asks about.

    Attributes:
        keys: Their keys: the weakest of the factors studied or quizzed, then, while there
            are too few of those, a spread over the deck of the factors never studied nor
            quizzed (overview factors last).
        untried: Those of ``keys`` with no study or quiz data: when all are, nothing is known
            yet about the learner's weak spots.
    """

    keys: tuple[str, ...]
    untried: tuple[str, ...]
