"""Decks, their options, and collection-wide settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import TextClause, delete, select, text
from sqlalchemy.orm import Session

from fibrolearn.domain.decks import DeckOptions
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.models import DeckRecord, SettingRecord
from fibrolearn.storage.plain_reads import DECK_AND_SUBDECKS
from fibrolearn.storage.stored_settings import stored_setting, text_list, text_map, unparsed


def deck_rows(session: Session) -> list[DeckRecord]:
    """All decks, by name."""
    return list(session.scalars(select(DeckRecord).order_by(DeckRecord.name)))


def subdecks(session: Session, deck_id: int) -> list[DeckRecord]:
    """The decks under a deck at any level, by name, as studying it takes them."""
    return list(
        session.scalars(
            select(DeckRecord)
            .where(DeckRecord.id != deck_id, _in_family(deck_id, "decks.id"))
            .order_by(DeckRecord.name)
        )
    )


def in_deck_or_subdecks(deck_id: int) -> TextClause:
    """A card of the deck or of one of its subdecks, as studying or exporting the deck takes."""
    return _in_family(deck_id, "cards.deck_id")


def _in_family(deck_id: int, column: str) -> TextClause:
    """``column`` names the deck or one of its subdecks (``DECK_AND_SUBDECKS``)."""
    return text(f"{column} IN ({DECK_AND_SUBDECKS})").bindparams(deck=deck_id)


def deck_ids(session: Session) -> list[int]:
    """The id of every deck (nothing else of them is read, so nothing else can fail)."""
    return list(session.scalars(select(DeckRecord.id)))


def deck_by_key(session: Session, key: str) -> DeckRecord | None:
    """The deck with this key (a deck file's ``id``), or None."""
    return session.scalar(select(DeckRecord).where(DeckRecord.key == key))


def deck_row(session: Session, deck_id: int) -> DeckRecord | None:
    """One deck, or None."""
    return session.get(DeckRecord, deck_id)


def require_deck(session: Session, deck_id: int) -> DeckRecord:
    """One deck; LookupError when there is none with that id."""
    deck = session.get(DeckRecord, deck_id)
    if deck is None:
        raise LookupError(f"no deck with id {deck_id}")
    return deck


def store_options(deck: DeckRecord, options: DeckOptions) -> None:
    """Write study options onto a deck row."""
    deck.new_per_day = options.new_per_day
    deck.reviews_per_day = options.reviews_per_day
    deck.desired_retention = options.desired_retention
    deck.learning_steps = [int(s.total_seconds()) for s in options.learning_steps]
    deck.relearning_steps = [int(s.total_seconds()) for s in options.relearning_steps]


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    """A collection setting, or ``default``.

    Raises:
        StoredValueError: Its stored text is not JSON.
    """
    try:
        record = session.get(SettingRecord, key)
    except StoredValueError as error:
        raise unparsed(key, error) from error
    return default if record is None else record.value


def text_map_setting(session: Session, key: str, name: str) -> dict[str, str]:
    """A setting mapping texts to texts, empty when unset; ``name`` says what it is.

    Raises:
        StoredValueError: It holds anything else.
    """
    return stored_setting(name, text_map, get_setting(session, key, {}))


def text_list_setting(session: Session, key: str, name: str) -> list[str]:
    """A setting listing texts, empty when unset; ``name`` says what it is.

    Raises:
        StoredValueError: It holds anything else.
    """
    return stored_setting(name, text_list, get_setting(session, key, []))


def put_setting(session: Session, key: str, value: Any) -> None:
    """Create or replace a collection setting (one whose stored text is damaged, too)."""
    try:
        record = session.get(SettingRecord, key)
    except StoredValueError:  # replaced, not read
        delete_setting(session, key)
        record = None
    if record is None:
        session.add(SettingRecord(key=key, value=value))
    else:
        record.value = value


def delete_setting(session: Session, key: str) -> None:
    """Remove a collection setting, if there is one; its stored value is never read."""
    session.execute(delete(SettingRecord).where(SettingRecord.key == key))


# A renamed deck's former names (lower case) -> its key: a file imported again under the name
# it was first imported as goes into the deck, not into a new one of that name.
FORMER_NAMES_SETTING = "deck_former_names"


def former_names(session: Session) -> dict[str, str]:
    """Renamed decks' former names, in lower case, and each deck's key.

    Raises:
        StoredValueError: The stored setting is not a table of texts.
    """
    return text_map_setting(session, FORMER_NAMES_SETTING, "table of decks' former names")


def remember_former_name(session: Session, key: str, name: str) -> None:
    """Note that the deck ``key`` was called ``name`` (imports still find it by that name)."""
    former = dict(former_names(session))
    former[name.lower()] = key
    put_setting(session, FORMER_NAMES_SETTING, former)


def forget_former_names(session: Session, key: str) -> None:
    """Drop the former names of the deck ``key`` (it was deleted)."""
    former = former_names(session)
    kept = {name: owner for name, owner in former.items() if owner != key}
    if kept != former:
        put_setting(session, FORMER_NAMES_SETTING, kept)
