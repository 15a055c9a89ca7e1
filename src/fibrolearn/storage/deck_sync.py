"""Bring a deck document into the collection, keeping every card's progress.

Notes, facts and factors are matched by their stable keys: changed ones are updated in place,
new ones added, and ones no longer in the document retired (hidden, never deleted, so their
review history stays).

The learner's own work survives a sync. Each note keeps the deck's last version of it
(``from_deck``), so a sync sees what each side changed since and merges field by field: a
field the learner edited keeps the learner's words, any other field takes the deck's, and the
note's cards follow the merged text. Tags the learner added or removed stay so while the
deck's own tag changes apply, notes the learner added to the deck are never retired by it,
and notes the learner deleted from it (``deck_note_deletions``) are not added again. A deck
the learner renamed keeps its new name (see :func:`rename_deck`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from itertools import chain, count

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrolearn.domain.deck_tree import spelled_as_parents
from fibrolearn.domain.decks import clean_deck_name, deck_name_key
from fibrolearn.domain.knowledge import DeckDocument, NoteSpec
from fibrolearn.domain.note_merge import MergedNote, NoteVersion, merge_note
from fibrolearn.domain.notes import share_fields
from fibrolearn.storage.decks_repo import put_setting, remember_former_name, text_map_setting
from fibrolearn.storage.import_repo import add_missing_parents
from fibrolearn.storage.models import (
    CardRecord,
    DeckNoteDeletionRecord,
    DeckRecord,
    FactorRecord,
    FactRecord,
    NoteRecord,
)

# Decks from deck files the learner renamed: deck key -> the title its file gave last. A newer
# version of the file keeps the learner's name (its own title is noted here instead), until
# the learner gives the deck that title again.
RENAMED_SETTING = "renamed_deck_files"


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync changed."""

    deck_id: int
    added_cards: int = 0
    updated_notes: int = 0
    retired_cards: int = 0
    retired_studied: int = 0  # of those, cards answered at least once
    kept_edits: int = 0  # notes where a field the deck changed keeps the learner's edit
    overwritten_edits: int = 0  # edited notes now of a kind with other fields: deck's fields
    skipped: bool = False  # the collection already had this version or a newer one


def sync_deck(
    session: Session,
    doc: DeckDocument,
    ordinals: Callable[[NoteSpec], tuple[int, ...]],
    now: datetime,
    *,
    bundled: bool = True,
) -> SyncReport:
    """Create or update the deck ``doc`` describes.

    Args:
        session: Open write session; the caller commits.
        doc: The parsed deck.
        ordinals: The card ordinals a note yields (asked of each note as merged).
        now: Creation and modification time.
        bundled: A bundled deck is skipped when the stored version is the same or newer.
    """
    deck = session.scalar(select(DeckRecord).where(DeckRecord.key == doc.meta.key))
    if deck is not None and bundled and has_version(deck, doc):
        return SyncReport(deck_id=deck.id, skipped=True)
    if deck is None:
        deck = _empty_deck_titled(session, doc.meta.title)
        if deck is not None:  # made to hold its subdecks: it becomes the file's deck
            deck.key = doc.meta.key
    if deck is None:
        deck = DeckRecord(key=doc.meta.key, name=doc.meta.title, created_at=now)
        session.add(deck)
    _sync_name(session, deck, doc.meta.title, now, new=deck.id is None)
    deck.description = doc.meta.description
    deck.disclaimer = doc.meta.disclaimer
    deck.synonyms = [list(group) for group in doc.meta.synonyms]
    deck.bundled_version = doc.meta.version if bundled else None
    session.flush()
    _sync_factors(session, deck.id, doc)
    _sync_facts(session, deck.id, doc)
    return _sync_notes(session, deck.id, doc.notes, ordinals, now)


def has_version(deck: DeckRecord | None, doc: DeckDocument) -> bool:
    """Whether ``deck`` already holds ``doc``'s version of its file, or a newer one.

    A sync of ``doc`` then changes nothing.
    """
    return deck is not None and (deck.bundled_version or 0) >= doc.meta.version


def renamed_decks(session: Session) -> dict[str, str]:
    """Decks from deck files the learner renamed, and their files' titles (RENAMED_SETTING).

    Raises:
        StoredValueError: The stored setting is not a table of texts.
    """
    return text_map_setting(session, RENAMED_SETTING, "table of renamed decks' titles")


def rename_deck(session: Session, deck: DeckRecord, name: str) -> None:
    """Give a deck the learner's name; a deck from a deck file keeps it through its updates.

    Its old name stays known to imports: a file imported again under it goes into this deck.
    """
    if name.lower() != deck.name.lower():
        remember_former_name(session, deck.key, deck.name)
    if deck.bundled_version is not None:
        renamed = dict(renamed_decks(session))
        title = renamed.pop(deck.key, deck.name)  # not renamed before: named as its file says
        if name != title:
            renamed[deck.key] = title
        put_setting(session, RENAMED_SETTING, renamed)
    deck.name = name


def _sync_name(session: Session, deck: DeckRecord, title: str, now: datetime, *, new: bool) -> None:
    """Name the deck as its file does, unless the learner renamed it (then note the title).

    A title another deck already has (capitals aside) gets a number: two decks of one name
    could not be told apart in the deck list, nor named to a command. The decks a title puts
    it under are made when missing, as an import and a rename make them.
    """
    title = clean_deck_name(title)
    renamed = renamed_decks(session)
    if new or deck.key not in renamed:
        others = select(DeckRecord.name).where(DeckRecord.key != deck.key)  # (new: no id)
        taken = {deck_name_key(name): name for name in session.scalars(others)}
        deck.name = _name_of_its_own(title, taken)
        add_missing_parents(session, deck.name, taken, now)
        if deck.key in renamed:  # made anew after the learner deleted it: the old name is gone
            left = {key: old for key, old in renamed.items() if key != deck.key}
            put_setting(session, RENAMED_SETTING, left)
    elif renamed[deck.key] != title:
        put_setting(session, RENAMED_SETTING, {**renamed, deck.key: title})


def _name_of_its_own(title: str, taken: Mapping[str, str]) -> str:
    """``title``, or "title (2)", "(3)"… where another deck is called that, capitals aside.

    ``taken``: the other decks' names by their ``deck_name_key``. Under a deck there in
    other capitals, it takes that deck's spelling, as an import does.
    """
    title = spelled_as_parents(title, taken)
    numbered = (f"{title} ({number})" for number in count(2))
    return next(name for name in chain([title], numbered) if deck_name_key(name) not in taken)


def _empty_deck_titled(session: Session, title: str) -> DeckRecord | None:
    """The deck of no deck file called ``title`` that holds no notes.

    Such as the deck a subdeck's file made above it: the file of "Science::Biology" loaded
    before that of "Science" made "Science", and the file of "Science" became "Science (2)".
    Only by the same spelling: its subdecks are under it by its exact name.
    """
    holding = select(NoteRecord.id).where(NoteRecord.deck_id == DeckRecord.id).exists()
    return session.scalar(
        select(DeckRecord).where(
            DeckRecord.name == clean_deck_name(title),
            DeckRecord.bundled_version.is_(None),
            ~holding,
        )
    )


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
        record.umbrella = factor.umbrella
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
        record.evidence_certainty = str(fact.evidence_certainty or "")
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


def _merged(
    record: NoteRecord, spec: NoteSpec, deck_version: NoteVersion
) -> tuple[MergedNote, bool]:
    """Three-way merge of a stored note with the deck's new version, against its last one.

    Also says whether the learner's edits gave way to the deck's: when the note changes to a
    kind with other fields (basic to cloze), text written for the old kind would not fit, so
    the deck's fields are taken whole.
    """
    base = NoteVersion.stored(record.from_deck) if record.from_deck else None
    merged = merge_note(NoteVersion(record.fields, record.tags), base, deck_version)
    if share_fields(record.kind, str(spec.kind)):
        return merged, False
    lost = merged.fields != dict(deck_version.fields)
    return MergedNote(dict(deck_version.fields), merged.tags), lost


def _sync_notes(
    session: Session,
    deck_id: int,
    notes: tuple[NoteSpec, ...],
    ordinals: Callable[[NoteSpec], tuple[int, ...]],
    now: datetime,
) -> SyncReport:
    existing = {
        n.key: n for n in session.scalars(select(NoteRecord).where(NoteRecord.deck_id == deck_id))
    }
    cards_by_note: dict[int, dict[int, CardRecord]] = {}
    for card in session.scalars(select(CardRecord).where(CardRecord.deck_id == deck_id)):
        cards_by_note.setdefault(card.note_id, {})[card.ordinal] = card
    deleted = set(
        session.scalars(
            select(DeckNoteDeletionRecord.key).where(DeckNoteDeletionRecord.deck_id == deck_id)
        )
    )
    cards = _DeckCards(session, deck_id)
    updated = kept_edits = overwritten_edits = 0
    for spec in notes:
        if spec.key in deleted and spec.key not in existing:
            continue  # the learner deleted it: a newer deck does not bring it back
        record = existing.pop(spec.key, None)
        deck_version = NoteVersion(_note_fields(spec), " ".join(spec.tags))
        if record is None:
            record = NoteRecord(deck_id=deck_id, key=spec.key, created_at=now, modified_at=now)
            session.add(record)
            merged = MergedNote(_note_fields(spec), deck_version.tags)
        else:
            merged, overwritten = _merged(record, spec, deck_version)
            kept_edits += merged.kept_edit
            overwritten_edits += overwritten
            if (
                record.kind != spec.kind
                or record.fields != merged.fields
                or record.fact_keys != list(spec.facts)
                or record.tags != merged.tags
                or record.retired
            ):
                record.modified_at = now
                updated += 1
        record.kind, record.fact_keys, record.retired = str(spec.kind), list(spec.facts), False
        record.fields, record.tags, record.from_deck = (
            merged.fields,
            merged.tags,
            deck_version.to_stored(),
        )
        session.flush()
        as_merged = replace(spec, **merged.fields)  # the cards follow the merged text
        cards.keep_only(record, ordinals(as_merged), cards_by_note.get(record.id, {}), now)
    for stale in existing.values():
        if stale.from_deck is None:
            continue  # the learner added it: the deck file never had it
        stale.retired = True
        cards.keep_only(stale, (), cards_by_note.get(stale.id, {}), now)
    return SyncReport(
        deck_id,
        added_cards=cards.added,
        updated_notes=updated,
        retired_cards=cards.retired,
        retired_studied=cards.retired_studied,
        kept_edits=kept_edits,
        overwritten_edits=overwritten_edits,
    )


class _DeckCards:
    """Adds and retires the cards of a deck's notes, counting both."""

    def __init__(self, session: Session, deck_id: int) -> None:
        self._session = session
        self._deck_id = deck_id
        self._position = (
            session.scalar(
                select(func.max(CardRecord.position)).where(CardRecord.deck_id == deck_id)
            )
            or 0
        )
        self.added = self.retired = self.retired_studied = 0

    def keep_only(
        self,
        note: NoteRecord,
        wanted: tuple[int, ...],
        cards: dict[int, CardRecord],
        now: datetime,
    ) -> None:
        """Give ``note`` active cards for exactly the ``wanted`` ordinals."""
        for ordinal in wanted:
            card = cards.get(ordinal)
            if card is None:
                self._position += 1
                self._session.add(
                    CardRecord(
                        note_id=note.id,
                        deck_id=self._deck_id,
                        ordinal=ordinal,
                        due=now,
                        position=self._position,
                    )
                )
                self.added += 1
            else:
                card.retired = False
        for ordinal, card in cards.items():
            if ordinal not in wanted:
                if not card.retired:
                    self.retired += 1
                    self.retired_studied += card.reps > 0
                card.retired = True
