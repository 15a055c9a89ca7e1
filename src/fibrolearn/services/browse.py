"""Browse: find cards with the search language, count them, and read the rows on screen."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from fibrolearn.domain.browse import BrowseRow, CardQuery, FoundCards
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.enums import CardState
from fibrolearn.domain.search import Search, parse_search
from fibrolearn.interop.export_notes import stored_spec
from fibrolearn.interop.preview import readable_text, render_fields
from fibrolearn.scheduling.fsrs_scheduler import stabilities_until
from fibrolearn.services.fsrs_parameters import parameters_in_use
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import browse, note_types_repo
from fibrolearn.storage.damaged_data import stored_as
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.note_types_repo import StoredNoteType
from fibrolearn.storage.plain_reads import connection_of
from fibrolearn.storage.search_props import SearchMoment


class BrowseService:
    """Read-only queries behind the Browse table; each call is one short read transaction."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    @staticmethod
    def parse(text: str) -> Search:
        """Read a search typed by the learner.

        Raises:
            SearchSyntaxError: naming the bad part of ``text`` and how to write it.
        """
        return parse_search(text)

    def find(self, query: CardQuery, limit: int) -> FoundCards:
        """How many cards the query finds, and the ids of the first ``limit`` in its order."""
        with self._db.read() as session:
            count, card_ids = browse.find_cards(session, self._listing(session, query), limit)
        return FoundCards(count, card_ids)

    def card_ids(self, query: CardQuery, offset: int, limit: int) -> list[int]:
        """The ids of the cards in rows ``offset`` to ``offset + limit``, in the query's order."""
        with self._db.read() as session:
            return browse.list_card_ids(session, self._listing(session, query), offset, limit)

    def rows_of_cards(self, query: CardQuery, card_ids: Collection[int]) -> dict[int, int]:
        """Where these cards stand in the query's order: row numbers from 0, by card id.

        Cards the query does not find are left out. It numbers every card found, so ask it
        when the order changes (to keep a selection), not on every search.
        """
        with self._db.read() as session:
            listing = self._listing(session, query)
            return browse.rows_of_cards(session, listing, card_ids)

    def rows(self, card_ids: Collection[int]) -> dict[int, BrowseRow]:
        """The table rows of these cards, by card id (cards deleted meanwhile are left out)."""
        now = self._clock.now()
        with self._db.read() as session:
            listings = browse.cards_by_ids(session, card_ids)
            facts = {(c.deck_id, key) for c in listings.values() for key in c.fact_keys}
            factors = browse.factor_names(session, facts)
            type_ids = {c.note_type_id for c in listings.values() if c.note_type_id is not None}
            note_types = note_types_repo.note_types(session, type_ids) if type_ids else {}
        return {
            card_id: _row(listing, factors, note_types, now)
            for card_id, listing in listings.items()
        }

    def _listing(self, session: DbSession, query: CardQuery) -> browse.Listing:
        now = self._clock.now()
        study_day = current_study_day(session)
        today = study_day.date_of(now)
        parameters = parameters_in_use(connection_of(session))
        moment = SearchMoment(
            now,
            lambda days: study_day.begins(today + timedelta(days=days)),
            lambda recall: stabilities_until(parameters, recall),
        )
        return browse.Listing(
            search=query.search,
            moment=moment,
            sort=query.sort,
            descending=query.descending,
            decks=query.decks,
        )


def _row(
    card: browse.CardListing,
    factors: Mapping[tuple[int, str], str],
    note_types: Mapping[int, StoredNoteType],
    now: datetime,
) -> BrowseRow:
    question, answer = _sides(card, note_types)
    names = (factors.get((card.deck_id, key)) for key in card.fact_keys)
    last = None if card.state == CardState.NEW else card.last_review
    return BrowseRow(
        card_id=card.card_id,
        note_id=card.note_id,
        question=question,
        answer=answer,
        deck_id=card.deck_id,
        deck=card.deck,
        factors=tuple(dict.fromkeys(name for name in names if name)),
        due=card.due,
        interval=None if last is None else card.due - last,
        state=stored_as(CardState, card.state),
        suspended=card.suspended,
        buried=card.buried_until is not None and card.buried_until > now,
        reviews=card.reps,
        lapses=card.lapses,
        tags=tuple(card.tags.split()),
        created=card.created,
        modified=card.modified,
    )


def _sides(card: browse.CardListing, note_types: Mapping[int, StoredNoteType]) -> tuple[str, str]:
    """Both sides as plain text, pictures and sounds named (a side of only a picture is not blank).

    The answer is without the question when it repeats it.
    """
    stored = note_types.get(card.note_type_id) if card.note_type_id is not None else None
    fields = {name: "" if value is None else str(value) for name, value in card.fields.items()}
    try:
        rendered = render_fields(
            card.kind,
            fields,
            card.ordinal,
            None if stored is None else stored_spec(stored),
            tags=tuple(card.tags.split()),
            deck=card.deck,
        )
    except ValueError as error:  # a broken imported template, or a note edited elsewhere
        return f"(this card cannot be shown: {error})", ""
    question, answer = readable_text(rendered.question_html), readable_text(rendered.answer_html)
    if question and answer.startswith(question):
        answer = answer[len(question) :].strip()
    return question, answer
