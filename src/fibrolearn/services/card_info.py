"""Card info (Anki's, Ctrl+Shift+I): one card's dates, memory, history and facts.

Read in one short read transaction, at the moment it is asked for: Browse and Study open it
on the card in front of the learner, which may have changed (or gone) since it was shown.
"""

from __future__ import annotations

from fibrolearn.domain.card_info import CardInfo
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.enums import CardState
from fibrolearn.services.study import scheduler_for
from fibrolearn.storage import card_info_repo, study_repo
from fibrolearn.storage.db import Database
from fibrolearn.storage.plain_reads import connection_of


class CardInfoService:
    """Reads Card info."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def card_info(self, card_id: int) -> CardInfo:
        """What is known of the card ``card_id`` now.

        Raises:
            LookupError: There is no such card (it was deleted, say).
        """
        now = self._clock.now()
        with self._db.read() as session:
            about = card_info_repo.card_about(session, card_id)
            if about is None:
                raise LookupError(f"no card with id {card_id}")
            history = card_info_repo.card_history(session, card_id)
            facts = study_repo.facts_of(session, about.deck_id, about.fact_keys)
            scheduler = scheduler_for(connection_of(session), about.deck_id)
        memory = about.memory
        studied = memory.state != CardState.NEW
        day = scheduler.study_day
        due_day = day.date_of(memory.due) if studied else None
        return CardInfo(
            card_id=about.card_id,
            note_id=about.note_id,
            deck_name=about.deck_name,
            note_kind=about.note_kind,
            note_type=about.note_type,
            added=about.added,
            memory=memory,
            suspended=about.suspended,
            buried_until=about.buried_until
            if about.buried_until and about.buried_until > now
            else None,
            as_of=now,
            due_day=due_day,
            due_in_days=None if due_day is None else (due_day - day.date_of(now)).days,
            recall_now=scheduler.retrievability(memory, now) if studied else None,
            history=tuple(history),
            facts=tuple(study_repo.fact_note(fact) for fact in facts),
        )
