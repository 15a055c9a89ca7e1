"""Deck list, deck options, and loading deck files into the collection."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fibrolearn import __version__
from fibrolearn.content.deck_file import DeckFileError, DeckProblem, load_deck
from fibrolearn.content.render import card_ordinals
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.decks import (
    LONGEST_STEP,
    RETENTION_RANGE,
    SHORTEST_STEP,
    DeckOptions,
    DeckSummary,
    deck_name_key,
)
from fibrolearn.domain.enums import CardState
from fibrolearn.domain.knowledge import DeckDocument, DeckLoad, DeckUpdate
from fibrolearn.domain.progress import BACKING_UP_FIRST, Phase, Phased
from fibrolearn.domain.study import MemoryState, WorkloadEstimate
from fibrolearn.scheduling.fsrs_scheduler import CardScheduler
from fibrolearn.services.backups import BackupService
from fibrolearn.services.deck_list import DeckList, deck_list, deck_summaries
from fibrolearn.services.fsrs_parameters import parameters_in_use
from fibrolearn.services.study_day import ROLLOVER_SETTING, current_study_day
from fibrolearn.storage import decks_repo, note_text, study_repo
from fibrolearn.storage.damaged_data import StoredSettingError, changed_search_text
from fibrolearn.storage.db import Database, DbSession
from fibrolearn.storage.deck_sync import SyncReport, has_version, sync_deck
from fibrolearn.storage.plain_reads import connection_of
from fibrolearn.storage.stored_options import options_of

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # any instant: only differences matter
# SHA-256 of the app version and each deck file already loaded -> the key of its deck.
LOADED_FILES_SETTING = "loaded_deck_files"
# Keys of decks loaded at start that the learner deleted: they are not loaded again.
DELETED_FILES_SETTING = "deleted_deck_files"


def loaded_files(session: DbSession) -> dict[str, str]:
    """The deck files loaded at start (:data:`LOADED_FILES_SETTING`).

    Raises:
        StoredValueError: The stored setting is not a table of texts.
    """
    return decks_repo.text_map_setting(
        session, LOADED_FILES_SETTING, "table of deck files loaded at start"
    )


def deleted_files(session: DbSession) -> list[str]:
    """Keys of decks loaded at start that the learner deleted (:data:`DELETED_FILES_SETTING`).

    Raises:
        StoredValueError: The stored setting is not a list of texts.
    """
    return decks_repo.text_list_setting(session, DELETED_FILES_SETTING, "list of deleted decks")


class DeckService:
    """What the deck list shows and what deck settings change."""

    def __init__(self, database: Database, clock: Clock, backups: BackupService) -> None:
        self._db = database
        self._clock = clock
        self._backups = backups
        self.updates: tuple[DeckUpdate, ...] = ()  # what the last load_deck_files changed
        self.repaired_search_text = 0  # notes whose search text it had to write again first
        # The list of loaded deck files could not be read at opening (load_at_opening).
        self.files_unread = False

    def list_decks(self) -> list[DeckSummary]:
        """Every deck with today's new, learning and due counts."""
        now = self._clock.now()
        with self._db.read() as session:
            return deck_summaries(connection_of(session), now)

    def deck_list(self) -> DeckList:
        """Every deck with today's counts and its waiting backlog, read in one go."""
        now = self._clock.now()
        with self._db.read() as session:
            return deck_list(connection_of(session), now)

    def name(self, deck_id: int) -> str | None:
        """A deck's name, or None when there is no such deck (cheap: no queue counts)."""
        with self._db.read() as session:
            deck = decks_repo.deck_row(session, deck_id)
            return None if deck is None else deck.name

    def options(self, deck_id: int) -> DeckOptions:
        """A deck's study options."""
        with self._db.read() as session:
            return options_of(decks_repo.require_deck(session, deck_id))

    def set_options(self, deck_id: int, options: DeckOptions) -> None:
        """Change a deck's study options."""
        _require_options(options)
        with self._db.write() as session:
            decks_repo.store_options(decks_repo.require_deck(session, deck_id), options)

    def set_options_and_day_rollover(
        self, deck_id: int, options: DeckOptions, rollover_hour: int
    ) -> None:
        """Change a deck's study options and the hour a new study day begins, together.

        One transaction: a disk that fills half-way through saves neither, never one alone
        (the options dialog asks for both at once).
        """
        _require_options(options)
        _require_rollover_hour(rollover_hour)
        with self._db.write() as session:
            decks_repo.store_options(decks_repo.require_deck(session, deck_id), options)
            decks_repo.put_setting(session, ROLLOVER_SETTING, rollover_hour)

    def workload(self, deck_id: int, retention: float) -> WorkloadEstimate:
        """About how many reviews a day the deck's learnt cards need at a desired retention.

        Each learnt card comes back about once per interval, and FSRS makes the interval for a
        retention its stability times a factor that depends on the retention alone; so the
        estimate is the sum of 1/interval over the deck's review cards.
        """
        _require_retention(retention)
        with self._db.read() as session:
            options = options_of(decks_repo.require_deck(session, deck_id))
            parameters = parameters_in_use(connection_of(session))
            stabilities = study_repo.review_stabilities(session, deck_id)
        factor = _interval_factor(CardScheduler(options, parameters), retention)
        longest = options.max_interval_days
        per_day = sum(1 / min(longest, max(1.0, s * factor)) for s in stabilities)
        return WorkloadEstimate(
            retention=retention,
            known_cards=len(stabilities),
            reviews_per_day=per_day,
            relative_load=1 / factor,
        )

    def day_rollover_hour(self) -> int:
        """The local hour at which a new study day begins, for every deck."""
        with self._db.read() as session:
            return current_study_day(session).rollover_hour

    def set_day_rollover_hour(self, hour: int) -> None:
        """Change the hour a new study day begins (0-23)."""
        _require_rollover_hour(hour)
        with self._db.write() as session:
            decks_repo.put_setting(session, ROLLOVER_SETTING, hour)

    def load_at_opening(self, paths: Iterable[Path]) -> None:
        """:meth:`load_deck_files` as the collection opens: a damaged setting must not stop it.

        When which deck files were loaded or deleted cannot be read, the decks are left as
        they are and :attr:`files_unread` says so: the check names the setting, and its Repair
        sets it back to its default, after which the next opening loads the files again.
        """
        self.files_unread = False
        try:
            self.load_deck_files(paths)
        except StoredSettingError:
            self.files_unread = True

    def load_deck_files(self, paths: Iterable[Path]) -> list[SyncReport]:
        """Load bundled deck files; a newer version updates its deck in place.

        All files load in one transaction: if any file is broken, nothing changes. A file
        this version of FibroLearn already loaded byte for byte is not parsed again (reading
        the bundled deck was ~90 ms of every start); a new version syncs every file once, in
        case it loads decks differently. :attr:`updates` then says what changed in decks the
        collection already had. A deck the learner deleted stays deleted: its file, however
        new, is left out (and has no report).

        An update rewrites notes, which fires Browse's search-text triggers: one that another
        program (or a failing disk) changed would fail it, and so the opening of the
        collection, and with it Check collection, which repairs it. It is repaired here
        instead, before loading again: the repair writes only what FibroLearn derives from the
        notes. :attr:`repaired_search_text` then says for how many notes.
        """
        files = sorted(paths)
        self.repaired_search_text = 0
        try:
            return self._load_deck_files(files)
        except Exception as error:  # SQLAlchemy's too, which wrap the driver's
            if changed_search_text(self._db.path, error) is None:
                raise
        with self._db.write(locked=True) as session:  # its DDL too: see Database.write
            self.repaired_search_text = note_text.rebuild_note_texts(session)
        return self._load_deck_files(files)

    def _load_deck_files(self, paths: list[Path]) -> list[SyncReport]:
        digests = {path: _digest(path) for path in paths}
        with self._db.write() as session:
            loaded = loaded_files(session)
            deleted = set(deleted_files(session))
            deck_ids = {deck.key: deck.id for deck in decks_repo.deck_rows(session)}
            reports, before = [], loaded
            updates: list[DeckUpdate] = []
            for path, digest in digests.items():
                if loaded.get(digest) in deck_ids:
                    reports.append(SyncReport(deck_ids[loaded[digest]], skipped=True))
                    continue
                if loaded.get(digest) in deleted:
                    continue
                doc = load_deck(path)
                loaded = {**loaded, digest: doc.meta.key}
                if doc.meta.key in deleted:  # a newer version of a deck the learner deleted
                    continue
                report = sync_deck(session, doc, card_ordinals, self._clock.now())
                reports.append(report)
                if not report.skipped and report.deck_id in deck_ids.values():
                    name = decks_repo.require_deck(session, report.deck_id).name
                    updates.append(_update(name, doc, report))
            if loaded != before:  # an unchanged collection must stay unchanged (no backup)
                decks_repo.put_setting(session, LOADED_FILES_SETTING, loaded)
        self.updates = tuple(updates)
        return reports

    def deck_file_problems(self, path: Path) -> list[str]:
        """Every problem of a deck file, each with its line; [] when it can be loaded.

        Besides the file's own problems: its ``id`` may not name a deck it must not replace.
        """
        try:
            doc = load_deck(path)
        except DeckFileError as error:
            return [str(problem) for problem in error.problems]
        with self._db.read() as session:
            clash = _id_clash(session, doc)
        return [] if clash is None else [f"{path}: {clash}"]

    def load_deck_file(self, path: Path, progress: Phased | None = None) -> DeckLoad:
        """Load a deck file the learner wrote: a new deck, or a newer version of one.

        Its ``id`` names the deck: a file with a higher ``version`` updates it in place,
        keeping the learner's progress and edits, as bundled decks update. The collection is
        backed up first, unless the file changes nothing (the collection has its version, or
        a newer one); it then loads in one transaction. Check it with
        :meth:`deck_file_problems` first. A deck FibroLearn loads at
        start that the learner deleted comes back this way, and start-up keeps it from then on.
        ``progress`` is told each phase as it begins, and the backup's bytes read; it cannot
        cancel.

        Raises:
            DeckFileError: The file has problems; the message lists each with its line.
            OSError: The backup could not be written; nothing was loaded.
        """
        doc = load_deck(path)
        with self._db.read() as session:
            stored = decks_repo.deck_by_key(session, doc.meta.key)
            changes = _id_clash(session, doc) is None and not has_version(stored, doc)
        # A file loaded before changes nothing: its backup would only push out older ones.
        if changes and not self._db.read_only:  # read-only: the write says why it is refused
            backing_up = Phase(progress, BACKING_UP_FIRST)
            self._backups.backup(BackupReason.BEFORE_IMPORT, progress=backing_up)
        Phase(progress, f"Loading “{doc.meta.title}”").advance(0, 0)
        with self._db.write(locked=True) as session:
            clash = _id_clash(session, doc)
            if clash is not None:
                raise DeckFileError([DeckProblem(str(path), None, clash)])
            stored = decks_repo.deck_by_key(session, doc.meta.key)
            report = sync_deck(session, doc, card_ordinals, self._clock.now())
            _forget_deletion(session, doc.meta.key)  # loaded on purpose: it may stay now
            name = decks_repo.require_deck(session, report.deck_id).name
        loaded = DeckLoad(report.deck_id, name, doc.meta.version)
        if stored is None:
            # Numbered, not spelled as the decks above it are ("science::X" under "Science").
            taken = doc.meta.title if deck_name_key(name) != deck_name_key(doc.meta.title) else None
            return replace(loaded, added=report.added_cards, title_taken=taken)
        if report.skipped:
            return replace(loaded, loaded_version=stored.bundled_version)
        return replace(loaded, update=_update(name, doc, report))


def _id_clash(session: DbSession, doc: DeckDocument) -> str | None:
    """Why a learner's deck file may not load into the deck its ``id`` names, if it may not.

    The deck FibroLearn comes with is updated from its own file only, and a deck imported or
    made in the app was not written as a deck file: loading over either would replace it.
    """
    key = doc.meta.key
    deck = decks_repo.deck_by_key(session, key)
    if deck is None:
        return None
    bundled = set(loaded_files(session).values())
    if key in bundled:
        return (
            f"its id “{key}” is that of “{deck.name}”, the deck FibroLearn comes with: give "
            "your deck an id of its own (the id in its [deck] table)"
        )
    if deck.bundled_version is None:
        return (
            f"its id “{key}” is that of the deck “{deck.name}”, which was imported or made "
            "in FibroLearn, not loaded from a deck file: give your deck an id of its own"
        )
    return None


def _forget_deletion(session: DbSession, key: str) -> None:
    """Let start-up load a deck the learner deleted once more, now that they loaded it."""
    deleted = deleted_files(session)
    if key in deleted:
        decks_repo.put_setting(session, DELETED_FILES_SETTING, [k for k in deleted if k != key])


def _update(name: str, doc: DeckDocument, report: SyncReport) -> DeckUpdate:
    """What a newer version of the deck now called ``name`` changed."""
    return DeckUpdate(
        deck=name,
        version=doc.meta.version,
        changed_notes=report.updated_notes,
        added_cards=report.added_cards,
        retired_cards=report.retired_cards,
        retired_studied=report.retired_studied,
        kept_edits=report.kept_edits,
        overwritten_edits=report.overwritten_edits,
    )


def _digest(path: Path) -> str:
    """SHA-256 of the app version and the file: what "already loaded" is decided on."""
    return hashlib.sha256(f"{__version__}\n".encode() + path.read_bytes()).hexdigest()


def _interval_factor(scheduler: CardScheduler, retention: float) -> float:
    """Interval over stability at which predicted recall falls to ``retention``.

    Found by bisection on the scheduler's own recall curve, so it follows whatever FSRS
    parameters are in use.
    """
    stability, start = 10_000.0, _EPOCH
    state = MemoryState(CardState.REVIEW, None, stability, 5.0, start, last_review=start)
    low, high = 0.0, 100.0
    for _ in range(40):
        middle = (low + high) / 2
        recall = scheduler.retrievability(state, start + timedelta(days=stability * middle))
        low, high = (middle, high) if recall > retention else (low, middle)
    return (low + high) / 2


def _require_retention(retention: float) -> None:
    low, high = RETENTION_RANGE
    if not low <= retention <= high:
        raise ValueError(f"desired retention must be between {low:.2f} and {high:.2f}")


def _require_options(options: DeckOptions) -> None:
    _require_retention(options.desired_retention)
    if options.new_per_day < 0 or options.reviews_per_day < 0:
        raise ValueError("daily limits cannot be negative")
    steps = options.learning_steps + options.relearning_steps
    if not all(SHORTEST_STEP <= step <= LONGEST_STEP for step in steps):
        raise ValueError(f"steps are from 1 minute to {LONGEST_STEP.days} days")


def _require_rollover_hour(hour: int) -> None:
    if not 0 <= hour <= 23:
        raise ValueError(f"the day can roll over at hour 0 to 23, not {hour}")
