"""The study loop: what to show next, recording answers, undo, and session summaries."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import datetime, timedelta

from fibrolearn.content.render import RenderedCard, render_card
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.decks import QueueCounts
from fibrolearn.domain.enums import CardState, NoteKind, Rating
from fibrolearn.domain.faults import StorageProblem
from fibrolearn.domain.knowledge import NoteSpec
from fibrolearn.domain.sounds import card_sounds
from fibrolearn.domain.study import (
    MAX_ANSWER_MS,
    NONE_PASSED,
    AnswerReceipt,
    ChangedSinceError,
    MemoryState,
    PassedCards,
    RecallInsight,
    SessionSummary,
    StudyCard,
    StudyPosition,
    StudySet,
)
from fibrolearn.scheduling.fsrs_scheduler import CardScheduler
from fibrolearn.scheduling.queue import LEARN_AHEAD
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services import daily_limits
from fibrolearn.services.fsrs_parameters import parameters_in_use
from fibrolearn.services.safe_html import sanitize_card_html
from fibrolearn.services.storage_errors import problem_in_collection
from fibrolearn.services.study_day import current_study_day, study_day_of
from fibrolearn.services.study_position import POSITION_SETTING, saved_position
from fibrolearn.storage import answer_log, answer_redo, decks_repo, study_queue, study_repo
from fibrolearn.storage.answer_redo import LoggedAnswer
from fibrolearn.storage.damaged_data import ORDINAL, StoredValueError
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.plain_reads import backlog_rules, connection_of
from fibrolearn.storage.stored_options import deck_options


class StaleAnswerError(RuntimeError):
    """The card changed since it was shown (answered elsewhere or undone)."""


class StudyService:
    """Runs study sessions over one deck at a time."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    # ------------------------------------------------------------------ queue
    def queue_counts(self, deck_id: int, passed: PassedCards = NONE_PASSED) -> QueueCounts:
        """New, learning and review cards left today in a deck, within today's limits.

        Not the cards ``passed`` (see :meth:`next_card_and_counts`).
        """
        now = self._clock.now()
        with self._db.read() as session:
            connection = connection_of(session)
            limits = daily_limits.today_limits(connection, deck_id, now).after_passing(passed)
            return daily_limits.queue_counts(connection, deck_id, now, limits, passed.card_ids)

    def next_card(self, deck_id: int) -> StudyCard | None:
        """The card to show now: due learning cards, then due reviews, then new cards.

        Under a backlog plan, the day's share of the backlog comes first, the reviews most
        likely forgotten first; then the reviews that fell due since the plan began.
        """
        now = self._clock.now()
        with self._db.read() as session:
            limits = daily_limits.today_limits(connection_of(session), deck_id, now)
            return self._next_card(session, deck_id, limits, now)

    def next_card_and_counts(
        self, deck_id: int, passed: PassedCards = NONE_PASSED
    ) -> tuple[StudyCard | None, QueueCounts]:
        """The next card and what is left today, read together (one answer, one read).

        Neither counts the cards ``passed``, gone past unanswered where answers cannot be
        saved: they count against today's limits as answered ones would, and hold back their
        notes' other new cards as an answer does.
        """
        now = self._clock.now()
        with self._db.read() as session:
            connection = connection_of(session)
            limits = daily_limits.today_limits(connection, deck_id, now).after_passing(passed)
            card = self._next_card(session, deck_id, limits, now, passed)
            counts = daily_limits.queue_counts(connection, deck_id, now, limits, passed.card_ids)
            return card, counts

    def next_in_set_and_counts(
        self, study_set: StudySet, answers_after: int, passed: PassedCards = NONE_PASSED
    ) -> tuple[StudyCard | None, QueueCounts]:
        """The next card of a focused session, and what is left of it.

        ``answers_after``: the newest answer when the session began (see
        :meth:`newest_answer_id`); the session's answers are those after it. Neither counts
        the cards ``passed``.

        Only the set's cards come, each review card once and new cards as they are, whatever
        today's limits: the learner asked for exactly these (Anki's filtered decks do the same).
        """
        now = self._clock.now()
        with self._db.read() as session:
            at = _set_moments(session, answers_after, now)
            left = _not_passed(study_set, passed)
            card_id = study_queue.next_in_set(session, left, at)
            card = None if card_id is None else self._study_card(session, card_id, now)
            return card, QueueCounts(*study_queue.counts_in_set(session, left, at))

    def set_counts(
        self, study_set: StudySet, answers_after: int, passed: PassedCards = NONE_PASSED
    ) -> QueueCounts:
        """What is left of a focused session's cards (see ``next_in_set_and_counts``)."""
        with self._db.read() as session:
            at = _set_moments(session, answers_after, self._clock.now())
            left = _not_passed(study_set, passed)
            return QueueCounts(*study_queue.counts_in_set(session, left, at))

    def newest_answer_id(
        self, *, before: datetime | None = None, other_than: int | None = None
    ) -> int:
        """The id of the newest answer logged; 0 with none.

        A session's answers are those logged after the newest when it began: unlike their
        times, that does not depend on the clock having been right. ``before``: logged before
        that time; ``other_than``: leaving that answer out (one about to be taken back).
        """
        with self._db.read() as session:
            return study_repo.newest_answer_id(session, before=before, other_than=other_than)

    def _next_card(
        self,
        session: DbSession,
        deck_id: int,
        limits: daily_limits.TodayLimits,
        now: datetime,
        passed: PassedCards = NONE_PASSED,
    ) -> StudyCard | None:
        skip = passed.card_ids
        # Today's limits read the deck's subdecks: the queue need not read them again.
        family = {"with_subdecks": bool(limits.subdecks)}
        today = {"day_start": limits.day_start, "day_end": limits.day_end, "passed": skip, **family}
        card_id = study_queue.next_learning(session, deck_id, now, now, **today)
        if card_id is None and limits.reviews > 0:
            card_id = self._next_review(session, deck_id, limits, now, skip)
        if card_id is None and limits.new > 0:
            card_id = study_queue.next_new(
                session,
                deck_id,
                now,
                day_start=limits.day_start,
                passed=skip,
                leaving_out=limits.closed("new"),
                **family,
            )
        if card_id is None:
            card_id = study_queue.next_learning(session, deck_id, now + LEARN_AHEAD, now, **today)
        return None if card_id is None else self._study_card(session, card_id, now)

    def storage_problem(self, error: BaseException) -> StorageProblem | None:
        """The disk's or the collection's problem behind ``error``, if it was not the code's."""
        return problem_in_collection(self._db, error)

    def card(self, card_id: int) -> StudyCard:
        """One specific card, ready to show (after undo, or when resuming)."""
        with self._db.read() as session:
            return self._study_card(session, card_id, self._clock.now())

    def in_study(self, card_id: int) -> bool:
        """Whether study may show this card now: it was not suspended, retired or buried since."""
        now = self._clock.now()
        with self._db.read() as session:
            return study_repo.available(session, card_id, now)

    def cards_there(self, card_ids: Collection[int]) -> set[int]:
        """Those of ``card_ids`` not deleted since (their ids may be given to new cards)."""
        with self._db.read() as session:
            return study_repo.existing_cards(session, card_ids)

    def recall_insight(self, card_id: int) -> RecallInsight:
        """Why a card is shown now: when it was last seen and its predicted recall now."""
        now = self._clock.now()
        with self._db.read() as session:
            record = study_repo.card_for_update(session, card_id)
            if record is None:
                raise LookupError(f"no card with id {card_id}")
            state = study_repo.memory_state(record)
            scheduler = scheduler_for(connection_of(session), record.deck_id)
        recall = None if state.state == CardState.NEW else scheduler.retrievability(state, now)
        return RecallInsight(
            state=state.state,
            as_of=now,
            last_seen=state.last_review,
            due=state.due,
            recall_now=recall,
            reps=state.reps,
            lapses=state.lapses,
        )

    # ---------------------------------------------------------------- answers
    def answer(
        self, card_id: int, rating: Rating, duration_ms: int, *, shown_state: MemoryState
    ) -> AnswerReceipt:
        """Record an answer in one transaction; when this returns, it is on disk.

        Args:
            card_id: The card answered.
            rating: The learner's rating.
            duration_ms: Time from showing the question to answering; recorded as at most
                :data:`~fibrolearn.domain.study.MAX_ANSWER_MS`.
            shown_state: The state the card had when shown; a mismatch means the answer is
                stale (for instance a double key press) and nothing is written.
        """
        now = self._clock.now()
        with self._db.statements() as connection:  # no SQLAlchemy: see answer_log
            found = answer_log.card_state(connection, card_id)
            if found is None:
                raise LookupError(f"no card with id {card_id}")
            deck_id, before = found
            if before != shown_state:
                raise StaleAnswerError(f"card {card_id} changed since it was shown")
            scheduler = scheduler_for(connection, deck_id)  # the study day read once, here
            after = scheduler.answer(card_id, before, rating, now)
            review_id = answer_log.record_answer(
                connection,
                card_id,
                before=before,
                after=after,
                rating=rating,
                reviewed_at=now,
                duration_ms=min(duration_ms, MAX_ANSWER_MS),
                # Studied ahead of its day (a factor, a missed quiz question): true
                # retention, like Anki's, counts only reviews of due cards.
                early=before.state == CardState.REVIEW
                and before.due >= scheduler.study_day.end(now),
            )
        return AnswerReceipt(review_id=review_id, card_id=card_id, rating=rating, new_state=after)

    def take_back(self, review_id: int) -> LoggedAnswer | None:
        """Take back an answer, putting its card exactly as it was; what it takes to redo it.

        None when the answer is gone, or is no longer its card's newest (taking it back then
        would also take back the later ones): nothing changes.

        Raises:
            ChangedSinceError: The card's schedule was changed after the answer (Browse's
                Forget or Set due date): putting back the state before the answer would
                silently wipe that newer change, so it must be undone first.
        """
        with self._db.write(locked=True) as session:
            review = study_repo.newest_answer_of_card_with(session, review_id)
            if review is None:
                return None
            if study_repo.changed_since(session, review):
                raise ChangedSinceError(
                    "the card was changed in Browse after that answer (Forget or Set due "
                    "date). Undo that change in Browse first; then Ctrl+Z here takes the "
                    "answer back"
                )
            return answer_redo.take_back(session, review)

    def give_again(self, answer: LoggedAnswer) -> int:
        """Give an answer taken back again, exactly as it was logged; its id now.

        Raises:
            LookupError: The card was deleted since.
            ChangedSinceError: The card changed since the answer was taken back (answered
                again, or changed in Browse); nothing is written.
        """
        with self._db.write(locked=True) as session:
            review_id = answer_redo.give_again(session, answer)
        if review_id is None:
            raise ChangedSinceError(
                "the card has been answered or rescheduled since that answer was taken back"
            )
        return review_id

    def replay(self, card_id: int) -> MemoryState:
        """Rebuild a card's state from its review log (equal to the stored state).

        Equal while the study-day settings are those the answers were given under: elapsed
        time is counted in study days, so a changed rollover hour or time zone gives another
        state (as it does in Anki, whose FSRS also recounts from the log with today's day).
        """
        with self._db.read() as session:
            record = study_repo.card_for_update(session, card_id)
            if record is None:
                raise LookupError(f"no card with id {card_id}")
            scheduler = scheduler_for(connection_of(session), record.deck_id)
            history = study_repo.card_history(session, card_id)
        state = MemoryState.new(record.due)
        for rating, moment in history:
            state = scheduler.answer(card_id, state, rating, moment)
        return state if history else study_repo.memory_state(record)

    def day_start(self) -> datetime:
        """When the current study day began (the collection's rollover hour, local time)."""
        return self.study_day().start(self._clock.now())

    def study_day(self) -> StudyDay:
        """The collection's study days: which date each instant counts toward."""
        with self._db.read() as session:
            return current_study_day(session)

    def session_summary(
        self, deck_id: int, answers_after: int, *, deck_left: bool = True
    ) -> SessionSummary:
        """Totals of a session's answers in a deck, the new cards left and the reviews held.

        The session's answers are those after ``answers_after`` (see :meth:`newest_answer_id`).
        Without ``deck_left``, the answers alone: a focused session, which the deck's limits do
        not bound, has nothing to say of the cards they keep for other days.
        """
        now = self._clock.now()
        with self._db.read() as session:
            answers, again, millis = study_repo.session_totals(session, deck_id, answers_after)
            waiting = study_repo.new_cards_left(session, deck_id, now) if deck_left else 0
            connection = connection_of(session)
            room = daily_limits.new_room(connection, deck_id, now) if waiting else 0
            energy = bool(waiting and not room) and daily_limits.energy_holds_new(
                connection, deck_id, now
            )
            held = daily_limits.reviews_held(connection, deck_id, now) if deck_left else 0
            back_in = _learning_back_in(session, deck_id, now) if deck_left else None
            cards, suspended = study_repo.deck_cards(session, deck_id) if deck_left else (None, 0)
        return SessionSummary(
            reviewed=answers,
            again=again,
            seconds=millis / 1000,
            new_waiting=waiting,
            new_room=room,
            new_held_by_energy=energy,
            reviews_held=held,
            learning_back_in=back_in,
            deck_cards=cards,
            deck_suspended=suspended,
        )

    # --------------------------------------------------------------- position
    def save_position(self, position: StudyPosition | None) -> None:
        """Remember where study stands, so a restart resumes exactly there (None clears).

        A read-only collection cannot remember it; studying there must not fail for that.
        """
        if self._db.read_only:
            return
        with self._db.write() as session:
            decks_repo.put_setting(
                session, POSITION_SETTING, None if position is None else position.to_dict()
            )

    def saved_position(self) -> StudyPosition | None:
        """Where an interrupted session stood, if one was interrupted.

        Raises:
            StoredValueError: The stored position is not one.
        """
        with self._db.read() as session:
            return saved_position(session)

    # ---------------------------------------------------------------- helpers
    @staticmethod
    def _next_review(
        session: DbSession,
        deck_id: int,
        limits: daily_limits.TodayLimits,
        now: datetime,
        passed: tuple[int, ...],
    ) -> int | None:
        closed = {
            "passed": passed,
            "leaving_out": limits.closed("reviews"),
            "with_subdecks": bool(limits.subdecks),
        }
        backlogs = limits.backlogs()
        rules = backlog_rules(backlogs)  # each plan's share first, most likely forgotten first
        for which in (at for at, backlog in enumerate(backlogs) if backlog.left > 0):
            card_id = study_queue.most_at_risk_review(session, deck_id, now, rules, which, **closed)
            if card_id is not None:
                return card_id
        return study_queue.next_review(
            session, deck_id, limits.day_end, now, backlogs=rules, **closed
        )

    def _study_card(self, session: DbSession, card_id: int, now: datetime) -> StudyCard:
        content = study_repo.load_card(session, card_id)
        if content is None:
            raise LookupError(f"no card with id {card_id}")
        rendered = _render(session, content)
        facts = tuple(study_repo.fact_note(f) for f in content.facts)
        scheduler = scheduler_for(connection_of(session), content.deck_id)
        return StudyCard(
            card_id=content.card_id,
            deck_id=content.deck_id,
            question_html=sanitize_card_html(rendered.question_html),
            answer_html=sanitize_card_html(rendered.answer_html),
            state=content.state,
            facts=facts,
            intervals=scheduler.preview(content.card_id, content.state, now),
            sounds=card_sounds(
                rendered.question_html, rendered.answer_html, rendered.answer_sounds
            ),
        )


_DECK_FILE_KINDS = frozenset(kind.value for kind in NoteKind)


def _render(session: DbSession, content: study_repo.CardContent) -> RenderedCard:
    """Both sides of a card: deck-file kinds render here, imported Anki note types elsewhere."""
    if content.note_kind not in _DECK_FILE_KINDS:
        from fibrolearn.interop.values import TEMPLATE_KIND  # noqa: PLC0415 - see below

        if content.note_kind != TEMPLATE_KIND:
            raise StoredValueError(f"a stored note kind is not one ({content.note_kind!r:.40})")
        # Only imported notes need the template renderer, and the importers are heavy to load.
        from fibrolearn.services.interop import render_template_card  # noqa: PLC0415

        return render_template_card(session, content.card_id)
    note = NoteSpec(
        key=content.note_key,
        kind=NoteKind(content.note_kind),
        front=content.fields.get("front", ""),
        back=content.fields.get("back", ""),
        text=content.fields.get("text", ""),
        extra=content.fields.get("extra", ""),
    )
    try:
        return render_card(note, content.ordinal)
    except ValueError as error:  # the note makes no such card: a changed number, an old import
        raise StoredValueError(f"a stored {ORDINAL} is not one its note makes ({error})") from error


def scheduler_for(connection: sqlite3.Connection, deck_id: int) -> CardScheduler:
    """The scheduler for a card's deck (``deck_id``, as the card holds it).

    Raises:
        StoredValueError: There is no such deck (deleting a deck deletes its cards, so the
            card's stored deck was changed: a byte of it, say), or the stored FSRS parameters
            or study day are not ones.
    """
    parameters = parameters_in_use(connection)
    try:
        options = deck_options(connection, deck_id)
    except LookupError as error:
        raise StoredValueError(f"a card's stored deck is not there ({error})") from error
    return CardScheduler(options, parameters, study_day=study_day_of(connection))


def _learning_back_in(session: DbSession, deck_id: int, now: datetime) -> timedelta | None:
    """How long until the deck's next card being learnt is due again, if it is due today.

    A session ends when none is due within the learn-ahead time: one due later today (a step
    of 30 minutes, an hour) is not done with for the day.
    """
    day = current_study_day(session)
    card_id = study_queue.next_learning(
        session, deck_id, day.end(now), now, day_start=day.start(now), day_end=day.end(now)
    )
    record = None if card_id is None else study_repo.card_for_update(session, card_id)
    return None if record is None else study_repo.memory_state(record).due - now


def _not_passed(study_set: StudySet, passed: PassedCards) -> list[int]:
    """The set's cards but those ``passed``."""
    skip = frozenset(passed.card_ids)  # not the tuple: a look-up per card of the set
    return [card for card in study_set.card_ids if card not in skip]


def _set_moments(session: DbSession, answers_after: int, now: datetime) -> study_queue.SetMoments:
    """The moments a focused set's queue is read at, today's bounds among them."""
    day = current_study_day(session)
    return study_queue.SetMoments(
        answers_after, now, now + LEARN_AHEAD, day.start(now), day.end(now)
    )
