"""Rename and delete decks.

A name is refused when it is empty or another deck has it (compared without regard to case
or to spaces around it). Renaming a deck renames its subdecks with it ("Science::Biology"
becomes "Nature::Biology"), as in Anki; so a name one of those would clash with is refused.
A name under decks that are not there makes them, as an import does ("Zoo" renamed
"Animals::Zoo" makes "Animals", listed above it); under one that is there in other capitals,
it takes that deck's spelling ("science::Cells" under "Science" is "Science::Cells").
A deck from a deck file keeps the learner's name when a newer version of its file arrives
(see ``storage.deck_sync.rename_deck``).

Deleting a deck backs the collection up first (reason "before-deck-delete"), then removes in
one transaction the deck, its cards with their review history, its notes, facts, factors and
quizzes, and what settings held about it: a study position saved in it, its backlog plan. A
deck FibroLearn loads from its own deck files at start stays deleted: neither the next start
nor a newer version adds it again (loading its file by hand brings it back, see
``DeckService.load_deck_file``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.deck_tree import spelled_as_parents
from fibrolearn.domain.decks import clean_deck_name, deck_name_key
from fibrolearn.domain.progress import NoProgress, Progress
from fibrolearn.services.backlog_plans import BACKLOG_SETTING
from fibrolearn.services.backups import BackupService
from fibrolearn.services.decks import DELETED_FILES_SETTING, deleted_files, loaded_files
from fibrolearn.services.study_position import POSITION_SETTING, saved_position
from fibrolearn.storage import deck_delete, decks_repo, import_repo
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.deck_sync import rename_deck


class DeckNameError(ValueError):
    """A name a deck cannot have; the message says why, in words for the learner."""


@dataclass(frozen=True, slots=True)
class DeckDeletion:
    """What deleting a deck removes (or removed).

    Attributes:
        deck_id: The deck.
        name: Its name.
        cards: Its cards, as the deck list counts them, with its subdecks'.
        studied_cards: How many of those have review history.
        reviews: The answers to its cards in the review log.
        comes_with_app: FibroLearn loads it from its own deck file at start; once deleted, it
            is not loaded again.
        subdecks: The names of its subdecks, at any level, deleted with it.
        subdeck_ids: Their ids.
    """

    deck_id: int
    name: str
    cards: int
    studied_cards: int
    reviews: int
    comes_with_app: bool
    subdecks: tuple[str, ...] = ()
    subdeck_ids: tuple[int, ...] = ()


class DeckRenamed(NamedTuple):
    """A rename done.

    Attributes:
        name: The name the deck now has (spaces tidied, parents as they are spelled).
        made: The decks its name put it under that were not there, made for it, the top first.
    """

    name: str
    made: tuple[str, ...] = ()


class DeckManageService:
    """Renames decks, and deletes them after a backup."""

    def __init__(self, database: Database, clock: Clock, backups: BackupService) -> None:
        self._db = database
        self._clock = clock
        self._backups = backups

    def name_problem(self, deck_id: int, name: str) -> str | None:
        """Why ``deck_id`` cannot be called ``name``, or None when it can."""
        with self._db.read() as session:
            return _name_problem(session, deck_id, name)

    def rename(self, deck_id: int, name: str) -> DeckRenamed:
        """Give a deck a new name (spaces around it dropped); returns the name it now has.

        The decks its name puts it under are made when missing (and returned, to say so).

        Raises:
            DeckNameError: The name is empty or another deck has it; nothing changed.
            LookupError: There is no such deck.
        """
        with self._db.write(locked=True) as session:
            problem = _name_problem(session, deck_id, name)
            if problem is not None:
                raise DeckNameError(problem)
            deck = decks_repo.require_deck(session, deck_id)
            subdecks = decks_repo.subdecks(session, deck.id)
            moving = {deck.id, *(subdeck.id for subdeck in subdecks)}
            staying = {
                deck_name_key(other.name): other.name
                for other in decks_repo.deck_rows(session)
                if other.id not in moving
            }
            old, new = deck.name, spelled_as_parents(clean_deck_name(name), staying)
            for subdeck in subdecks:  # "Old::…" becomes "New::…"
                rename_deck(session, subdeck, new + subdeck.name[len(old) :])
            rename_deck(session, deck, new)
            made = import_repo.add_missing_parents(session, new, staying, self._clock.now())
            return DeckRenamed(deck.name, tuple(made))

    def deletion(self, deck_id: int) -> DeckDeletion:
        """What deleting a deck would remove, to ask the learner first.

        Raises:
            LookupError: There is no such deck.
        """
        with self._db.read() as session:
            return _deletion(session, deck_id)

    def delete(self, deck_id: int, progress: Progress | None = None) -> DeckDeletion:
        """Back up the collection, then delete a deck with all it holds; returns what went.

        Raises:
            OSError: The backup could not be written; nothing was deleted.
            LookupError: There is no such deck (any more).
            Cancelled: ``progress`` was cancelled; nothing was deleted.
        """
        if not self._db.read_only:  # read-only: the write below is refused with its reason
            self._backups.backup(BackupReason.BEFORE_DECK_DELETE)
        with self._db.write(locked=True) as session:
            deleted = _deletion(session, deck_id)
            parent = decks_repo.require_deck(session, deck_id)
            going = [
                (deck.id, deck.key) for deck in (*decks_repo.subdecks(session, deck_id), parent)
            ]
            loaded = set(loaded_files(session).values())
            deck_delete.delete_decks(
                session, [id_ for id_, _key in going], progress or NoProgress()
            )
            for gone, key in going:
                _forget_deck(session, gone, key, comes_with_app=key in loaded)
        return deleted


def _name_problem(session: DbSession, deck_id: int, name: str) -> str | None:
    """Why the deck (and its subdecks, renamed with it) cannot take ``name``, if it cannot."""
    wanted = clean_deck_name(name)
    if not wanted:
        return "A deck needs a name: type one."
    moving = {deck_id: wanted}
    renamed = decks_repo.deck_row(session, deck_id)  # None: deleted (from the command line)
    if renamed is not None:
        old = renamed.name
        moving |= {
            sub.id: wanted + sub.name[len(old) :] for sub in decks_repo.subdecks(session, deck_id)
        }
    wanted_keys = {deck_name_key(new): new for new in moving.values()}
    for other in decks_repo.deck_rows(session):
        clash = wanted_keys.get(deck_name_key(other.name))
        if other.id in moving or clash is None:
            continue
        if clash == wanted:
            return f"Another deck is already called “{other.name}”: choose a name of its own."
        return (
            f"A subdeck would be renamed “{clash}”, and another deck is already called "
            f"“{other.name}”: choose another name."
        )
    return None


def _deletion(session: DbSession, deck_id: int) -> DeckDeletion:
    """What deleting the deck removes: it, and its subdecks with it."""
    deck = decks_repo.require_deck(session, deck_id)
    subdecks = decks_repo.subdecks(session, deck.id)
    contents = [deck_delete.deck_contents(session, d.id) for d in [deck, *subdecks]]
    loaded_at_start = loaded_files(session).values()
    return DeckDeletion(
        deck_id=deck_id,
        name=deck.name,
        cards=sum(c.cards for c in contents),
        studied_cards=sum(c.studied_cards for c in contents),
        reviews=sum(c.reviews for c in contents),
        comes_with_app=deck.key in set(loaded_at_start),
        subdecks=tuple(d.name for d in subdecks),
        subdeck_ids=tuple(d.id for d in subdecks),
    )


def _forget_deck(session: DbSession, deck_id: int, key: str, *, comes_with_app: bool) -> None:
    """Drop what settings say about a deleted deck: a later deck may be given its id.

    A deck loaded at start (``comes_with_app``) is noted as deleted, so that start-up does not
    bring it back.
    """
    position = saved_position(session)
    if position is not None and position.deck_id == deck_id:
        decks_repo.put_setting(session, POSITION_SETTING, None)
    decks_repo.delete_setting(session, BACKLOG_SETTING.format(deck_id=deck_id))
    decks_repo.forget_former_names(session, key)
    if comes_with_app:
        deleted = deleted_files(session)
        decks_repo.put_setting(session, DELETED_FILES_SETTING, sorted({*deleted, key}))
