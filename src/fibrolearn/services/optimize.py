"""“Optimize my schedule”: fit FSRS parameters to the learner's own review log.

The log is split by time: the oldest 80 % of answers train the fit, the newest 20 % are held
out. The new fit, the defaults and, when an earlier fit is in use, that fit are all scored on
exactly those held-out answers; the new fit is offered only if it beats what is in use.

Every finished fit is recorded, applied or not: the suggestion to fit comes back only once the
log has doubled since, so a fit that did not help is not suggested again and again.
"""

from __future__ import annotations

from typing import Any

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.progress import NoProgress, Progress
from fibrolearn.domain.statistics import FitReport, FitStatus, LastFit
from fibrolearn.scheduling import optimizer
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS
from fibrolearn.services.fsrs_parameters import PARAMETERS_SETTING, fitted_parameters
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.services.study_dates import day_shifts
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import decks_repo, progress_repo, revlog_repo
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.plain_reads import connection_of
from fibrolearn.storage.stored_settings import json_object, stored_setting, whole_number

# The last finished fit, applied or not: the answers it learnt from, the log's total then
# (every answer, as Progress counts them), and when.
FIT_SETTING = "fsrs_fit"
MIN_REVIEWS = 1000  # below this a fit mostly learns noise; Anki asks for a similar amount
# The most answers the suggestion reads to find MIN_REVIEWS a fit learns from: a few
# milliseconds, where the whole log takes 0.3 s at a million.
SUGGEST_AMONG = 20 * MIN_REVIEWS
MIN_SCORED = 50  # held-out answers needed for a score worth showing
HELD_OUT = 0.2

STAGES = 3  # read the log, fit, score


class NotEnoughHistoryError(ValueError):
    """The review log is too short to fit parameters that would be better than the defaults."""


class OptimizeService:
    """Fits, scores and applies FSRS parameters."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def status(self) -> FitStatus:
        """How many answers a fit would learn from now, and whether that is enough.

        Counting them scans the whole log (0.3 s at a million answers): call this off the
        UI thread.
        """
        with self._db.read() as session:
            reviews = revlog_repo.review_count(session)
        return FitStatus(reviews=reviews, minimum=MIN_REVIEWS)

    def suggested(self, log_total: int) -> bool:
        """Whether to suggest a fit to a log of ``log_total`` answers, all of them counted.

        Never fitted or the log has doubled since the last fit, applied or not: the total is
        what Progress has just read from the tally, compared with the log's total at the last
        fit, like with like. And enough answers that a fit learns from, as the dialog counts
        them (:meth:`status`), so that it never says there are too few after all: in a log of
        previews or answers before a reset, the total alone promised a fit the dialog then
        refused. Counting them all would scan the whole log at every refresh: only whether
        there are :data:`MIN_REVIEWS` is read, among the last :data:`SUGGEST_AMONG` answers
        logged at most. A log where fewer are found there, a long log mostly left out (every
        card reset, say), is not suggested: its dialog still counts the whole log.
        """
        if log_total < MIN_REVIEWS:  # an upper bound: nothing more to read
            return False
        with self._db.read() as session:
            last = last_fit(session)
            if last is not None and not last.outgrown_by(log_total):
                return False
            return revlog_repo.has_reviews(session, MIN_REVIEWS, SUGGEST_AMONG)

    def uses_fitted_parameters(self) -> bool:
        """Whether parameters fitted to the learner schedule the cards (not the defaults)."""
        with self._db.read() as session:
            return fitted_parameters(connection_of(session)) is not None

    def fit(self, progress: Progress | None = None) -> FitReport:
        """Fit on the oldest 80 % of answers; score it and what it may replace on the rest.

        The new fit, the defaults and, when an earlier fit is in use, that fit are all scored
        on the newest 20 % of answers.

        Once scored, the fit is recorded as tried (not in a read-only collection), whether
        or not it is applied: the suggestion waits until the log has doubled since.

        Args:
            progress: Told after each of the three stages (read the log, fit, score); it may
                cancel by raising ``Cancelled``, and then nothing is written.

        Raises:
            NotEnoughHistoryError: With a plain explanation, when the log is too short.
        """
        report = progress or NoProgress()
        report.advance(0, STAGES)
        now = self._clock.now()
        with self._db.read() as session:
            reviews = revlog_repo.review_count(session)  # counted once: it scans the log
            if reviews < MIN_REVIEWS:
                raise NotEnoughHistoryError(
                    f"Optimizing needs at least {MIN_REVIEWS:,} answers to learn from in your "
                    f"review log; it has {reviews:,}. Keep studying: FibroLearn suggests it "
                    "once there is enough history."
                )
            in_use = fitted_parameters(connection_of(session))
            log_total = progress_repo.log_total(session)  # what the suggestion compares
            cutoff = revlog_repo.split_time(session, 1 - HELD_OUT, reviews)
            first = progress_repo.first_review_time(session)
            assert cutoff is not None and first is not None  # the log is not empty
            shifts = day_shifts(current_study_day(session), first, max(now, cutoff))
            split = optimizer.split_log(revlog_repo.fit_rows(session, shifts), cutoff)
        if len(split.test) < MIN_SCORED or len(split.train) < MIN_SCORED:
            raise NotEnoughHistoryError(
                "Your log has too few answers given on a later day than the card's previous "
                f"answer ({len(split.train)} older, {len(split.test)} newer; "
                f"{MIN_SCORED} of each are needed). Keep studying and try again later."
            )
        report.advance(1, STAGES)
        parameters = optimizer.fit(split.train)
        report.advance(2, STAGES)
        default = optimizer.score(DEFAULT_PARAMETERS, split.test)
        fitted = optimizer.score(parameters, split.test)
        current = None if in_use is None else optimizer.score(in_use, split.test)
        report.advance(3, STAGES)
        self._record_fit(LastFit(reviews=split.reviews, log_total=log_total))
        return FitReport(
            reviews=split.reviews,
            train_items=len(split.train),
            test_items=len(split.test),
            cutoff=cutoff,
            default=default,
            fitted=fitted,
            parameters=parameters,
            in_use=current,
        )

    def apply(self, report: FitReport) -> None:
        """Schedule with the fitted parameters from now on (cards keep their current states)."""
        with self._db.write() as session:
            decks_repo.put_setting(session, PARAMETERS_SETTING, list(report.parameters))

    def reset(self) -> None:
        """Go back to the default FSRS-6 parameters.

        The last fit stays recorded: whoever went back to the defaults has just judged a fit,
        so the suggestion to fit again waits, as after a fit not applied, until the log has
        doubled.
        """
        with self._db.write() as session:
            decks_repo.put_setting(session, PARAMETERS_SETTING, None)

    def _record_fit(self, fit: LastFit) -> None:
        """Remember this fit (:data:`FIT_SETTING`)."""
        if self._db.read_only:  # the fit could be shown, but nothing can be kept
            return
        record = {"reviews": fit.reviews, "log_total": fit.log_total}
        try:
            with self._db.write() as session:
                decks_repo.put_setting(
                    session, FIT_SETTING, {**record, "at": self._clock.now().isoformat()}
                )
        except Exception as error:
            if storage_problem(error) is None:
                raise
            # A full or failing disk: the fit is shown all the same; only the suggestion to
            # fit may come back sooner than it should.


def last_fit(session: DbSession) -> LastFit | None:
    """The last fit (:data:`FIT_SETTING`), if there was one.

    Raises:
        StoredValueError: The stored record of it is not one.
    """
    last = decks_repo.get_setting(session, FIT_SETTING)
    return None if last is None else stored_setting("last fit", _fit_record, last)


def _fit_record(stored: Any) -> LastFit:
    """A stored fit (:data:`FIT_SETTING`); one kept before the log's total was has none."""
    record = json_object(stored)
    total = record.get("log_total")
    return LastFit(
        reviews=whole_number(record["reviews"], 0),
        log_total=None if total is None else whole_number(total, 0),
    )
