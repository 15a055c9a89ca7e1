"""Custom study (Anki's "Custom study session") on one deck and its subdecks.

Two choices raise today's limits for the deck (``today_extra``): the deck list and the
study queue take them in at once, and the next study day forgets them. The others find a
set of cards by a Browse search, studied as a focused session (``StudyService``'s
``next_in_set_and_counts``): their schedules change only as they are answered, and an answer
before a card's due day is logged as early, as in any focused session.
"""

from __future__ import annotations

from collections.abc import Sequence

from fibrolearn.domain.browse import CardQuery, SortKey
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.custom_study import MOST_CARDS, CustomSet
from fibrolearn.domain.deck_tree import deck_families, deck_path
from fibrolearn.domain.search import Search, parse_search
from fibrolearn.domain.study import StudySet
from fibrolearn.domain.words import counted
from fibrolearn.services import daily_limits
from fibrolearn.services.browse import BrowseService
from fibrolearn.services.study import StudyService
from fibrolearn.services.study_day import current_study_day
from fibrolearn.services.today_extra import EXTRA_SETTING, NO_EXTRA, extra_today, stored_value
from fibrolearn.storage import browse, decks_repo, plain_reads, study_repo
from fibrolearn.storage.damaged_data import StoredSettingError
from fibrolearn.storage.db import Database
from fibrolearn.storage.plain_reads import connection_of

# Only cards a session could show: not suspended, not set aside for today.
_STUDIABLE = parse_search("-is:suspended -is:buried")
_SHOWN_CHARS = 40  # of a search, in the study screen's title


class CustomStudyService:
    """Raises today's limits of a deck, or finds the cards of a custom study session."""

    def __init__(
        self, database: Database, clock: Clock, browse_service: BrowseService, study: StudyService
    ) -> None:
        self._db = database
        self._clock = clock
        self._browse = browse_service
        self._study = study

    # ---------------------------------------------------------------- raises
    def raise_limit(self, deck_id: int, kind: str, more: int) -> None:
        """Let ``more`` cards of ``kind`` ("new" or "reviews") come today in a deck.

        Its subdecks' own limits are raised as much, so they do not hold back what was
        asked of the deck. Raises add up within a day; a damaged stored raise is replaced.

        Raises:
            LookupError: There is no such deck.
        """
        if kind not in ("new", "reviews"):
            raise ValueError(f"only new cards and reviews have daily limits, not {kind!r}")
        if more < 1:
            raise ValueError(f"a limit is raised by at least one card, not {more}")
        now = self._clock.now()
        with self._db.write() as session:
            connection = connection_of(session)
            family = plain_reads.family_options(connection, deck_id)
            day = current_study_day(session)
            try:
                extra = extra_today(connection, day, now)
            except StoredSettingError:
                extra = NO_EXTRA
            raised = extra.raised(kind, family, more)
            decks_repo.put_setting(session, EXTRA_SETTING, stored_value(raised, day, now))

    def waiting(self, deck_id: int) -> tuple[int, int]:
        """The new cards and the reviews due today that today's limits keep for later days.

        What a raise could bring; a note's new cards held back for its other cards answered
        today are counted as waiting, as they come once their day does.
        """
        now = self._clock.now()
        with self._db.read() as session:
            connection = connection_of(session)
            new = study_repo.new_cards_left(session, deck_id, now)
            new -= daily_limits.queue_counts(connection, deck_id, now).new
            return max(0, new), daily_limits.reviews_held(connection, deck_id, now)

    # ------------------------------------------------------------------ sets
    def forgotten(self, deck_id: int, days: int) -> CustomSet:
        """The deck's cards answered Again in the last ``days`` study days (today is one)."""
        label = f"Forgotten in the last {counted(days, 'day')}" if days > 1 else "Forgotten today"
        return self._found(deck_id, parse_search(f"rated:{days}:1"), label)

    def ahead(self, deck_id: int, days: int) -> CustomSet:
        """The deck's review cards due in the next ``days`` study days (not today's)."""
        search = parse_search(f"is:review prop:due>=1 prop:due<={days}")
        label = f"Due in the next {counted(days, 'day')}" if days > 1 else "Due tomorrow"
        return self._found(deck_id, search, label)

    def matching(self, deck_id: int, text: str) -> CustomSet:
        """The deck's cards a Browse search finds.

        Raises:
            SearchSyntaxError: ``text`` is no search; its message says how to write it.
        """
        search = parse_search(text)
        shown = " ".join(text.split())
        if len(shown) > _SHOWN_CHARS:  # a title, not the whole of a long search
            shown = shown[: _SHOWN_CHARS - 1].rstrip() + "…"
        return self._found(deck_id, search, f"Cards matching “{shown}”")

    def selected(self, card_ids: Sequence[int]) -> CustomSet:
        """Cards chosen in Browse, the first :data:`MOST_CARDS` in their order.

        A session studies one deck: the deepest deck that holds them all, with its subdecks;
        cards from decks no one deck holds are studied under the first card's deck, and the
        title says how many decks they come from.
        """
        kept = tuple(dict.fromkeys(card_ids))[:MOST_CARDS]
        with self._db.read() as session:
            connection = connection_of(session)
            names = {deck.id: deck.name for deck in plain_reads.deck_rows(connection)}
            decks = browse.decks_of_cards(session, kept)
            first = browse.decks_of_cards(session, kept[:1])
        holding = [
            deck for deck, family in deck_families(names).items() if set(decks) <= set(family)
        ]
        label = "Chosen in Browse"
        if holding:
            deck_id = max(holding, key=lambda deck: len(deck_path(names[deck])))
        elif first:
            deck_id, label = first[0], f"Chosen in Browse, from {len(decks)} decks"
        else:  # deleted meanwhile
            return CustomSet(StudySet(0, (), label), 0, 0)
        study_set = StudySet(deck_id, kept, label)
        return CustomSet(study_set, len(set(card_ids)), self._to_study(study_set))

    def _found(self, deck_id: int, search: Search, label: str) -> CustomSet:
        """The cards of a deck and its subdecks that ``search`` finds, due soonest first."""
        with self._db.read() as session:
            family = tuple(plain_reads.family_options(connection_of(session), deck_id))
        query = CardQuery(Search((*search.terms, *_STUDIABLE.terms)), SortKey.DUE, decks=family)
        found = self._browse.find(query, MOST_CARDS)
        study_set = StudySet(deck_id, tuple(found.card_ids), label)
        return CustomSet(study_set, found.count, self._to_study(study_set))

    def _to_study(self, study_set: StudySet) -> int:
        """How many of the set's cards a focused session would show now."""
        if not study_set.card_ids:
            return 0
        return self._study.set_counts(study_set, self._study.newest_answer_id()).total
