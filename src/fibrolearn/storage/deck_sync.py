"""Bring a deck document into the collection, keeping every card's progress.

Notes, facts and factors are matched by their stable keys: changed ones are updated in place,
new ones added, and ones no longer in the document retired (hidden, never deleted, so their
review history stays).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrolearn.domain.knowledge import DeckDocument, NoteSpec
from fibrolearn.storage.models import CardRecord, DeckRecord, FactorRecord, FactRecord, NoteRecord


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync changed."""

    deck_id: int
    added_cards: int = 0
    updated_notes: int = 0
    retired_cards: int = 0
    skipped: bool = False  # the collection already had this version or a newer one


def sync_deck(
    session: Session,
    doc: DeckDocument,
    ordinals: Mapping[str, tuple[int, ...]],
    now: datetime,
    *,
    bundled: bool = True,
) -> SyncReport:
    """Create or update the deck ``doc`` describes.

    Args:
        session: Open write session; the caller commits.
        doc: The parsed deck.
        ordinals: For each note key, the card ordinals it yields.
        now: Creation and modification time.
        bundled: A bundled deck is skipped when the stored version is the same or newer.
    """
    deck = session.scalar(select(DeckRecord).where(DeckRecord.key == doc.meta.key))
    if deck is not None and bundled and (deck.bundled_version or 0) >= doc.meta.version:
        return SyncReport(deck_id=deck.id, skipped=True)
    if deck is None:
        deck = DeckRecord(key=doc.meta.key, name=doc.meta.title, created_at=now)
        session.add(deck)
    deck.name = doc.meta.title
    deck.description = doc.meta.description
    deck.disclaimer = doc.meta.disclaimer
    deck.bundled_version = doc.meta.version if bundled else None
    session.flush()
    _sync_factors(session, deck.id, doc)
    _sync_facts(session, deck.id, doc)
    added, updated, retired = _sync_notes(session, deck.id, doc.notes, ordinals, now)
    return SyncReport(deck.id, added_cards=added, updated_notes=updated, retired_cards=retired)


def _sync_factors(session: Session, deck_id: int, doc: DeckDocument) -> None:
    existing = {
        f.key: f
        for f in session.scalars(select(FactorRecord).where(FactorRecord.deck_id == deck_id))
    }
    for position, factor in enumerate(doc.factors):
        record = existing.pop(factor.key, None) or FactorRecord(deck_id=deck_id, key=factor.key)
        record.name = factor.name
        record.summary = factor.summary
        record.position = position
        record.links = list(factor.links)
        session.add(record)
    for stale in existing.values():  # factors carry no progress
        session.delete(stale)


def _sync_facts(session: Session, deck_id: int, doc: DeckDocument) -> None:
    existing = {
        f.key: f for f in session.scalars(select(FactRecord).where(FactRecord.deck_id == deck_id))
    }
    for fact in doc.facts:
        record = existing.pop(fact.key, None) or FactRecord(deck_id=deck_id, key=fact.key)
        record.factor_key = fact.factor
        record.claim = fact.claim
        record.finding = fact.finding
        record.certainty = str(fact.certainty)
        record.explanation = fact.explanation
        record.evidence = fact.evidence
        record.references = [asdict(r) for r in fact.references]
        record.related = list(fact.related)
        record.retired = False
        session.add(record)
    for stale in existing.values():
        stale.retired = True


def _note_fields(note: NoteSpec) -> dict[str, str]:
    return {"front": note.front, "back": note.back, "text": note.text, "extra": note.extra}


def _sync_notes(
    session: Session,
    deck_id: int,
    notes: tuple[NoteSpec, ...],
    ordinals: Mapping[str, tuple[int, ...]],
    now: datetime,
) -> tuple[int, int, int]:
    existing = {
        n.key: n for n in session.scalars(select(NoteRecord).where(NoteRecord.deck_id == deck_id))
    }
    cards_by_note: dict[int, dict[int, CardRecord]] = {}
    for card in session.scalars(select(CardRecord).where(CardRecord.deck_id == deck_id)):
        cards_by_note.setdefault(card.note_id, {})[card.ordinal] = card
    position = (
        session.scalar(select(func.max(CardRecord.position)).where(CardRecord.deck_id == deck_id))
        or 0
    )
    added = updated = retired = 0
    for spec in notes:
        record = existing.pop(spec.key, None)
        fields, tags = _note_fields(spec), " ".join(spec.tags)
        if record is None:
            record = NoteRecord(deck_id=deck_id, key=spec.key, created_at=now, modified_at=now)
            session.add(record)
        elif (
            record.kind != spec.kind
            or record.fields != fields
            or record.fact_keys != list(spec.facts)
            or record.tags != tags
            or record.retired
        ):
            record.modified_at = now
            updated += 1
        record.kind, record.fields, record.fact_keys = str(spec.kind), fields, list(spec.facts)
        record.tags, record.retired = tags, False
        session.flush()
        cards = cards_by_note.get(record.id, {})
        for ordinal in ordinals[spec.key]:
            card = cards.pop(ordinal, None)
            if card is None:
                position += 1
                session.add(
                    CardRecord(
                        note_id=record.id,
                        deck_id=deck_id,
                        ordinal=ordinal,
                        due=now,
                        position=position,
                    )
                )
                added += 1
            else:
                card.retired = False
        for card in cards.values():  # ordinals the note no longer yields
            retired += not card.retired
            card.retired = True
    for stale in existing.values():
        stale.retired = True
        for card in cards_by_note.get(stale.id, {}).values():
            retired += not card.retired
            card.retired = True
    return added, updated, retired
