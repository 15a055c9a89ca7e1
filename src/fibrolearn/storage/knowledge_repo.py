"""A stored deck's knowledge model, and the flashcards that teach its facts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import CardState, Certainty, NoteKind
from fibrolearn.domain.knowledge import DeckDocument, DeckMeta, Fact, Factor, NoteSpec
from fibrolearn.storage.damaged_data import stored_as, stored_count
from fibrolearn.storage.decks_repo import require_deck
from fibrolearn.storage.models import (
    CardRecord,
    DeckRecord,
    FactorRecord,
    FactRecord,
    NoteRecord,
)
from fibrolearn.storage.stored_state import stored_memory
from fibrolearn.storage.study_repo import references_of


def deck_document(session: Session, deck_id: int) -> DeckDocument:
    """The knowledge model of a stored deck, as its deck file would give it.

    Retired facts and notes are left out. Raises LookupError for an unknown deck.
    """
    deck = require_deck(session, deck_id)
    factors = session.scalars(
        select(FactorRecord).where(FactorRecord.deck_id == deck_id).order_by(FactorRecord.position)
    )
    facts = session.scalars(
        select(FactRecord)
        .where(FactRecord.deck_id == deck_id, FactRecord.retired.is_(False))
        .order_by(FactRecord.id)
    )
    notes = session.scalars(
        select(NoteRecord)
        .where(
            NoteRecord.deck_id == deck_id,
            NoteRecord.retired.is_(False),
            # Imported Anki note types teach no facts of a knowledge model.
            NoteRecord.kind.in_([kind.value for kind in NoteKind]),
        )
        .order_by(NoteRecord.id)
    )
    return DeckDocument(
        meta=DeckMeta(
            key=deck.key,
            title=deck.name,
            version=deck.bundled_version or 1,
            description=deck.description,
            disclaimer=deck.disclaimer,
            synonyms=tuple(tuple(group) for group in deck.synonyms),
        ),
        factors=tuple(_factor(f) for f in factors),
        facts=tuple(
            Fact(
                key=f.key,
                factor=f.factor_key,
                claim=f.claim,
                finding=f.finding,
                certainty=stored_as(Certainty, f.certainty),
                explanation=f.explanation,
                evidence=f.evidence,
                references=references_of(f),
                related=tuple(f.related),
                evidence_certainty=stored_as(Certainty.judged, f.evidence_certainty),
            )
            for f in facts
        ),
        notes=tuple(
            NoteSpec(
                key=n.key,
                kind=stored_as(NoteKind, n.kind),
                front=n.fields.get("front", ""),
                back=n.fields.get("back", ""),
                text=n.fields.get("text", ""),
                extra=n.fields.get("extra", ""),
                facts=tuple(n.fact_keys),
                tags=tuple(n.tags.split()),
            )
            for n in notes
        ),
    )


def decks_with_factors(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every deck that has a knowledge model, by name."""
    rows = session.execute(
        select(DeckRecord.id, DeckRecord.name)
        .where(select(FactorRecord.id).where(FactorRecord.deck_id == DeckRecord.id).exists())
        .order_by(DeckRecord.name)
    ).all()
    return [(deck_id, name) for deck_id, name in rows]


def _taught_by_the_note() -> ColumnElement[bool]:
    """That the fact is one the note (joined in the query) names, in the note's deck.

    Written as a lookup of each of the note's keys: joined to the note's keys instead, SQLite
    read every fact of the deck for each card and each of its keys (1.3 s for a 3,300-card
    deck with as many facts; 20 ms now).
    """
    keys = func.json_each(NoteRecord.fact_keys).table_valued("value")
    return and_(FactRecord.deck_id == NoteRecord.deck_id, FactRecord.key.in_(select(keys.c.value)))


class FactorMemory(NamedTuple):
    """An active card of a deck, as one factor it teaches counts it on the mastery map.

    ``memory`` is its stability and last answer, None while new (:func:`stored_memory`).
    """

    factor_key: str
    studied: bool
    memory: tuple[float, datetime] | None


def factor_memories(session: Session, deck_id: int) -> list[FactorMemory]:
    """Each active card of a deck, once per factor it teaches.

    Read as the plain values SQLite returns, in no order: building each card's whole memory
    state took 1.2 of the 1.8 s Progress's overview needed for ten decks of 10,000 cards with
    a knowledge model.
    """
    cards = CardRecord.__table__.c
    rows = session.execute(
        # The card's id keeps two cards with the same values apart; a fact per factor is enough.
        _per_factor(
            select(
                cards.id,
                FactRecord.factor_key,
                cards.reps,
                cards.state,
                cards.stability,
                type_coerce(cards.last_review, String),  # its text, parsed in stored_memory
            ).distinct(),
            deck_id,
            suspended=False,
        )
    )
    return [
        FactorMemory(factor_key, stored_count("count of answers", reps) > 0, stored_memory(*memory))
        for _, factor_key, reps, *memory in rows
    ]


def suspended_per_factor(session: Session, deck_id: int) -> dict[str, int]:
    """How many suspended cards of a deck teach each factor (those with any)."""
    query = select(FactRecord.factor_key, func.count(CardRecord.id.distinct()))
    rows = session.execute(
        _per_factor(query, deck_id, suspended=True).group_by(FactRecord.factor_key)
    )
    return {factor_key: count for factor_key, count in rows}


def _per_factor(query: Select[Any], deck_id: int, *, suspended: bool) -> Select[Any]:
    """``query`` over a deck's cards in use (suspended, or not), once per factor each teaches."""
    return (
        query.select_from(CardRecord)
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .join(FactRecord, and_(_taught_by_the_note(), FactRecord.retired.is_(False)))
        .where(
            CardRecord.deck_id == deck_id,
            CardRecord.retired.is_(False),
            CardRecord.suspended.is_(suspended),
        )
    )


def cards_teaching(
    session: Session,
    deck_id: int,
    *,
    fact_keys: Collection[str] | None = None,
    factor_key: str | None = None,
) -> list[int]:
    """Active cards (in deck order) whose notes teach a fact among ``fact_keys`` of ``factor_key``.

    Either may be left out; given both, one fact must meet both.
    """
    if factor_key is None:
        named = func.json_each(NoteRecord.fact_keys).table_valued("value")
        among = [] if fact_keys is None else [named.c.value.in_(list(fact_keys))]
        taught = exists(select(1).select_from(named).where(*among))
    else:
        among = [] if fact_keys is None else [FactRecord.key.in_(list(fact_keys))]
        taught = exists().where(_taught_by_the_note(), FactRecord.factor_key == factor_key, *among)
    return cards_in_use(session, deck_id, taught)


def cards_in_use(session: Session, deck_id: int, *of_notes: ColumnElement[bool]) -> list[int]:
    """The deck's cards in use (not retired nor suspended) whose notes meet ``of_notes``.

    In deck order, as they would be studied.
    """
    query = (
        select(CardRecord.id)
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .where(
            CardRecord.deck_id == deck_id,
            CardRecord.retired.is_(False),
            CardRecord.suspended.is_(False),
            *of_notes,
        )
        .order_by(CardRecord.position, CardRecord.id)
    )
    return list(session.scalars(query))


def bring_forward(session: Session, card_ids: Iterable[int], now: datetime) -> int:
    """Make studied cards due now and put new ones first in the new-card queue.

    Memory states are untouched: only when the cards come up changes. Returns how many cards
    changed.
    """
    ids = list(card_ids)
    if not ids:
        return 0
    studied = session.execute(
        update(CardRecord)
        .where(
            CardRecord.id.in_(ids),
            CardRecord.state != int(CardState.NEW),
            CardRecord.due > now,
        )
        .values(due=now)
    ).rowcount
    new_ids = list(
        session.scalars(
            select(CardRecord.id)
            .where(CardRecord.id.in_(ids), CardRecord.state == int(CardState.NEW))
            .order_by(CardRecord.position, CardRecord.id)
        )
    )
    if new_ids:
        deck_ids = session.scalars(
            select(CardRecord.deck_id).where(CardRecord.id.in_(new_ids)).distinct()
        ).all()
        first = (
            session.scalar(
                select(func.min(CardRecord.position)).where(CardRecord.deck_id.in_(deck_ids))
            )
            or 0
        )
        for offset, card_id in enumerate(new_ids):
            session.execute(
                update(CardRecord)
                .where(CardRecord.id == card_id)
                .values(position=first - len(new_ids) + offset)
            )
    return studied + len(new_ids)


def factors_of_facts(session: Session, deck_id: int, fact_keys: Iterable[str]) -> dict[str, str]:
    """The factor key of each of these facts of a deck, by fact key (unknown keys left out)."""
    rows = session.execute(
        select(FactRecord.key, FactRecord.factor_key).where(
            FactRecord.deck_id == deck_id, FactRecord.key.in_(list(fact_keys))
        )
    )
    return {key: factor for key, factor in rows}


def factors_of(session: Session, deck_id: int) -> list[Factor]:
    """The factors of a deck, in deck order."""
    records = session.scalars(
        select(FactorRecord).where(FactorRecord.deck_id == deck_id).order_by(FactorRecord.position)
    )
    return [_factor(f) for f in records]


def _factor(record: FactorRecord) -> Factor:
    return Factor(
        key=record.key,
        name=record.name,
        summary=record.summary,
        links=tuple(record.links),
        umbrella=record.umbrella,
    )
